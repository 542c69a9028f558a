/**
 * The project index: what cross-resource rules need from every document of a workspace, kept per document so that
 * an edited file re-indexes only itself. Documents are indexed into plain entries (model/project.ts); the parsed
 * tree is kept only while a document is "open" (its findings can be asked for) and dropped by `release`.
 *
 * Code documents take part through their synthesised CloudFormation view (indexed like a template) plus what only the
 * code says: CDK roles, grants and policy statements, and the literal names of SDK calls (engine/project-code.ts).
 */
import { CodeDocument } from '../model/code';
import { indexCode } from './project-code';
import { indexStores } from './inventory-index';
import { synthesize } from '../parsers/cdk/synth';
import { isFixable } from '../model/fixer';
import {
  DocumentEntries, EntityRef, IndexedBucket, IndexedDbInstance, IndexedEmrSecurityConfiguration, IndexedKey, IndexedRole,
  IndexedStatement, IndexedStream, ProjectView, Tri,
} from '../model/project';
import { CfnTemplate, Finding, Fix, ObjectNode, Resource, Span, ValueNode } from '../model/types';
import { fixerFor } from '../parsers/fixer';
import { ProjectRuleContext, ReportOptions, Rule } from '../rules/types';
import { bool, expand, itemsOf, prop, referencedResource, str, valuesAt } from '../rules/support/resolve';
import { LintConfig } from './config';
import { effectiveLevel, findingFromReport } from './lint';
import { collectSuppressions, isSuppressed } from './suppressions';
import { globMatch as matchesGlob } from '../rules/support/glob';

// ---------------------------------------------------------------------------------------------------------------
// Reading values

export type RefKind = 'role' | 'bucket' | 'key' | 'stream' | 'db' | 'profile' | 'sc' | 'iam-resource' | 'principal';

const PSEUDO = /^AWS::(Partition|Region|AccountId|URLSuffix|StackName|StackId)$/;

/** A string known statically: a literal, or a `Fn::Sub` whose variables are pseudo parameters (written `<AccountId>`) or parameters with defaults. */
export function staticText(tpl: CfnTemplate, node: ValueNode | undefined): string | undefined {
  if (!node) return undefined;
  const s = str(node);
  if (s !== undefined) return s;
  if (node.kind === 'intrinsic' && node.fn === 'Fn::Sub' && node.arg.kind === 'scalar' && typeof node.arg.value === 'string') {
    let unknown = false;
    const out = node.arg.value.replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) => {
      if (PSEUDO.test(name)) return name === 'AWS::Partition' ? 'aws' : `<${name.slice(5)}>`; // no colons: ARNs keep their shape
      const p = tpl.parameters.get(name);
      const d = p ? str(p.default) : undefined;
      if (d === undefined) unknown = true;
      return d ?? whole;
    });
    return unknown ? undefined : out;
  }
  if (node.kind === 'intrinsic' && node.fn === 'Ref') {
    const outs = expand(tpl, node);
    if (outs.length === 1 && outs[0].node && outs[0].node !== node) return staticText(tpl, outs[0].node);
  }
  return undefined;
}

/** The Region written in an ARN, when it is a literal one (`${AWS::Region}` is the stack's own Region: undefined). */
export function arnRegion(text: string | undefined): string | undefined {
  const m = text ? /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(text) : null;
  return m ? m[1] : undefined;
}

