/**
 * Generated benchmark inputs: templates of any size made of resources of the seven services (plus KMS keys),
 * and templates whose properties are `Fn::If` chains of a chosen depth. Values are plain data in CloudFormation's
 * long form; `toYaml` writes them with short-form tags as people do, `toJson` as CloudFormation JSON.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
type Obj = { [key: string]: Value };

const ref = (name: string): Value => ({ Ref: name });
const getAtt = (id: string, attr: string): Value => ({ 'Fn::GetAtt': [id, attr] });
const sub = (s: string): Value => ({ 'Fn::Sub': s });
const fnIf = (cond: string, whenTrue: Value, whenFalse: Value): Value => ({ 'Fn::If': [cond, whenTrue, whenFalse] });

function keyPolicy(): Value {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') }, Action: 'kms:*', Resource: '*' }],
  };
}

/**
 * One group of ten resources: KMS key, S3 bucket and bucket policy, Athena workgroup, EMR security configuration
 * and cluster, RDS instance, Kinesis stream, Firehose delivery stream, Redshift cluster. With `encrypted` false
 * nearly every resource has a finding; with true they are configured as the rules want.
 */
export function serviceGroup(i: number, encrypted: boolean): Obj {
  const key = `Key${i}`;
  const keyArn = getAtt(key, 'Arn');
  const bucket = `Bucket${i}`;
  const stream = `Stream${i}`;
  const secConfig = `EmrSecurity${i}`;
  return {
    [key]: { Type: 'AWS::KMS::Key', Properties: { Description: `Benchmark key ${i}`, EnableKeyRotation: encrypted, KeyPolicy: keyPolicy() } },
    [bucket]: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: sub(`bench-data-${i}-\${AWS::AccountId}`),
        VersioningConfiguration: { Status: 'Enabled' },
        ...(encrypted
          ? { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] } }
          : {}),
        Tags: [{ Key: 'group', Value: String(i) }],
      },
    },
    [`BucketPolicy${i}`]: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref(bucket),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ReadForAccount',
              Effect: 'Allow',
              Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
              Action: ['s3:GetObject'],
              Resource: sub(`\${${bucket}.Arn}/*`),
            },
            ...(encrypted
              ? [{ Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [getAtt(bucket, 'Arn'), sub(`\${${bucket}.Arn}/*`)], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]
              : []),
          ],
        },
      },
    },
    [`WorkGroup${i}`]: {
      Type: 'AWS::Athena::WorkGroup',
      Properties: {
        Name: `bench-workgroup-${i}`,
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: encrypted,
          ResultConfiguration: {
            OutputLocation: sub(`s3://\${${bucket}}/athena/`),
            ...(encrypted ? { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: keyArn } } : {}),
          },
        },
      },
    },
    [secConfig]: {
      Type: 'AWS::EMR::SecurityConfiguration',
      Properties: {
        SecurityConfiguration: {
          EncryptionConfiguration: {
            EnableAtRestEncryption: encrypted,
            EnableInTransitEncryption: encrypted,
            ...(encrypted
              ? {
                  AtRestEncryptionConfiguration: {
                    S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS', AwsKmsKey: keyArn },
                    LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: keyArn, EnableEbsEncryption: true },
                  },
                  InTransitEncryptionConfiguration: { TLSCertificateConfiguration: { CertificateProviderType: 'PEM', S3Object: 's3://bench-config/certs.zip' } },
                }
              : {}),
          },
        },
      },
    },
    [`EmrCluster${i}`]: {
      Type: 'AWS::EMR::Cluster',
      Properties: {
        Name: `bench-cluster-${i}`,
        ReleaseLabel: 'emr-6.15.0',
        JobFlowRole: 'EMR_EC2_DefaultRole',
        ServiceRole: 'EMR_DefaultRole',
        ...(i % 3 === 2 && !encrypted ? {} : { SecurityConfiguration: ref(secConfig) }),
        Instances: { MasterInstanceGroup: { InstanceCount: 1, InstanceType: 'm5.xlarge' }, CoreInstanceGroup: { InstanceCount: 2, InstanceType: 'm5.xlarge' } },
      },
    },
    [`Database${i}`]: {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        Engine: 'postgres',
        DBInstanceClass: 'db.t3.medium',
        AllocatedStorage: '20',
        MasterUsername: 'bench',
        ManageMasterUserPassword: true,
        StorageEncrypted: encrypted,
        ...(encrypted ? { KmsKeyId: ref(key) } : {}),
      },
    },
    [stream]: {
      Type: 'AWS::Kinesis::Stream',
      Properties: { ShardCount: 1, ...(encrypted ? { StreamEncryption: { EncryptionType: 'KMS', KeyId: ref(key) } } : {}) },
    },
    [`Delivery${i}`]: {
      Type: 'AWS::KinesisFirehose::DeliveryStream',
      Properties: {
        DeliveryStreamType: 'DirectPut',
        ...(encrypted ? { DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArn } } : {}),
        ExtendedS3DestinationConfiguration: {
          BucketARN: getAtt(bucket, 'Arn'),
          RoleARN: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/firehose'),
          ...(encrypted ? { EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: keyArn } } } : { EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' } }),
        },
      },
    },
    [`Warehouse${i}`]: {
      Type: 'AWS::Redshift::Cluster',
      Properties: {
        ClusterType: 'single-node',
        NodeType: 'ra3.xlplus',
        DBName: 'bench',
        MasterUsername: 'bench',
        ManageMasterPassword: true,
        Encrypted: encrypted,
        ...(encrypted ? { KmsKeyId: ref(key) } : {}),
      },
    },
  };
}

