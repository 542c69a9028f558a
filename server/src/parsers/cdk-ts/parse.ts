/**
 * TypeScript/JavaScript → CodeDocument, with the TypeScript compiler API in parse-only mode (createSourceFile: no
 * program, no type checking, nothing executed). This module is loaded lazily (the YAML path never loads
 * `typescript`); the bundle ships it as dist/parsers-ts.js.
 */
import * as ts from 'typescript';
import {
  ApiCall, CodeDocument, CodeEntry, CodeImport, CodeLanguage, CodeObject, CodeRef, CodeStyle, CodeValue, ConstructCall,
  SdkClient,
} from '../../model/code';
import { ParseIssue, SourceFile, Span } from '../../model/types';
import { barrelNamespace, cdkModule, sdkPackage } from './modules';
import { SdkCollector } from '../sdk-js/collect';

/** CDK classes built as `new X(target, props)` rather than `new X(scope, id, props)`. */
const UNSCOPED_CLASSES = new Set(['S3Bucket']);

const MAX_DEPTH = 40;

export function scriptKindFor(uri: string): ts.ScriptKind {
  if (/\.tsx$/i.test(uri)) return ts.ScriptKind.TSX;
  if (/\.(ts|mts|cts)$/i.test(uri)) return ts.ScriptKind.TS;
  if (/\.jsx$/i.test(uri)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

/** What a local name is bound to by an import or require. */
export interface Binding {
  imp: CodeImport;
  /** Namespace-like binding (`import * as s3`, `aws_s3 as s3`, `const s3 = require(...)`, `import AWS`). */
  namespace: boolean;
}

/** Parser state shared with the SDK collector. */
export class TsCodeParser {
  readonly sf: ts.SourceFile;
  readonly text: string;
  readonly bindings = new Map<string, Binding>();
  readonly imports: CodeImport[] = [];
  /** Single-assignment variables of the file (name → initializer); names declared twice are dropped. */
  readonly consts = new Map<string, ts.Expression>();
  private readonly ambiguous = new Set<string>();
  /** Names assigned after their declaration somewhere in the file. */
  private readonly reassigned = new Set<string>();
  readonly constructs: ConstructCall[] = [];
  private readonly constructByNode = new Map<ts.Node, ConstructCall>();
  private readonly resolving = new Set<ts.Node>();
  private readonly building = new Set<ts.Node>();
  importInsertAt = 0;

  constructor(readonly file: SourceFile) {
    this.text = file.text;
    this.sf = ts.createSourceFile(file.uri, file.text, ts.ScriptTarget.Latest, true, scriptKindFor(file.uri));
  }

  span(n: ts.Node): Span {
    return { start: n.getStart(this.sf), end: n.getEnd() };
  }

  parseErrors(): ParseIssue[] {
    const diags = (this.sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    return diags.map((d) => ({
      message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
      span: { start: d.start ?? 0, end: (d.start ?? 0) + (d.length ?? 0) },
    }));
  }

  // ---- imports and variables -------------------------------------------------------------------------------

  private addImport(specifier: string, local: string, imported: string | undefined, span: Span, namespace: boolean): void {
    const cdk = cdkModule(specifier);
    if (cdk) {
      // `import { aws_s3 as s3 } from 'aws-cdk-lib'` binds a module namespace.
      const barrel = cdk.module === 'core' && imported ? barrelNamespace(imported) : undefined;
      const imp: CodeImport = barrel
        ? { module: barrel, library: cdk.library, local, span }
        : { module: cdk.module, library: cdk.library, local, imported, span };
      this.imports.push(imp);
      if (local) this.bindings.set(local, { imp, namespace: namespace || !!barrel });
      return;
    }
    if (sdkPackage(specifier)) {
      const imp: CodeImport = { module: specifier, local, imported, span };
      this.imports.push(imp);
      if (local) this.bindings.set(local, { imp, namespace });
    }
  }

  private collectImports(): void {
    for (const st of this.sf.statements) {
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const spec = st.moduleSpecifier.text;
        const span = this.span(st);
        this.importInsertAt = st.getEnd();
        const clause = st.importClause;
        if (!clause) continue;
        if (clause.name) this.addImport(spec, clause.name.text, undefined, span, true);
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) this.addImport(spec, nb.name.text, undefined, span, true);
        if (nb && ts.isNamedImports(nb)) {
          for (const el of nb.elements) this.addImport(spec, el.name.text, (el.propertyName ?? el.name).text, span, false);
        }
      } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference) && ts.isStringLiteral(st.moduleReference.expression)) {
        this.importInsertAt = st.getEnd();
        this.addImport(st.moduleReference.expression.text, st.name.text, undefined, this.span(st), true);
      }
    }
    // Browser bundles: the v2 SDK as a global `AWS` (script tag), the v3 bundle destructured from `window.AWSv3`.
    if (!this.bindings.has('AWS') && /\bAWS\.(config\b|[A-Z][A-Za-z0-9]*\s*\()/.test(this.text) && /\bnew\s+AWS\.[A-Z]/.test(this.text)
      && !/\b(const|let|var|import)\s+(\*\s+as\s+)?AWS\b/.test(this.text)) {
      this.addImport('aws-sdk', 'AWS', undefined, { start: 0, end: 0 }, true);
    }
    // require() anywhere at statement level of the file or a function: `const s3 = require('...')`, `const { S3 } = require('...')`.
    const visit = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && n.initializer && ts.isObjectBindingPattern(n.name) && /^(window\.)?AWSv3$/.test(n.initializer.getText(this.sf))) {
        for (const el of n.name.elements) {
          if (ts.isIdentifier(el.name)) this.addImport('window.AWSv3', el.name.text, el.name.text, this.span(n), false);
        }
        return;
      }
      if (ts.isVariableDeclaration(n) && n.initializer) {
        const spec = requireSpecifier(n.initializer);
        if (spec) {
          const stmt = n.parent?.parent;
          if (stmt && stmt.parent === this.sf) this.importInsertAt = Math.max(this.importInsertAt, stmt.getEnd());
          const span = this.span(n);
          if (ts.isIdentifier(n.name)) {
            const prop = ts.isPropertyAccessExpression(n.initializer) ? n.initializer.name.text : undefined;
            this.addImport(spec, n.name.text, prop, span, !prop);
          } else if (ts.isObjectBindingPattern(n.name)) {
            for (const el of n.name.elements) {
              if (!ts.isIdentifier(el.name)) continue;
              const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
              this.addImport(spec, el.name.text, imported, span, false);
            }
          }
          return;
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(this.sf);
  }

  private collectVariables(): void {
    const declared = (name: string, init: ts.Expression | undefined) => {
      if (this.consts.has(name) || this.ambiguous.has(name)) {
        this.consts.delete(name);
        this.ambiguous.add(name);
        return;
      }
      if (init) this.consts.set(name, init);
      else this.ambiguous.add(name);
    };
    const visit = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && !this.bindings.has(n.name.text)) declared(n.name.text, n.initializer);
      else if (ts.isParameter(n) && ts.isIdentifier(n.name)) declared(n.name.text, undefined);
      else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left)) {
        // A later assignment makes the variable's value depend on control flow.
        this.consts.delete(n.left.text);
        this.ambiguous.add(n.left.text);
        this.reassigned.add(n.left.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(this.sf);
  }

  // ---- values ------------------------------------------------------------------------------------------------

  /** A dotted name as [root, ...rest], or undefined (`this.x` gives ['this', 'x']). */
  dotted(e: ts.Expression): string[] | undefined {
    if (ts.isIdentifier(e)) return [e.text];
    if (e.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
    if (ts.isPropertyAccessExpression(e)) {
      const left = this.dotted(e.expression);
      return left ? [...left, e.name.text] : undefined;
    }
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) return this.dotted(e.expression);
    return undefined;
  }

  /** Resolves a dotted name through imports: module + path within the module. */
  resolveModuleRef(parts: string[]): { imp: CodeImport; path: string[] } | undefined {
    const b = this.bindings.get(parts[0]);
    if (!b) return undefined;
    if (!b.namespace) return { imp: b.imp, path: [b.imp.imported ?? parts[0], ...parts.slice(1)] };
    // `cdk.aws_s3.Bucket` through `import * as cdk from 'aws-cdk-lib'`.
    if (b.imp.module === 'core' && parts.length > 2) {
      const ns = barrelNamespace(parts[1]);
      if (ns) return { imp: { ...b.imp, module: ns, local: `${parts[0]}.${parts[1]}` }, path: parts.slice(2) };
    }
    return { imp: b.imp, path: parts.slice(1) };
  }

  ref(e: ts.Expression, span: Span): CodeRef | undefined {
    const parts = this.dotted(e);
    if (!parts) return undefined;
    const r = this.resolveModuleRef(parts);
    if (r && r.path.length) return { kind: 'ref', span, module: r.imp.module, path: r.path };
    return { kind: 'ref', span, path: parts };
  }

  unknown(n: ts.Node): CodeValue {
    const text = n.getText(this.sf);
    return { kind: 'unknown', span: this.span(n), text: text.length > 120 ? `${text.slice(0, 117)}...` : text };
  }

  /**
   * The initializer of the variable an identifier names: the file-wide single declaration, or else the declaration in
   * the nearest enclosing block before the use (`const command = new GetObjectCommand(...)` in each function).
   */
  initializerOf(id: ts.Identifier): ts.Expression | undefined {
    const global = this.consts.get(id.text);
    if (global) return global;
    if (this.reassigned.has(id.text)) return undefined;
    for (let p: ts.Node | undefined = id.parent; p; p = p.parent) {
      if (!ts.isBlock(p) && !ts.isSourceFile(p) && !ts.isModuleBlock(p)) continue;
      let found: ts.VariableDeclaration | undefined;
      for (const st of p.statements) {
        if (st.getStart(this.sf) > id.getStart(this.sf)) break;
        if (!ts.isVariableStatement(st)) continue;
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === id.text) found = d;
      }
      if (found) return found.initializer;
    }
    return undefined;
  }

  /** Converts an expression to a CodeValue, following consts and spreads of the same file. */
  value(e: ts.Expression, depth = 0): CodeValue {
    if (depth > MAX_DEPTH) return this.unknown(e);
    const span = this.span(e);
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
      const inner = this.value(e.expression, depth + 1);
      return inner;
    }
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      const q = this.text.charAt(e.getStart(this.sf));
      return { kind: 'scalar', span, value: e.text, quote: q === '"' || q === "'" || q === '`' ? q : undefined };
    }
    if (ts.isNumericLiteral(e)) return { kind: 'scalar', span, value: Number(e.text) };
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) {
      return { kind: 'scalar', span, value: -Number(e.operand.text) };
    }
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'scalar', span, value: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'scalar', span, value: false };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { kind: 'scalar', span, value: null };
    if (ts.isObjectLiteralExpression(e)) return this.object(e, depth);
    if (ts.isArrayLiteralExpression(e)) {
      return { kind: 'array', span, items: e.elements.map((x) => (ts.isSpreadElement(x) ? this.unknown(x) : this.value(x, depth + 1))) };
    }
    if (ts.isIdentifier(e)) {
      if (e.text === 'undefined') return this.unknown(e);
      const init = this.initializerOf(e);
      if (init && !this.resolving.has(init)) {
        this.resolving.add(init);
        try {
          const v = this.value(init, depth + 1);
          // Keep the value, but note it is reached through the variable: fixes edit the variable's initializer.
          return v;
        } finally {
          this.resolving.delete(init);
        }
      }
      return this.ref(e, span) ?? this.unknown(e);
    }
    if (ts.isPropertyAccessExpression(e)) {
      const r = this.ref(e, span);
      if (r) return r;
      return this.unknown(e);
    }
    if (ts.isCallExpression(e)) {
      const callee = this.ref(e.expression, this.span(e.expression));
      if (!callee) return this.unknown(e);
      return { kind: 'call', span, callee, args: e.arguments.map((a) => this.value(a, depth + 1)) };
    }
    if (ts.isNewExpression(e)) {
      const c = this.construct(e);
      if (c) return { kind: 'new', span, construct: c };
      return this.unknown(e);
    }
    return this.unknown(e);
  }

  object(e: ts.ObjectLiteralExpression, depth = 0): CodeObject {
    const out: CodeObject = { kind: 'object', span: this.span(e), entries: [] };
    const put = (entry: CodeEntry) => {
      const i = out.entries.findIndex((x) => x.key === entry.key);
      if (i >= 0) out.entries.splice(i, 1);
      out.entries.push(entry);
    };
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = propertyKey(p.name);
        if (key === undefined) {
          out.open = true;
          continue;
        }
        put({ key, keySpan: this.span(p.name), value: this.value(p.initializer, depth + 1), entrySpan: this.span(p) });
      } else if (ts.isShorthandPropertyAssignment(p)) {
        put({ key: p.name.text, keySpan: this.span(p.name), value: this.value(p.name, depth + 1), entrySpan: this.span(p) });
      } else if (ts.isSpreadAssignment(p)) {
        const spread = this.value(p.expression, depth + 1);
        if (spread.kind === 'object') {
          for (const x of spread.entries) put(x);
          if (spread.open) out.open = true;
        } else out.open = true;
      } else {
        out.open = true;
      }
    }
    return out;
  }

  // ---- constructs --------------------------------------------------------------------------------------------

  /** A `new X(scope, id, props)` of a CDK module class, memoised per node. */
  construct(n: ts.NewExpression): ConstructCall | undefined {
    const known = this.constructByNode.get(n);
    if (known || this.building.has(n)) return known;
    const parts = this.dotted(n.expression);
    if (!parts) return undefined;
    const r = this.resolveModuleRef(parts);
    if (!r || !r.imp.library || r.path.length !== 1 || r.imp.module === 'core') return undefined;
    const args = n.arguments ?? [];
    // Firehose destinations such as `new destinations.S3Bucket(bucket, props)` take no scope and id.
    const unscoped = UNSCOPED_CLASSES.has(r.path[0]);
    const idArg = unscoped ? undefined : args[1];
    const propsArg = unscoped ? args[1] : args[2];
    let props: CodeObject | undefined;
    if (propsArg) {
      this.building.add(n); // a props object that refers back to its own construct stays unknown
      const v = this.value(propsArg);
      this.building.delete(n);
      props = v.kind === 'object' ? v : { kind: 'object', span: this.span(propsArg), entries: [], open: true };
    }
    const closeParen = n.getEnd() - 1;
    const c: ConstructCall = {
      library: r.imp.library,
      module: r.imp.module,
      className: r.path[0],
      id: idArg && (ts.isStringLiteral(idArg) || ts.isNoSubstitutionTemplateLiteral(idArg)) ? idArg.text : undefined,
      variable: assignedName(n),
      span: this.span(n),
      calleeSpan: this.span(n.expression),
      props,
      argsEnd: this.text.charAt(closeParen) === ')' ? closeParen : n.getEnd(),
      qualifier: parts.length > 1 ? parts.slice(0, -1).join('.') : '',
    };
    this.constructByNode.set(n, c);
    this.constructs.push(c);
    return c;
  }

  style(): CodeStyle {
    let single = 0;
    let double = 0;
    let withSemi = 0;
    let withoutSemi = 0;
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n)) {
        const q = this.text.charAt(n.getStart(this.sf));
        if (q === "'") single++;
        else if (q === '"') double++;
      }
      if (ts.isExpressionStatement(n) || ts.isVariableStatement(n) || ts.isImportDeclaration(n) || ts.isReturnStatement(n)) {
        if (this.text.charAt(n.getEnd() - 1) === ';') withSemi++;
        else withoutSemi++;
      }
      ts.forEachChild(n, visit);
    };
    visit(this.sf);
    const indentMatch = /^( +|\t)\S/m.exec(this.text);
    const tabs = indentMatch?.[1] === '\t';
    const eolAt = this.text.indexOf('\n');
    return {
      quote: double > single ? '"' : "'",
      semicolons: withSemi >= withoutSemi,
      indent: { size: tabs ? 1 : Math.min(indentMatch?.[1].length ?? 2, 8) || 2, tabs },
      eol: eolAt > 0 && this.text.charCodeAt(eolAt - 1) === 13 ? '\r\n' : '\n',
    };
  }

  run(language: CodeLanguage): CodeDocument {
    this.collectImports();
    this.collectVariables();
    const clients: SdkClient[] = [];
    const apiCalls: ApiCall[] = [];
    const sdk = new SdkCollector(this, clients, apiCalls);
    const tlsVerifyOff: NonNullable<CodeDocument['tlsVerifyOff']> = [];
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n)) {
        if (!this.construct(n)) sdk.onNew(n);
      } else if (ts.isCallExpression(n)) sdk.onCall(n);
      else if (ts.isPropertyAssignment(n) && propertyKey(n.name) === 'rejectUnauthorized' && n.initializer.kind === ts.SyntaxKind.FalseKeyword) {
        const object = ts.isObjectLiteralExpression(n.parent) ? this.object(n.parent) : undefined;
        tlsVerifyOff.push({ span: this.span(n), what: 'rejectUnauthorized: false', object, entry: object?.entries.find((e) => e.key === 'rejectUnauthorized') });
      } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && /NODE_TLS_REJECT_UNAUTHORIZED$/.test(n.left.getText(this.sf))
        && (ts.isStringLiteral(n.right) || ts.isNumericLiteral(n.right)) && n.right.text === '0') {
        tlsVerifyOff.push({ span: this.span(n), what: 'NODE_TLS_REJECT_UNAUTHORIZED=0' });
      }
      ts.forEachChild(n, visit);
    };
    if (this.imports.length) visit(this.sf);
    sdk.finish();
    this.constructs.sort((a, b) => a.span.start - b.span.start);
    return {
      kind: 'code',
      language,
      file: this.file,
      imports: this.imports,
      constructs: this.constructs,
      clients,
      apiCalls,
      parseErrors: this.parseErrors(),
      style: this.style(),
      importInsertAt: this.importInsertAt,
      tlsVerifyOff,
    };
  }
}

