/**
 * Reads the data stores of one template for the encryption inventory: what protects each store at rest and in
 * transit (with today's service defaults, ../shared/docs/encryption-reference.md §1), its key as written, and the data
 * paths it declares. Called by the project index (engine/project.ts) so that the inventory needs no document trees.
 */
import { IndexedStore, IndexedTlsPolicy, StoreLink } from '../model/inventory';
import { EntityRef } from '../model/project';
import { CfnTemplate, Resource, ValueNode } from '../model/types';
import { bool, expand, itemsOf, prop, referencedResource, str } from '../rules/support/resolve';

/** What the project index's reader offers (kept structural to avoid an import cycle with engine/project.ts). */
export interface StoreReader {
  ref(node: ValueNode | undefined, kind: 'bucket' | 'key' | 'stream' | 'db' | 'sc'): EntityRef | undefined;
  text(obj: ValueNode | undefined, ...path: string[]): string | undefined;
  /** A string known statically (literal or Sub of known pieces). */
  literal(node: ValueNode | undefined): string | undefined;
}

function at(obj: ValueNode | undefined, ...path: string[]): ValueNode | undefined {
  let n = obj;
  for (const k of path) n = prop(n, k);
  return n;
}

/** Resources a value mentions anywhere inside (Ref, GetAtt, `${Id.Attr}` in Sub, nested in Join...). */
function mentionedResources(tpl: CfnTemplate, node: ValueNode | undefined, out = new Set<string>(), depth = 0): Set<string> {
  if (!node || depth > 12) return out;
  if (node.kind === 'intrinsic') {
    const direct = referencedResource(tpl, node);
    if (direct) out.add(direct);
    if (node.fn === 'Fn::Sub') {
      const s = node.arg.kind === 'scalar' ? node.arg.value : node.arg.kind === 'array' ? str(node.arg.items[0]) : undefined;
      if (typeof s === 'string') for (const m of s.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z.]+)?\}/g)) if (tpl.resourceById.has(m[1])) out.add(m[1]);
    }
    mentionedResources(tpl, node.arg, out, depth + 1);
  } else if (node.kind === 'array') for (const i of node.items) mentionedResources(tpl, i, out, depth + 1);
  else if (node.kind === 'object') for (const e of node.entries) mentionedResources(tpl, e.value, out, depth + 1);
  return out;
}

/** A bucket named by a value: a reference, a name/ARN/`s3://` URL, or a Sub that mentions one bucket of the template. */
function bucketRef(tpl: CfnTemplate, rd: StoreReader, node: ValueNode | undefined): EntityRef | undefined {
  if (!node) return undefined;
  const r = rd.ref(node, 'bucket');
  if (r && r.kind !== 'unknown') return r;
  const buckets = [...mentionedResources(tpl, node)].filter((id) => tpl.resourceById.get(id)?.type === 'AWS::S3::Bucket');
  return buckets.length === 1 ? { kind: 'local', logicalId: buckets[0] } : r;
}

function localOfType(tpl: CfnTemplate, node: ValueNode | undefined, ...types: string[]): string | undefined {
  return [...mentionedResources(tpl, node)].find((id) => types.includes(tpl.resourceById.get(id)?.type ?? ''));
}

const isAwsManagedAlias = (k: EntityRef | undefined): boolean => k?.kind === 'name' && k.name.startsWith('alias/aws/');

/** At rest with a KMS key as written: an `alias/aws/...` is AWS managed, anything else customer managed. */
function kmsAtRest(key: EntityRef | undefined): 'aws-managed-kms' | 'customer-managed-kms' {
  return !key || isAwsManagedAlias(key) ? 'aws-managed-kms' : 'customer-managed-kms';
}

