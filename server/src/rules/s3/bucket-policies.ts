/**
 * Bucket ↔ bucket-policy matching and the "deny insecure transport" statement test used by
 * s3-bucket-policy-no-secure-transport. Every test is three-valued: what cannot be resolved statically
 * is 'unknown' and is never reported.
 */
import { JsonValue } from '../../model/fixer';
import { CfnTemplate, Entry, Resource, ValueNode } from '../../model/types';
import { bool, expand, Outcome, prop, referencedResource, str, valuesAt } from '../support/resolve';
import { globMatch } from '../support/glob';

export type Tri = 'yes' | 'no' | 'unknown';

/** What the `Bucket` property of a bucket policy points at. */
export type PolicyTarget = (
  | { kind: 'bucket'; id: string }
  | { kind: 'name' } // a literal name that matches no bucket of the template
  | { kind: 'external' } // Fn::ImportValue: a bucket of another stack
  | { kind: 'unknown' }
) & { conditions: string[] };

export interface BucketInfo {
  resource: Resource;
  /** The bucket's name as written (literal or `Fn::Sub` text with parameter defaults substituted). */
  names: string[];
  /** BucketName is set but cannot be resolved. */
  nameUnknown: boolean;
}

const MAX_SCENARIO_CONDITIONS = 6;

/** Substitutes `${Param}` by the parameter's default and `${AWS::Partition}` by `aws`; other variables stay as written. */
function substitute(tpl: CfnTemplate, text: string, vars: Map<string, string | undefined> = new Map()): string | undefined {
  let unknown = false;
  const out = text.replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) => {
    if (vars.has(name)) {
      const v = vars.get(name);
      if (v === undefined) unknown = true;
      return v ?? whole;
    }
    if (name === 'AWS::Partition') return 'aws';
    if (name.includes('.') || tpl.resourceById.has(name)) unknown = true; // another resource's name or attribute
    const p = tpl.parameters.get(name);
    if (p) {
      const d = str(p.default);
      if (d === undefined) unknown = true;
      return d ?? whole;
    }
    return whole;
  });
  return unknown ? undefined : out;
}

function subArgs(node: ValueNode): { text: string; vars?: ValueNode } | undefined {
  if (node.kind !== 'intrinsic' || node.fn !== 'Fn::Sub') return undefined;
  if (node.arg.kind === 'scalar' && typeof node.arg.value === 'string') return { text: node.arg.value };
  if (node.arg.kind === 'array' && node.arg.items[0]?.kind === 'scalar' && typeof node.arg.items[0].value === 'string') {
    return { text: node.arg.items[0].value, vars: node.arg.items[1] };
  }
  return undefined;
}

/** A bucket name written as a literal or an `Fn::Sub` without resource references; undefined when unknown. */
function nameText(tpl: CfnTemplate, node: ValueNode): string | undefined {
  const s = str(node);
  if (s !== undefined) return s;
  const sub = subArgs(node);
  if (sub && !sub.vars) return substitute(tpl, sub.text);
  return undefined;
}

export function bucketInfo(tpl: CfnTemplate, r: Resource): BucketInfo {
  const names: string[] = [];
  let nameUnknown = false;
  for (const o of valuesAt(tpl, r.properties, ['BucketName'])) {
    if (!o.node) continue; // generated name: only Ref/GetAtt can point at it
    const n = o.node.kind === 'unknown' ? undefined : nameText(tpl, o.node);
    if (n === undefined) nameUnknown = true;
    else names.push(n);
  }
  return { resource: r, names, nameUnknown };
}

