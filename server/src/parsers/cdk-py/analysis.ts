/**
 * Name resolution and evaluation for one Python file: which names are imports (and of what), which are assigned
 * exactly once in their scope (constants we may follow), and how an expression reads as a CodeValue.
 *
 * Python scoping, simplified to what linting needs: module, function and class scopes; a class body is not visible
 * from its methods; `self.x = ...` assignments in a class's methods are collected per class so `self.x` resolves
 * when assigned once. A name bound more than once in its scope (reassigned, loop variable, parameter...) is unknown.
 */
import { CdkLibrary, CodeCall, CodeObject, CodeRef, CodeValue, ConstructCall, CodeEntry } from '../../model/code';
import { Span } from '../../model/types';
import { PyNode, field, fields, namedChildren, walk } from './syntax';

export interface Scope {
  kind: 'module' | 'function' | 'class';
  node: PyNode;
  parent?: Scope;
  bindings: Map<string, Binding[]>;
  /** Methods: the class whose `self.x` assignments are visible, and the name of the instance parameter. */
  cls?: ClassInfo;
  selfName?: string;
}

export interface ClassInfo {
  attrs: Map<string, Binding[]>;
}

export interface Binding {
  /** The assigned expression, for a plain `name = value` assignment. */
  value?: PyNode;
  /** The scope the value is evaluated in. */
  scope?: Scope;
  /** For import bindings: the fully qualified dotted path the name stands for (`['aws_cdk', 'aws_s3']`). */
  importPath?: string[];
  /** The assignment target, e.g. `bucket` or `self.bucket`. */
  target?: PyNode;
}

/** A dotted name rooted at an import, with the part written in the file. */
export interface Qualified {
  /** Fully qualified path: `s3.BucketEncryption.KMS` → `['aws_cdk', 'aws_s3', 'BucketEncryption', 'KMS']`. */
  full: string[];
  /** Segments as written: `['s3', 'BucketEncryption', 'KMS']`. */
  written: string[];
}

export interface ModuleRef {
  /** CDK: normalised module ('aws-s3'); other Python packages: the top-level package ('boto3', 'json'). */
  module: string;
  library?: CdkLibrary;
  /** The path inside the module (`['BucketEncryption', 'KMS']`). */
  path: string[];
  /** The written prefix that reaches the module (`s3`, `cdk.aws_s3`, or '' for a named import). */
  qualifier: string;
  cdk: boolean;
}

const SCOPE_TYPES = new Set(['function_definition', 'class_definition']);
/** Classes instantiated without a scope that are not jsii structs (so they are instances, not property bags). */
const CDK_NON_STRUCT_CLASSES = new Set(['S3Bucket']);
const MAX_DEPTH = 40;

/** `aws_s3` → `aws-s3`; alpha modules lose the suffix and say so in the library. */
export function normaliseCdkModule(pyName: string, v1: boolean): { module: string; library: CdkLibrary } {
  const alpha = /_alpha$/.test(pyName);
  const base = pyName.replace(/_alpha$/, '').replace(/_/g, '-');
  return { module: base, library: alpha ? 'alpha' : v1 ? 'cdk-v1' : 'aws-cdk-lib' };
}

export class PythonAnalysis {
  readonly module: Scope;
  readonly v1: boolean;
  /** Modules imported with `from x import *`. */
  readonly wildcardImports: string[][] = [];
  private readonly scopeByDef = new Map<PyNode, Scope>();
  private readonly valueMemo = new Map<PyNode, CodeValue>();
  private readonly inProgress = new Set<PyNode>();
  private readonly constructMemo = new Map<PyNode, ConstructCall>();
  readonly constructs: ConstructCall[] = [];
  /** Statements that import something, in order, with what they bind. */
  readonly importStatements: { node: PyNode; local: string; path: string[]; moduleLength: number; imported?: string }[] = [];

  constructor(readonly src: string, readonly root: PyNode) {
    this.module = { kind: 'module', node: root, bindings: new Map() };
    this.collect(root, this.module);
    this.v1 = this.importStatements.some((i) => i.path[0] === 'aws_cdk' && i.path[1] === 'core');
  }

  text(n: PyNode): string {
    return this.src.slice(n.start, n.end);
  }

  span(n: PyNode): Span {
    return { start: n.start, end: n.end };
  }

