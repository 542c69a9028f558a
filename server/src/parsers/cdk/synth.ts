/**
 * CDK synthesis without running the app: each construct of a CodeDocument becomes the CloudFormation resource it
 * synthesises, with aws-cdk-lib 2.x defaults applied (../shared/docs/encryption-reference.md §3), so the
 * CloudFormation rules serve CDK apps unchanged. Language-neutral: TypeScript and Python documents alike.
 *
 * Spans: a prop written in code keeps its own span; a value that comes from a default points at the construct's
 * class reference (`s3.Bucket`), where findings about defaults belong.
 */
import { CodeDocument, CodeObject, CodeValue, ConstructCall } from '../../model/code';
import {
  ArrayNode, CfnTemplate, Entry, IntrinsicNode, ObjectNode, Resource, ScalarNode, ScalarValue, Span, ValueNode,
} from '../../model/types';
import { camelCase, snakeCase } from '../code-fixer/render';
import { CFN_NAME_EXCEPTIONS, L1_TYPES } from './cfn-names.generated';

/** Where a synthesised resource comes from, for the code fixer. */
export interface ResourceOrigin {
  construct: ConstructCall;
  /** L1 (`Cfn*`): CloudFormation paths map 1:1 onto props. */
  l1: boolean;
  /** An implicit KMS key CDK creates for `owner` (no construct of its own in the source). */
  implicitKeyOf?: ConstructCall;
}

export interface Synthesis {
  template: CfnTemplate;
  origins: Map<Resource, ResourceOrigin>;
  /** Synthesised node → its resource and path below Properties, so a fix can translate `replace(node)`. */
  nodePaths: Map<ValueNode, { resource: Resource; path: (string | number)[] }>;
  /** Construct → its logical id. */
  logicalIds: Map<ConstructCall, string>;
}

const SYNTHESES = new WeakMap<CfnTemplate, Synthesis>();

export function synthesisOf(tpl: CfnTemplate): Synthesis | undefined {
  return SYNTHESES.get(tpl);
}