/** The targets of a bucket policy, one per branch of its `Bucket` property. */
export function policyTargets(tpl: CfnTemplate, policy: Resource, buckets: BucketInfo[]): PolicyTarget[] {
  const out: PolicyTarget[] = [];
  for (const o of valuesAt(tpl, policy.properties, ['Bucket'])) {
    const n = o.node;
    const conditions = o.conditions;
    if (!n) continue;
    if (n.kind === 'intrinsic' && n.fn === 'Fn::ImportValue') {
      out.push({ kind: 'external', conditions });
      continue;
    }
    const ref = referencedResource(tpl, n);
    if (ref) {
      const b = buckets.find((x) => x.resource.logicalId === ref);
      out.push(b ? { kind: 'bucket', id: ref, conditions } : { kind: 'unknown', conditions });
      continue;
    }
    const name = n.kind === 'unknown' ? undefined : nameText(tpl, n);
    if (name === undefined) {
      out.push({ kind: 'unknown', conditions });
      continue;
    }
    const b = buckets.find((x) => x.names.includes(name));
    out.push(b ? { kind: 'bucket', id: b.resource.logicalId, conditions } : { kind: 'name', conditions });
  }
  return out;
}

// ---- ARN patterns ----------------------------------------------------------------------------

const S3_ARN = 'arn:aws:s3:::';

/** A policy `Resource` value as text, with the bucket written `{LogicalId}`; undefined when unknown. */
function renderArn(tpl: CfnTemplate, node: ValueNode | undefined, depth = 0): string | undefined {
  if (!node || depth > 10) return undefined;
  if (node.kind === 'scalar') return node.value === null ? undefined : normalizeArn(String(node.value));
  if (node.kind !== 'intrinsic') return undefined;
  if (node.fn === 'Ref') {
    const target = str(node.arg);
    if (target === 'AWS::Partition') return 'aws';
    if (target?.startsWith('AWS::')) return `\${${target}}`; // as Fn::Sub writes it
    if (target && tpl.resourceById.get(target)?.type === 'AWS::S3::Bucket') return `{${target}}`;
    const outcomes = expand(tpl, node);
    if (outcomes.length === 1 && outcomes[0].node && outcomes[0].node !== node) return renderArn(tpl, outcomes[0].node, depth + 1);
    return undefined;
  }
  if (node.fn === 'Fn::GetAtt') {
    const id = referencedResource(tpl, node);
    const attr = node.arg.kind === 'array' ? str(node.arg.items[1]) : node.arg.kind === 'scalar' ? String(node.arg.value).split('.').slice(1).join('.') : undefined;
    if (id && tpl.resourceById.get(id)?.type === 'AWS::S3::Bucket' && attr === 'Arn') return `${S3_ARN}{${id}}`;
    return undefined;
  }
  if (node.fn === 'Fn::Sub') {
    const sub = subArgs(node);
    if (!sub) return undefined;
    const vars = new Map<string, string | undefined>();
    if (sub.vars) {
      if (sub.vars.kind !== 'object') return undefined;
      for (const e of sub.vars.entries) vars.set(e.key, renderArn(tpl, e.value, depth + 1));
    }
    const withBuckets = sub.text.replace(/\$\{([A-Za-z0-9]+)(\.Arn)?\}/g, (whole, id: string, arn: string | undefined) => {
      if (vars.has(id) || tpl.resourceById.get(id)?.type !== 'AWS::S3::Bucket') return whole;
      return arn ? `${S3_ARN}{${id}}` : `{${id}}`;
    });
    const text = substitute(tpl, withBuckets, vars);
    return text === undefined ? undefined : normalizeArn(text);
  }
  if (node.fn === 'Fn::Join' && node.arg.kind === 'array' && node.arg.items.length === 2) {
    const delim = str(node.arg.items[0]);
    const list = node.arg.items[1];
    if (delim === undefined || list.kind !== 'array') return undefined;
    const parts = list.items.map((i) => renderArn(tpl, i, depth + 1));
    if (parts.some((p) => p === undefined)) return undefined;
    return normalizeArn(parts.join(delim));
  }
  return undefined;
}

function normalizeArn(s: string): string {
  return s.replace(/^arn:aws(-[a-z-]+)?:s3:::/, S3_ARN);
}

function globMatches(pattern: string, target: string): boolean {
  return globMatch(pattern, target, 's');
}

function armsOf(b: BucketInfo): { bucket: string[]; objects: string[] } {
  const ids = [`{${b.resource.logicalId}}`, ...b.names];
  return { bucket: ids.map((i) => `${S3_ARN}${i}`), objects: ids.map((i) => `${S3_ARN}${i}/*`) };
}

// ---- statement test -------------------------------------------------------------------------