  // ---- binding collection -------------------------------------------------------------------------------------

  private bind(scope: Scope, name: string, b: Binding): void {
    const list = scope.bindings.get(name);
    if (list) list.push(b);
    else scope.bindings.set(name, [b]);
  }

  private bindTargets(scope: Scope, target: PyNode, value: PyNode | undefined, valueScope: Scope): void {
    if (target.type === 'identifier') {
      this.bind(scope, this.text(target), { value, scope: valueScope, target });
    } else if (target.type === 'attribute') {
      const obj = field(target, 'object');
      const attr = field(target, 'attribute');
      if (obj && attr && scope.cls && scope.selfName && obj.type === 'identifier' && this.text(obj) === scope.selfName) {
        const name = this.text(attr);
        const list = scope.cls.attrs.get(name);
        const b = { value, scope: valueScope, target };
        if (list) list.push(b);
        else scope.cls.attrs.set(name, [b]);
      }
    } else if (/pattern|tuple|list|parenthesized/.test(target.type)) {
      // Unpacking: every name gets a binding we do not follow.
      for (const c of namedChildren(target)) this.bindTargets(scope, c, undefined, valueScope);
    }
  }

  private collect(root: PyNode, rootScope: Scope): void {
    const pending: [PyNode, Scope][] = [[root, rootScope]];
    while (pending.length) {
      const [node, scope] = pending.pop()!;
      for (const child of node.children) this.collectNode(child, scope, pending);
    }
  }

  private collectNode(n: PyNode, scope: Scope, pending: [PyNode, Scope][]): void {
    switch (n.type) {
      case 'function_definition': {
        const name = field(n, 'name');
        if (name) this.bind(scope, this.text(name), { target: name });
        const fn: Scope = { kind: 'function', node: n, parent: scope.kind === 'class' ? scope.parent : scope, bindings: new Map() };
        if (scope.kind === 'class') fn.cls = this.classInfo(scope);
        const params = field(n, 'parameters');
        const names = params ? this.parameterNames(params) : [];
        if (fn.cls && names.length) fn.selfName = names[0];
        for (const p of names) this.bind(fn, p, {});
        this.scopeByDef.set(n, fn);
        // Decorators, defaults and annotations belong to the enclosing scope; only the body is the function's.
        for (const c of n.children) {
          if (c.field === 'body') pending.push([c, fn]);
          else if (c.field !== 'name') pending.push([c, scope]);
        }
        return;
      }
      case 'class_definition': {
        const name = field(n, 'name');
        if (name) this.bind(scope, this.text(name), { target: name });
        const cls: Scope = { kind: 'class', node: n, parent: scope, bindings: new Map() };
        (cls as Scope & { info?: ClassInfo }).info = { attrs: new Map() };
        this.scopeByDef.set(n, cls);
        for (const c of n.children) {
          if (c.field === 'body') pending.push([c, cls]);
          else if (c.field !== 'name') pending.push([c, scope]);
        }
        return;
      }
      case 'lambda':
      case 'list_comprehension':
      case 'dictionary_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
        return; // their names live in their own scope and never hold what we resolve
      case 'assignment': {
        const left = field(n, 'left');
        let right = field(n, 'right');
        // `a = b = value`: every target gets the innermost value.
        const targets = left ? [left] : [];
        while (right && right.type === 'assignment') {
          const l = field(right, 'left');
          if (l) targets.push(l);
          right = field(right, 'right');
        }
        if (!right) return; // annotation only: `x: int`
        for (const t of targets) this.bindTargets(scope, t, right, scope);
        pending.push([right, scope]);
        return;
      }
      case 'augmented_assignment': {
        const left = field(n, 'left');
        if (left) this.bindTargets(scope, left, undefined, scope);
        break;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = field(n, 'left');
        if (left) this.bindTargets(scope, left, undefined, scope);
        break;
      }
      case 'as_pattern': {
        const alias = field(n, 'alias');
        if (alias) for (const id of this.identifiersIn(alias)) this.bind(scope, this.text(id), {});
        break;
      }
      case 'named_expression': {
        const name = field(n, 'name');
        if (name) this.bind(scope, this.text(name), {});
        break;
      }
      case 'import_statement':
      case 'import_from_statement':
        this.collectImport(n, scope);
        return;
    }
    pending.push([n, scope]);
  }

