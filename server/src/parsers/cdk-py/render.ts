/** How Python spells the pieces of a code fix (see ../code-fixer/render.ts). */
import { CdkLibrary, CodeStyle } from '../../model/code';
import { CodeExpr, CodeRenderer, EntryContext, KeyKind, snakeCase } from '../code-fixer/render';

const MAX_INLINE = 72;
const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

function unit(style: CodeStyle): string {
  return style.indent.tabs ? '\t' : ' '.repeat(style.indent.size || 4);
}

function quote(s: string, style: CodeStyle): string {
  const q = style.quote;
  const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return q + escaped.split(q).join(`\\${q}`) + q;
}

function qualified(qualifier: string, path: string[]): string {
  return [qualifier, ...path].filter(Boolean).join('.');
}

/** A CDK module's Python name: `aws-kms` → `aws_kms`; alpha modules carry the `_alpha` suffix. */
function pythonModule(module: string, library: CdkLibrary): string {
  return module.replace(/-/g, '_') + (library === 'alpha' ? '_alpha' : '');
}

export const pyRenderer: CodeRenderer = {
  language: 'python',
  propsAsKwargs: true,
  lineComment: '#',

  key(name: string, kind: KeyKind): string {
    // jsii spells CDK keyword arguments in snake_case; AWS API parameters keep their PascalCase names in boto3, and
    // names that are not camelCase identifiers (`rds.force_ssl`, `require_secure_transport`) are data, kept as is.
    return kind === 'cdk' && /^[a-z][A-Za-z0-9]*$/.test(name) ? snakeCase(name) : name;
  },

  entry(key: string, valueText: string, context: EntryContext, style: CodeStyle): string {
    return context === 'kwargs' ? `${key}=${valueText}` : `${quote(key, style)}: ${valueText}`;
  },

  value(e: CodeExpr, indent: string, style: CodeStyle, keyKind: KeyKind): string {
    const inner = indent + unit(style);
    switch (e.kind) {
      case 'string': return quote(e.value, style);
      case 'number': return String(e.value);
      case 'boolean': return e.value ? 'True' : 'False';
      case 'null': return 'None';
      case 'raw': return e.text;
      case 'member': return qualified(e.qualifier, e.path);
      case 'call': {
        // Static factories are snake_case in Python (`StreamEncryption.aws_owned_key()`).
        const path = [...e.path.slice(0, -1), snakeCase(e.path[e.path.length - 1] ?? '')];
        return `${qualified(e.qualifier, path)}(${e.args.map((a) => this.value(a, indent, style, keyKind)).join(', ')})`;
      }
      case 'array': {
        if (!e.items.length) return '[]';
        const flat = `[${e.items.map((x) => this.value(x, indent, style, keyKind)).join(', ')}]`;
        if (flat.length <= MAX_INLINE && !flat.includes('\n')) return flat;
        return `[\n${e.items.map((x) => inner + this.value(x, inner, style, keyKind)).join(',\n')},\n${indent}]`;
      }
      case 'object': {
        if (!e.entries.length) return '{}';
        // A dict reaches the JavaScript side verbatim wherever the prop's type is a union (every L1 property is
        // `IResolvable | XxxProperty`): its keys must be the camelCase names, as in TypeScript (jsii passes
        // camelCase dicts through; snake_case keys are only up-cast for props typed as one struct).
        const parts = (ind: string) => e.entries.map((x) => this.entry(x.key, this.value(x.value, ind, style, keyKind), 'object', style));
        const flat = `{${parts(indent).join(', ')}}`;
        if (flat.length <= MAX_INLINE && !flat.includes('\n')) return flat;
        return `{\n${parts(inner).map((p) => inner + p).join(',\n')},\n${indent}}`;
      }
      case 'construct': {
        const props = e.props.map((x) => this.entry(this.key(x.key, 'cdk'), this.value(x.value, inner, style, 'cdk'), 'kwargs', style));
        const head = `${qualified(e.qualifier, [e.className])}(self, ${quote(e.id, style)}`;
        const flat = `${head}${props.map((p) => `, ${p}`).join('')})`;
        if (flat.length <= MAX_INLINE && !flat.includes('\n')) return flat;
        return `${head},\n${props.map((p) => inner + p).join(',\n')},\n${indent})`;
      }
    }
  },

  propsArgument(entries: string[], indent: string, style: CodeStyle, multiline: boolean): string {
    // Keyword arguments follow the existing arguments; long lists continue on lines of their own.
    return multiline ? entries.join(`,\n${indent}${unit(style)}`) : entries.join(', ');
  },

  importStatement(module: string, local: string, library: CdkLibrary, _style: CodeStyle): string {
    if (module === 'core') return library === 'cdk-v1' ? `from aws_cdk import core as ${local}` : `import aws_cdk as ${local}`;
    const py = pythonModule(module, library);
    return local === py ? `from aws_cdk import ${py}` : `from aws_cdk import ${py} as ${local}`;
  },

  moduleAlias(module: string): string {
    const name = module.replace(/^aws-/, '').replace(/-/g, '_');
    const alias = name === 'kinesisfirehose' ? 'firehose' : name;
    return PYTHON_KEYWORDS.has(alias) ? `${alias}_` : alias;
  },
};