/** Parameters of an RDS parameter group of the template, by name (lower-case values). */
function rdsParameters(tpl: CfnTemplate, rd: StoreReader, groupNode: ValueNode | undefined): Map<string, string> | undefined {
  const id = localOfType(tpl, groupNode, 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup');
  if (!id) return undefined;
  const params = prop(tpl.resourceById.get(id)!.properties, 'Parameters');
  const out = new Map<string, string>();
  if (params?.kind === 'object') for (const e of params.entries) {
    const v = rd.literal(e.value);
    if (v !== undefined) out.set(e.key, v.toLowerCase());
  }
  return out;
}

function rdsInTransit(tpl: CfnTemplate, rd: StoreReader, engine: string, version: string | undefined, groupNode: ValueNode | undefined): Pick<IndexedStore, 'inTransit' | 'inTransitDetail'> {
  const params = rdsParameters(tpl, rd, groupNode);
  const major = version ? Number.parseFloat(version) : undefined;
  let param: string | undefined;
  let defaultOn = false;
  if (engine.startsWith('aurora-postgresql')) { param = 'rds.force_ssl'; defaultOn = major !== undefined && major >= 17; }
  else if (engine.startsWith('postgres')) { param = 'rds.force_ssl'; defaultOn = major === undefined || major >= 15; }
  else if (engine.startsWith('sqlserver')) param = 'rds.force_ssl';
  else if (/^(mysql|mariadb|aurora)/.test(engine)) param = 'require_secure_transport';
  else if (engine === '') return { inTransit: 'unknown', inTransitDetail: 'The engine is not known statically (a replica takes its source\'s)' };
  if (!param) return { inTransit: 'optional', inTransitDetail: `TLS available, not enforced by a parameter (${engine} uses its own option for it)` };
  const v = params?.get(param);
  if (v !== undefined) {
    const on = v === '1' || v === 'on' || v === 'true';
    return on ? { inTransit: 'enforced', inTransitDetail: `TLS enforced by ${param} in the parameter group` } : { inTransit: 'optional', inTransitDetail: `${param} is off in the parameter group: clients may connect without TLS` };
  }
  if (groupNode && !params) return { inTransit: 'unknown', inTransitDetail: `The parameter group is outside this template: ${param} cannot be read` };
  return defaultOn
    ? { inTransit: 'enforced', inTransitDetail: `TLS enforced: ${param} defaults to 1 for this engine version` }
    : { inTransit: 'optional', inTransitDetail: `TLS not enforced: ${param} defaults to off` };
}

const FIREHOSE_DESTINATIONS: { path: string[]; relation: string }[] = [
  { path: ['S3DestinationConfiguration'], relation: 'delivers' },
  { path: ['ExtendedS3DestinationConfiguration'], relation: 'delivers' },
  { path: ['ExtendedS3DestinationConfiguration', 'S3BackupConfiguration'], relation: 'backs up' },
  { path: ['RedshiftDestinationConfiguration', 'S3Configuration'], relation: 'stages' },
  { path: ['RedshiftDestinationConfiguration', 'S3BackupConfiguration'], relation: 'backs up' },
  { path: ['SplunkDestinationConfiguration', 'S3Configuration'], relation: 'backs up' },
  { path: ['HttpEndpointDestinationConfiguration', 'S3Configuration'], relation: 'backs up' },
  { path: ['AmazonopensearchserviceDestinationConfiguration', 'S3Configuration'], relation: 'backs up' },
  { path: ['ElasticsearchDestinationConfiguration', 'S3Configuration'], relation: 'backs up' },
  { path: ['SnowflakeDestinationConfiguration', 'S3Configuration'], relation: 'backs up' },
];

/** An EMR security configuration document: an object, or a JSON string. */
function emrDocument(tpl: CfnTemplate, rd: StoreReader, r: Resource): unknown {
  const outs = expand(tpl, prop(r.properties, 'SecurityConfiguration'));
  const node = outs.length === 1 ? outs[0].node : undefined;
  if (!node) return undefined;
  if (node.kind === 'object') return toPlain(rd, node);
  const text = rd.literal(node);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A value tree as plain data (intrinsics that are not static text become undefined). */
function toPlain(rd: StoreReader, node: ValueNode | undefined, depth = 0): unknown {
  if (!node || depth > 20) return undefined;
  switch (node.kind) {
    case 'scalar': return node.value;
    case 'array': return node.items.map((i) => toPlain(rd, i, depth + 1));
    case 'object': return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(rd, e.value, depth + 1)]));
    case 'intrinsic': return rd.literal(node);
    default: return undefined;
  }
}