/** CloudFormation name of a CDK prop (`kmsMasterKeyId` → `KMSMasterKeyID`, `storage_encrypted` → `StorageEncrypted`). */
export function cfnName(module: string, key: string): string {
  if (!/^[a-z][A-Za-z0-9_]*$/.test(key)) return key;
  const camel = camelCase(key);
  return CFN_NAME_EXCEPTIONS[module]?.[camel] ?? camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** CDK prop name of a CloudFormation name (`KMSMasterKeyID` → `kmsMasterKeyId`). */
export function cdkName(module: string, cfn: string): string {
  const table = CFN_NAME_EXCEPTIONS[module] ?? {};
  for (const [camel, name] of Object.entries(table)) if (name === cfn) return camel;
  return cfn.charAt(0).toLowerCase() + cfn.slice(1);
}

// ---- value nodes -----------------------------------------------------------------------------------------------

const scalar = (value: ScalarValue, span: Span): ScalarNode => ({ kind: 'scalar', span, value, style: 'plain' });
const obj = (span: Span, entries: [string, ValueNode][]): ObjectNode => ({
  kind: 'object', span, flow: true, entries: entries.map(([key, value]) => ({ key, keySpan: value.span, value })),
});
const arr = (span: Span, items: ValueNode[]): ArrayNode => ({ kind: 'array', span, items, flow: true });
const getAtt = (id: string, attr: string, span: Span): IntrinsicNode => ({
  kind: 'intrinsic', span, fn: 'Fn::GetAtt', short: false, arg: arr(span, [scalar(id, span), scalar(attr, span)]),
});
const refNode = (id: string, span: Span): IntrinsicNode => ({ kind: 'intrinsic', span, fn: 'Ref', short: false, arg: scalar(id, span) });
const unknownNode = (span: Span, reason: string): ValueNode => ({ kind: 'unknown', span, reason });

function entryOf(o: CodeObject | undefined, ...keys: string[]): CodeValue | undefined {
  if (!o) return undefined;
  for (const k of keys) {
    // snake_case comparison also matches Python names of acronym props (`enforce_ssl` ~ `enforceSSL`).
    const e = o.entries.find((x) => x.key === k || camelCase(x.key) === k || snakeCase(x.key) === snakeCase(k));
    if (e) return e.value;
  }
  return undefined;
}

/** Last segment of an enum reference (`s3.BucketEncryption.KMS` → KMS) when it names `enumName`. */
function enumMember(v: CodeValue | undefined, enumName: string): string | undefined {
  if (v?.kind !== 'ref') return undefined;
  const p = v.path;
  return p.length >= 2 && p[p.length - 2] === enumName ? p[p.length - 1] : undefined;
}

/** A static factory call (`firehose.StreamEncryption.awsOwnedKey()`) on `className`: its method name in camelCase. */
function factoryCall(v: CodeValue | undefined, className: string): { method: string; args: CodeValue[] } | undefined {
  if (v?.kind !== 'call') return undefined;
  const p = v.callee.path;
  return p.length >= 2 && p[p.length - 2] === className ? { method: camelCase(p[p.length - 1]), args: v.args } : undefined;
}

function isTrue(v: CodeValue | undefined): boolean | undefined {
  return v?.kind === 'scalar' && typeof v.value === 'boolean' ? v.value : undefined;
}

class Synthesizer {
  readonly resources: Resource[] = [];
  readonly origins = new Map<Resource, ResourceOrigin>();
  readonly nodePaths = new Map<ValueNode, { resource: Resource; path: (string | number)[] }>();
  readonly logicalIds = new Map<ConstructCall, string>();
  private readonly byVariable = new Map<string, ConstructCall>();
  private readonly used = new Set<string>();

  constructor(readonly doc: CodeDocument) {}

  private uniqueId(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9]/g, '') || 'Construct';
    let id = clean;
    for (let i = 2; this.used.has(id); i++) id = `${clean}${i}`;
    this.used.add(id);
    return id;
  }

  /** A construct referenced by a value (`key`, `this.key`, `new kms.Key(...)`, `key.keyArn`): it and the attribute. */
  private referenced(v: CodeValue | undefined): { c: ConstructCall; attr?: string } | undefined {
    if (!v) return undefined;
    if (v.kind === 'new') return { c: v.construct };
    if (v.kind === 'ref' && !v.module) {
      const path = v.path[0] === 'this' || v.path[0] === 'self' ? v.path.slice(1) : v.path;
      for (let i = path.length - 1; i >= 0; i--) {
        const c = this.byVariable.get(path[i]);
        if (c) return { c, attr: path[i + 1] };
      }
    }
    return undefined;
  }

  /** A CodeValue as a CloudFormation value node; keys of objects become CloudFormation names. */
  toNode(v: CodeValue, module: string, rawKeys = false): ValueNode {
    switch (v.kind) {
      case 'scalar':
        return { kind: 'scalar', span: v.span, value: v.value, style: v.quote === '"' ? 'double' : v.quote ? 'single' : 'plain' };
      case 'array':
        return { kind: 'array', span: v.span, flow: true, items: v.items.map((x) => this.toNode(x, module, rawKeys)) };
      case 'object': {
        if (v.open) return unknownNode(v.span, 'object with an unresolved spread');
        const entries: Entry[] = v.entries.map((e) => ({ key: rawKeys ? e.key : cfnName(module, e.key), keySpan: e.keySpan, value: this.toNode(e.value, module, rawKeys) }));
        return { kind: 'object', span: v.span, flow: true, entries };
      }
      case 'ref':
      case 'new': {
        const r = this.referenced(v);
        if (r) {
          const id = this.logicalIds.get(r.c);
          if (id) {
            const attr = r.attr;
            // `key.keyArn` in TypeScript, `key.key_arn` in Python.
            if (!attr || /(Arn|_arn)$/.test(attr)) return getAtt(id, 'Arn', v.span);
            return refNode(id, v.span);
          }
        }
        return unknownNode(v.span, v.kind === 'ref' ? v.path.join('.') : 'construct');
      }
      default:
        return unknownNode(v.span, 'expression');
    }
  }

  /** A key given in code (`encryptionKey: key`): a GetAtt to its construct, or unknown (never reported on). */
  private keyNode(v: CodeValue, attr: 'Arn' | 'Ref' = 'Arn'): ValueNode {
    const r = this.referenced(v);
    const id = r && this.logicalIds.get(r.c);
    if (id) return attr === 'Arn' ? getAtt(id, 'Arn', v.span) : refNode(id, v.span);
    if (v.kind === 'call') {
      // kms.Key.fromKeyArn(this, 'K', 'arn:...') / kms.Alias.fromAliasName(this, 'A', 'alias/x'): the literal.
      const lit = v.args.find((a) => a.kind === 'scalar' && typeof a.value === 'string' && /^(arn:|alias\/)/.test(String(a.value)));
      if (lit) return this.toNode(lit, 'aws-kms');
    }
    return unknownNode(v.span, 'key');
  }

  private add(c: ConstructCall, type: string, props: [string, ValueNode][], origin: Omit<ResourceOrigin, 'construct'>, id?: string): Resource {
    const logicalId = id ?? this.logicalIds.get(c) ?? this.uniqueId(c.id ?? c.variable ?? c.className);
    const properties = obj(c.props?.span ?? c.calleeSpan, props);
    const r: Resource = {
      logicalId,
      logicalIdSpan: c.calleeSpan,
      type,
      typeSpan: c.calleeSpan,
      span: c.span,
      body: obj(c.span, [['Type', scalar(type, c.calleeSpan)], ['Properties', properties]]),
      properties,
      origin: 'cdk',
    };
    this.resources.push(r);
    this.origins.set(r, { construct: c, ...origin });
    this.indexPaths(r, properties, []);
    return r;
  }

  private indexPaths(r: Resource, n: ValueNode, path: (string | number)[]): void {
    this.nodePaths.set(n, { resource: r, path });
    if (n.kind === 'object') for (const e of n.entries) this.indexPaths(r, e.value, [...path, e.key]);
    else if (n.kind === 'array') n.items.forEach((x, i) => this.indexPaths(r, x, [...path, i]));
  }

  /** An implicit `kms.Key` CDK creates for a construct. */
  private implicitKey(owner: ConstructCall, ownerId: string, span: Span, rotation: boolean): string {
    const id = this.uniqueId(`${ownerId}Key`);
    const key: ConstructCall = { ...owner, span, calleeSpan: span, props: undefined, className: 'Key', module: 'aws-kms' };
    const props: [string, ValueNode][] = [['Description', scalar(`Created by ${ownerId}`, span)]];
    if (rotation) props.push(['EnableKeyRotation', scalar(true, span)]);
    this.add(key, 'AWS::KMS::Key', props, { l1: false, implicitKeyOf: owner }, id);
    return id;
  }

  run(): void {
    const cs = this.doc.constructs;
    // Ids first: props may reference constructs defined later in the file.
    for (const c of cs) {
      if (!this.isModelled(c)) continue;
      this.logicalIds.set(c, this.uniqueId(c.id ?? c.variable ?? c.className));
      if (c.variable) this.byVariable.set(c.variable, c);
    }
    for (const c of cs) {
      const id = this.logicalIds.get(c);
      if (!id) continue;
      const l1 = L1_TYPES[`${c.module}.${c.className}`];
      if (l1) {
        const props: [string, ValueNode][] = [];
        if (c.props?.open) {
          this.add(c, l1, [['*', unknownNode(c.props.span, 'spread')]], { l1: true });
          continue;
        }
        for (const e of c.props?.entries ?? []) props.push([cfnName(c.module, e.key), this.toNode(e.value, c.module)]);
        const r = this.add(c, l1, props, { l1: true });
        r.properties!.entries.forEach((e, i) => (e.keySpan = c.props!.entries[i].keySpan));
        continue;
      }
      this.l2(c, id);
    }
    // A policy added by code we do not model (`bucket.addToResourcePolicy(...)`) might deny insecure transport.
    if (/\.(addToResourcePolicy|add_to_resource_policy)\s*\(/.test(this.doc.file.text)) {
      const first = cs[0];
      if (first) this.add(first, 'AWS::S3::BucketPolicy', [['Bucket', unknownNode(first.calleeSpan, 'policy added in code')]], { l1: false }, this.uniqueId('UnresolvedBucketPolicy'));
    }
  }

  private isModelled(c: ConstructCall): boolean {
    return !!L1_TYPES[`${c.module}.${c.className}`] || !!L2_TYPES[`${c.module}.${c.className}`];
  }

  private l2(c: ConstructCall, id: string): void {
    const kind = L2_TYPES[`${c.module}.${c.className}`];
    const p = c.props;
    const at = c.calleeSpan;
    if (p?.open) return; // props we cannot see entirely: nothing is known about them
    switch (kind) {
      case 'bucket': return this.bucket(c, id);
      case 'bucket-policy': {
        // Its statements are added in code we do not follow: the policy's content stays unknown.
        const b = entryOf(p, 'bucket');
        this.add(c, 'AWS::S3::BucketPolicy', [['Bucket', b ? this.keyNode(b, 'Ref') : unknownNode(at, 'bucket')], ['PolicyDocument', unknownNode(at, 'statements added in code')]], { l1: false }, id);
        return;
      }
      case 'key': {
        const props: [string, ValueNode][] = [];
        const rot = entryOf(p, 'enableKeyRotation');
        if (rot) props.push(['EnableKeyRotation', this.toNode(rot, c.module)]);
        const spec = entryOf(p, 'keySpec');
        if (spec) props.push(['KeySpec', enumValue(spec, 'KeySpec')]);
        const usage = entryOf(p, 'keyUsage');
        if (usage) props.push(['KeyUsage', enumValue(usage, 'KeyUsage')]);
        const period = entryOf(p, 'rotationPeriod');
        const days = period && durationDays(period);
        if (period) props.push(['RotationPeriodInDays', days !== undefined ? scalar(days, period.span) : unknownNode(period.span, 'duration')]);
        this.add(c, 'AWS::KMS::Key', props, { l1: false }, id);
        return;
      }
      case 'stream': return this.stream(c, id);
      case 'db-instance': case 'db-replica': case 'db-cluster': case 'db-serverless': return this.database(c, id, kind);
      case 'parameter-group': {
        const params = entryOf(p, 'parameters');
        // Parameter names (`rds.force_ssl`) are data, not props: kept as written.
        const props: [string, ValueNode][] = params ? [['Parameters', this.toNode(params, c.module, true)]] : [];
        this.add(c, 'AWS::RDS::DBParameterGroup', props, { l1: false }, id);
        return;
      }
      case 'delivery-stream': return this.deliveryStream(c, id);
      case 'redshift-cluster': {
        const enc = entryOf(p, 'encrypted');
        const props: [string, ValueNode][] = [['Encrypted', enc ? this.toNode(enc, c.module) : scalar(true, at)]];
        const key = entryOf(p, 'encryptionKey');
        if (key) props.push(['KmsKeyId', this.keyNode(key, 'Ref')]);
        this.add(c, 'AWS::Redshift::Cluster', props, { l1: false }, id);
        return;
      }
      default:
    }
  }

  private bucket(c: ConstructCall, id: string): void {
    const p = c.props;
    const at = c.calleeSpan;
    const encV = entryOf(p, 'encryption');
    const keyV = entryOf(p, 'encryptionKey');
    const bkV = entryOf(p, 'bucketKeyEnabled');
    const props: [string, ValueNode][] = [];
    let mode = encV ? enumMember(encV, 'BucketEncryption') : keyV ? 'KMS' : 'UNENCRYPTED';
    if (encV && !mode) mode = undefined; // not an enum member we can read
    const span = encV?.span ?? keyV?.span ?? at;
    if (encV && mode === undefined) {
      props.push(['BucketEncryption', unknownNode(encV.span, 'encryption')]);
    } else if (encV && mode === 'UNENCRYPTED' && !keyV) {
      // The deprecated value still gets SSE-S3; s3-bucket-unencrypted-deprecated reports it, not the implicit rule.
      props.push(['BucketEncryption', unknownNode(encV.span, 'BucketEncryption.UNENCRYPTED')]);
    } else if (mode && (mode !== 'UNENCRYPTED' || keyV)) {
      const byDefault: [string, ValueNode][] = [];
      const algorithm = mode === 'S3_MANAGED' || mode === 'UNENCRYPTED' ? 'AES256' : mode.startsWith('DSSE') ? 'aws:kms:dsse' : 'aws:kms';
      byDefault.push(['SSEAlgorithm', scalar(algorithm, span)]);
      if (keyV) byDefault.push(['KMSMasterKeyID', this.keyNode(keyV)]);
      else if (mode === 'KMS' || mode === 'DSSE') {
        // CDK creates the key: with rotation for KMS, without for DSSE (Clarifications, kms-key-rotation-disabled).
        const keyId = this.implicitKey(c, id, span, mode === 'KMS');
        byDefault.push(['KMSMasterKeyID', getAtt(keyId, 'Arn', span)]);
      }
      const rule: [string, ValueNode][] = [['ServerSideEncryptionByDefault', obj(span, byDefault)]];
      if (bkV) rule.push(['BucketKeyEnabled', this.toNode(bkV, c.module)]);
      const blocked = this.blockedTypes(p);
      if (blocked) rule.push(['BlockedEncryptionTypes', blocked]);
      props.push(['BucketEncryption', obj(span, [['ServerSideEncryptionConfiguration', arr(span, [obj(span, rule)])]])]);
    } else if (bkV) {
      props.push(['BucketEncryption', obj(bkV.span, [['ServerSideEncryptionConfiguration', arr(bkV.span, [obj(bkV.span, [['BucketKeyEnabled', this.toNode(bkV, c.module)]])])]])]);
    }
    for (const name of ['bucketName', 'websiteIndexDocument', 'versioned']) {
      const v = entryOf(p, name);
      if (v) props.push([name === 'websiteIndexDocument' ? 'WebsiteConfiguration' : cfnName(c.module, name), this.toNode(v, c.module)]);
    }
    this.add(c, 'AWS::S3::Bucket', props, { l1: false }, id);
    const ssl = entryOf(p, 'enforceSSL');
    if (isTrue(ssl)) {
      const s = ssl!.span;
      const stmt = obj(s, [
        ['Effect', scalar('Deny', s)],
        ['Principal', obj(s, [['AWS', scalar('*', s)]])],
        ['Action', scalar('s3:*', s)],
        ['Resource', arr(s, [getAtt(id, 'Arn', s), { kind: 'intrinsic', span: s, fn: 'Fn::Sub', short: false, arg: scalar(`\${${id}.Arn}/*`, s) }])],
        ['Condition', obj(s, [['Bool', obj(s, [['aws:SecureTransport', scalar('false', s)]])]])],
      ]);
      this.add(c, 'AWS::S3::BucketPolicy', [
        ['Bucket', refNode(id, s)],
        ['PolicyDocument', obj(s, [['Version', scalar('2012-10-17', s)], ['Statement', arr(s, [stmt])]])],
      ], { l1: false }, this.uniqueId(`${id}Policy`));
    } else if (ssl && isTrue(ssl) === undefined) {
      this.add(c, 'AWS::S3::BucketPolicy', [['Bucket', unknownNode(ssl.span, 'enforceSSL')]], { l1: false }, this.uniqueId(`${id}Policy`));
    }
  }

  private blockedTypes(p: CodeObject | undefined): ValueNode | undefined {
    const v = entryOf(p, 'blockedEncryptionTypes');
    if (!v || v.kind !== 'array') return undefined;
    const items = v.items.map((x) => {
      const m = enumMember(x, 'BlockedEncryptionType');
      return m ? scalar(m === 'SSE_C' ? 'SSE-C' : m, x.span) : unknownNode(x.span, 'encryption type');
    });
    return obj(v.span, [['EncryptionType', arr(v.span, items)]]);
  }

  private stream(c: ConstructCall, id: string): void {
    const p = c.props;
    const encV = entryOf(p, 'encryption');
    const keyV = entryOf(p, 'encryptionKey');
    const mode = encV ? enumMember(encV, 'StreamEncryption') : keyV ? 'KMS' : 'MANAGED';
    const span = encV?.span ?? keyV?.span ?? c.calleeSpan;
    const props: [string, ValueNode][] = [];
    if (encV && !mode) props.push(['StreamEncryption', unknownNode(encV.span, 'encryption')]);
    else if (mode === 'MANAGED' || mode === 'KMS') {
      let key: ValueNode;
      if (mode === 'MANAGED') key = scalar('alias/aws/kinesis', span);
      else if (keyV) key = this.keyNode(keyV);
      else key = getAtt(this.implicitKey(c, id, span, false), 'Arn', span);
      props.push(['StreamEncryption', obj(span, [['EncryptionType', scalar('KMS', span)], ['KeyId', key]])]);
    }
    this.add(c, 'AWS::Kinesis::Stream', props, { l1: false }, id);
  }

  private database(c: ConstructCall, id: string, kind: string): void {
    const p = c.props;
    const at = c.calleeSpan;
    const props: [string, ValueNode][] = [];
    const engine = engineOf(entryOf(p, 'engine'));
    if (engine) props.push(['Engine', scalar(engine.name, entryOf(p, 'engine')!.span)]);
    if (engine?.version) props.push(['EngineVersion', scalar(engine.version, entryOf(p, 'engine')!.span)]);
    if (kind === 'db-serverless') {
      props.push(['StorageEncrypted', scalar(true, at)], ['EngineMode', scalar('serverless', at)]);
    } else if (kind === 'db-replica') {
      const src = entryOf(p, 'sourceDatabaseInstance');
      props.push(['SourceDBInstanceIdentifier', src ? this.keyNode(src, 'Ref') : unknownNode(at, 'source')]);
      const key = entryOf(p, 'storageEncryptionKey');
      if (key) props.push(['KmsKeyId', this.keyNode(key, 'Ref')]);
    } else {
      const enc = entryOf(p, 'storageEncrypted');
      const key = entryOf(p, 'storageEncryptionKey');
      if (key) {
        // CDK renders `storageEncrypted: props.storageEncryptionKey ? true : props.storageEncrypted`.
        props.push(['StorageEncrypted', enc && isTrue(enc) === false ? this.toNode(enc, c.module) : scalar(true, key.span)]);
        props.push(['KmsKeyId', this.keyNode(key, 'Ref')]);
      } else if (enc) props.push(['StorageEncrypted', this.toNode(enc, c.module)]);
      if (c.className.includes('FromSnapshot')) props.push([kind === 'db-cluster' ? 'SnapshotIdentifier' : 'DBSnapshotIdentifier', unknownNode(at, 'snapshot')]);
    }
    const pg = entryOf(p, 'parameterGroup');
    if (pg) props.push([kind === 'db-cluster' ? 'DBClusterParameterGroupName' : 'DBParameterGroupName', this.keyNode(pg, 'Ref')]);
    else if (entryOf(p, 'parameters')) props.push([kind === 'db-cluster' ? 'DBClusterParameterGroupName' : 'DBParameterGroupName', unknownNode(at, 'implicit parameter group')]);
    this.add(c, kind === 'db-cluster' || kind === 'db-serverless' ? 'AWS::RDS::DBCluster' : 'AWS::RDS::DBInstance', props, { l1: false }, id);
  }

  private deliveryStream(c: ConstructCall, id: string): void {
    const p = c.props;
    const props: [string, ValueNode][] = [];
    const encV = entryOf(p, 'encryption');
    const keyV = entryOf(p, 'encryptionKey');
    if (encV) {
      const f = factoryCall(encV, 'StreamEncryption');
      const legacy = enumMember(encV, 'StreamEncryption'); // alpha: StreamEncryption.AWS_OWNED / CUSTOMER_MANAGED / UNENCRYPTED
      const mode = f?.method ?? (legacy === 'AWS_OWNED' ? 'awsOwnedKey' : legacy === 'CUSTOMER_MANAGED' ? 'customerManagedKey' : legacy === 'UNENCRYPTED' ? 'unencrypted' : undefined);
      const key = f?.args[0] ?? keyV;
      if (mode === 'awsOwnedKey') props.push(['DeliveryStreamEncryptionConfigurationInput', obj(encV.span, [['KeyType', scalar('AWS_OWNED_CMK', encV.span)]])]);
      else if (mode === 'customerManagedKey') {
        const arn = key ? this.keyNode(key) : getAtt(this.implicitKey(c, id, encV.span, false), 'Arn', encV.span);
        props.push(['DeliveryStreamEncryptionConfigurationInput', obj(encV.span, [['KeyType', scalar('CUSTOMER_MANAGED_CMK', encV.span)], ['KeyARN', arn]])]);
      } else if (mode !== 'unencrypted') props.push(['DeliveryStreamEncryptionConfigurationInput', unknownNode(encV.span, 'encryption')]);
    } else if (keyV) {
      props.push(['DeliveryStreamEncryptionConfigurationInput', obj(keyV.span, [['KeyType', scalar('CUSTOMER_MANAGED_CMK', keyV.span)], ['KeyARN', this.keyNode(keyV)]])]);
    }
    const source = entryOf(p, 'source', 'sourceStream');
    if (source) props.push(['DeliveryStreamType', scalar('KinesisStreamAsSource', source.span)], ['KinesisStreamSourceConfiguration', obj(source.span, [['KinesisStreamARN', unknownNode(source.span, 'stream')]])]);
    const dest = entryOf(p, 'destination') ?? (() => {
      const list = entryOf(p, 'destinations');
      return list?.kind === 'array' ? list.items[0] : undefined;
    })();
    if (dest?.kind === 'new' && dest.construct.className === 'S3Bucket') {
      const d = dest.construct;
      const key = entryOf(d.props, 'encryptionKey');
      const s3: [string, ValueNode][] = [['BucketARN', unknownNode(d.calleeSpan, 'bucket')]];
      if (d.props?.open) s3.push(['EncryptionConfiguration', unknownNode(d.props.span, 'spread')]);
      else if (key) s3.push(['EncryptionConfiguration', obj(key.span, [['KMSEncryptionConfig', obj(key.span, [['AWSKMSKeyARN', this.keyNode(key)]])]])]);
      const destNode = obj(d.span, s3);
      // Findings about the destination's defaults point at the destination's class reference.
      destNode.span = d.calleeSpan;
      props.push(['ExtendedS3DestinationConfiguration', destNode]);
    } else if (dest) props.push(['ExtendedS3DestinationConfiguration', unknownNode(dest.span, 'destination')]);
    this.add(c, 'AWS::KinesisFirehose::DeliveryStream', props, { l1: false }, id);
  }
}