interface Coverage {
  verdict: Tri;
  bucket: boolean;
  objects: boolean;
}

function scalarsOf(tpl: CfnTemplate, node: ValueNode | undefined): Outcome[] {
  if (!node) return [];
  if (node.kind === 'array') return node.items.flatMap((i) => expand(tpl, i));
  return expand(tpl, node);
}

/** 'yes' when some item is one of `accepted` (compared lower-case), 'unknown' when an item cannot be read. */
function anyOf(tpl: CfnTemplate, node: ValueNode | undefined, accepted: string[]): Tri {
  let unknown = false;
  for (const o of scalarsOf(tpl, node)) {
    const s = str(o.node);
    if (s === undefined) {
      if (o.node) unknown = true;
      continue;
    }
    if (accepted.includes(s.toLowerCase())) return 'yes';
  }
  return unknown ? 'unknown' : 'no';
}

function principalIsEveryone(tpl: CfnTemplate, node: ValueNode | undefined): Tri {
  if (!node) return 'no';
  const outcomes = expand(tpl, node);
  const verdicts = outcomes.map((o): Tri => {
    const n = o.node;
    if (!n) return 'no';
    if (n.kind === 'scalar') return str(n) === '*' ? 'yes' : 'no';
    if (n.kind === 'object') {
      const aws = prop(n, 'AWS');
      return aws ? anyOf(tpl, aws, ['*']) : 'no';
    }
    return 'unknown';
  });
  return allAgree(verdicts);
}

function allAgree(vs: Tri[]): Tri {
  if (!vs.length) return 'no';
  if (vs.every((v) => v === 'yes')) return 'yes';
  if (vs.every((v) => v === 'no')) return 'no';
  return 'unknown';
}

/** The condition block must be exactly a Bool/BoolIfExists test of aws:SecureTransport against false. */
function conditionDeniesHttp(tpl: CfnTemplate, node: ValueNode | undefined): Tri {
  if (!node) return 'no';
  if (node.kind !== 'object') return 'unknown';
  let found: Tri = 'no';
  for (const op of node.entries) {
    const name = op.key.toLowerCase();
    if (op.value.kind !== 'object') return 'unknown';
    for (const k of op.value.entries) {
      const isSecureTransport = (name === 'bool' || name === 'boolifexists') && k.key.toLowerCase() === 'aws:securetransport';
      if (!isSecureTransport) return 'no'; // an extra condition narrows the deny
      const values = scalarsOf(tpl, k.value);
      if (values.some((v) => v.node && bool(v.node) === undefined)) return 'unknown';
      if (values.length === 1 && bool(values[0].node) === false) found = 'yes';
      else return 'no';
    }
  }
  return found;
}

function statementCoverage(tpl: CfnTemplate, stmt: ValueNode | undefined, b: BucketInfo): Coverage {
  const none = (verdict: Tri): Coverage => ({ verdict, bucket: false, objects: false });
  if (!stmt) return none('no');
  if (stmt.kind !== 'object') return none('unknown');
  if (prop(stmt, 'NotPrincipal') || prop(stmt, 'NotAction') || prop(stmt, 'NotResource')) return none('unknown');
  const effects = valuesAt(tpl, stmt, ['Effect']).map((o): Tri => (str(o.node) === undefined ? 'unknown' : str(o.node) === 'Deny' ? 'yes' : 'no'));
  const gates = [
    allAgree(effects),
    principalIsEveryone(tpl, prop(stmt, 'Principal')),
    anyOf(tpl, prop(stmt, 'Action'), ['*', 's3:*']),
    conditionDeniesHttp(tpl, prop(stmt, 'Condition')),
  ];
  if (gates.includes('no')) return none('no');
  if (gates.includes('unknown')) return none('unknown');
  const arms = armsOf(b);
  let bucket = false;
  let objects = false;
  let unknown = false;
  const resource = prop(stmt, 'Resource');
  const items = resource?.kind === 'array' ? resource.items : resource ? [resource] : [];
  for (const item of items) {
    const outcomes = expand(tpl, item).filter((o) => o.node);
    const patterns = outcomes.map((o) => renderArn(tpl, o.node));
    if (!patterns.length) continue;
    if (patterns.some((p) => p === undefined)) {
      unknown = true;
      continue;
    }
    // An item in an Fn::If counts only when every branch covers the arm.
    if (patterns.every((p) => arms.bucket.some((t) => globMatches(p!, t)))) bucket = true;
    if (patterns.every((p) => arms.objects.some((t) => globMatches(p!, t)))) objects = true;
  }
  if (bucket && objects) return { verdict: 'yes', bucket, objects };
  return { verdict: unknown ? 'unknown' : 'yes', bucket, objects };
}

