/**
 * EMR security configurations: the JSON document of `AWS::EMR::SecurityConfiguration.SecurityConfiguration`,
 * written either as an object or as a JSON string, read into one value tree so that rules check both forms alike.
 */
import { JsonValue } from '../../model/fixer';
import { CfnTemplate, Entry, ObjectNode, Resource, Span, TextEdit, ValueNode } from '../../model/types';
import { CfnRuleContext } from '../types';
import { propPath } from '../support/helpers';
import { Outcome, entry, expand, prop, referencedResource, str, valuesAt, conditionsAnd } from '../support/resolve';

export const SC_TYPE = 'AWS::EMR::SecurityConfiguration';
export const CLUSTER_TYPE = 'AWS::EMR::Cluster';

/** Keys of the security configuration JSON (EMR Management Guide, "Create a security configuration"). */
export type ScKey =
  | 'EncryptionConfiguration'
  | 'EnableInTransitEncryption'
  | 'EnableAtRestEncryption'
  | 'InTransitEncryptionConfiguration'
  | 'TLSCertificateConfiguration'
  | 'CertificateProviderType'
  | 'CertificateProviderClass'
  | 'S3Object'
  | 'AtRestEncryptionConfiguration'
  | 'S3EncryptionConfiguration'
  | 'EncryptionMode'
  | 'AwsKmsKey'
  | 'EncryptionKeyProviderClass'
  | 'Overrides'
  | 'BucketName'
  | 'LocalDiskEncryptionConfiguration'
  | 'EncryptionKeyProviderType'
  | 'EnableEbsEncryption'
  | 'AuthenticationConfiguration';

export type ScPath = ScKey[];

export const ENC: ScPath = ['EncryptionConfiguration'];
export const AT_REST: ScPath = ['EncryptionConfiguration', 'AtRestEncryptionConfiguration'];
export const S3_ENC: ScPath = [...AT_REST, 'S3EncryptionConfiguration'];
export const LOCAL_DISK: ScPath = [...AT_REST, 'LocalDiskEncryptionConfiguration'];
export const IN_TRANSIT: ScPath = ['EncryptionConfiguration', 'InTransitEncryptionConfiguration'];
export const TLS: ScPath = [...IN_TRANSIT, 'TLSCertificateConfiguration'];

/** One way a security configuration resource's document turns out (an `Fn::If` around it gives several). */
export interface ScView {
  resource: Resource;
  /** `object`: written as YAML/JSON structure; `string`: a JSON string, parsed here. */
  form: 'object' | 'string';
  /** The node written in the template (the object, or the string / `Fn::Sub` holding the JSON). */
  source: ValueNode;
  /** The document as a value tree; in string form every node carries the string's span. */
  root: ObjectNode;
  /** String form: the parsed document, rewritten by fixes. */
  json?: { [key: string]: JsonValue };
  /** The `SecurityConfiguration` property entry, when written directly under Properties. */
  entry?: Entry;
  conditions: string[];
  viaParameter?: string;
}

/** A value of the document, with every condition branch that leads to it and its path in the document. */
export interface ScOutcome extends Outcome {
  view: ScView;
  path: (ScKey | number)[];
}

function fromJson(v: unknown, span: Span): ValueNode {
  if (Array.isArray(v)) return { kind: 'array', span, items: v.map((i) => fromJson(i, span)), flow: true };
  if (v && typeof v === 'object') {
    const entries: Entry[] = Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, keySpan: span, value: fromJson(value, span) }));
    return { kind: 'object', span, entries, flow: true };
  }
  const value = v === undefined ? null : (v as string | number | boolean | null);
  return { kind: 'scalar', span, value, style: 'double' };
}

/** Parses a JSON document; undefined when it is not a JSON object (then the value is unknown, never reported). */
function parseDocument(text: string): { [key: string]: JsonValue } | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as { [key: string]: JsonValue }) : undefined;
  } catch {
    return undefined;
  }
}