function get(o: unknown, ...path: string[]): unknown {
  let v = o;
  for (const k of path) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

const truthy = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');

function denyWithoutTls(tpl: CfnTemplate, doc: ValueNode | undefined): boolean {
  const outs = expand(tpl, doc);
  const d = outs.length === 1 ? outs[0].node : undefined;
  const list = prop(d, 'Statement');
  const items = list?.kind === 'array' ? itemsOf(tpl, list).map((o) => o.node) : list ? [list] : [];
  return items.some((s) => {
    if (str(prop(s, 'Effect')) !== 'Deny') return false;
    const v = at(s, 'Condition', 'Bool', 'aws:SecureTransport');
    const b = bool(v) ?? (v?.kind === 'array' ? bool(v.items[0]) : undefined);
    return b === false && coversBucketAndObjects(tpl, prop(s, 'Resource'));
  });
}

/** Whether a statement's resources cover the bucket itself and its objects (`arn:...:b` and `arn:...:b/*`, or `*`). */
function coversBucketAndObjects(tpl: CfnTemplate, node: ValueNode | undefined): boolean {
  const outs = expand(tpl, node);
  const n = outs.length === 1 ? outs[0].node : undefined;
  if (!n) return false;
  const items = n.kind === 'array' ? itemsOf(tpl, n).map((o) => o.node!) : [n];
  let bucket = false;
  let objects = false;
  for (const i of items) {
    const text = arnShape(i);
    if (text === '*') bucket = objects = true;
    else if (text !== undefined && !text.includes('/')) bucket = true;
    else if (text !== undefined && /^[^/]*\/\*$/.test(text)) objects = true; // the whole bucket's objects, not a prefix
  }
  return bucket && objects;
}

/** A resource ARN with every unknown piece written `X` (`${B.Arn}/*` → `X/*`); undefined when it cannot be read. */
function arnShape(node: ValueNode): string | undefined {
  if (node.kind === 'scalar') return String(node.value);
  if (node.kind !== 'intrinsic') return undefined;
  if (node.fn === 'Ref' || node.fn === 'Fn::GetAtt' || node.fn === 'Fn::ImportValue') return 'X';
  if (node.fn === 'Fn::Sub') {
    const t = node.arg.kind === 'scalar' ? String(node.arg.value) : node.arg.kind === 'array' ? str(node.arg.items[0]) : undefined;
    return t?.replace(/\$\{[^}]*\}/g, 'X');
  }
  if (node.fn === 'Fn::Join' && node.arg.kind === 'array' && node.arg.items[1]?.kind === 'array') {
    const sep = str(node.arg.items[0]) ?? '';
    const parts = node.arg.items[1].items.map((x) => arnShape(x));
    return parts.some((x) => x === undefined) ? undefined : parts.join(sep);
  }
  return undefined;
}

