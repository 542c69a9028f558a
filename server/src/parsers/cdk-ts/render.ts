/** How TypeScript/JavaScript spells the pieces of a code fix (see ../code-fixer/render.ts). */
import { CdkLibrary, CodeStyle } from '../../model/code';
import { CodeExpr, CodeRenderer, EntryContext, KeyKind } from '../code-fixer/render';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_INLINE = 100;

function unit(style: CodeStyle): string {
  return style.indent.tabs ? '\t' : ' '.repeat(style.indent.size || 2);
}

function quote(s: string, style: CodeStyle): string {
  const q = style.quote;
  return q + s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n') + q;
}

function qualified(qualifier: string, path: string[]): string {
  return [qualifier, ...path].filter(Boolean).join('.');
}

export const tsRenderer: CodeRenderer = {
  language: 'typescript',
  propsAsKwargs: false,
  lineComment: '//',

  key(name: string, _kind: KeyKind): string {
    return name;
  },

  entry(key: string, valueText: string, _context: EntryContext, style: CodeStyle): string {
    return `${IDENT.test(key) ? key : quote(key, style)}: ${valueText}`;
  },

  value(e: CodeExpr, indent: string, style: CodeStyle, keyKind: KeyKind): string {
    const inner = indent + unit(style);
    switch (e.kind) {
      case 'string': return quote(e.value, style);
      case 'number': return String(e.value);
      case 'boolean': return String(e.value);
      case 'null': return 'null';
      case 'raw': return e.text;
      case 'member': return qualified(e.qualifier, e.path);
      case 'call': return `${qualified(e.qualifier, e.path)}(${e.args.map((a) => this.value(a, indent, style, keyKind)).join(', ')})`;
      case 'array': {
        if (!e.items.length) return '[]';
        const flat = `[${e.items.map((x) => this.value(x, indent, style, keyKind)).join(', ')}]`;
        if (flat.length <= MAX_INLINE && !flat.includes('\n')) return flat;
        return `[\n${e.items.map((x) => inner + this.value(x, inner, style, keyKind)).join(`,\n`)},\n${indent}]`;
      }
      case 'object': {
        if (!e.entries.length) return '{}';
        const parts = (ind: string) => e.entries.map((x) => this.entry(this.key(x.key, keyKind), this.value(x.value, ind, style, keyKind), 'object', style));
        const flat = `{ ${parts(indent).join(', ')} }`;
        if (flat.length <= MAX_INLINE && !flat.includes('\n')) return flat;
        return `{\n${parts(inner).map((p) => inner + p).join(',\n')},\n${indent}}`;
      }
      case 'construct': {
        const props = e.props.length
          ? `, ${this.value({ kind: 'object', entries: e.props }, indent, style, 'cdk')}`
          : '';
        return `new ${qualified(e.qualifier, [e.className])}(this, ${quote(e.id, style)}${props})`;
      }
    }
  },

  propsArgument(entries: string[], indent: string, style: CodeStyle, multiline: boolean): string {
    if (!multiline) return `{ ${entries.join(', ')} }`;
    const inner = indent + unit(style);
    return `{\n${entries.map((x) => inner + x).join(',\n')},\n${indent}}`;
  },

  importStatement(module: string, local: string, library: CdkLibrary, style: CodeStyle): string {
    const spec = library === 'cdk-v1' ? `@aws-cdk/${module}` : library === 'alpha' ? `@aws-cdk/${module}-alpha` : `aws-cdk-lib/${module}`;
    return `import * as ${local} from ${quote(spec, style)}${style.semicolons ? ';' : ''}`;
  },

  moduleAlias(module: string): string {
    const name = module.replace(/^aws-/, '');
    if (name === 'kinesisfirehose') return 'firehose';
    return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  },
};

/** Same spelling for JavaScript; only the language tag differs. */
export const jsRenderer: CodeRenderer = { ...tsRenderer, language: 'javascript' };
