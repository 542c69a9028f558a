/**
 * boto3: clients and resources (`boto3.client('s3', use_ssl=False)`, `boto3.resource('s3')`,
 * `boto3.session.Session(...).client(...)`, `Session().client`, botocore `get_session().create_client`), and the
 * API operations called through them, with the client each call goes through.
 *
 * A call on a receiver we cannot trace to a client (a parameter, an attribute set elsewhere) is still an API call
 * when its method is one of the encryption-relevant operations below AND either the receiver's name says the service
 * (`s3_client`, `self.rds`) or the keyword arguments carry the operation's identifying parameters. That keeps
 * `ivs.create_stream(...)` or a user's own `put_object(data)` helper out.
 */
import { ApiCall, CodeObject, SdkClient } from '../../model/code';
import { PythonAnalysis, Scope } from '../cdk-py/analysis';
import { PyNode, field, walk } from '../cdk-py/syntax';

interface KnownOperation {
  service: string;
  /** Keyword arguments that identify the operation when the receiver is unknown (all must be present). */
  markers: string[][];
}

/** Encryption-relevant operations, by boto3 method name. */
const KNOWN_OPERATIONS: Record<string, KnownOperation> = {
  put_object: { service: 's3', markers: [['Bucket', 'Key']] },
  copy_object: { service: 's3', markers: [['Bucket', 'CopySource', 'Key']] },
  create_multipart_upload: { service: 's3', markers: [['Bucket', 'Key']] },
  upload_part: { service: 's3', markers: [['Bucket', 'Key', 'UploadId']] },
  upload_part_copy: { service: 's3', markers: [['Bucket', 'CopySource', 'UploadId']] },
  get_object: { service: 's3', markers: [['Bucket', 'Key']] },
  head_object: { service: 's3', markers: [['Bucket', 'Key']] },
  upload_file: { service: 's3', markers: [['Filename', 'Bucket', 'Key']] },
  upload_fileobj: { service: 's3', markers: [['Fileobj', 'Bucket', 'Key']] },
  download_file: { service: 's3', markers: [['Bucket', 'Key', 'Filename']] },
  create_bucket: { service: 's3', markers: [] },
  put_bucket_encryption: { service: 's3', markers: [['Bucket', 'ServerSideEncryptionConfiguration']] },
  put_bucket_policy: { service: 's3', markers: [['Bucket', 'Policy']] },
  create_db_instance: { service: 'rds', markers: [['DBInstanceIdentifier'], ['DBInstanceClass', 'Engine']] },
  create_db_cluster: { service: 'rds', markers: [['DBClusterIdentifier', 'Engine']] },
  create_db_instance_read_replica: { service: 'rds', markers: [['SourceDBInstanceIdentifier']] },
  create_stream: { service: 'kinesis', markers: [['StreamName', 'ShardCount'], ['StreamName', 'StreamModeDetails']] },
  start_stream_encryption: { service: 'kinesis', markers: [['EncryptionType', 'KeyId']] },
  create_delivery_stream: { service: 'firehose', markers: [['DeliveryStreamName']] },
  start_delivery_stream_encryption: { service: 'firehose', markers: [['DeliveryStreamName']] },
  start_query_execution: { service: 'athena', markers: [['QueryString']] },
  create_work_group: { service: 'athena', markers: [['Name', 'Configuration']] },
  update_work_group: { service: 'athena', markers: [['WorkGroup', 'ConfigurationUpdates']] },
  run_job_flow: { service: 'emr', markers: [['Name', 'Instances']] },
  create_security_configuration: { service: 'emr', markers: [['Name', 'SecurityConfiguration']] },
  create_cluster: { service: 'redshift', markers: [['ClusterIdentifier', 'NodeType'], ['ClusterIdentifier', 'MasterUsername']] },
  create_hsm_configuration: { service: 'redshift', markers: [['HsmConfigurationIdentifier', 'HsmIpAddress']] },
  create_hsm_client_certificate: { service: 'redshift', markers: [['HsmClientCertificateIdentifier']] },
  rotate_encryption_key: { service: 'redshift', markers: [['ClusterIdentifier']] },
};