type L2Kind = 'bucket' | 'bucket-policy' | 'key' | 'stream' | 'db-instance' | 'db-replica' | 'db-cluster' | 'db-serverless' | 'parameter-group' | 'delivery-stream' | 'redshift-cluster';

/** The L2 constructs modelled, by module.ClassName (alpha and v1 modules use the same normalised module names). */
export const L2_TYPES: Record<string, L2Kind> = {
  'aws-s3.Bucket': 'bucket',
  'aws-s3.BucketPolicy': 'bucket-policy',
  'aws-kms.Key': 'key',
  'aws-kinesis.Stream': 'stream',
  'aws-rds.DatabaseInstance': 'db-instance',
  'aws-rds.DatabaseInstanceFromSnapshot': 'db-instance',
  'aws-rds.DatabaseInstanceReadReplica': 'db-replica',
  'aws-rds.DatabaseCluster': 'db-cluster',
  'aws-rds.DatabaseClusterFromSnapshot': 'db-cluster',
  'aws-rds.ServerlessCluster': 'db-serverless',
  'aws-rds.ParameterGroup': 'parameter-group',
  'aws-kinesisfirehose.DeliveryStream': 'delivery-stream',
  'aws-redshift.Cluster': 'redshift-cluster',
};

function enumValue(v: CodeValue, enumName: string): ValueNode {
  const m = enumMember(v, enumName);
  return m ? scalar(m, v.span) : { kind: 'unknown', span: v.span, reason: enumName };
}