export const RESOURCES_PER_GROUP = 10;

function header(description: string): Obj {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description,
    Parameters: { Environment: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] } },
  };
}

/** A template of about `resources` resources (rounded up to whole groups); every other group unencrypted. */
export function serviceTemplate(resources: number, opts: { allUnencrypted?: boolean } = {}): Obj {
  const groups = Math.max(1, Math.ceil(resources / RESOURCES_PER_GROUP));
  const res: Obj = {};
  for (let i = 0; i < groups; i++) Object.assign(res, serviceGroup(i, opts.allUnencrypted ? false : i % 2 === 1));
  return { ...header(`Benchmark: ${groups * RESOURCES_PER_GROUP} resources of seven services`), Resources: res };
}

/** A `Fn::If` chain `depth` deep over conditions C1..Cdepth: each false branch holds the next level. */
function ifChain(depth: number, leafTrue: (level: number) => Value, last: Value): Value {
  let v: Value = last;
  for (let level = depth; level >= 1; level--) v = fnIf(`C${level}`, leafTrue(level), v);
  return v;
}

/**
 * `groups` groups of an S3 bucket, an RDS instance and a Kinesis stream whose encryption property is an
 * `Fn::If` chain `depth` deep (the last branch unencrypted, so every resource has a finding).
 */
export function nestedIfTemplate(depth: number, groups: number): Obj {
  const conditions: Obj = {};
  for (let level = 1; level <= depth; level++) conditions[`C${level}`] = { 'Fn::Equals': [ref('Environment'), `env${level}`] };
  const res: Obj = {};
  for (let i = 0; i < groups; i++) {
    res[`Bucket${i}`] = {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: ifChain(
          depth,
          (level) => ({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: level % 2 ? 'aws:kms' : 'AES256' } }] }),
          ref('AWS::NoValue'),
        ),
      },
    };
    res[`Database${i}`] = {
      Type: 'AWS::RDS::DBInstance',
      Properties: { Engine: 'mysql', DBInstanceClass: 'db.t3.small', AllocatedStorage: '20', StorageEncrypted: ifChain(depth, () => true, false) },
    };
    res[`Stream${i}`] = {
      Type: 'AWS::Kinesis::Stream',
      Properties: { ShardCount: 1, StreamEncryption: ifChain(depth, () => ({ EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }), ref('AWS::NoValue')) },
    };
  }
  return { ...header(`Benchmark: Fn::If nested ${depth} deep`), Conditions: conditions, Resources: res };
}