/** Service names as they appear in receiver names (`s3_client`, `self.rds`). */
const SERVICE_WORDS = new Set(['s3', 'rds', 'kinesis', 'firehose', 'athena', 'emr', 'redshift']);
/** Client methods that are not API operations. */
const NOT_OPERATIONS = new Set(['get_paginator', 'get_waiter', 'can_paginate', 'close', 'generate_presigned_url', 'generate_presigned_post', 'get_bucket_location_cached']);

/**
 * boto3 managed transfers: the request parameters travel in `ExtraArgs`, given by keyword or at this positional
 * index (which depends on the receiver: client, Bucket or Object resource).
 */
const TRANSFERS: Record<string, { operation: string; index: Record<ReceiverKind, number> }> = {
  upload_file: { operation: 'PutObject', index: { client: 3, Bucket: 2, Object: 1, resource: -1, BucketPolicy: -1 } },
  upload_fileobj: { operation: 'PutObject', index: { client: 3, Bucket: 2, Object: 1, resource: -1, BucketPolicy: -1 } },
  download_file: { operation: 'GetObject', index: { client: 3, Bucket: 2, Object: 1, resource: -1, BucketPolicy: -1 } },
  download_fileobj: { operation: 'GetObject', index: { client: 3, Bucket: 2, Object: 1, resource: -1, BucketPolicy: -1 } },
  copy: { operation: 'CopyObject', index: { client: 3, Bucket: 2, Object: 1, resource: -1, BucketPolicy: -1 } },
};

/** Methods of S3 resource objects and the operation each performs. */
const RESOURCE_METHODS: Record<'resource' | 'Bucket' | 'Object' | 'BucketPolicy', Record<string, string>> = {
  resource: { create_bucket: 'CreateBucket' },
  Bucket: { put_object: 'PutObject', create: 'CreateBucket' },
  Object: { put: 'PutObject', copy_from: 'CopyObject', initiate_multipart_upload: 'CreateMultipartUpload', get: 'GetObject' },
  BucketPolicy: { put: 'PutBucketPolicy' },
};

type ReceiverKind = 'client' | 'resource' | 'Bucket' | 'Object' | 'BucketPolicy';

/** Irregular segments of boto3 method names (botocore lower-cases `DB`). */
const SEGMENT_SPELLING: Record<string, string> = { db: 'DB' };

/** `create_db_instance` → `CreateDBInstance`. */
export function operationName(method: string): string {
  return method
    .split('_')
    .filter(Boolean)
    .map((s) => SEGMENT_SPELLING[s] ?? s[0].toUpperCase() + s.slice(1))
    .join('');
}

export class Boto3Extractor {
  readonly clients: SdkClient[] = [];
  readonly apiCalls: ApiCall[] = [];
  private readonly clientByNode = new Map<PyNode, { client: SdkClient; kind: 'client' | 'resource' } | null>();

  constructor(private readonly a: PythonAnalysis) {}

  run(): void {
    walk(this.a.root, (n) => {
      if (n.type !== 'call') return;
      const scope = this.a.scopeOf(n);
      const made = this.clientCall(n, scope);
      if (made) {
        if (!this.clients.includes(made.client)) this.clients.push(made.client);
        return;
      }
      const call = this.apiCall(n, scope);
      if (call) this.apiCalls.push(call);
    });
  }

  private qualifiedName(n: PyNode | undefined, scope: Scope): string | undefined {
    if (!n) return undefined;
    const q = this.a.qualify(n, scope);
    return q ? q.full.join('.') : undefined;
  }

  /** Whether an expression is a boto3/botocore session. */
  private isSession(n: PyNode, scope: Scope): boolean {
    const r = this.a.resolveNode(n, scope);
    if (r.node.type !== 'call') return false;
    const name = this.qualifiedName(field(r.node, 'function'), r.scope);
    return name === 'boto3.Session' || name === 'boto3.session.Session' || name === 'botocore.session.get_session' || name === 'botocore.session.Session';
  }