  private classInfo(cls: Scope): ClassInfo {
    return (cls as Scope & { info?: ClassInfo }).info!;
  }

  private identifiersIn(n: PyNode): PyNode[] {
    const out: PyNode[] = [];
    walk(n, (c) => {
      if (c.type === 'identifier') out.push(c);
    });
    return out;
  }

  private parameterNames(params: PyNode): string[] {
    const out: string[] = [];
    for (const p of namedChildren(params)) {
      if (p.type === 'identifier') out.push(this.text(p));
      else {
        const name = field(p, 'name') ?? namedChildren(p).find((c) => c.type === 'identifier');
        if (name && name.type === 'identifier') out.push(this.text(name));
      }
    }
    return out;
  }

  private dotted(n: PyNode | undefined): string[] | undefined {
    if (!n || n.type !== 'dotted_name') return undefined;
    return namedChildren(n).filter((c) => c.type === 'identifier').map((c) => this.text(c));
  }

  private collectImport(n: PyNode, scope: Scope): void {
    const add = (local: string, path: string[], moduleLength: number, imported?: string) => {
      this.bind(scope, local, { importPath: path });
      this.importStatements.push({ node: n, local, path, moduleLength, imported });
    };
    if (n.type === 'import_statement') {
      for (const name of fields(n, 'name')) {
        if (name.type === 'aliased_import') {
          const path = this.dotted(field(name, 'name'));
          const alias = field(name, 'alias');
          if (path && alias) add(this.text(alias), path, path.length);
        } else {
          const path = this.dotted(name);
          // `import aws_cdk.aws_s3` binds `aws_cdk`.
          if (path) add(path[0], [path[0]], 1);
        }
      }
      return;
    }
    const from = this.dotted(field(n, 'module_name'));
    if (!from) return; // relative import: not an AWS module
    if (n.children.some((c) => c.type === 'wildcard_import')) {
      this.wildcardImports.push(from);
      return;
    }
    for (const name of fields(n, 'name')) {
      if (name.type === 'aliased_import') {
        const path = this.dotted(field(name, 'name'));
        const alias = field(name, 'alias');
        if (path && alias) add(this.text(alias), [...from, ...path], from.length, path.join('.'));
      } else {
        const path = this.dotted(name);
        if (path) add(path[path.length - 1], [...from, ...path], from.length, path.join('.'));
      }
    }
  }

  // ---- scopes and lookup --------------------------------------------------------------------------------------

  /** The scope whose code `n` is part of. */
  scopeOf(n: PyNode): Scope {
    let prev = n;
    for (let a = n.parent; a; prev = a, a = a.parent) {
      if (SCOPE_TYPES.has(a.type) && prev.field === 'body') return this.scopeByDef.get(a) ?? this.module;
    }
    return this.module;
  }

  /** Bindings of a name as seen from `scope` (class scopes are skipped for code inside methods). */
  lookup(name: string, scope: Scope): Binding[] | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const b = s.bindings.get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** The one binding a name or `self.attr` has, if it has exactly one. */
  uniqueBinding(n: PyNode, scope: Scope): Binding | undefined {
    if (n.type === 'identifier') {
      const b = this.lookup(this.text(n), scope);
      return b && b.length === 1 ? b[0] : undefined;
    }
    if (n.type === 'attribute') {
      const obj = field(n, 'object');
      const attr = field(n, 'attribute');
      if (obj && attr && obj.type === 'identifier' && scope.cls && scope.selfName === this.text(obj)) {
        const b = scope.cls.attrs.get(this.text(attr));
        return b && b.length === 1 ? b[0] : undefined;
      }
    }
    return undefined;
  }

  /** Follows names assigned once to the expression they hold (`s3 = boto3.client('s3')` → the call). */
  resolveNode(n: PyNode, scope: Scope): { node: PyNode; scope: Scope } {
    let cur = { node: n, scope };
    for (let i = 0; i < MAX_DEPTH; i++) {
      if (cur.node.type === 'parenthesized_expression') {
        const inner = namedChildren(cur.node)[0];
        if (!inner) return cur;
        cur = { node: inner, scope: cur.scope };
        continue;
      }
      const b = this.uniqueBinding(cur.node, cur.scope);
      if (!b || !b.value || !b.scope) return cur;
      cur = { node: b.value, scope: b.scope };
    }
    return cur;
  }