export function normalizeName(kind: RefKind, text: string): EntityRef {
  if (text === '*') return { kind: 'any' };
  let m: RegExpExecArray | null;
  switch (kind) {
    case 'role':
      if ((m = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(text))) return { kind: 'name', name: m[1] };
      return text.includes(':') ? { kind: 'external', text } : { kind: 'name', name: text };
    case 'profile':
      if ((m = /^arn:[^:]+:iam::[^:]*:instance-profile\/(?:.*\/)?([^/]+)$/.exec(text))) return { kind: 'name', name: m[1] };
      return text.includes(':') ? { kind: 'external', text } : { kind: 'name', name: text };
    case 'bucket':
      if ((m = /^arn:[^:]+:s3:::([^/*]+)(\/.*)?$/.exec(text)) || (m = /^s3a?n?:\/\/([^/]+)(\/.*)?$/.exec(text))) return { kind: 'name', name: m[1] };
      return text.includes(':') || text.includes('/') ? { kind: 'external', text } : { kind: 'name', name: text };
    case 'key':
      if ((m = /^arn:[^:]+:kms:[^:]*:[^:]*:(alias\/.+)$/.exec(text))) return { kind: 'name', name: m[1] };
      if (text.startsWith('alias/')) return { kind: 'name', name: text };
      return { kind: 'external', text };
    case 'stream':
      if ((m = /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/(.+)$/.exec(text))) return { kind: 'name', name: m[1] };
      return text.includes(':') ? { kind: 'external', text } : { kind: 'name', name: text };
    case 'db':
      if ((m = /^arn:[^:]+:rds:[^:]*:[^:]*:db:(.+)$/.exec(text))) return { kind: 'name', name: m[1].toLowerCase() };
      return text.includes(':') ? { kind: 'external', text } : { kind: 'name', name: text.toLowerCase() };
    case 'sc':
      return { kind: 'name', name: text };
    case 'iam-resource':
      return { kind: 'name', name: text };
    case 'principal':
      if ((m = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(text))) return { kind: 'name', name: m[1] };
      return { kind: 'external', text };
  }
}

const KIND_PREFIX: Record<RefKind, string | undefined> = {
  role: 'role', profile: 'profile', bucket: 'bucket', key: 'key', stream: 'stream', db: 'db', sc: 'sc', 'iam-resource': undefined, principal: 'role',
};

class Reader {
  readonly names = new Set<string>();
  constructor(readonly tpl: CfnTemplate) {}

  /** The resource a value points at; branch-dependent values are unknown. */
  ref(node: ValueNode | undefined, kind: RefKind): EntityRef | undefined {
    if (!node) return undefined;
    const outs = expand(this.tpl, node).filter((o) => o.node);
    if (outs.length !== 1) return outs.length ? { kind: 'unknown' } : undefined;
    const n = outs[0].node!;
    if (n.kind === 'intrinsic' && n.fn === 'Fn::ImportValue') return { kind: 'external' };
    const local = referencedResource(this.tpl, n);
    if (local) {
      const attr = n.kind === 'intrinsic' && n.fn === 'Fn::GetAtt'
        ? (n.arg.kind === 'array' ? str(n.arg.items[1]) : n.arg.kind === 'scalar' ? String(n.arg.value).split('.').slice(1).join('.') : undefined)
        : undefined;
      return { kind: 'local', logicalId: local, attr };
    }
    const text = staticText(this.tpl, n);
    if (text === undefined) return { kind: 'unknown' };
    const r = normalizeName(kind, text);
    const prefix = KIND_PREFIX[kind];
    if (r.kind === 'name' && prefix) this.names.add(`${prefix}:${r.name}`);
    return r;
  }

  define(kind: RefKind, name: string | undefined): string | undefined {
    const prefix = KIND_PREFIX[kind];
    if (name !== undefined && prefix) this.names.add(`${prefix}:${kind === 'db' ? name.toLowerCase() : name}`);
    return name;
  }

  /** A property known in every branch (literal or Sub of known pieces). */
  text(obj: ValueNode | undefined, ...path: string[]): string | undefined {
    const vals = new Set(valuesAt(this.tpl, obj, path).map((o) => (o.node ? staticText(this.tpl, o.node) ?? '\u0000' : undefined)));
    if (vals.size !== 1) return undefined;
    const v = [...vals][0];
    return v === '\u0000' ? undefined : v;
  }

  list(node: ValueNode | undefined, kind: RefKind): EntityRef[] | undefined {
    if (!node) return [];
    const outs = expand(this.tpl, node);
    if (outs.length !== 1) return undefined;
    const n = outs[0].node;
    if (!n) return [];
    if (n.kind !== 'array') {
      const one = this.ref(n, kind);
      return one ? [one] : [];
    }
    return itemsOf(this.tpl, n).map((o) => this.ref(o.node, kind) ?? { kind: 'unknown' as const });
  }

  statements(doc: ValueNode | undefined, resourcePolicy: boolean): { statements: IndexedStatement[]; unknown: boolean } {
    if (!doc) return { statements: [], unknown: false };
    const outs = expand(this.tpl, doc);
    if (outs.length !== 1 || outs[0].node?.kind !== 'object') return { statements: [], unknown: true };
    const list = prop(outs[0].node, 'Statement');
    const items = list?.kind === 'array' ? list.items : list ? [list] : [];
    const statements: IndexedStatement[] = [];
    let unknown = false;
    for (const item of items) {
      const iouts = expand(this.tpl, item);
      if (iouts.length !== 1) {
        unknown = true;
        continue;
      }
      const s = iouts[0].node;
      if (!s) continue;
      if (s.kind !== 'object') {
        unknown = true;
        continue;
      }
      statements.push(this.statement(s, resourcePolicy));
    }
    return { statements, unknown };
  }

  private statement(s: ObjectNode, resourcePolicy: boolean): IndexedStatement {
    const effect = this.text(s, 'Effect');
    let unknown = effect !== 'Allow' && effect !== 'Deny';
    if (prop(s, 'NotAction') || prop(s, 'NotResource') || prop(s, 'NotPrincipal')) unknown = true;
    const actions: string[] = [];
    const actionList = this.list(prop(s, 'Action'), 'iam-resource');
    if (!actionList) unknown = true;
    for (const a of actionList ?? []) {
      if (a.kind === 'name') actions.push(a.name.toLowerCase());
      else if (a.kind === 'any') actions.push('*');
      else unknown = true;
    }
    const resources = resourcePolicy ? [{ kind: 'any' as const }] : this.list(prop(s, 'Resource'), 'iam-resource') ?? [{ kind: 'unknown' as const }];
    const principals: EntityRef[] = [];
    if (resourcePolicy) {
      const p = prop(s, 'Principal');
      const outs = expand(this.tpl, p);
      if (outs.length !== 1) unknown = true;
      const pn = outs[0]?.node;
      if (pn && pn.kind === 'object') {
        for (const e of pn.entries) {
          if (e.key === 'AWS') principals.push(...(this.list(e.value, 'principal') ?? [{ kind: 'unknown' as const }]));
          else principals.push({ kind: 'external', text: e.key });
        }
      } else if (pn) {
        const r = this.ref(pn, 'principal');
        principals.push(r ?? { kind: 'unknown' });
      }
    }
    return { effect: effect === 'Deny' ? 'Deny' : 'Allow', actions, resources, principals, unknown, span: s.span };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Indexing one template

export function emptyEntries(uri: string): DocumentEntries {
  return {
    uri, keys: [], aliases: [], buckets: [], roles: [], policies: [], instanceProfiles: [], deliveryStreams: [], streams: [],
    keyUses: [], workgroups: [], glueTables: [], emrSecurityConfigurations: [], emrClusters: [], dbInstances: [], objectWrites: [], names: [],
  };
}

/** Key properties per resource type, for `keyUses` (services that accept symmetric keys only). */
const KEY_PROPERTIES: Record<string, string[][]> = {
  'AWS::Kinesis::Stream': [['StreamEncryption', 'KeyId']],
  'AWS::RDS::DBInstance': [['KmsKeyId']],
  'AWS::RDS::DBCluster': [['KmsKeyId']],
  'AWS::Redshift::Cluster': [['KmsKeyId']],
  'AWS::RedshiftServerless::Namespace': [['KmsKeyId']],
  'AWS::KinesisFirehose::DeliveryStream': [['DeliveryStreamEncryptionConfigurationInput', 'KeyARN']],
  'AWS::Athena::WorkGroup': [['WorkGroupConfiguration', 'ResultConfiguration', 'EncryptionConfiguration', 'KmsKey']],
};

const FIREHOSE_S3_PATHS: string[][] = [
  ['S3DestinationConfiguration'],
  ['ExtendedS3DestinationConfiguration'],
  ['ExtendedS3DestinationConfiguration', 'S3BackupConfiguration'],
  ['RedshiftDestinationConfiguration', 'S3Configuration'],
  ['RedshiftDestinationConfiguration', 'S3BackupConfiguration'],
  ['SplunkDestinationConfiguration', 'S3Configuration'],
  ['HttpEndpointDestinationConfiguration', 'S3Configuration'],
  ['AmazonopensearchserviceDestinationConfiguration', 'S3Configuration'],
  ['ElasticsearchDestinationConfiguration', 'S3Configuration'],
  ['SnowflakeDestinationConfiguration', 'S3Configuration'],
];

function nodeAt(obj: ValueNode | undefined, path: string[]): ValueNode | undefined {
  let n = obj;
  for (const k of path) n = prop(n, k);
  return n;
}

/** Reads an EMR security configuration document (object or JSON string) without its tree. */
function emrDocument(tpl: CfnTemplate, r: Resource): { doc?: unknown; span: Span } {
  const n = prop(r.properties, 'SecurityConfiguration');
  if (!n) return { span: r.logicalIdSpan };
  const outs = expand(tpl, n);
  if (outs.length !== 1 || !outs[0].node) return { span: n.span };
  const node = outs[0].node;
  if (node.kind === 'object') return { doc: node, span: node.span };
  const text = staticText(tpl, node);
  if (text === undefined) return { span: node.span };
  try {
    return { doc: JSON.parse(text), span: node.span };
  } catch {
    return { span: node.span };
  }
}

/** Indexes one CloudFormation template. Never throws on odd input (callers guard anyway). */
export function indexTemplate(tpl: CfnTemplate): DocumentEntries {
  const uri = tpl.file.uri;
  const out = emptyEntries(uri);
  const rd = new Reader(tpl);
  for (const r of tpl.resources) {
    const p = r.properties;
    const base = { uri, logicalId: r.logicalId, span: r.logicalIdSpan };
    for (const path of KEY_PROPERTIES[r.type] ?? []) {
      const n = nodeAt(p, path);
      const key = rd.ref(n, 'key');
      if (key && n) out.keyUses.push({ uri, logicalId: r.logicalId, resourceType: r.type, property: path.join('.'), key, span: n.span });
    }
    switch (r.type) {
      case 'AWS::KMS::Key': {
        const spec = valuesAt(tpl, p, ['KeySpec']).map((o) => (o.node ? str(o.node) : 'SYMMETRIC_DEFAULT'));
        const usage = valuesAt(tpl, p, ['KeyUsage']).map((o) => (o.node ? str(o.node) : 'ENCRYPT_DECRYPT'));
        const specKnown = spec.length === 1 && usage.length === 1 && spec[0] !== undefined && usage[0] !== undefined;
        const policyNode = prop(p, 'KeyPolicy');
        const policy = policyNode ? rd.statements(policyNode, true) : { statements: [], unknown: false };
        const rot = valuesAt(tpl, p, ['EnableKeyRotation']).map((o) => bool(o.node));
        out.keys.push({
          ...base,
          keySpec: spec[0] ?? 'unknown',
          keyUsage: usage[0] ?? 'unknown',
          specKnown,
          rotation: rot.length === 1 ? rot[0] ?? undefined : undefined,
          // A key without KeyPolicy gets the default policy: the account root, i.e. IAM policies decide.
          policy: policy.unknown ? undefined : policy.statements,
          policySpan: entrySpan(p, 'KeyPolicy') ?? r.logicalIdSpan,
        });
        break;
      }
      case 'AWS::KMS::Alias': {
        const name = rd.define('key', rd.text(p, 'AliasName'));
        out.aliases.push({ ...base, name, target: rd.ref(prop(p, 'TargetKeyId'), 'key') ?? { kind: 'unknown' } });
        break;
      }
      case 'AWS::S3::Bucket': {
        const names: string[] = [];
        const name = rd.text(p, 'BucketName');
        if (name !== undefined) names.push(rd.define('bucket', name)!);
        const rules = prop(prop(p, 'BucketEncryption'), 'ServerSideEncryptionConfiguration');
        const first = rules?.kind === 'array' ? rules.items[0] : undefined;
        const dflt = prop(first, 'ServerSideEncryptionByDefault');
        out.buckets.push({ ...base, names, sseAlgorithm: rd.text(dflt, 'SSEAlgorithm'), sseKey: rd.ref(prop(dflt, 'KMSMasterKeyID'), 'key') });
        const kmsNode = prop(dflt, 'KMSMasterKeyID');
        const key = rd.ref(kmsNode, 'key');
        if (key && kmsNode) out.keyUses.push({ uri, logicalId: r.logicalId, resourceType: r.type, property: 'BucketEncryption...KMSMasterKeyID', key, span: kmsNode.span });
        break;
      }
      case 'AWS::IAM::Role': {
        const name = rd.define('role', rd.text(p, 'RoleName'));
        const statements: IndexedStatement[] = [];
        let unknown = false;
        const pols = expand(tpl, prop(p, 'Policies'));
        if (pols.length !== 1) unknown = true;
        else for (const o of itemsOf(tpl, pols[0].node)) {
          const s = rd.statements(prop(o.node, 'PolicyDocument'), false);
          statements.push(...s.statements);
          unknown ||= s.unknown || o.conditions.length > 0;
        }
        const managed = rd.list(prop(p, 'ManagedPolicyArns'), 'iam-resource');
        out.roles.push({ ...base, name, statements, managedPolicies: managed ?? [{ kind: 'unknown' }], unknown });
        break;
      }
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy': {
        const name = rd.text(p, r.type === 'AWS::IAM::Policy' ? 'PolicyName' : 'ManagedPolicyName');
        const s = rd.statements(prop(p, 'PolicyDocument'), false);
        out.policies.push({ ...base, name, statements: s.statements, roles: rd.list(prop(p, 'Roles'), 'role') ?? [{ kind: 'unknown' }], unknown: s.unknown || !!r.condition });
        break;
      }
      case 'AWS::IAM::InstanceProfile': {
        const name = rd.define('profile', rd.text(p, 'InstanceProfileName'));
        out.instanceProfiles.push({ ...base, name, roles: rd.list(prop(p, 'Roles'), 'role') ?? [] });
        break;
      }
      case 'AWS::KinesisFirehose::DeliveryStream': {
        const destinations = [];
        for (const path of FIREHOSE_S3_PATHS) {
          const d = nodeAt(p, path);
          if (!d || d.kind !== 'object') continue;
          const roleNode = prop(d, 'RoleARN');
          const keyNode = prop(prop(prop(d, 'EncryptionConfiguration'), 'KMSEncryptionConfig'), 'AWSKMSKeyARN');
          destinations.push({
            path: path.join('.'),
            bucket: rd.ref(prop(d, 'BucketARN'), 'bucket') ?? { kind: 'unknown' as const },
            role: rd.ref(roleNode, 'role') ?? { kind: 'unknown' as const },
            roleSpan: roleNode?.span ?? d.span,
            key: rd.ref(keyNode, 'key'),
            keySpan: keyNode?.span,
            keyRegion: arnRegion(staticText(tpl, keyNode)),
          });
          if (keyNode) {
            const key = rd.ref(keyNode, 'key');
            if (key) out.keyUses.push({ uri, logicalId: r.logicalId, resourceType: r.type, property: `${path.join('.')}.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN`, key, span: keyNode.span });
          }
        }
        const src = prop(p, 'KinesisStreamSourceConfiguration');
        const srcRole = prop(src, 'RoleARN');
        out.deliveryStreams.push({
          ...base,
          destinations,
          source: src ? { stream: rd.ref(prop(src, 'KinesisStreamARN'), 'stream') ?? { kind: 'unknown' }, role: rd.ref(srcRole, 'role') ?? { kind: 'unknown' }, roleSpan: srcRole?.span ?? src.span } : undefined,
        });
        break;
      }
      case 'AWS::Kinesis::Stream': {
        const keyNode = nodeAt(p, ['StreamEncryption', 'KeyId']);
        out.streams.push({ ...base, name: rd.define('stream', rd.text(p, 'Name')), key: rd.ref(keyNode, 'key'), keySpan: keyNode?.span });
        break;
      }
      case 'AWS::Athena::WorkGroup': {
        const enc = nodeAt(p, ['WorkGroupConfiguration', 'ResultConfiguration', 'EncryptionConfiguration']);
        const keyNode = prop(enc, 'KmsKey');
        const roleNode = nodeAt(p, ['WorkGroupConfiguration', 'ExecutionRole']);
        out.workgroups.push({
          ...base,
          name: rd.text(p, 'Name'),
          encryptionOption: rd.text(enc, 'EncryptionOption'),
          key: rd.ref(keyNode, 'key'),
          keySpan: keyNode?.span,
          keyRegion: arnRegion(staticText(tpl, keyNode)),
          executionRole: rd.ref(roleNode, 'role'),
          executionRoleSpan: roleNode?.span,
        });
        break;
      }
      case 'AWS::Glue::Table': {
        const loc = nodeAt(p, ['TableInput', 'StorageDescriptor', 'Location']);
        const ref = rd.ref(loc, 'bucket');
        out.glueTables.push({ ...base, bucket: ref?.kind === 'name' ? ref.name : undefined, locationSpan: loc?.span });
        break;
      }
      case 'AWS::EMR::SecurityConfiguration': {
        const name = rd.define('sc', rd.text(p, 'Name'));
        const { doc, span } = emrDocument(tpl, r);
        const keys: IndexedEmrSecurityConfiguration['keys'] = [];
        const cseCustomBuckets: IndexedEmrSecurityConfiguration['cseCustomBuckets'] = [];
        const get = (o: unknown, ...path: string[]): unknown => {
          let v = o;
          for (const k of path) {
            if (v && typeof v === 'object' && 'kind' in (v as object)) v = prop(v as ValueNode, k);
            else v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
          }
          return v;
        };
        const asText = (v: unknown): string | undefined => (v && typeof v === 'object' && 'kind' in (v as object) ? staticText(tpl, v as ValueNode) : typeof v === 'string' ? v : undefined);
        const spanOf = (v: unknown): Span => (v && typeof v === 'object' && 'kind' in (v as object) ? (v as ValueNode).span : span);
        const atRest = get(doc, 'EncryptionConfiguration', 'AtRestEncryptionConfiguration');
        for (const [path, v] of [
          ['S3EncryptionConfiguration.AwsKmsKey', get(atRest, 'S3EncryptionConfiguration', 'AwsKmsKey')],
          ['LocalDiskEncryptionConfiguration.AwsKmsKey', get(atRest, 'LocalDiskEncryptionConfiguration', 'AwsKmsKey')],
        ] as const) {
          if (v === undefined) continue;
          const key = v && typeof v === 'object' && 'kind' in (v as object) ? rd.ref(v as ValueNode, 'key') : typeof v === 'string' ? normalizeName('key', v) : undefined;
          if (key) {
            keys.push({ key, span: spanOf(v), path });
            out.keyUses.push({ uri, logicalId: r.logicalId, resourceType: r.type, property: path, key, span: spanOf(v) });
          }
        }
        const overrides = get(atRest, 'S3EncryptionConfiguration', 'Overrides');
        const items: unknown[] = Array.isArray(overrides) ? overrides : overrides && typeof overrides === 'object' && (overrides as ValueNode).kind === 'array' ? ((overrides as ValueNode & { items: ValueNode[] }).items) : [];
        for (const o of items) {
          const mode = asText(get(o, 'EncryptionMode'));
          const bucket = asText(get(o, 'BucketName'));
          if (mode === 'CSE-Custom' && bucket) {
            cseCustomBuckets.push({ bucket: bucket.replace(/^s3:\/\//, '').split('/')[0], span: spanOf(get(o, 'EncryptionMode')) });
            rd.names.add(`bucket:${bucket}`);
          }
        }
        out.emrSecurityConfigurations.push({ ...base, name, keys, cseCustomBuckets });
        break;
      }
      case 'AWS::EMR::Cluster': {
        out.emrClusters.push({
          ...base,
          securityConfiguration: rd.ref(prop(p, 'SecurityConfiguration'), 'sc'),
          jobFlowRole: rd.ref(prop(p, 'JobFlowRole'), 'profile'),
          serviceRole: rd.ref(prop(p, 'ServiceRole'), 'role'),
        });
        break;
      }
      case 'AWS::RDS::DBInstance': {
        const encValues = valuesAt(tpl, p, ['StorageEncrypted']).map((o) => (o.node ? bool(o.node) : false));
        const encNode = prop(p, 'StorageEncrypted');
        const srcNode = prop(p, 'SourceDBInstanceIdentifier');
        const srcText = staticText(tpl, srcNode);
        const engine = (rd.text(p, 'Engine') ?? '').toLowerCase();
        const aurora = engine.startsWith('aurora') || !!prop(p, 'DBClusterIdentifier');
        out.dbInstances.push({
          ...base,
          identifier: rd.define('db', rd.text(p, 'DBInstanceIdentifier')),
          encrypted: aurora || prop(p, 'DBSnapshotIdentifier') || (srcNode && !encNode) ? undefined : encValues.length === 1 ? encValues[0] : undefined,
          storageEncryptedSpan: encNode ? entrySpan(p, 'StorageEncrypted') : undefined,
          kmsKey: valuesAt(tpl, p, ['KmsKeyId']).every((o) => !!o.node),
          source: rd.ref(srcNode, 'db'),
          sourceSpan: srcNode?.span,
          crossRegion: !!prop(p, 'SourceRegion') || (srcText !== undefined && srcText.startsWith('arn:')),
        });
        break;
      }
    }
  }
  // The encryption inventory's view of the same template (engine/inventory-index.ts).
  const inv = indexStores(tpl, { ref: (n, k) => rd.ref(n, k), text: (o, ...path) => rd.text(o, ...path), literal: (n) => staticText(tpl, n) });
  out.stores = inv.stores;
  out.tlsPolicies = inv.tlsPolicies;
  out.names = [...rd.names];
  return out;
}

function entrySpan(obj: ValueNode | undefined, key: string): Span | undefined {
  if (!obj || obj.kind !== 'object') return undefined;
  const e = obj.entries.find((x) => x.key === key);
  return e ? { start: e.keySpan.start, end: e.keySpan.end } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Matching IAM statements

function globMatch(pattern: string, value: string): boolean {
  return matchesGlob(pattern, value, 'i');
}

/** Whether a statement's resource list covers a key of the project. */
function resourceCoversKey(r: EntityRef, key: IndexedKey, statementUri: string, aliasNames: string[]): Tri {
  switch (r.kind) {
    case 'any':
      return 'yes';
    case 'local':
      if (statementUri !== key.uri) return 'no';
      return r.logicalId === key.logicalId ? 'yes' : 'no';
    case 'name': {
      const t = r.name;
      if (!/^arn:[^:]+:kms:/.test(t) && t !== '*') return 'no';
      // A pattern over every key of an account/Region (`...:key/*`) covers it; a specific key ARN may be this one once deployed.
      if (/:key\/\*$/.test(t) || /:\*$/.test(t)) return 'yes';
      if (/:alias\//.test(t)) return aliasNames.some((a) => t.endsWith(`:${a}`)) ? 'unknown' : 'no';
      return 'unknown';
    }
    default:
      return 'unknown';
  }
}

function actionCovered(patterns: string[], action: string): boolean {
  return patterns.some((p) => globMatch(p, action));
}

// ---------------------------------------------------------------------------------------------------------------
// The index

interface DocumentState {
  entries: DocumentEntries;
  /** Kept while the document is open; released documents keep only their entries. */
  template?: CfnTemplate;
  /** Names of the previous version, so that dependents also covers what an edit removed. */
  previousNames: string[];
}

export class ProjectIndex implements ProjectView {
  private readonly docs = new Map<string, DocumentState>();

  /** (Re-)indexes one document; `parsed` undefined (or unparseable) removes its entries but keeps it known. */
  update(uri: string, parsed: CfnTemplate | CodeDocument | undefined): void {
    const previous = this.docs.get(uri);
    let entries = emptyEntries(uri);
    let template: CfnTemplate | undefined;
    if (parsed && (parsed as CfnTemplate).kind === 'cfn') {
      template = parsed as CfnTemplate;
      try {
        entries = indexTemplate(template);
        // A code document's template is its synthesised CloudFormation view; the code adds roles, grants and SDK calls.
        if (template.code) indexCode(template.code, template, entries);
      } catch {
        entries = emptyEntries(uri); // a document that cannot be indexed contributes nothing
      }
    } else if (parsed && (parsed as CodeDocument).kind === 'code') {
      // A bare CodeDocument: index its synthesised view the same way.
      return this.update(uri, synthesize(parsed as CodeDocument));
    }
    this.docs.set(uri, { entries, template, previousNames: previous ? previous.entries.names : [] });
  }

  remove(uri: string): void {
    this.docs.delete(uri);
  }

  /** Drops a document's tree (closed in the editor), keeping the entries other documents' rules need. */
  release(uri: string): void {
    const d = this.docs.get(uri);
    if (d) d.template = undefined;
  }

  uris(): string[] {
    return [...this.docs.keys()];
  }

  /** Documents whose project findings may change when `uri` changes (shared physical names, or any local use). */
  dependents(uri: string): string[] {
    const d = this.docs.get(uri);
    if (!d) return [];
    const mine = new Set([...d.entries.names, ...d.previousNames]);
    if (!mine.size) return [];
    const out: string[] = [];
    for (const [other, s] of this.docs) {
      if (other === uri) continue;
      if (s.entries.names.some((n) => mine.has(n))) out.push(other);
    }
    return out;
  }

  documents(): DocumentEntries[] {
    return [...this.docs.values()].map((d) => d.entries);
  }

  document(uri: string): DocumentEntries | undefined {
    return this.docs.get(uri)?.entries;
  }

  private unique<T>(list: T[]): T | undefined {
    return list.length === 1 ? list[0] : undefined; // ambiguous names are unknown
  }

  resolveKey(ref: EntityRef | undefined, fromUri: string, depth = 0): IndexedKey | undefined {
    if (!ref || depth > 3) return undefined;
    if (ref.kind === 'local') {
      const doc = this.document(fromUri);
      const key = doc?.keys.find((k) => k.logicalId === ref.logicalId);
      if (key) return key;
      const alias = doc?.aliases.find((a) => a.logicalId === ref.logicalId);
      return alias ? this.resolveKey(alias.target, fromUri, depth + 1) : undefined;
    }
    if (ref.kind === 'name' && ref.name.startsWith('alias/')) {
      const aliases = this.documents().flatMap((d) => d.aliases.filter((a) => a.name === ref.name));
      const alias = this.unique(aliases);
      return alias ? this.resolveKey(alias.target, alias.uri, depth + 1) : undefined;
    }
    return undefined;
  }

  resolveBucket(ref: EntityRef | undefined, fromUri: string): IndexedBucket | undefined {
    if (!ref) return undefined;
    if (ref.kind === 'local') return this.document(fromUri)?.buckets.find((b) => b.logicalId === ref.logicalId);
    if (ref.kind === 'name') return this.unique(this.documents().flatMap((d) => d.buckets.filter((b) => b.names.includes(ref.name))));
    return undefined;
  }

  resolveRole(ref: EntityRef | undefined, fromUri: string): IndexedRole | undefined {
    if (!ref) return undefined;
    if (ref.kind === 'local') return this.document(fromUri)?.roles.find((r) => r.logicalId === ref.logicalId);
    if (ref.kind === 'name') return this.unique(this.documents().flatMap((d) => d.roles.filter((r) => r.name === ref.name)));
    return undefined;
  }

  resolveStream(ref: EntityRef | undefined, fromUri: string): IndexedStream | undefined {
    if (!ref) return undefined;
    if (ref.kind === 'local') return this.document(fromUri)?.streams.find((s) => s.logicalId === ref.logicalId);
    if (ref.kind === 'name') return this.unique(this.documents().flatMap((d) => d.streams.filter((s) => s.name === ref.name)));
    return undefined;
  }

  resolveDbInstance(ref: EntityRef | undefined, fromUri: string): IndexedDbInstance | undefined {
    if (!ref) return undefined;
    if (ref.kind === 'local') return this.document(fromUri)?.dbInstances.find((s) => s.logicalId === ref.logicalId);
    if (ref.kind === 'name') return this.unique(this.documents().flatMap((d) => d.dbInstances.filter((s) => s.identifier?.toLowerCase() === ref.name)));
    return undefined;
  }

  resolveEmrSecurityConfiguration(ref: EntityRef | undefined, fromUri: string): IndexedEmrSecurityConfiguration | undefined {
    if (!ref) return undefined;
    if (ref.kind === 'local') return this.document(fromUri)?.emrSecurityConfigurations.find((s) => s.logicalId === ref.logicalId);
    if (ref.kind === 'name') return this.unique(this.documents().flatMap((d) => d.emrSecurityConfigurations.filter((s) => s.name === ref.name)));
    return undefined;
  }

  resolveInstanceProfileRole(ref: EntityRef | undefined, fromUri: string): IndexedRole | undefined {
    if (!ref) return undefined;
    let profile;
    if (ref.kind === 'local') profile = this.document(fromUri)?.instanceProfiles.find((p) => p.logicalId === ref.logicalId);
    else if (ref.kind === 'name') profile = this.unique(this.documents().flatMap((d) => d.instanceProfiles.filter((p) => p.name === ref.name)));
    if (!profile) return undefined;
    if (profile.roles.length !== 1) return undefined;
    return this.resolveRole(profile.roles[0], profile.uri);
  }

  /** Identity-policy statements of a role across the project; undefined when some of them cannot be known. */
  roleStatements(role: IndexedRole): { uri: string; s: IndexedStatement }[] | undefined {
    if (role.unknown) return undefined;
    const out = role.statements.map((s) => ({ uri: role.uri, s }));
    for (const m of role.managedPolicies) {
      // Only customer managed policies of the project can be read; AWS managed ones may grant anything.
      if (m.kind !== 'local') return undefined;
      const pol = this.document(role.uri)?.policies.find((p) => p.logicalId === m.logicalId);
      if (!pol || pol.unknown) return undefined;
      out.push(...pol.statements.map((s) => ({ uri: pol.uri, s })));
    }
    for (const d of this.documents()) {
      for (const pol of d.policies) {
        const attaches = pol.roles.map((r): Tri => {
          if (r.kind === 'local') return d.uri === role.uri && r.logicalId === role.logicalId ? 'yes' : 'no';
          if (r.kind === 'name') return r.name === role.name ? 'yes' : 'no';
          return 'unknown';
        });
        if (attaches.includes('yes')) {
          if (pol.unknown) return undefined;
          if (!role.managedPolicies.some((m) => m.kind === 'local' && m.logicalId === pol.logicalId && d.uri === role.uri)) {
            out.push(...pol.statements.map((s) => ({ uri: pol.uri, s })));
          }
        } else if (attaches.includes('unknown') && d.uri === role.uri) return undefined;
      }
    }
    return out;
  }

  roleCanUseKey(role: IndexedRole, key: IndexedKey, actions: string[]): { verdict: Tri; missing: string[] } {
    const wanted = actions.map((a) => a.toLowerCase());
    const granted = new Set<string>();
    let unknown = false;
    // 1. The key policy may name the role itself.
    if (!key.policy) unknown = true;
    for (const s of key.policy ?? []) {
      if (s.effect !== 'Allow') continue;
      const names = s.principals.map((p): Tri => {
        if (p.kind === 'any') return 'yes';
        if (p.kind === 'local') return p.logicalId === role.logicalId && key.uri === role.uri ? 'yes' : 'no';
        if (p.kind === 'name') return p.name === role.name ? 'yes' : 'no';
        if (p.kind === 'external') return 'no';
        return 'unknown';
      });
      if (s.unknown || names.includes('unknown')) {
        unknown = true;
        continue;
      }
      if (!names.includes('yes')) continue;
      for (const a of wanted) if (actionCovered(s.actions, a)) granted.add(a);
    }
    // 2. Identity policies of the role.
    const aliasNames = this.documents().flatMap((d) => d.aliases).filter((a) => this.resolveKey(a.target, a.uri) === key && a.name).map((a) => a.name!);
    const statements = this.roleStatements(role);
    if (!statements) unknown = true;
    for (const { uri, s } of statements ?? []) {
      if (s.effect !== 'Allow') continue;
      if (s.unknown) {
        unknown = true;
        continue;
      }
      const covers = s.resources.map((r) => resourceCoversKey(r, key, uri, aliasNames));
      if (covers.includes('unknown') && !covers.includes('yes')) {
        if (wanted.some((a) => actionCovered(s.actions, a))) unknown = true;
        continue;
      }
      if (!covers.includes('yes')) continue;
      for (const a of wanted) if (actionCovered(s.actions, a)) granted.add(a);
    }
    const missing = actions.filter((a) => !granted.has(a.toLowerCase()));
    if (!missing.length) return { verdict: 'yes', missing };
    return { verdict: unknown ? 'unknown' : 'no', missing };
  }

  /**
   * Project findings for one document (it must have been updated with its template and not released). Never throws:
   * a failing rule becomes an `internal-error` finding.
   */
  findingsFor(uri: string, rules: readonly Rule[], config: LintConfig): Finding[] {
    const state = this.docs.get(uri);
    const tpl = state?.template;
    if (!tpl || tpl.parseErrors.length) return [];
    const findings: Finding[] = [];
    const fixer = fixerFor(tpl);
    for (const rule of rules) {
      if (!rule.checkProject || rule.meta.cli === false) continue;
      if (effectiveLevel(rule, undefined, config) === 'off') continue;
      const ctx: ProjectRuleContext = {
        uri,
        template: tpl,
        fixer,
        project: this,
        settings: { keyPolicy: config.keyPolicy },
        report(o: ReportOptions) {
          const f = findingFromReport(rule, o, config, uri, tpl.format === 'code' ? 'cdk' : 'cfn');
          if (f) findings.push(f);
        },
      };
      try {
        rule.checkProject(ctx);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        findings.push({
          ruleId: 'internal-error', severity: 'warning', category: 'input', source: 'cfn', uri, span: { start: 0, end: 0 },
          message: `Rule ${rule.meta.id} failed on this file and was skipped: ${reason}.`, fixes: [],
        });
      }
    }
    const suppressions = collectSuppressions(tpl, rules);
    const kept = suppressions.length ? findings.filter((f) => f.category === 'input' || !isSuppressed(f, suppressions)) : findings;
    return kept.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  }
}