function durationDays(v: CodeValue): number | undefined {
  const f = factoryCall(v, 'Duration');
  const n = f?.args[0];
  if (!f || n?.kind !== 'scalar' || typeof n.value !== 'number') return undefined;
  if (f.method === 'days') return n.value;
  if (f.method === 'hours') return n.value / 24;
  return undefined;
}

const ENGINE_NAMES: Record<string, string> = {
  mysql: 'mysql', postgres: 'postgres', mariaDb: 'mariadb', oracleEe: 'oracle-ee', oracleSe2: 'oracle-se2',
  oracleEeCdb: 'oracle-ee-cdb', oracleSe2Cdb: 'oracle-se2-cdb', sqlServerEe: 'sqlserver-ee', sqlServerSe: 'sqlserver-se',
  sqlServerEx: 'sqlserver-ex', sqlServerWeb: 'sqlserver-web', auroraMysql: 'aurora-mysql', auroraPostgres: 'aurora-postgresql',
  aurora: 'aurora', mariadb: 'mariadb', auroraPostgresql: 'aurora-postgresql',
};

/** `rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15_2 })` → postgres 15.2. */
function engineOf(v: CodeValue | undefined): { name: string; version?: string } | undefined {
  if (!v) return undefined;
  let method: string | undefined;
  let args: CodeValue[] = [];
  if (v.kind === 'call') {
    method = camelCase(v.callee.path[v.callee.path.length - 1]);
    args = v.args;
  } else if (v.kind === 'ref' && v.path.length >= 2) {
    // Constants such as `rds.DatabaseClusterEngine.AURORA_MYSQL`.
    method = camelCase(v.path[v.path.length - 1].toLowerCase());
  }
  const name = method && ENGINE_NAMES[method];
  if (!name) return undefined;
  const opts = args[0];
  const ver = opts?.kind === 'object' ? opts.entries.find((e) => e.key === 'version')?.value : undefined;
  let version: string | undefined;
  if (ver?.kind === 'ref') {
    const m = /^VER_(\d+)(?:_(\d+))?(?:_(\d+))?/.exec(ver.path[ver.path.length - 1]);
    if (m) version = [m[1], m[2], m[3]].filter((x) => x !== undefined).join('.');
  }
  return { name, version };
}

/** Synthesises the CloudFormation view of a CDK code document. */
export function synthesize(doc: CodeDocument): CfnTemplate {
  const s = new Synthesizer(doc);
  s.run();
  // Keys CDK creates implicitly come last, so fixes that reuse "the file's key" pick one written in the code.
  s.resources.sort((a, b) => Number(!!s.origins.get(a)?.implicitKeyOf) - Number(!!s.origins.get(b)?.implicitKeyOf));
  const root = obj({ start: 0, end: 0 }, []);
  const template: CfnTemplate = {
    kind: 'cfn', format: 'code', file: doc.file, root, sections: new Map(), parameters: new Map(), conditions: new Map(),
    resources: s.resources, resourceById: new Map(), parseErrors: doc.parseErrors, usesShortForm: false,
    indent: doc.style.indent, eol: doc.style.eol, code: doc,
  };
  for (const r of s.resources) if (!template.resourceById.has(r.logicalId)) template.resourceById.set(r.logicalId, r);
  SYNTHESES.set(template, { template, origins: s.origins, nodePaths: s.nodePaths, logicalIds: s.logicalIds });
  return template;
}
