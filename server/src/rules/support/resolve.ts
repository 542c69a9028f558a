import { CfnTemplate, Entry, Resource, Span, ValueNode } from '../../model/types';

/** One way a value can turn out, with the condition branches that lead there. */
export interface Outcome {
  /** undefined: the property is absent (not written, or `AWS::NoValue`). */
  node: ValueNode | undefined;
  /** The entry holding the node, when it is an object property. */
  entry?: Entry;
  conditions: string[];
  /** Set when the value is a template parameter's Default: a fix must not overwrite the Ref. */
  viaParameter?: string;
}

/** Bounded: past this many branches a value is treated as unknown (no exponential expansion). */
const MAX_OUTCOMES = 64;

export function entry(obj: ValueNode | undefined, key: string): Entry | undefined {
  if (!obj || obj.kind !== 'object') return undefined;
  for (const e of obj.entries) if (e.key === key) return e;
  return undefined;
}

export function prop(obj: ValueNode | undefined, key: string): ValueNode | undefined {
  return entry(obj, key)?.value;
}

const UNKNOWN_SPAN = { start: 0, end: 0 };

/** The other branch of a condition: `C` <-> `!C`. */
export function negation(c: string): string {
  return c.startsWith('!') ? c.slice(1) : `!${c}`;
}