/** A YAML template of at least `lines` lines made of service groups (many findings when allUnencrypted). */
export function yamlTemplateOfLines(lines: number, opts: { allUnencrypted?: boolean } = {}): string {
  const groupLines = countLines(toYaml(serviceTemplate(RESOURCES_PER_GROUP * 4, opts))) / 4;
  let groups = Math.max(1, Math.floor(lines / groupLines));
  let text = toYaml(serviceTemplate(groups * RESOURCES_PER_GROUP, opts));
  while (countLines(text) < lines) text = toYaml(serviceTemplate(++groups * RESOURCES_PER_GROUP, opts));
  return text;
}

export function countLines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return text.endsWith('\n') ? n : n + 1;
}

export function toJson(v: Value): string {
  return JSON.stringify(v, null, 2) + '\n';
}

// ---- YAML writer (block style, CloudFormation short-form tags) ----

const PLAIN = /^[A-Za-z_][A-Za-z0-9_./:-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  if (PLAIN.test(v) && !RESERVED.test(v) && !v.includes(': ') && !v.endsWith(':')) return v;
  return `'${v.replace(/'/g, "''")}'`;
}

function isObj(v: Value): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The single long-form intrinsic of a one-key mapping, if it is one. */
function intrinsic(v: Value): { fn: string; arg: Value } | undefined {
  if (!isObj(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1 || !(keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return undefined;
  return { fn: keys[0], arg: v[keys[0]] };
}

function tagOf(fn: string): string {
  return fn === 'Ref' ? '!Ref' : `!${fn.slice(4)}`;
}

/** The value written on one line, or undefined when it needs a block. */
function inline(v: Value): string | undefined {
  if (v === null || typeof v !== 'object') return scalar(v);
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    const parts = v.map(inline);
    return parts.every((p) => p !== undefined) && v.every((x) => typeof x !== 'object' || x === null || intrinsic(x)) ? `[${parts.join(', ')}]` : undefined;
  }
  const i = intrinsic(v);
  if (i) {
    if (i.fn === 'Fn::GetAtt' && Array.isArray(i.arg) && i.arg.every((x) => typeof x === 'string')) return `!GetAtt ${i.arg.join('.')}`;
    if (i.fn === 'Fn::If') return undefined;
    const arg = inline(i.arg);
    return arg === undefined ? undefined : `${tagOf(i.fn)} ${arg}`;
  }
  return Object.keys(v).length ? undefined : '{}';
}

/** Lines of a block value at `indent`. */
function block(v: Value, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  const append = (lines: string[]) => {
    for (const l of lines) out.push(l); // not push(...lines): a 20,000-resource section overflows the argument list
  };
  if (Array.isArray(v)) {
    for (const item of v) append(seqItem(item, indent));
    return out;
  }
  const obj = v as Obj;
  for (const [k, val] of Object.entries(obj)) {
    const key = scalar(k);
    const one = inline(val);
    if (one !== undefined) {
      out.push(`${pad}${key}: ${one}`);
      continue;
    }
    const i = intrinsic(val);
    if (i) {
      out.push(`${pad}${key}: ${tagOf(i.fn)}`);
      append(block(i.arg, indent + 2));
    } else {
      out.push(`${pad}${key}:`);
      append(block(val, indent + 2));
    }
  }
  return out;
}

function seqItem(item: Value, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const one = inline(item);
  if (one !== undefined) return [`${pad}- ${one}`];
  const i = intrinsic(item);
  if (i) return [`${pad}- ${tagOf(i.fn)}`, ...block(i.arg, indent + 2)];
  const lines = block(item, indent + 2);
  lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`;
  return lines;
}

export function toYaml(v: Value): string {
  return block(v, 0).join('\n') + '\n';
}