  /** A dotted name (identifiers and attributes) rooted at an import. */
  qualify(n: PyNode, scope: Scope): Qualified | undefined {
    const written: string[] = [];
    let cur: PyNode | undefined = n;
    while (cur && cur.type === 'attribute') {
      const attr = field(cur, 'attribute');
      if (!attr) return undefined;
      written.unshift(this.text(attr));
      cur = field(cur, 'object');
    }
    if (!cur || cur.type !== 'identifier') return undefined;
    const root = this.text(cur);
    written.unshift(root);
    const b = this.lookup(root, scope);
    if (b && b.length === 1 && b[0].importPath) return { full: [...b[0].importPath, ...written.slice(1)], written };
    if (!b && /^[A-Z]/.test(root) && this.wildcardImports.length === 1) {
      return { full: [...this.wildcardImports[0], ...written], written };
    }
    return undefined;
  }

  /** Splits a qualified name into module and path. */
  moduleRef(q: Qualified): ModuleRef {
    const { full, written } = q;
    let module: string;
    let library: CdkLibrary | undefined;
    let path: string[];
    const cdk = full[0] === 'aws_cdk';
    if (cdk && full.length >= 2 && /^[a-z]/.test(full[1])) {
      ({ module, library } = normaliseCdkModule(full[1], this.v1));
      path = full.slice(2);
    } else if (cdk) {
      module = 'core';
      library = this.v1 ? 'cdk-v1' : 'aws-cdk-lib';
      path = full.slice(1);
    } else {
      module = full[0];
      path = full.slice(1);
    }
    const qualifierSegments = Math.max(0, written.length - path.length);
    return { module, library, path, qualifier: written.slice(0, qualifierSegments).join('.'), cdk };
  }

  // ---- evaluation ---------------------------------------------------------------------------------------------

  /** The value of an expression as written in code; anything we do not evaluate becomes `unknown`. */
  evaluate(n: PyNode, scope: Scope, depth = 0): CodeValue {
    const memo = this.valueMemo.get(n);
    if (memo) return memo;
    if (this.inProgress.has(n) || depth > MAX_DEPTH) return this.unknown(n);
    this.inProgress.add(n);
    try {
      const v = this.evaluateUncached(n, scope, depth + 1);
      this.valueMemo.set(n, v);
      return v;
    } finally {
      this.inProgress.delete(n);
    }
  }

  unknown(n: PyNode): CodeValue {
    return { kind: 'unknown', span: this.span(n), text: this.text(n).slice(0, 200) };
  }

  private evaluateUncached(n: PyNode, scope: Scope, depth: number): CodeValue {
    const span = this.span(n);
    switch (n.type) {
      case 'parenthesized_expression': {
        const inner = namedChildren(n);
        return inner.length === 1 ? this.evaluate(inner[0], scope, depth) : this.unknown(n);
      }
      case 'string':
      case 'concatenated_string': {
        const s = this.stringValue(n);
        return s === undefined ? this.unknown(n) : { kind: 'scalar', span, value: s.value, quote: s.quote };
      }
      case 'integer':
      case 'float': {
        const num = Number(this.text(n).replace(/_/g, '').replace(/[jJlL]$/, ''));
        return Number.isFinite(num) ? { kind: 'scalar', span, value: num } : this.unknown(n);
      }
      case 'true':
        return { kind: 'scalar', span, value: true };
      case 'false':
        return { kind: 'scalar', span, value: false };
      case 'none':
        return { kind: 'scalar', span, value: null };
      case 'unary_operator': {
        const arg = field(n, 'argument');
        const op = n.children.find((c) => !c.named);
        if (arg && op && (op.type === '-' || op.type === '+')) {
          const v = this.evaluate(arg, scope, depth);
          if (v.kind === 'scalar' && typeof v.value === 'number') return { kind: 'scalar', span, value: op.type === '-' ? -v.value : v.value };
        }
        return this.unknown(n);
      }
      case 'dictionary':
        return this.dictionary(n, scope, depth);
      case 'list':
      case 'tuple':
      case 'set':
        return this.sequence(n, scope, depth);
      case 'identifier':
      case 'attribute':
        return this.name(n, scope, depth);
      case 'call':
        return this.call(n, scope, depth);
      default:
        return this.unknown(n);
    }
  }