function requireSpecifier(e: ts.Expression): string | undefined {
  // `require('x')` or `require('x').Y`
  const call = ts.isPropertyAccessExpression(e) ? e.expression : e;
  if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1) {
    const a = call.arguments[0];
    if (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) return a.text;
  }
  return undefined;
}

export function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** `const b = new X()` → b; `this.b = new X()` → b; class field `b = new X()` → b. */
export function assignedName(n: ts.Node): string | undefined {
  let p = n.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p))) p = p.parent;
  if (!p) return undefined;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    if (ts.isIdentifier(p.left)) return p.left.text;
    if (ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  }
  return undefined;
}

export function languageOf(uri: string): CodeLanguage {
  return /\.(ts|tsx|mts|cts)$/i.test(uri) ? 'typescript' : 'javascript';
}

/** The parse error of a file the parser gave up on (nesting deeper than the compiler's recursion allows). */
export const UNPARSABLE = 'the file is nested too deeply to be parsed';

/** Parses a TypeScript or JavaScript file into the shared code model. Never throws on bad input. */
export function parseTsCode(file: SourceFile): CodeDocument {
  const language = languageOf(file.uri);
  try {
    return new TsCodeParser(file).run(language);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return {
      kind: 'code', language, file, imports: [], constructs: [], clients: [], apiCalls: [],
      parseErrors: [{ message: UNPARSABLE, span: { start: 0, end: 0 } }],
      style: { quote: "'", semicolons: true, indent: { size: 2, tabs: false }, eol: '\n' }, importInsertAt: 0,
    };
  }
}