  /** The client a call creates, if it is `boto3.client(...)`, `session.resource(...)`, ... */
  private clientCall(n: PyNode, scope: Scope): { client: SdkClient; kind: 'client' | 'resource' } | undefined {
    const memo = this.clientByNode.get(n);
    if (memo !== undefined) return memo ?? undefined;
    this.clientByNode.set(n, null);
    const callee = field(n, 'function');
    if (!callee) return undefined;
    let kind: 'client' | 'resource' | undefined;
    const name = this.qualifiedName(callee, scope);
    if (name === 'boto3.client') kind = 'client';
    else if (name === 'boto3.resource') kind = 'resource';
    else if (callee.type === 'attribute') {
      const obj = field(callee, 'object');
      const method = field(callee, 'attribute');
      const m = method ? this.a.text(method) : '';
      if (obj && (m === 'client' || m === 'resource' || m === 'create_client') && this.isSession(obj, scope)) kind = m === 'resource' ? 'resource' : 'client';
    }
    if (!kind) return undefined;
    const args = field(n, 'arguments');
    const { positional } = this.a.splitArguments(args);
    const config = this.a.kwargsObject(args, scope, 0, ['service_name']);
    let serviceNode = positional[0];
    if (!serviceNode && config) {
      const kw = this.a.splitArguments(args).keywords.find((k) => field(k, 'name') && this.a.text(field(k, 'name')!) === 'service_name');
      serviceNode = kw ? field(kw, 'value')! : serviceNode;
    }
    const service = serviceNode ? this.a.evaluate(serviceNode, scope) : undefined;
    const client: SdkClient = {
      sdk: 'boto3',
      service: service && service.kind === 'scalar' && typeof service.value === 'string' ? service.value.toLowerCase() : '',
      span: this.a.span(n),
    };
    if (config && (config.entries.length || config.open)) client.config = config;
    const target = n.parent?.type === 'assignment' && field(n.parent, 'right') === n ? field(n.parent, 'left') : undefined;
    // `s3 = ...` and `self.s3 = ...` both name the client `s3`, as in the TypeScript collector.
    if (target?.type === 'identifier') client.variable = this.a.text(target);
    else if (target?.type === 'attribute' && field(target, 'attribute')) client.variable = this.a.text(field(target, 'attribute')!);
    const result = { client, kind };
    this.clientByNode.set(n, result);
    return result;
  }

  /** What a receiver expression is: a client, an S3 resource or one of its sub-resources. */
  private receiver(n: PyNode, scope: Scope, depth = 0): { client: SdkClient; kind: ReceiverKind } | undefined {
    if (depth > 10) return undefined;
    const r = this.a.resolveNode(n, scope);
    const node = r.node;
    if (node.type === 'call') {
      const made = this.clientCall(node, r.scope);
      if (made) return made;
      const callee = field(node, 'function');
      if (callee?.type === 'attribute') {
        const obj = field(callee, 'object');
        const sub = this.a.text(field(callee, 'attribute')!);
        const parent = obj ? this.receiver(obj, r.scope, depth + 1) : undefined;
        if (parent && parent.client.service === 's3') {
          if (parent.kind === 'resource' && (sub === 'Bucket' || sub === 'Object' || sub === 'BucketPolicy')) return { client: parent.client, kind: sub };
          if (parent.kind === 'Bucket' && sub === 'Object') return { client: parent.client, kind: 'Object' };
          if (parent.kind === 'Bucket' && sub === 'Policy') return { client: parent.client, kind: 'BucketPolicy' };
        }
      }
      return undefined;
    }
    // `resource.meta.client`
    if (node.type === 'attribute' && this.a.text(field(node, 'attribute')!) === 'client') {
      const meta = field(node, 'object');
      if (meta?.type === 'attribute' && this.a.text(field(meta, 'attribute')!) === 'meta') {
        const res = this.receiver(field(meta, 'object')!, r.scope, depth + 1);
        if (res) return { client: res.client, kind: 'client' };
      }
    }
    return undefined;
  }