/** The documents of one `AWS::EMR::SecurityConfiguration`; unknown values (intrinsics, `${}` substitutions, bad JSON) give none. */
export function securityConfigViews(tpl: CfnTemplate, r: Resource): ScView[] {
  const views: ScView[] = [];
  const e = entry(r.properties, 'SecurityConfiguration');
  for (const o of valuesAt(tpl, r.properties, ['SecurityConfiguration'])) {
    const n = o.node;
    if (!n) continue;
    const base = { resource: r, source: n, entry: e, conditions: o.conditions, viaParameter: o.viaParameter };
    if (n.kind === 'object') {
      views.push({ ...base, form: 'object', root: n });
      continue;
    }
    // A JSON string, or an `Fn::Sub` without substitutions (str() returns undefined when it has `${...}`).
    const text = n.kind === 'scalar' && typeof n.value === 'string' ? n.value : n.kind === 'intrinsic' ? str(n) : undefined;
    if (text === undefined) continue;
    const json = parseDocument(text);
    if (!json) continue;
    views.push({ ...base, form: 'string', root: fromJson(json, n.span) as ObjectNode, json });
  }
  return views;
}

/** Every outcome of the value at `path` in the document, with the view's own conditions first. */
export function scValues(tpl: CfnTemplate, view: ScView, path: ScKey[]): ScOutcome[] {
  return valuesAt(tpl, view.root, path).map((o) => ({
    ...o,
    conditions: conditionsAnd(view.conditions, o.conditions) ?? o.conditions,
    viaParameter: o.viaParameter ?? view.viaParameter,
    view,
    path,
  }));
}

/** Outcomes of `path` under an outcome (keeps the branch that led there); contradictory branches are dropped. */
export function sub(tpl: CfnTemplate, o: ScOutcome, path: ScKey[]): ScOutcome[] {
  const out: ScOutcome[] = [];
  for (const x of valuesAt(tpl, o.node, path)) {
    const conditions = conditionsAnd(o.conditions, x.conditions);
    if (conditions) out.push({ ...x, conditions, viaParameter: x.viaParameter ?? o.viaParameter, view: o.view, path: [...o.path, ...path] });
  }
  return out;
}

/** The items of an array in the document (`Overrides`), each expanded, with their path. */
export function scItems(tpl: CfnTemplate, o: ScOutcome): ScOutcome[] {
  const out: ScOutcome[] = [];
  if (o.node?.kind !== 'array') return out;
  o.node.items.forEach((item, index) => {
    for (const x of expand(tpl, item, o.conditions)) {
      if (x.node) out.push({ ...x, viaParameter: x.viaParameter ?? o.viaParameter, view: o.view, path: [...o.path, index] });
    }
  });
  return out;
}

/** True when the outcome may be rewritten by a fix: no condition branch, no parameter default, a plain value. */
export function fixable(o: { conditions: string[]; viaParameter?: string }, view: ScView): boolean {
  if (o.conditions.length || o.viaParameter || view.conditions.length || view.viaParameter) return false;
  if (view.form === 'string') return view.source.kind === 'scalar' && !!view.entry && view.entry.value === view.source;
  return true;
}

/**
 * Where to point a finding about something missing at `path` (a path under the document): the `Fn::If` that drops
 * it, else the key of the deepest parent that exists, else the resource's logical id. String form: the string.
 */
export function missingSpan(view: ScView, o: Outcome, path: ScPath): Span {
  if (view.form === 'string') return view.source.span;
  if (o.entry && o.entry.value.kind === 'intrinsic') return o.entry.value.span;
  let node: ValueNode | undefined = view.root;
  let keySpan: Span | undefined;
  for (const k of path) {
    const e = entry(node, k);
    if (!e) break;
    if (e.value.kind === 'intrinsic') return e.value.span;
    keySpan = e.keySpan;
    node = e.value;
  }
  return keySpan ?? view.resource.logicalIdSpan;
}

export interface Mutation {
  path: (ScKey | number)[];
  value: JsonValue;
}