  /** The value of a string literal; undefined for f-strings with interpolations. */
  stringValue(n: PyNode): { value: string; quote: '"' | "'" } | undefined {
    if (n.type === 'concatenated_string') {
      let value = '';
      let quote: '"' | "'" | undefined;
      for (const part of namedChildren(n)) {
        const s = this.stringValue(part);
        if (!s) return undefined;
        value += s.value;
        quote ??= s.quote;
      }
      return quote ? { value, quote } : undefined;
    }
    if (n.type !== 'string') return undefined;
    const startTok = n.children.find((c) => c.type === 'string_start');
    const prefixAndQuote = startTok ? this.text(startTok) : '"';
    const prefix = prefixAndQuote.replace(/["']+$/, '').toLowerCase();
    const quote = prefixAndQuote.endsWith("'") ? "'" : '"';
    let value = '';
    const raw = prefix.includes('r');
    for (const c of n.children) {
      if (c.type === 'interpolation') return undefined;
      if (c.type !== 'string_content') continue;
      // Escape sequences are children of the content; the text between them is literal.
      let pos = c.start;
      for (const e of c.children) {
        if (e.type !== 'escape_sequence' || raw) continue;
        value += this.src.slice(pos, e.start) + unescape(this.text(e));
        pos = e.end;
      }
      value += this.src.slice(pos, c.end);
    }
    return { value, quote };
  }

  private dictionary(n: PyNode, scope: Scope, depth: number): CodeObject {
    const entries: CodeEntry[] = [];
    let open = n.broken;
    for (const c of namedChildren(n)) {
      if (c.type === 'pair') {
        const k = field(c, 'key');
        const v = field(c, 'value');
        if (!k || !v) {
          open = true;
          continue;
        }
        const key = this.evaluate(k, scope, depth);
        if (key.kind === 'scalar' && typeof key.value === 'string') {
          // A key held in a constant is still reported where the dict writes it.
          entries.push({ key: key.value, keySpan: this.span(k), value: this.evaluate(v, scope, depth) });
        } else open = true;
      } else if (c.type === 'dictionary_splat') {
        open = this.spread(c, scope, depth, entries) || open;
      } else open = true;
    }
    const obj: CodeObject = { kind: 'object', span: this.span(n), entries };
    if (open) obj.open = true;
    return obj;
  }

  /** Adds the entries of `**x`; returns true when they could not all be known. */
  private spread(splat: PyNode, scope: Scope, depth: number, into: CodeEntry[]): boolean {
    const inner = namedChildren(splat)[0];
    if (!inner) return true;
    const v = this.evaluate(inner, scope, depth);
    if (v.kind !== 'object') return true;
    for (const e of v.entries) {
      const i = into.findIndex((x) => x.key === e.key);
      if (i >= 0) into.splice(i, 1);
      into.push(e);
    }
    return v.open === true;
  }

  private sequence(n: PyNode, scope: Scope, depth: number): CodeValue {
    const items: CodeValue[] = [];
    for (const c of namedChildren(n)) {
      if (c.type === 'list_splat') {
        const inner = namedChildren(c)[0];
        const v = inner ? this.evaluate(inner, scope, depth) : undefined;
        if (v && v.kind === 'array') items.push(...v.items);
        else return this.unknown(n);
      } else items.push(this.evaluate(c, scope, depth));
    }
    return { kind: 'array', span: this.span(n), items };
  }

  private name(n: PyNode, scope: Scope, depth: number): CodeValue {
    const q = this.qualify(n, scope);
    if (q) {
      const m = this.moduleRef(q);
      return { kind: 'ref', span: this.span(n), module: m.module, path: m.path.length ? m.path : q.written };
    }
    const b = this.uniqueBinding(n, scope);
    if (b && b.value && b.scope) return this.evaluate(b.value, b.scope, depth);
    // Unresolved dotted names stay references (`self.key`, `key.key_arn`, a parameter): the CDK synthesis matches
    // them against construct variables, as for TypeScript.
    const written = this.dottedText(n);
    if (written) return { kind: 'ref', span: this.span(n), path: written };
    return this.unknown(n);
  }

  /** `a.b.c` as segments, when the expression is only identifiers and attributes. */
  dottedText(n: PyNode): string[] | undefined {
    const out: string[] = [];
    let cur: PyNode | undefined = n;
    while (cur && cur.type === 'attribute') {
      const attr = field(cur, 'attribute');
      if (!attr) return undefined;
      out.unshift(this.text(attr));
      cur = field(cur, 'object');
    }
    if (!cur || cur.type !== 'identifier') return undefined;
    out.unshift(this.text(cur));
    return out;
  }

  /** Positional arguments and the keyword-argument part of a call. */
  splitArguments(args: PyNode | undefined): { positional: PyNode[]; keywords: PyNode[] } {
    const positional: PyNode[] = [];
    const keywords: PyNode[] = [];
    if (!args || args.type !== 'argument_list') return { positional, keywords };
    for (const c of namedChildren(args)) {
      if (c.type === 'keyword_argument' || c.type === 'dictionary_splat') keywords.push(c);
      else positional.push(c);
    }
    return { positional, keywords };
  }

  /**
   * Keyword arguments as an object (`kwargs: true`). Its span is the whole argument list, parentheses included,
   * so `span.end - 1` is the closing parenthesis, as the closing brace is for an object literal. Undefined when the
   * call has no keyword arguments (and is not half-typed).
   */
  kwargsObject(args: PyNode | undefined, scope: Scope, depth = 0, exclude: string[] = []): CodeObject | undefined {
    if (!args) return undefined;
    const { keywords } = this.splitArguments(args);
    const broken = args.broken || !args.children.some((c) => c.type === ')' && c.end > c.start);
    if (!keywords.length && !broken) return undefined;
    const entries: CodeEntry[] = [];
    let open = broken;
    for (const k of keywords) {
      if (k.type === 'dictionary_splat') {
        open = this.spread(k, scope, depth, entries) || open;
        continue;
      }
      const name = field(k, 'name');
      const value = field(k, 'value');
      if (!name || !value) {
        open = true;
        continue;
      }
      const key = this.text(name);
      if (exclude.includes(key)) continue;
      entries.push({ key, keySpan: this.span(name), value: this.evaluate(value, scope, depth) });
    }
    const obj: CodeObject = { kind: 'object', span: this.span(args), entries, kwargs: true };
    if (open) obj.open = true;
    return obj;
  }

  /** Offset just before the closing parenthesis of an argument list (or its end when the parenthesis is missing). */
  argsEnd(args: PyNode | undefined, call: PyNode): number {
    if (!args) return call.end;
    const close = args.children[args.children.length - 1];
    if (close && close.type === ')' && close.end > close.start) return close.start;
    return args.end;
  }

  private call(n: PyNode, scope: Scope, depth: number): CodeValue {
    const callee = field(n, 'function');
    const args = field(n, 'arguments');
    if (!callee) return this.unknown(n);
    // `dict(a=1, **b)` is a dict literal written as a call (unless `dict` is rebound in this file).
    if (callee.type === 'identifier' && this.text(callee) === 'dict' && !this.lookup('dict', scope)) {
      const { positional } = this.splitArguments(args);
      const kw = this.kwargsObject(args, scope, depth) ?? { kind: 'object', span: this.span(n), entries: [] };
      const obj: CodeObject = { kind: 'object', span: kw.span, entries: kw.entries };
      if (kw.open || positional.length) obj.open = true;
      return obj;
    }
    const q = this.qualify(callee, scope);
    const m = q ? this.moduleRef(q) : undefined;
    if (m && m.cdk) {
      const kind = this.cdkCallKind(m, args);
      if (kind === 'construct') {
        const c = this.construct(n, scope, depth);
        if (c) return { kind: 'new', span: this.span(n), construct: c };
      } else if (kind === 'struct') {
        return this.kwargsObject(args, scope, depth) ?? { kind: 'object', span: args ? this.span(args) : this.span(n), entries: [], kwargs: true };
      }
    }
    let calleeRef: CodeRef | undefined;
    if (m && q) calleeRef = { kind: 'ref', span: this.span(callee), module: m.module, path: m.path.length ? m.path : q.written };
    else {
      const written = this.dottedText(callee);
      if (written) calleeRef = { kind: 'ref', span: this.span(callee), path: written };
    }
    if (!calleeRef) return this.unknown(n);
    const { positional } = this.splitArguments(args);
    const out: CodeCall = { kind: 'call', span: this.span(n), callee: calleeRef, args: positional.map((p) => this.evaluate(p, scope, depth)) };
    const kw = this.kwargsObject(args, scope, depth);
    if (kw) out.args.push(kw);
    return out;
  }

  /** A CDK class instantiation is a construct (scope and id), a jsii struct (keyword arguments only), or a call. */
  cdkCallKind(m: ModuleRef, args: PyNode | undefined): 'construct' | 'struct' | 'call' {
    const last = m.path[m.path.length - 1];
    if (!last || !/^[A-Z]/.test(last)) return 'call';
    if (/(Property|Props)$/.test(last)) return 'struct';
    if (m.path.length !== 1) return 'call';
    const { positional, keywords } = this.splitArguments(args);
    if (positional.length > 0) return 'construct';
    const names = keywords.map((k) => field(k, 'name')).filter((x): x is PyNode => !!x).map((x) => this.text(x));
    if (names.includes('scope') && names.includes('id')) return 'construct';
    return CDK_NON_STRUCT_CLASSES.has(last) ? 'construct' : 'struct';
  }

  /** The construct a call instantiates, once per call site. */
  construct(n: PyNode, scope: Scope, depth = 0): ConstructCall | undefined {
    const memo = this.constructMemo.get(n);
    if (memo) return memo;
    const callee = field(n, 'function');
    const args = field(n, 'arguments');
    if (!callee) return undefined;
    const q = this.qualify(callee, scope);
    if (!q) return undefined;
    const m = this.moduleRef(q);
    if (!m.cdk || !m.path.length) return undefined;
    const { positional, keywords } = this.splitArguments(args);
    const keywordNames = keywords.map((k) => (field(k, 'name') ? this.text(field(k, 'name')!) : ''));
    const idByKeyword = positional.length < 2 && keywordNames.includes('id');
    const c: ConstructCall = {
      library: m.library ?? 'aws-cdk-lib',
      module: m.module,
      className: m.path[m.path.length - 1],
      span: this.span(n),
      calleeSpan: this.span(callee),
      argsEnd: this.argsEnd(args, n),
      qualifier: m.qualifier,
    };
    this.constructMemo.set(n, c);
    const idNode = idByKeyword ? field(keywords[keywordNames.indexOf('id')], 'value') : positional[1];
    if (idNode) {
      const id = this.evaluate(idNode, scope, depth);
      if (id.kind === 'scalar' && typeof id.value === 'string') c.id = id.value;
    }
    const target = n.parent?.type === 'assignment' && field(n.parent, 'right') === n ? field(n.parent, 'left') : undefined;
    // `bucket = ...` and `self.bucket = ...` both name the construct `bucket`, as `this.bucket` does in TypeScript.
    if (target?.type === 'identifier') c.variable = this.text(target);
    else if (target?.type === 'attribute' && field(target, 'attribute')) c.variable = this.text(field(target, 'attribute')!);
    const exclude = idByKeyword ? ['scope', 'id'] : [];
    const props = this.kwargsObject(args, scope, depth, exclude);
    if (props && (props.entries.length || props.open)) c.props = props;
    return c;
  }

  /** Registers every construct call in document order. */
  collectConstructs(): void {
    walk(this.root, (n) => {
      if (n.type !== 'call') return;
      const callee = field(n, 'function');
      if (!callee) return;
      const scope = this.scopeOf(n);
      const q = this.qualify(callee, scope);
      if (!q) return;
      const m = this.moduleRef(q);
      // Core classes (Stack, CfnOutput, App...) are not data stores, as in the TypeScript parser.
      if (!m.cdk || m.module === 'core' || this.cdkCallKind(m, field(n, 'arguments')) !== 'construct') return;
      const c = this.construct(n, scope);
      if (c && !this.constructs.includes(c)) this.constructs.push(c);
    });
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

function unescape(seq: string): string {
  const c = seq[1];
  if (c === 'x' || c === 'u' || c === 'U') {
    const code = parseInt(seq.slice(2), 16);
    return Number.isFinite(code) ? String.fromCodePoint(code) : seq;
  }
  if (c === '\n') return '';
  return SIMPLE_ESCAPES[c] ?? seq;
}