/** Whether the statements deny insecure transport for the whole bucket. */
function statementsCover(tpl: CfnTemplate, statements: (ValueNode | undefined)[], b: BucketInfo): Tri {
  let bucket = false;
  let objects = false;
  let unknown = false;
  for (const s of statements) {
    if (!s) continue;
    const c = statementCoverage(tpl, s, b);
    if (c.verdict === 'unknown') unknown = true;
    bucket ||= c.bucket;
    objects ||= c.objects;
  }
  if (bucket && objects) return 'yes';
  return unknown ? 'unknown' : 'no';
}

export interface DocumentGap {
  /** Condition branches in which the statement is missing. */
  conditions: string[];
  docEntry?: Entry;
  docNode: ValueNode;
  /** The `Statement` value, when it is written directly (no Fn::If) and can take a new item. */
  statementList?: ValueNode;
  statementMissing: boolean;
}

/** The branches of a bucket policy whose document lacks the deny-insecure-transport statement for `b`. */
export function documentGaps(tpl: CfnTemplate, policy: Resource, b: BucketInfo): DocumentGap[] {
  const gaps: DocumentGap[] = [];
  for (const d of valuesAt(tpl, policy.properties, ['PolicyDocument'])) {
    if (d.node?.kind !== 'object') continue; // a JSON string or an unresolved value: unknown
    for (const s of valuesAt(tpl, d.node, ['Statement'])) {
      const base = [...d.conditions, ...s.conditions];
      const direct = !d.conditions.length && !s.conditions.length;
      if (!s.node) {
        gaps.push({ conditions: base, docEntry: d.entry, docNode: d.node, statementMissing: true });
        continue;
      }
      if (s.node.kind === 'object') {
        if (statementsCover(tpl, [s.node], b) === 'no') gaps.push({ conditions: base, docEntry: d.entry, docNode: d.node, statementMissing: false });
        continue;
      }
      if (s.node.kind !== 'array') continue;
      const itemOutcomes = s.node.items.map((i) => expand(tpl, i));
      const names = [...new Set(itemOutcomes.flat().flatMap((o) => o.conditions.map((c) => c.replace(/^!/, ''))))];
      if (names.length > MAX_SCENARIO_CONDITIONS) continue;
      const failing: string[][] = [];
      const scenarios = 1 << names.length;
      for (let mask = 0; mask < scenarios; mask++) {
        const truth = new Map(names.map((n, i) => [n, (mask & (1 << i)) !== 0]));
        const holds = (o: Outcome) => o.conditions.every((c) => (c.startsWith('!') ? truth.get(c.slice(1)) === false : truth.get(c) === true));
        const chosen = itemOutcomes.map((os) => os.find(holds));
        if (statementsCover(tpl, chosen.map((o) => o?.node), b) !== 'no') continue;
        failing.push([...new Set(chosen.flatMap((o) => o?.conditions ?? []))]);
      }
      // Missing in every branch: one finding that names no condition.
      const reported = failing.length === scenarios ? [[]] : failing;
      const seen = new Set<string>();
      for (const used of reported) {
        const key = used.join('&');
        if (seen.has(key)) continue;
        seen.add(key);
        gaps.push({
          conditions: [...base, ...used],
          docEntry: d.entry,
          docNode: d.node,
          statementList: direct ? s.node : undefined,
          statementMissing: false,
        });
      }
    }
  }
  return gaps;
}

export function denyInsecureTransportStatement(bucketId: string): JsonValue {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Sub': `\${${bucketId}.Arn}/*` }],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