/** Both condition-branch sets at once, or undefined when they contradict (`C` together with `!C`). */
export function conditionsAnd(a: string[], b: string[]): string[] | undefined {
  const out = [...a];
  for (const c of b) {
    if (out.includes(negation(c))) return undefined;
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

export function conditionsCompatible(a: string[], b: string[]): boolean {
  return conditionsAnd(a, b) !== undefined;
}

/** All the branches of several lists, each once (no contradiction check). */
export function mergeConditions(...lists: string[][]): string[] {
  const out: string[] = [];
  for (const l of lists) for (const c of l) if (!out.includes(c)) out.push(c);
  return out;
}

/** Pairs of outcomes of two values that can occur together, with the branches that lead to both. */
export function combine(a: Outcome[], b: Outcome[]): [Outcome, Outcome, string[]][] {
  const out: [Outcome, Outcome, string[]][] = [];
  for (const x of a) {
    for (const y of b) {
      const both = conditionsAnd(x.conditions, y.conditions);
      if (both) out.push([x, y, both]);
    }
  }
  return out;
}

/** Expands `Fn::If`, `AWS::NoValue` and parameter defaults one level at a node. */
export function expand(tpl: CfnTemplate, node: ValueNode | undefined, conditions: string[] = [], depth = 0): Outcome[] {
  if (!node) return [{ node: undefined, conditions }];
  if (node.kind !== 'intrinsic' || depth > 20) return [{ node, conditions }];
  if (node.fn === 'Fn::If' && node.arg.kind === 'array' && node.arg.items.length === 3) {
    const [c, a, b] = node.arg.items;
    const name = c.kind === 'scalar' ? String(c.value) : '?';
    // A branch that contradicts the branches already taken (the same condition nested) cannot happen.
    const whenTrue = conditionsAnd(conditions, [name]);
    const whenFalse = conditionsAnd(conditions, [`!${name}`]);
    const out = [
      ...(whenTrue ? expand(tpl, a, whenTrue, depth + 1) : []),
      ...(whenFalse ? expand(tpl, b, whenFalse, depth + 1) : []),
    ];
    return out.length > MAX_OUTCOMES ? [{ node: { kind: 'unknown', span: node.span, reason: 'too many branches' }, conditions }] : out;
  }
  if (node.fn === 'Ref' && node.arg.kind === 'scalar') {
    const target = String(node.arg.value);
    if (target === 'AWS::NoValue') return [{ node: undefined, conditions }];
    const p = tpl.parameters.get(target);
    if (p) {
      if (!p.default) return [{ node: { kind: 'unknown', span: node.span, reason: `parameter ${target} has no default` }, conditions }];
      return expand(tpl, { ...p.default, span: node.span }, conditions, depth + 1).map((o) => ({ ...o, viaParameter: target }));
    }
  }
  return [{ node, conditions }];
}

/** All outcomes of the value at a path of keys (strings) and indexes (numbers) under `start`. */
export function valuesAt(tpl: CfnTemplate, start: ValueNode | undefined, path: (string | number)[]): Outcome[] {
  let current: Outcome[] = expand(tpl, start);
  for (const step of path) {
    const next: Outcome[] = [];
    for (const o of current) {
      const n = o.node;
      if (!n) {
        next.push(o);
        continue;
      }
      if (n.kind === 'unknown' || n.kind === 'intrinsic') {
        next.push({ node: { kind: 'unknown', span: n.span, reason: 'unresolved' }, conditions: o.conditions });
        continue;
      }
      if (typeof step === 'number') {
        if (n.kind !== 'array') next.push({ node: undefined, conditions: o.conditions });
        else for (const x of expand(tpl, n.items[step], o.conditions)) next.push(x);
      } else {
        const e = n.kind === 'object' ? entry(n, step) : undefined;
        for (const x of expand(tpl, e?.value, o.conditions)) next.push({ ...x, entry: e, viaParameter: x.viaParameter ?? o.viaParameter });
      }
    }
    current = next.length > MAX_OUTCOMES ? [{ node: { kind: 'unknown', span: UNKNOWN_SPAN, reason: 'too many branches' }, conditions: [] }] : next;
  }
  return current;
}

/** Items of an array value, each expanded (an `Fn::If` item may vanish with AWS::NoValue). */
export function itemsOf(tpl: CfnTemplate, node: ValueNode | undefined): Outcome[] {
  if (!node || node.kind !== 'array') return [];
  const out: Outcome[] = [];
  for (const i of node.items) for (const x of expand(tpl, i)) if (x.node) out.push(x);
  return out;
}

/** The string a node stands for, when it is known statically. */
export function str(node: ValueNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value === null ? undefined : String(node.value);
  if (node.kind === 'intrinsic' && node.fn === 'Fn::Sub' && node.arg.kind === 'scalar' && typeof node.arg.value === 'string' && !node.arg.value.includes('${')) {
    return node.arg.value;
  }
  return undefined;
}

/** A boolean as CloudFormation reads it (true/false, or the strings "true"/"false"). */
export function bool(node: ValueNode | undefined): boolean | undefined {
  if (!node || node.kind !== 'scalar') return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (typeof node.value === 'string') {
    const v = node.value.toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return undefined;
}

/** The logical id a `Ref`/`Fn::GetAtt`/`Fn::Sub` names when it points at a resource of the template. */
export function referencedResource(tpl: CfnTemplate, node: ValueNode | undefined): string | undefined {
  if (!node || node.kind !== 'intrinsic') return undefined;
  let target: string | undefined;
  if (node.fn === 'Ref') target = str(node.arg);
  else if (node.fn === 'Fn::GetAtt') {
    if (node.arg.kind === 'scalar') target = String(node.arg.value).split('.')[0];
    else if (node.arg.kind === 'array') target = str(node.arg.items[0]);
  } else if (node.fn === 'Fn::Sub') {
    const s = node.arg.kind === 'scalar' ? node.arg.value : node.arg.kind === 'array' ? str(node.arg.items[0]) : undefined;
    const m = typeof s === 'string' ? /^\$\{([A-Za-z0-9]+)(\.[A-Za-z.]+)?\}$/.exec(s) : null;
    if (m) target = m[1];
  }
  return target && tpl.resourceById.has(target) ? target : undefined;
}

/** Names the condition branches of an outcome for a message, e.g. " (when condition UseKms is false)". */
export function describeConditions(conditions: string[]): string {
  if (!conditions.length) return '';
  const parts = conditions.map((c) => (c.startsWith('!') ? `${c.slice(1)} is false` : `${c} is true`));
  return ` (when condition ${parts.join(' and ')})`;
}

export function resourcesOfType(tpl: CfnTemplate, ...types: string[]): Resource[] {
  return tpl.resources.filter((r) => types.includes(r.type));
}

/**
 * Where to point a finding about a value missing in some branches: the outermost `Fn::If` (or parameter `Ref`)
 * met along `path` under the resource's properties, else the holding entry's value, else the logical id.
 */
export function missingSpan(r: Resource, path: (string | number)[], o: Outcome): Span {
  if (o.conditions.length || o.viaParameter) {
    let node: ValueNode | undefined = r.properties;
    for (const step of path) {
      if (!node || node.kind !== 'object' || typeof step !== 'string') break;
      node = prop(node, step);
      if (node?.kind === 'intrinsic') return node.span;
    }
    if (o.entry) return o.entry.value.span;
  }
  return r.logicalIdSpan;
}