  private apiCall(n: PyNode, scope: Scope): ApiCall | undefined {
    const callee = field(n, 'function');
    if (callee?.type !== 'attribute') return undefined;
    const obj = field(callee, 'object');
    const methodNode = field(callee, 'attribute');
    if (!obj || !methodNode) return undefined;
    const method = this.a.text(methodNode);
    // Operations are snake_case; `Bucket(...)`, `Object(...)` are resource constructors, not calls.
    if (NOT_OPERATIONS.has(method) || !/^[a-z]/.test(method)) return undefined;
    const args = field(n, 'arguments');
    const recv = this.receiver(obj, scope);
    let operation: string | undefined;
    let service: string;
    let kind: ReceiverKind = 'client';
    if (recv) {
      kind = recv.kind;
      service = recv.client.service;
      const transfer = TRANSFERS[method];
      if (kind === 'client') operation = transfer?.operation ?? operationName(method);
      else if (service === 's3') operation = RESOURCE_METHODS[kind][method] ?? (transfer && transfer.index[kind] >= 0 ? transfer.operation : undefined);
      if (!operation) return undefined;
    } else {
      const known = KNOWN_OPERATIONS[method];
      if (!known) return undefined;
      const receiverText = this.a.text(obj);
      if (receiverText === 'self' || receiverText === 'cls') return undefined;
      // boto3 client methods take keyword arguments only (managed transfers excepted), and a receiver that is an
      // imported module (`emr_basics.run_job_flow(name, ...)`) is the user's own wrapper.
      if (!TRANSFERS[method] && this.a.splitArguments(args).positional.length > 0) return undefined;
      const root = this.a.dottedText(obj)?.[0];
      if (root && this.a.lookup(root, scope)?.some((b) => b.importPath)) return undefined;
      const words = receiverText.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
      const named = words.some((w) => SERVICE_WORDS.has(w));
      if (named && !words.includes(known.service)) return undefined;
      if (!named) {
        const given = new Set(this.a.splitArguments(args).keywords.map((k) => (field(k, 'name') ? this.a.text(field(k, 'name')!) : '')));
        if (!known.markers.some((set) => set.every((p) => given.has(p)))) return undefined;
      }
      service = known.service;
      operation = TRANSFERS[method]?.operation ?? operationName(method);
    }
    const call: ApiCall = { sdk: 'boto3', service, operation, span: this.a.span(n), argsEnd: this.a.argsEnd(args, n) };
    if (recv) call.client = recv.client;
    const transfer = TRANSFERS[method];
    if (transfer && (kind === 'client' || transfer.index[kind] >= 0)) {
      call.paramsKeyword = 'ExtraArgs';
      const params = this.extraArgs(args, scope, transfer.index[kind]);
      if (params) call.params = params;
    } else {
      const params = this.a.kwargsObject(args, scope);
      if (params && (params.entries.length || params.open)) call.params = params;
    }
    return call;
  }

  /** The `ExtraArgs` dict of a managed transfer; an open empty object when it is there but cannot be read. */
  private extraArgs(args: PyNode | undefined, scope: Scope, index: number): CodeObject | undefined {
    const { positional, keywords } = this.a.splitArguments(args);
    const kw = keywords.find((k) => field(k, 'name') && this.a.text(field(k, 'name')!) === 'ExtraArgs');
    const node = kw ? field(kw, 'value') : positional[index];
    if (!node) {
      // Unreadable `**kwargs` may hold ExtraArgs.
      if (keywords.some((k) => k.type === 'dictionary_splat') || args?.broken) return { kind: 'object', span: this.a.span(args!), entries: [], open: true };
      return undefined;
    }
    const v = this.a.evaluate(node, scope);
    if (v.kind === 'object') return v;
    if (v.kind === 'scalar' && v.value === null) return undefined;
    return { kind: 'object', span: this.a.span(node), entries: [], open: true };
  }
}