function child(c: JsonValue | undefined, k: string | number): JsonValue | undefined {
  if (Array.isArray(c)) return typeof k === 'number' ? c[k] : undefined;
  if (c && typeof c === 'object') return typeof k === 'string' ? c[k] : undefined;
  return undefined;
}

/** Sets a value in a plain document, creating missing objects on the way (array items must exist). */
function deepSet(doc: JsonValue, path: (string | number)[], value: JsonValue): boolean {
  let cur: JsonValue = doc;
  for (let i = 0; i < path.length; i++) {
    const k = path[i];
    const last = i === path.length - 1;
    if (Array.isArray(cur) && typeof k === 'number' && k < cur.length) {
      if (last) cur[k] = value;
      else cur = cur[k];
    } else if (cur && typeof cur === 'object' && !Array.isArray(cur) && typeof k === 'string') {
      if (last) cur[k] = value;
      else {
        const next = child(cur, k);
        if (!next || typeof next !== 'object') cur[k] = {};
        cur = cur[k];
      }
    } else return false;
  }
  return true;
}

function step(node: ValueNode | undefined, k: string | number): ValueNode | undefined {
  if (typeof k === 'number') return node?.kind === 'array' ? node.items[k] : undefined;
  return entry(node, k)?.value;
}

/** Groups mutations that create the same missing parent into one value, so the fixer writes that parent once. */
function plan(root: ObjectNode, muts: Mutation[]): Mutation[] {
  const groups = new Map<string, Mutation>();
  for (const m of muts) {
    let node: ValueNode | undefined = root;
    let depth = 0;
    while (depth < m.path.length) {
      const next = step(node, m.path[depth]);
      if (!next) break;
      node = next;
      depth++;
    }
    if (depth >= m.path.length - 1) {
      groups.set(`=${m.path.join('/')}`, m);
      continue;
    }
    const head = m.path.slice(0, depth + 1);
    const key = head.join('/');
    const g = groups.get(key) ?? { path: head, value: {} };
    deepSet(g.value, m.path.slice(depth + 1), m.value);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Text edits that apply mutations to the document, in the form the template uses. */
export function scEdits(ctx: CfnRuleContext, view: ScView, muts: Mutation[]): TextEdit[] {
  if (view.form === 'object') {
    return plan(view.root, muts).flatMap((m) => ctx.fixer.set(propPath(view.resource, 'SecurityConfiguration', ...m.path), m.value));
  }
  // String form: rewrite the whole document as an object, so that fixes can use intrinsics (a key's GetAtt Arn).
  const doc = JSON.parse(JSON.stringify(view.json)) as JsonValue;
  for (const m of muts) if (!deepSet(doc, m.path, m.value)) return [];
  return replaceDocument(ctx, view, doc);
}

/** One-line JSON with a space after `:` and `,`, as people write it in templates. */
function oneLine(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(oneLine).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}: ${oneLine(v[k])}`).join(', ')}}`;
  return JSON.stringify(v);
}

function hasIntrinsic(v: JsonValue): boolean {
  if (Array.isArray(v)) return v.some(hasIntrinsic);
  if (!v || typeof v !== 'object') return false;
  return Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::') || hasIntrinsic(v[k]));
}

/**
 * Rewrites a string-form document. Without intrinsics it stays a JSON string (a block scalar keeps its style and
 * indentation); with one (a key's `GetAtt Arn`) it becomes an object, which the property accepts as well.
 */
function replaceDocument(ctx: CfnRuleContext, view: ScView, doc: JsonValue): TextEdit[] {
  const tpl = ctx.template;
  const text = tpl.file.text;
  const src = view.source;
  const e = view.entry;
  if (!hasIntrinsic(doc)) {
    if (src.kind === 'scalar' && src.style === 'block') {
      const headerEnd = text.indexOf('\n', src.span.start);
      const end = src.span.end; // block scalar spans end at their last character
      const indent = /^[ \t]*/.exec(text.slice(headerEnd + 1))?.[0] ?? '';
      if (headerEnd < 0 || headerEnd >= end || !indent) return [];
      const body = JSON.stringify(doc, null, 2).split('\n').map((l) => indent + l).join(tpl.eol);
      return [{ span: { start: headerEnd + 1, end }, newText: body }];
    }
    return ctx.fixer.replace(src, oneLine(doc));
  }
  // The fixer writes an object in the style of its neighbours (block style under a block mapping).
  return e ? ctx.fixer.set(propPath(view.resource, 'SecurityConfiguration'), doc) : ctx.fixer.replace(src, doc);
}

/** Replaces one value of the document (object form: the node; string form: the whole document). */
export function scReplace(ctx: CfnRuleContext, o: ScOutcome, value: JsonValue): TextEdit[] {
  if (o.view.form === 'object') return o.node ? ctx.fixer.replace(o.node, value) : [];
  return scEdits(ctx, o.view, [{ path: o.path, value }]);
}

// ---------------------------------------------------------------------------------------------------------------
// Clusters and the security configuration they use

/** A security configuration that a cluster names, per condition branch. */
export interface ClusterScRef {
  cluster: Resource;
  /** The `SecurityConfiguration` value of the cluster (undefined: absent). */
  node: ValueNode | undefined;
  /** The template's security configuration resource it names (by `Ref`, or by its literal `Name`). */
  sc?: Resource;
  conditions: string[];
}

export function clusterSecurityConfigs(tpl: CfnTemplate, cluster: Resource): ClusterScRef[] {
  return valuesAt(tpl, cluster.properties, ['SecurityConfiguration']).map((o) => {
    let sc: Resource | undefined;
    const target = referencedResource(tpl, o.node);
    if (target && tpl.resourceById.get(target)?.type === SC_TYPE) sc = tpl.resourceById.get(target);
    const name = o.node?.kind === 'scalar' ? str(o.node) : undefined;
    if (!sc && name !== undefined) sc = tpl.resources.find((r) => r.type === SC_TYPE && str(prop(r.properties, 'Name')) === name);
    return { cluster, node: o.node, sc, conditions: o.conditions };
  });
}

/** The clusters of the template that use a security configuration, with the branches in which they do. */
/** Clusters by the security configuration they use, computed once per template (rules ask per configuration). */
const clustersBySc = new WeakMap<CfnTemplate, Map<Resource, ClusterScRef[]>>();

export function clustersUsing(tpl: CfnTemplate, sc: Resource): ClusterScRef[] {
  let index = clustersBySc.get(tpl);
  if (!index) {
    index = new Map();
    for (const c of tpl.resources) {
      if (c.type !== CLUSTER_TYPE) continue;
      for (const ref of clusterSecurityConfigs(tpl, c)) {
        if (!ref.sc) continue;
        const list = index.get(ref.sc) ?? [];
        list.push(ref);
        index.set(ref.sc, list);
      }
    }
    clustersBySc.set(tpl, index);
  }
  return index.get(sc) ?? [];
}

// ---------------------------------------------------------------------------------------------------------------
// Release labels

export type Release = [number, number, number];

/** `emr-X.Y.Z` → [X, Y, Z]; anything else (including `emr-6.x` wildcards) is unknown. */
export function parseRelease(label: string | undefined): Release | undefined {
  const m = label === undefined ? null : /^emr-(\d+)\.(\d+)\.(\d+)$/.exec(label.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function releaseBefore(v: Release, min: Release): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] < min[i];
  return false;
}

export const formatRelease = (v: Release) => `emr-${v.join('.')}`;

/** Security configurations exist from emr-4.8.0; EBS encryption from emr-5.24.0; custom AMIs from 5.7.0; Kerberos from 5.10.0. */
export const MIN_SECURITY_CONFIGURATION: Release = [4, 8, 0];
export const MIN_EBS_ENCRYPTION: Release = [5, 24, 0];
export const MIN_CUSTOM_AMI: Release = [5, 7, 0];
export const MIN_KERBEROS: Release = [5, 10, 0];

/** The known release labels of a cluster, per branch. */
export function clusterReleases(tpl: CfnTemplate, cluster: Resource): (Outcome & { release: Release })[] {
  const out: (Outcome & { release: Release })[] = [];
  for (const o of valuesAt(tpl, cluster.properties, ['ReleaseLabel'])) {
    const release = parseRelease(str(o.node));
    if (release) out.push({ ...o, release });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// KMS keys in `AwsKmsKey`

export type KeyShape =
  | { kind: 'key-arn' }
  | { kind: 'alias-arn'; value: string }
  | { kind: 'not-arn'; value: string; what: string; keyResource?: string; keyId?: string }
  | { kind: 'unknown' };

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:alias\/.+$/;
const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** What an `AwsKmsKey` value is; EMR asks for "a fully specified ARN to a key". */
export function keyShape(tpl: CfnTemplate, node: ValueNode | undefined): KeyShape {
  if (!node) return { kind: 'unknown' };
  if (node.kind === 'intrinsic') {
    const target = referencedResource(tpl, node);
    const t = target ? tpl.resourceById.get(target) : undefined;
    if (t && node.fn === 'Ref' && t.type === 'AWS::KMS::Key') return { kind: 'not-arn', value: `!Ref ${target}`, what: 'the key ID (Ref of a key returns its ID)', keyResource: target };
    if (t && node.fn === 'Ref' && t.type === 'AWS::KMS::Alias') {
      const aliasTarget = referencedResource(tpl, expand(tpl, prop(t.properties, 'TargetKeyId'))[0]?.node);
      const keyResource = aliasTarget && tpl.resourceById.get(aliasTarget)?.type === 'AWS::KMS::Key' ? aliasTarget : undefined;
      return { kind: 'not-arn', value: `!Ref ${target}`, what: 'the alias name (Ref of an alias returns alias/...)', keyResource };
    }
    const s = str(node);
    if (s === undefined) return { kind: 'unknown' };
    return keyShape(tpl, { kind: 'scalar', span: node.span, value: s, style: 'plain' });
  }
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return { kind: 'unknown' };
  const v = node.value.trim();
  if (KEY_ARN.test(v)) return { kind: 'key-arn' };
  if (ALIAS_ARN.test(v)) return { kind: 'alias-arn', value: v };
  if (KEY_ID.test(v)) return { kind: 'not-arn', value: v, what: 'a key ID', keyId: v };
  if (v.startsWith('alias/')) return { kind: 'not-arn', value: v, what: 'an alias name' };
  return { kind: 'not-arn', value: v, what: 'not a KMS key ARN' };
}

// ---------------------------------------------------------------------------------------------------------------
// Shared fix texts

export const CERT_PLACEHOLDER = 's3://REPLACE-ME-certificates-bucket/certs.zip';

/** What the user must do when a deployed security configuration is replaced. */
export function scReplacementNote(view: ScView): string {
  const named = !!prop(view.resource.properties, 'Name');
  return `⚠ REPLACEMENT: CloudFormation creates a new security configuration${named ? ' (change or remove its Name, a custom-named resource cannot be replaced)' : ''} and clusters that use it are relaunched — copy HDFS data to S3 first`;
}

export const SC_REPLACEMENT_DOC =
  'The SecurityConfiguration property of AWS::EMR::SecurityConfiguration is create-only: any change makes CloudFormation create a new security configuration and delete the old one (a resource with a custom Name cannot be replaced until the Name changes). A cluster reads its security configuration only at launch and its own SecurityConfiguration property is create-only too, so every cluster that references it is terminated and relaunched: copy data you need from HDFS to Amazon S3 (for example with s3-dist-cp) before the update.';

export const CLUSTER_MIGRATION = 'the cluster is terminated and a new one launched: copy HDFS data you need to S3 first (s3-dist-cp) and move running jobs';

export const EMR_DOCS = {
  createSc: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html',
  options: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html',
  enable: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-encryption-enable.html',
  securityConfigurations: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-configurations.html',
  customAmi: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-custom-ami.html',
  cfnSc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-emr-securityconfiguration.html',
  cfnCluster: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-emr-cluster.html',
};