/** The stores and TLS bucket policies of one template. Never throws on odd input (the index guards anyway). */
export function indexStores(tpl: CfnTemplate, rd: StoreReader): { stores: IndexedStore[]; tlsPolicies: IndexedTlsPolicy[] } {
  const stores: IndexedStore[] = [];
  const tlsPolicies: IndexedTlsPolicy[] = [];
  /** Bucket logical id → its bucket policies' logical ids. */
  const policyOf = new Map<string, string[]>();
  for (const r of tpl.resources) {
    const p = r.properties;
    const links: StoreLink[] = [];
    const base = { logicalId: r.logicalId, span: r.logicalIdSpan, origin: r.origin, links };
    const name = (key: string): string => rd.text(p, key) ?? r.logicalId;
    const link = (relation: string, target: EntityRef | undefined, targetKind: StoreLink['targetKind'], direction: StoreLink['direction'] = 'out'): void => {
      if (target && target.kind !== 'unknown' && target.kind !== 'any') links.push({ relation, target, targetKind, direction });
    };
    switch (r.type) {
      case 'AWS::S3::Bucket': {
        const rules = at(p, 'BucketEncryption', 'ServerSideEncryptionConfiguration');
        const first = rules?.kind === 'array' ? rules.items[0] : undefined;
        const dflt = prop(first, 'ServerSideEncryptionByDefault');
        const alg = rd.text(dflt, 'SSEAlgorithm');
        const keyNode = prop(dflt, 'KMSMasterKeyID');
        const key = rd.ref(keyNode, 'key');
        const bucketKey = bool(prop(first, 'BucketKeyEnabled')) ? ' with S3 Bucket Key' : '';
        let s: Pick<IndexedStore, 'atRest' | 'atRestDetail'>;
        if (alg === 'aws:kms' || alg === 'aws:kms:dsse') {
          const what = alg === 'aws:kms' ? 'SSE-KMS' : 'DSSE-KMS';
          s = { atRest: kmsAtRest(key), atRestDetail: `${what}${key ? '' : ' with the AWS managed key aws/s3'}${bucketKey}` };
        } else if (alg === 'AES256') s = { atRest: 'sse-s3-or-aws-owned', atRestDetail: 'SSE-S3 (AES-256)' };
        else if (rules) s = { atRest: 'sse-s3-or-aws-owned', atRestDetail: 'At least SSE-S3; the configured algorithm depends on values not known statically' };
        else s = { atRest: 'sse-s3-or-aws-owned', atRestDetail: 'SSE-S3, the S3 default for every bucket' };
        for (const o of itemsOf(tpl, at(p, 'ReplicationConfiguration', 'Rules'))) link('replicates', bucketRef(tpl, rd, at(o.node, 'Destination', 'Bucket')), 'bucket');
        link('logs', bucketRef(tpl, rd, at(p, 'LoggingConfiguration', 'DestinationBucketName')), 'bucket');
        stores.push({
          ...base, service: 's3', kind: 'S3 bucket', label: name('BucketName'), ...s, key: key && keyNode ? key : undefined,
          inTransit: 'optional', inTransitDetail: 'HTTPS not enforced: no bucket policy denies aws:SecureTransport false',
        });
        break;
      }
      case 'AWS::S3::BucketPolicy': {
        const b = bucketRef(tpl, rd, prop(p, 'Bucket'));
        if (b && denyWithoutTls(tpl, prop(p, 'PolicyDocument'))) tlsPolicies.push({ bucket: b });
        if (b?.kind === 'local') policyOf.set(b.logicalId, [...(policyOf.get(b.logicalId) ?? []), r.logicalId]);
        break;
      }
      case 'AWS::Athena::WorkGroup': {
        const cfg = prop(p, 'WorkGroupConfiguration');
        const enc = at(cfg, 'ResultConfiguration', 'EncryptionConfiguration');
        const option = rd.text(enc, 'EncryptionOption');
        const key = rd.ref(prop(enc, 'KmsKey'), 'key');
        let s: Pick<IndexedStore, 'atRest' | 'atRestDetail'>;
        if (option === 'SSE_KMS') s = { atRest: kmsAtRest(key), atRestDetail: 'Query results written with SSE-KMS' };
        else if (option === 'CSE_KMS') s = { atRest: 'client-side', atRestDetail: 'Query results encrypted client-side with KMS (CSE-KMS)' };
        else if (option === 'SSE_S3') s = { atRest: 'sse-s3-or-aws-owned', atRestDetail: 'Query results written with SSE-S3' };
        else if (enc) s = { atRest: 'sse-s3-or-aws-owned', atRestDetail: 'Result encryption depends on values not known statically; at least the bucket default (SSE-S3)' };
        else s = { atRest: 'sse-s3-or-aws-owned', atRestDetail: "No workgroup encryption: results get the result bucket's default (at least SSE-S3)" };
        link('results', bucketRef(tpl, rd, at(cfg, 'ResultConfiguration', 'OutputLocation')), 'bucket');
        stores.push({
          ...base, service: 'athena', kind: 'Athena workgroup', label: name('Name'), ...s, key: option === 'SSE_KMS' || option === 'CSE_KMS' ? key : undefined,
          inTransit: 'enforced', inTransitDetail: 'Athena and its S3 access use TLS always',
        });
        break;
      }
      case 'AWS::EMR::SecurityConfiguration': {
        const doc = emrDocument(tpl, rd, r);
        const encCfg = get(doc, 'EncryptionConfiguration');
        const atRestOn = truthy(get(encCfg, 'EnableAtRestEncryption'));
        const transitOn = truthy(get(encCfg, 'EnableInTransitEncryption'));
        const s3 = get(encCfg, 'AtRestEncryptionConfiguration', 'S3EncryptionConfiguration');
        const disk = get(encCfg, 'AtRestEncryptionConfiguration', 'LocalDiskEncryptionConfiguration');
        const mode = get(s3, 'EncryptionMode');
        const keyText = get(s3, 'AwsKmsKey') ?? get(disk, 'AwsKmsKey');
        let key: EntityRef | undefined;
        if (typeof keyText === 'string') key = keyText.startsWith('alias/') ? { kind: 'name', name: keyText } : { kind: 'external', text: keyText };
        // A key given as a Ref/GetAtt in an object document: find it through the raw tree.
        if (!key && doc !== undefined) {
          const keyId = localOfType(tpl, prop(p, 'SecurityConfiguration'), 'AWS::KMS::Key', 'AWS::KMS::Alias');
          if (keyId) key = { kind: 'local', logicalId: keyId };
        }
        let s: Pick<IndexedStore, 'atRest' | 'atRestDetail'>;
        if (doc === undefined) s = { atRest: 'unknown', atRestDetail: 'The security configuration cannot be read statically' };
        else if (!atRestOn) s = { atRest: 'none', atRestDetail: 'At-rest encryption disabled: local disks unencrypted, EMRFS data gets the bucket default' };
        else if (mode === 'CSE-KMS' || mode === 'CSE-Custom') s = { atRest: 'client-side', atRestDetail: `EMRFS data encrypted client-side (${mode})${disk ? ', local disks encrypted' : ''}` };
        else if (mode === 'SSE-KMS') s = { atRest: kmsAtRest(key), atRestDetail: `EMRFS data with SSE-KMS${disk ? ', local disks encrypted' : ''}` };
        else s = { atRest: 'sse-s3-or-aws-owned', atRestDetail: `EMRFS data with SSE-S3${disk ? ', local disks encrypted' : ''}` };
        const overrides = get(s3, 'Overrides');
        if (Array.isArray(overrides)) for (const o of overrides) {
          const b = get(o, 'BucketName');
          if (typeof b === 'string') link('writes', { kind: 'name', name: b.replace(/^s3:\/\//, '').split('/')[0] }, 'bucket');
        }
        stores.push({
          ...base, service: 'emr', kind: 'EMR security configuration', label: name('Name'), ...s, key: atRestOn ? key : undefined,
          inTransit: doc === undefined ? 'unknown' : transitOn ? 'enforced' : 'none',
          inTransitDetail: doc === undefined ? 'The security configuration cannot be read statically' : transitOn ? 'TLS between cluster nodes (in-transit encryption on)' : 'In-transit encryption disabled: traffic between nodes is not encrypted',
        });
        break;
      }
      case 'AWS::EMR::Cluster': {
        const sc = rd.ref(prop(p, 'SecurityConfiguration'), 'sc');
        link('logs', bucketRef(tpl, rd, prop(p, 'LogUri')), 'bucket');
        stores.push({
          ...base, service: 'emr', kind: 'EMR cluster', label: name('Name'),
          atRest: sc ? 'unknown' : 'none', atRestDetail: sc ? 'Set by its security configuration' : 'No security configuration: local disks unencrypted (unless EBS encryption by default is on for the account)',
          inTransit: sc ? 'unknown' : 'none', inTransitDetail: sc ? 'Set by its security configuration' : 'No security configuration: traffic between nodes is not encrypted',
          inherits: sc ? { target: sc, targetKind: 'sc', what: 'both' } : undefined,
        });
        break;
      }
      case 'AWS::RDS::DBInstance':
      case 'AWS::RDS::DBCluster': {
        const cluster = r.type === 'AWS::RDS::DBCluster';
        const engine = (rd.text(p, 'Engine') ?? '').toLowerCase();
        const version = rd.text(p, 'EngineVersion');
        const encNode = prop(p, 'StorageEncrypted');
        const outs = expand(tpl, encNode);
        const enc = outs.length === 1 ? (outs[0].node ? bool(outs[0].node) : false) : undefined;
        const keyNode = prop(p, 'KmsKeyId');
        const key = rd.ref(keyNode, 'key');
        const memberOf = cluster ? undefined : localOfType(tpl, prop(p, 'DBClusterIdentifier'), 'AWS::RDS::DBCluster');
        const source = cluster ? rd.ref(prop(p, 'SourceDBClusterIdentifier') ?? prop(p, 'ReplicationSourceIdentifier'), 'db') : rd.ref(prop(p, 'SourceDBInstanceIdentifier'), 'db');
        const serverlessV1 = cluster && rd.text(p, 'EngineMode') === 'serverless';
        let s: Pick<IndexedStore, 'atRest' | 'atRestDetail'>;
        let inherits: IndexedStore['inherits'];
        if (memberOf || (!cluster && prop(p, 'DBClusterIdentifier'))) {
          s = { atRest: 'unknown', atRestDetail: 'Aurora instance: the cluster\'s storage encryption applies' };
          if (memberOf) inherits = { target: { kind: 'local', logicalId: memberOf }, targetKind: 'store', what: 'at-rest' };
        } else if (source && !encNode && !keyNode) {
          s = { atRest: 'unknown', atRestDetail: 'Replica: same encryption as its source' };
          inherits = { target: source, targetKind: 'db', what: 'at-rest' };
        } else if (serverlessV1 || enc === true || (enc === undefined && keyNode)) {
          s = { atRest: kmsAtRest(key), atRestDetail: serverlessV1 ? 'Aurora Serverless v1: always encrypted' : `Storage encrypted${key ? '' : ' with the AWS managed key aws/rds'}` };
        } else if (enc === false) s = { atRest: 'none', atRestDetail: encNode ? 'StorageEncrypted is false' : 'Not encrypted: StorageEncrypted defaults to false' };
        else s = { atRest: 'unknown', atRestDetail: 'StorageEncrypted depends on conditions' };
        if (source) link('replicates', source, 'db', 'in');
        const group = cluster ? prop(p, 'DBClusterParameterGroupName') : prop(p, 'DBParameterGroupName');
        const groupId = localOfType(tpl, group, 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup');
        stores.push({
          ...base, service: 'rds', kind: cluster ? 'RDS DB cluster' : 'RDS DB instance', label: name(cluster ? 'DBClusterIdentifier' : 'DBInstanceIdentifier'),
          ...s, key: s.atRest === 'customer-managed-kms' || s.atRest === 'aws-managed-kms' ? key : undefined,
          ...rdsInTransit(tpl, rd, engine, version, group), inherits, related: groupId ? [groupId] : undefined,
        });
        break;
      }
      case 'AWS::Kinesis::Stream': {
        const encType = rd.text(prop(p, 'StreamEncryption'), 'EncryptionType');
        // EncryptionType NONE (or anything but KMS) leaves records unencrypted; an unreadable type is unknown.
        const enc = encType === 'KMS' ? prop(p, 'StreamEncryption') : undefined;
        const key = rd.ref(prop(enc, 'KeyId'), 'key');
        stores.push({
          ...base, service: 'kinesis', kind: 'Kinesis stream', label: name('Name'),
          atRest: enc ? kmsAtRest(key) : prop(p, 'StreamEncryption') && encType === undefined ? 'unknown' : 'none',
          atRestDetail: enc ? `Server-side encryption with ${isAwsManagedAlias(key) ? 'the AWS managed key aws/kinesis' : 'a KMS key'}`
            : prop(p, 'StreamEncryption') ? (encType === undefined ? 'StreamEncryption depends on values not known statically' : `Not encrypted: EncryptionType ${encType}`) : 'Not encrypted: no StreamEncryption',
          key: enc ? key : undefined,
          inTransit: 'enforced', inTransitDetail: 'Kinesis endpoints accept TLS only',
        });
        break;
      }
      case 'AWS::KinesisFirehose::DeliveryStream': {
        const sse = prop(p, 'DeliveryStreamEncryptionConfigurationInput');
        const keyType = rd.text(sse, 'KeyType');
        const key = rd.ref(prop(sse, 'KeyARN'), 'key');
        const src = prop(p, 'KinesisStreamSourceConfiguration');
        const stream = src ? rd.ref(prop(src, 'KinesisStreamARN'), 'stream') : undefined;
        let s: Pick<IndexedStore, 'atRest' | 'atRestDetail'>;
        if (src) s = { atRest: 'unknown', atRestDetail: "Kinesis source: Firehose keeps no data at rest; the source stream's encryption applies" };
        else if (keyType === 'CUSTOMER_MANAGED_CMK') s = { atRest: kmsAtRest(key), atRestDetail: 'Server-side encryption with a customer managed key' };
        else if (sse) s = { atRest: 'sse-s3-or-aws-owned', atRestDetail: 'Server-side encryption with an AWS owned key' };
        else s = { atRest: 'none', atRestDetail: 'Server-side encryption off (the Direct PUT default)' };
        if (stream) link('delivers', stream, 'stream', 'in');
        for (const d of FIREHOSE_DESTINATIONS) {
          const cfg = at(p, ...d.path);
          if (cfg) link(d.relation, bucketRef(tpl, rd, prop(cfg, 'BucketARN')), 'bucket');
        }
        const rs = localOfType(tpl, at(p, 'RedshiftDestinationConfiguration', 'ClusterJDBCURL'), 'AWS::Redshift::Cluster');
        if (rs) link('delivers', { kind: 'local', logicalId: rs }, 'store');
        stores.push({
          ...base, service: 'firehose', kind: 'Firehose delivery stream', label: name('DeliveryStreamName'), ...s,
          key: keyType === 'CUSTOMER_MANAGED_CMK' ? key : undefined,
          inTransit: 'enforced', inTransitDetail: 'Firehose endpoints and deliveries use TLS',
          inherits: stream ? { target: stream, targetKind: 'stream', what: 'at-rest' } : undefined,
        });
        break;
      }
      case 'AWS::Redshift::Cluster': {
        const key = rd.ref(prop(p, 'KmsKeyId'), 'key');
        const hsm = !!prop(p, 'HsmConfigurationIdentifier');
        const s: Pick<IndexedStore, 'atRest' | 'atRestDetail'> = hsm
          ? { atRest: 'hsm', atRestDetail: 'Encrypted with keys in a hardware security module' }
          : key ? { atRest: kmsAtRest(key), atRestDetail: 'Encrypted with a KMS key' }
            : { atRest: 'sse-s3-or-aws-owned', atRestDetail: 'Encrypted with an AWS owned key (new clusters are always encrypted)' };
        let transit: Pick<IndexedStore, 'inTransit' | 'inTransitDetail'> = { inTransit: 'enforced', inTransitDetail: 'require_ssl is true in the default parameter group default.redshift-2.0' };
        const groupNode = prop(p, 'ClusterParameterGroupName');
        if (groupNode) {
          const gid = localOfType(tpl, groupNode, 'AWS::Redshift::ClusterParameterGroup');
          if (!gid) transit = { inTransit: 'unknown', inTransitDetail: 'The parameter group is outside this template: require_ssl cannot be read' };
          else {
            const item = itemsOf(tpl, prop(tpl.resourceById.get(gid)!.properties, 'Parameters')).find((o) => rd.text(o.node, 'ParameterName') === 'require_ssl');
            const v = item ? (rd.text(item.node, 'ParameterValue') ?? '').toLowerCase() : undefined;
            transit = v === 'true' || v === '1' ? { inTransit: 'enforced', inTransitDetail: 'require_ssl is true in the parameter group' }
              : { inTransit: 'optional', inTransitDetail: 'require_ssl is off in a custom parameter group: clients may connect without TLS' };
          }
        }
        link('logs', bucketRef(tpl, rd, at(p, 'LoggingProperties', 'BucketName')), 'bucket');
        const groupId = localOfType(tpl, groupNode, 'AWS::Redshift::ClusterParameterGroup');
        stores.push({ ...base, service: 'redshift', kind: 'Redshift cluster', label: name('ClusterIdentifier'), ...s, key: hsm ? undefined : key, ...transit, related: groupId ? [groupId] : undefined });
        break;
      }
      case 'AWS::RedshiftServerless::Namespace': {
        const key = rd.ref(prop(p, 'KmsKeyId'), 'key');
        stores.push({
          ...base, service: 'redshift', kind: 'Redshift Serverless namespace', label: name('NamespaceName'),
          atRest: key ? kmsAtRest(key) : 'sse-s3-or-aws-owned', atRestDetail: key ? 'Encrypted with a KMS key' : 'Always encrypted; an AWS owned key when no key is given', key,
          inTransit: 'unknown', inTransitDetail: 'Set on the workgroup (require_ssl config parameter)',
        });
        break;
      }
    }
  }
  for (const st of stores) {
    const policies = st.service === 's3' ? policyOf.get(st.logicalId) : undefined;
    if (policies) st.related = [...(st.related ?? []), ...policies];
  }
  return { stores, tlsPolicies };
}
