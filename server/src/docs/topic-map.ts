/**
 * Which mechanism topic (docs/mechanisms.ts) explains a CloudFormation resource type, property or value, or an SDK
 * request parameter. Plain tables plus two lookups:
 *
 *   topicForCfnProperty(resourceType, path, value?) → TopicMatch | undefined
 *       path: keys/indices below `Properties`, e.g. ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0,
 *       'ServerSideEncryptionByDefault', 'SSEAlgorithm']; value: the scalar written there, as a string.
 *   topicForResourceType(resourceType) → ResourceTypeTopic | undefined
 *   topicForSdkParam(service, paramName, value?) → TopicMatch | undefined
 *       service as boto3 spells it ('s3', 'rds', 'kinesis', 'firehose', 'athena', 'emr', 'redshift', 'kms', ...);
 *       client options (`tls`, `use_ssl`, `verify`, ...) match any service.
 */

export interface TopicMatch {
  topic: string;
  /** Further topics worth linking from the hover. */
  also: string[];
  /** Changing this property replaces the resource (RDS storage encryption: rule rds-encryption-change-replacement). */
  replacement: boolean;
  /**
   * A path relative to the hovered property whose scalar value chooses the topic better (`..` = parent). A path into
   * the property's own value refines the topic (the entry's topic stays when nothing better is found); a path to a
   * sibling (starting with `..`) decides alone (no topic when the sibling is not an encryption setting).
   */
  decidedBy?: (string | number)[];
}

export interface CfnTopicEntry {
  type: string;
  /** `/`-separated keys below Properties; `[]` = an array item, `*` = any one key, `**` = any number of keys. */
  path: string;
  /** The entry applies only when the written value equals this (or matches the expression). */
  value?: string | RegExp;
  topic: string;
  also?: string[];
  replacement?: boolean;
  decidedBy?: string;
}

export interface ResourceTypeTopic {
  type: string;
  topic: string;
  also?: string[];
  /** What AWS does for this resource when the template says nothing, as of today. */
  note: string;
}

const S3_BUCKET = 'AWS::S3::Bucket';
const S3_RULE = 'BucketEncryption/ServerSideEncryptionConfiguration/[]';
const S3_DEFAULT = `${S3_RULE}/ServerSideEncryptionByDefault`;
const SC = 'AWS::EMR::SecurityConfiguration';
const SC_AT_REST = 'SecurityConfiguration/EncryptionConfiguration/AtRestEncryptionConfiguration';
const SC_IN_TRANSIT = 'SecurityConfiguration/EncryptionConfiguration/InTransitEncryptionConfiguration';
const FH = 'AWS::KinesisFirehose::DeliveryStream';

/** S3 algorithm values (CloudFormation `SSEAlgorithm`, SDK `ServerSideEncryption`). */
const S3_ALGORITHMS: [string, string][] = [['AES256', 'sse-s3'], ['aws:kms', 'sse-kms'], ['aws:kms:dsse', 'dsse-kms']];
/** EMRFS modes and the S3 mechanism each one is. */
const EMR_MODES: [string, string][] = [['SSE-S3', 'sse-s3'], ['SSE-KMS', 'sse-kms'], ['CSE-KMS', 'cse-kms'], ['CSE-Custom', 'cse-c']];
const ATHENA_OPTIONS: [string, string][] = [['SSE_S3', 'sse-s3'], ['SSE_KMS', 'sse-kms'], ['CSE_KMS', 'cse-kms']];

function s3Algorithm(path: string): CfnTopicEntry[] {
  return [
    ...S3_ALGORITHMS.map(([value, topic]): CfnTopicEntry => ({ type: S3_BUCKET, path, value, topic })),
    // An unknown or misspelt value: the SSE-S3 topic lists the three valid ones.
    { type: S3_BUCKET, path, topic: 'sse-s3', also: ['sse-kms', 'dsse-kms'] },
  ];
}

function rdsStorage(type: string, keys: string[]): CfnTopicEntry[] {
  return keys.map((k) => ({ type, path: k, topic: 'rds-at-rest', replacement: true }));
}

export const CFN_TOPICS: readonly CfnTopicEntry[] = [
  // S3 bucket default encryption: the container keys are explained by the algorithm they hold.
  { type: S3_BUCKET, path: 'BucketEncryption', topic: 'sse-s3', also: ['sse-kms', 'dsse-kms'], decidedBy: 'ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm' },
  { type: S3_BUCKET, path: 'BucketEncryption/ServerSideEncryptionConfiguration', topic: 'sse-s3', also: ['sse-kms', 'dsse-kms'], decidedBy: '0/ServerSideEncryptionByDefault/SSEAlgorithm' },
  { type: S3_BUCKET, path: S3_DEFAULT, topic: 'sse-s3', also: ['sse-kms', 'dsse-kms'], decidedBy: 'SSEAlgorithm' },
  ...s3Algorithm(`${S3_DEFAULT}/SSEAlgorithm`),
  { type: S3_BUCKET, path: `${S3_DEFAULT}/KMSMasterKeyID`, topic: 'sse-kms', also: ['kms-key-policies'], decidedBy: '../SSEAlgorithm' },
  { type: S3_BUCKET, path: `${S3_RULE}/BucketKeyEnabled`, topic: 's3-bucket-keys' },
  { type: S3_BUCKET, path: `${S3_RULE}/BlockedEncryptionTypes/**`, topic: 'sse-c' },
  { type: S3_BUCKET, path: 'ReplicationConfiguration/Rules/[]/Destination/EncryptionConfiguration/**', topic: 'sse-kms' },
  { type: S3_BUCKET, path: 'ReplicationConfiguration/Rules/[]/SourceSelectionCriteria/SseKmsEncryptedObjects/**', topic: 'sse-kms' },
  // S3 bucket policy: TLS and encryption-header conditions.
  { type: 'AWS::S3::BucketPolicy', path: 'PolicyDocument/**/aws:SecureTransport', topic: 's3-in-transit' },
  { type: 'AWS::S3::BucketPolicy', path: 'PolicyDocument/**/s3:TlsVersion', topic: 's3-in-transit' },
  ...S3_ALGORITHMS.map(([value, topic]): CfnTopicEntry => ({ type: 'AWS::S3::BucketPolicy', path: 'PolicyDocument/**/s3:x-amz-server-side-encryption', value, topic })),
  { type: 'AWS::S3::BucketPolicy', path: 'PolicyDocument/**/s3:x-amz-server-side-encryption', topic: 's3-in-transit', also: ['sse-kms'] },
  { type: 'AWS::S3::BucketPolicy', path: 'PolicyDocument/**/s3:x-amz-server-side-encryption-aws-kms-key-id', topic: 'sse-kms' },
  { type: 'AWS::S3::BucketPolicy', path: 'PolicyDocument/**/s3:x-amz-server-side-encryption-customer-algorithm', topic: 'sse-c' },
  // Athena workgroup results.
  ...ATHENA_OPTIONS.map(([value, also]): CfnTopicEntry => ({ type: 'AWS::Athena::WorkGroup', path: '**/EncryptionOption', value, topic: 'athena-encryption', also: [also] })),
  { type: 'AWS::Athena::WorkGroup', path: '**/EncryptionConfiguration', topic: 'athena-encryption', decidedBy: 'EncryptionOption' },
  { type: 'AWS::Athena::WorkGroup', path: '**/EncryptionConfiguration/**', topic: 'athena-encryption' },
  { type: 'AWS::Athena::WorkGroup', path: 'WorkGroupConfiguration/EnforceWorkGroupConfiguration', topic: 'athena-encryption' },
  { type: 'AWS::Athena::WorkGroup', path: 'WorkGroupConfigurationUpdates/EnforceWorkGroupConfiguration', topic: 'athena-encryption' },
  { type: 'AWS::Athena::WorkGroup', path: 'WorkGroupConfigurationUpdates/ResultConfigurationUpdates/RemoveEncryptionConfiguration', topic: 'athena-encryption' },
  { type: 'AWS::Athena::WorkGroup', path: 'WorkGroupConfiguration/CustomerContentEncryptionConfiguration/**', topic: 'athena-encryption' },
  { type: 'AWS::Glue::DataCatalogEncryptionSettings', path: 'DataCatalogEncryptionSettings/EncryptionAtRest/**', topic: 'athena-encryption', also: ['kms-key-policies'] },
  // EMR cluster.
  { type: 'AWS::EMR::Cluster', path: 'SecurityConfiguration', topic: 'emr-security-configuration' },
  { type: 'AWS::EMR::Cluster', path: 'CustomAmiId', topic: 'emr-local-disk' },
  { type: 'AWS::EMR::Cluster', path: 'LogEncryptionKmsKeyId', topic: 'emr-at-rest' },
  // EMR security configuration document (object form; the string form is scanned into the same paths).
  ...EMR_MODES.map(([value, also]): CfnTopicEntry => ({ type: SC, path: `${SC_AT_REST}/S3EncryptionConfiguration/**/EncryptionMode`, value, topic: 'emr-at-rest', also: [also] })),
  { type: SC, path: `${SC_AT_REST}/S3EncryptionConfiguration`, topic: 'emr-at-rest', decidedBy: 'EncryptionMode' },
  { type: SC, path: `${SC_AT_REST}/S3EncryptionConfiguration/**`, topic: 'emr-at-rest' },
  { type: SC, path: `${SC_AT_REST}/LocalDiskEncryptionConfiguration/**`, topic: 'emr-local-disk' },
  { type: SC, path: `${SC_AT_REST}/LocalDiskEncryptionConfiguration`, topic: 'emr-local-disk' },
  { type: SC, path: SC_AT_REST, topic: 'emr-at-rest', also: ['emr-local-disk'] },
  { type: SC, path: 'SecurityConfiguration/EncryptionConfiguration/EnableAtRestEncryption', topic: 'emr-at-rest', also: ['emr-local-disk'] },
  { type: SC, path: `${SC_IN_TRANSIT}/**`, topic: 'emr-in-transit' },
  { type: SC, path: SC_IN_TRANSIT, topic: 'emr-in-transit' },
  { type: SC, path: 'SecurityConfiguration/EncryptionConfiguration/EnableInTransitEncryption', topic: 'emr-in-transit' },
  { type: SC, path: 'SecurityConfiguration/EncryptionConfiguration', topic: 'emr-security-configuration' },
  { type: SC, path: 'SecurityConfiguration', topic: 'emr-security-configuration' },
  // RDS storage encryption (create-only), TLS parameters, options.
  ...rdsStorage('AWS::RDS::DBInstance', ['StorageEncrypted', 'KmsKeyId']),
  ...rdsStorage('AWS::RDS::DBCluster', ['StorageEncrypted', 'KmsKeyId']),
  ...rdsStorage('AWS::RDS::GlobalCluster', ['StorageEncrypted']),
  { type: 'AWS::RDS::DBInstance', path: 'CACertificateIdentifier', topic: 'rds-in-transit' },
  { type: 'AWS::RDS::DBInstance', path: 'DBParameterGroupName', topic: 'rds-in-transit' },
  { type: 'AWS::RDS::DBCluster', path: 'DBClusterParameterGroupName', topic: 'rds-in-transit' },
  { type: 'AWS::RDS::DBInstance', path: 'TdeCredentialArn', topic: 'rds-tde' },
  { type: 'AWS::RDS::DBInstance', path: 'TdeCredentialPassword', topic: 'rds-tde' },
  ...['AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup'].flatMap((type): CfnTopicEntry[] => [
    { type, path: 'Parameters/rds.force_ssl', topic: 'rds-in-transit' },
    { type, path: 'Parameters/require_secure_transport', topic: 'rds-in-transit' },
  ]),
  { type: 'AWS::RDS::OptionGroup', path: 'OptionConfigurations/[]/OptionName', value: /^TDE(_SQLServer)?$/, topic: 'rds-tde' },
  { type: 'AWS::RDS::OptionGroup', path: 'OptionConfigurations/[]/OptionName', value: 'NATIVE_NETWORK_ENCRYPTION', topic: 'rds-nne' },
  { type: 'AWS::RDS::OptionGroup', path: 'OptionConfigurations/[]/OptionName', value: 'SSL', topic: 'rds-in-transit', also: ['rds-nne'] },
  { type: 'AWS::RDS::OptionGroup', path: 'OptionConfigurations/[]/OptionSettings/[]/Name', value: /^SQLNET\./, topic: 'rds-nne' },
  { type: 'AWS::RDS::OptionGroup', path: 'OptionConfigurations/[]/OptionSettings/[]/Value', topic: 'rds-nne', decidedBy: '../Name' },
  // Kinesis Data Streams.
  { type: 'AWS::Kinesis::Stream', path: 'StreamEncryption/**', topic: 'kinesis-sse' },
  { type: 'AWS::Kinesis::Stream', path: 'StreamEncryption', topic: 'kinesis-sse' },
  // Firehose: its own SSE, and each S3 destination's object encryption.
  { type: FH, path: 'DeliveryStreamEncryptionConfigurationInput/**', topic: 'firehose-sse' },
  { type: FH, path: 'DeliveryStreamEncryptionConfigurationInput', topic: 'firehose-sse' },
  { type: FH, path: '**/EncryptionConfiguration/**', topic: 'firehose-s3-destination' },
  { type: FH, path: '**/EncryptionConfiguration', topic: 'firehose-s3-destination' },
  // Redshift.
  { type: 'AWS::Redshift::Cluster', path: 'Encrypted', topic: 'redshift-at-rest' },
  { type: 'AWS::Redshift::Cluster', path: 'KmsKeyId', topic: 'redshift-at-rest', also: ['crypto-basics'] },
  { type: 'AWS::Redshift::Cluster', path: 'SnapshotCopyGrantName', topic: 'redshift-at-rest' },
  { type: 'AWS::Redshift::Cluster', path: 'HsmClientCertificateIdentifier', topic: 'redshift-hsm' },
  { type: 'AWS::Redshift::Cluster', path: 'HsmConfigurationIdentifier', topic: 'redshift-hsm' },
  { type: 'AWS::Redshift::Cluster', path: 'RotateEncryptionKey', topic: 'redshift-key-rotation' },
  { type: 'AWS::Redshift::Cluster', path: 'ClusterParameterGroupName', topic: 'redshift-in-transit' },
  { type: 'AWS::Redshift::ClusterParameterGroup', path: 'Parameters/[]/ParameterName', value: /^(require_ssl|use_fips_ssl)$/, topic: 'redshift-in-transit' },
  { type: 'AWS::Redshift::ClusterParameterGroup', path: 'Parameters/[]/ParameterValue', topic: 'redshift-in-transit', decidedBy: '../ParameterName' },
  { type: 'AWS::RedshiftServerless::Namespace', path: 'KmsKeyId', topic: 'redshift-at-rest' },
  // KMS keys.
  { type: 'AWS::KMS::Key', path: 'KeySpec', topic: 'crypto-basics' },
  { type: 'AWS::KMS::Key', path: 'KeyUsage', topic: 'crypto-basics' },
  { type: 'AWS::KMS::Key', path: 'Origin', topic: 'crypto-basics', also: ['kms-rotation'] },
  { type: 'AWS::KMS::Key', path: 'EnableKeyRotation', topic: 'kms-rotation' },
  { type: 'AWS::KMS::Key', path: 'RotationPeriodInDays', topic: 'kms-rotation' },
  { type: 'AWS::KMS::Key', path: 'KeyPolicy', topic: 'kms-key-policies' },
  { type: 'AWS::KMS::Key', path: 'KeyPolicy/**/Action', topic: 'kms-key-policies' },
];

export const RESOURCE_TYPE_TOPICS: readonly ResourceTypeTopic[] = [
  { type: S3_BUCKET, topic: 'sse-s3', also: ['sse-kms', 's3-bucket-keys', 's3-in-transit'], note: 'Objects are always encrypted at rest: SSE-S3 unless `BucketEncryption` chooses SSE-KMS or DSSE-KMS. HTTPS is not required unless a bucket policy denies `aws:SecureTransport: false`.' },
  { type: 'AWS::S3::BucketPolicy', topic: 's3-in-transit', note: 'Where a bucket refuses plain HTTP (`aws:SecureTransport`) or requires particular encryption headers.' },
  { type: 'AWS::Athena::WorkGroup', topic: 'athena-encryption', note: 'Query results are encrypted by the workgroup only when `ResultConfiguration.EncryptionConfiguration` is set; otherwise the results bucket’s default (SSE-S3 at least) applies.' },
  { type: 'AWS::Glue::DataCatalogEncryptionSettings', topic: 'athena-encryption', note: 'Encryption of the Glue Data Catalog that Athena queries: `CatalogEncryptionMode` is `DISABLED`, `SSE-KMS` or `SSE-KMS-WITH-SERVICE-ROLE`.' },
  { type: 'AWS::EMR::Cluster', topic: 'emr-security-configuration', note: 'No encryption at rest or in transit unless `SecurityConfiguration` names a security configuration that turns it on; the property is create-only.' },
  { type: SC, topic: 'emr-security-configuration', also: ['emr-at-rest', 'emr-local-disk', 'emr-in-transit'], note: 'Each half is off unless `EnableAtRestEncryption` / `EnableInTransitEncryption` is true; any change replaces the configuration and the clusters using it.' },
  { type: 'AWS::RDS::DBInstance', topic: 'rds-at-rest', also: ['rds-in-transit'], note: 'Storage is not encrypted unless `StorageEncrypted: true`, and that is decided at creation only. TLS is offered but not required unless the parameter group says so (RDS for PostgreSQL 15+ requires it by default).' },
  { type: 'AWS::RDS::DBCluster', topic: 'rds-at-rest', also: ['rds-in-transit'], note: 'Storage is not encrypted unless `StorageEncrypted: true`, and that is decided at creation only. TLS is required only through the DB cluster parameter group.' },
  { type: 'AWS::RDS::GlobalCluster', topic: 'rds-at-rest', note: '`StorageEncrypted` is create-only; member clusters share the global cluster’s encryption state.' },
  { type: 'AWS::RDS::DBParameterGroup', topic: 'rds-in-transit', note: 'Requires TLS only with `rds.force_ssl: 1` (PostgreSQL, SQL Server) or `require_secure_transport: ON` (MySQL, MariaDB).' },
  { type: 'AWS::RDS::DBClusterParameterGroup', topic: 'rds-in-transit', note: 'For Aurora, TLS is required here: `rds.force_ssl: 1` (Aurora PostgreSQL) or `require_secure_transport: ON` (Aurora MySQL).' },
  { type: 'AWS::RDS::OptionGroup', topic: 'rds-tde', also: ['rds-nne'], note: 'Options `TDE` (Oracle, SQL Server) and `NATIVE_NETWORK_ENCRYPTION` (Oracle) add encryption inside the engine.' },
  { type: 'AWS::Kinesis::Stream', topic: 'kinesis-sse', note: 'Not encrypted unless `StreamEncryption` is set (CDK’s `kinesis.Stream` sets it by default).' },
  { type: FH, topic: 'firehose-sse', also: ['firehose-s3-destination'], note: 'Server-side encryption of a Direct PUT stream is off unless `DeliveryStreamEncryptionConfigurationInput` is set; delivered S3 objects follow each destination’s `EncryptionConfiguration`, or else the bucket default.' },
  { type: 'AWS::Redshift::Cluster', topic: 'redshift-at-rest', also: ['redshift-in-transit'], note: 'Always encrypted since January 2025 (an AWS-owned key unless `KmsKeyId` is set). A new cluster without a parameter group gets `default.redshift-2.0`, which requires TLS.' },
  { type: 'AWS::Redshift::ClusterParameterGroup', topic: 'redshift-in-transit', note: '`require_ssl: true` refuses connections without TLS; it is static and applies after a reboot.' },
  { type: 'AWS::RedshiftServerless::Namespace', topic: 'redshift-at-rest', note: 'Always encrypted; `KmsKeyId` chooses a customer managed key instead of the default AWS-owned key.' },
  { type: 'AWS::KMS::Key', topic: 'crypto-basics', also: ['kms-key-policies', 'kms-rotation'], note: 'A symmetric encryption key unless `KeySpec` / `KeyUsage` say otherwise; automatic rotation is off unless `EnableKeyRotation: true`.' },
];

// ------------------------------------------------------------------------------------------- SDK parameters

export interface SdkTopicEntry {
  /** boto3 service name, or `*` for client options valid for every service. */
  service: string;
  param: string;
  value?: string | RegExp;
  topic: string;
  also?: string[];
  replacement?: boolean;
}

function sdk(service: string, topic: string, params: string[], extra: Partial<SdkTopicEntry> = {}): SdkTopicEntry[] {
  return params.map((param) => ({ service, param, topic, ...extra }));
}

export const SDK_TOPICS: readonly SdkTopicEntry[] = [
  ...S3_ALGORITHMS.flatMap(([value, topic]) => [
    { service: 's3', param: 'ServerSideEncryption', value, topic },
    { service: 's3', param: 'SSEAlgorithm', value, topic },
  ]),
  ...sdk('s3', 'sse-s3', ['ServerSideEncryption', 'SSEAlgorithm', 'ServerSideEncryptionConfiguration', 'ApplyServerSideEncryptionByDefault'], { also: ['sse-kms', 'dsse-kms'] }),
  ...sdk('s3', 'sse-kms', ['SSEKMSKeyId', 'SSEKMSEncryptionContext', 'KMSMasterKeyID']),
  ...sdk('s3', 's3-bucket-keys', ['BucketKeyEnabled']),
  ...sdk('s3', 'sse-c', ['SSECustomerAlgorithm', 'SSECustomerKey', 'SSECustomerKeyMD5', 'CopySourceSSECustomerAlgorithm', 'CopySourceSSECustomerKey', 'CopySourceSSECustomerKeyMD5', 'BlockedEncryptionTypes']),
  ...sdk('s3', 's3-in-transit', ['Policy']),
  ...ATHENA_OPTIONS.map(([value, also]): SdkTopicEntry => ({ service: 'athena', param: 'EncryptionOption', value, topic: 'athena-encryption', also: [also] })),
  ...sdk('athena', 'athena-encryption', ['EncryptionConfiguration', 'EncryptionOption', 'KmsKey', 'EnforceWorkGroupConfiguration', 'EnableMinimumEncryptionConfiguration', 'RemoveEncryptionConfiguration', 'CustomerContentEncryptionConfiguration']),
  ...sdk('emr', 'emr-security-configuration', ['SecurityConfiguration']),
  ...sdk('emr', 'emr-local-disk', ['CustomAmiId']),
  ...sdk('emr', 'emr-at-rest', ['LogEncryptionKmsKeyId']),
  ...sdk('rds', 'rds-at-rest', ['StorageEncrypted', 'KmsKeyId'], { replacement: true }),
  ...sdk('rds', 'rds-in-transit', ['CACertificateIdentifier', 'DBParameterGroupName', 'DBClusterParameterGroupName']),
  ...sdk('rds', 'rds-tde', ['TdeCredentialArn', 'TdeCredentialPassword']),
  ...sdk('kinesis', 'kinesis-sse', ['StreamEncryption', 'EncryptionType', 'KeyId']),
  ...sdk('firehose', 'firehose-sse', ['DeliveryStreamEncryptionConfigurationInput', 'KeyType', 'KeyARN']),
  ...sdk('firehose', 'firehose-s3-destination', ['EncryptionConfiguration', 'NoEncryptionConfig', 'KMSEncryptionConfig', 'AWSKMSKeyARN']),
  ...sdk('redshift', 'redshift-at-rest', ['Encrypted', 'KmsKeyId', 'SnapshotCopyGrantName']),
  ...sdk('redshift', 'redshift-hsm', ['HsmClientCertificateIdentifier', 'HsmConfigurationIdentifier', 'HsmIpAddress', 'HsmPartitionName', 'HsmPartitionPassword', 'HsmServerPublicCertificate']),
  ...sdk('redshift', 'redshift-in-transit', ['ClusterParameterGroupName']),
  ...sdk('redshift-serverless', 'redshift-at-rest', ['kmsKeyId']),
  ...sdk('kms', 'crypto-basics', ['KeySpec', 'KeyUsage', 'Origin']),
  ...sdk('kms', 'kms-rotation', ['RotationPeriodInDays']),
  ...sdk('kms', 'kms-key-policies', ['Policy']),
  // Client options (JavaScript v3/v2 constructor options, boto3 client keyword arguments).
  ...sdk('*', 'tls-in-transit', ['tls', 'sslEnabled', 'use_ssl', 'verify', 'endpoint', 'endpoint_url', 'rejectUnauthorized', 'httpsAgent', 'requestHandler']),
];

// ------------------------------------------------------------------------------------------- lookups

type Segment = string | number;

function splitPattern(pattern: string): string[] {
  return pattern === '' ? [] : pattern.split('/');
}

/** Whether a concrete path (numbers are array indices) matches a pattern. */
export function pathMatches(pattern: readonly string[], path: readonly Segment[], pi = 0, si = 0): boolean {
  if (pi === pattern.length) return si === path.length;
  const p = pattern[pi];
  if (p === '**') {
    for (let k = si; k <= path.length; k++) if (pathMatches(pattern, path, pi + 1, k)) return true;
    return false;
  }
  if (si === path.length) return false;
  const s = path[si];
  const ok = p === '[]' ? typeof s === 'number' : p === '*' ? typeof s === 'string' : p === s;
  return ok && pathMatches(pattern, path, pi + 1, si + 1);
}

function valueMatches(expected: string | RegExp | undefined, value: string | undefined): boolean {
  if (expected === undefined) return true;
  if (value === undefined) return false;
  return typeof expected === 'string' ? expected === value : expected.test(value);
}

interface CompiledCfnEntry extends CfnTopicEntry {
  segments: string[];
}

const CFN_BY_TYPE = new Map<string, CompiledCfnEntry[]>();
for (const e of CFN_TOPICS) {
  const list = CFN_BY_TYPE.get(e.type) ?? [];
  list.push({ ...e, segments: splitPattern(e.path) });
  CFN_BY_TYPE.set(e.type, list);
}
const TYPE_TOPICS = new Map(RESOURCE_TYPE_TOPICS.map((t) => [t.type, t]));

function toMatch(e: { topic: string; also?: string[]; replacement?: boolean; decidedBy?: string }): TopicMatch {
  const m: TopicMatch = { topic: e.topic, also: e.also ?? [], replacement: !!e.replacement };
  if (e.decidedBy) m.decidedBy = e.decidedBy.split('/').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return m;
}

/**
 * The topic for a property (path below Properties) of a resource type, optionally with the scalar value written
 * there. Entries naming a value win over general ones; otherwise the first matching entry of the table.
 */
export function topicForCfnProperty(resourceType: string, path: readonly Segment[], value?: string): TopicMatch | undefined {
  const entries = CFN_BY_TYPE.get(resourceType);
  if (!entries || path.length === 0) return undefined;
  let general: CompiledCfnEntry | undefined;
  for (const e of entries) {
    if (!pathMatches(e.segments, path)) continue;
    if (e.value === undefined) {
      general ??= e;
      continue;
    }
    if (valueMatches(e.value, value)) return toMatch(e);
  }
  // A value-specific entry whose value does not match (e.g. OptionName: APEX) leaves the key unexplained.
  if (!general && entries.some((e) => e.value !== undefined && pathMatches(e.segments, path))) return undefined;
  return general && toMatch(general);
}

export function topicForResourceType(resourceType: string): ResourceTypeTopic | undefined {
  return TYPE_TOPICS.get(resourceType);
}

/** Resource types the mechanism hovers know. */
export function knownResourceTypes(): string[] {
  return RESOURCE_TYPE_TOPICS.map((t) => t.type);
}

/** EMR security configuration keys by name (SDK code passes the document as a JSON string). */
function emrDocumentKey(name: string, value: string | undefined): TopicMatch | undefined {
  const entries = CFN_BY_TYPE.get(SC) ?? [];
  const named = entries.filter((e) => [...e.segments].reverse().find((s) => s !== '**' && s !== '[]' && s !== '*') === name);
  const withValue = named.find((e) => e.value !== undefined && valueMatches(e.value, value));
  const chosen = withValue ?? named.find((e) => e.value === undefined);
  if (chosen) return toMatch(chosen);
  // Keys inside a configuration block: look for a `<block>/**` entry whose block is known to hold this key.
  const block = EMR_KEY_BLOCK[name];
  const inBlock = block && entries.find((e) => e.value === undefined && e.path.endsWith(`${block}/**`));
  return inBlock ? toMatch(inBlock) : undefined;
}

/** Keys of the EMR security configuration that only occur inside one block (ambiguous keys are left out). */
const EMR_KEY_BLOCK: Record<string, string> = {
  EncryptionMode: 'S3EncryptionConfiguration',
  Overrides: 'S3EncryptionConfiguration',
  BucketName: 'S3EncryptionConfiguration',
  EncryptionKeyProviderType: 'LocalDiskEncryptionConfiguration',
  EnableEbsEncryption: 'LocalDiskEncryptionConfiguration',
  TLSCertificateConfiguration: 'InTransitEncryptionConfiguration',
  CertificateProviderType: 'InTransitEncryptionConfiguration',
  CertificateProviderClass: 'InTransitEncryptionConfiguration',
};

/** The topic for an SDK request parameter or client option (API casing, e.g. `ServerSideEncryption`, `use_ssl`). */
export function topicForSdkParam(service: string, paramName: string, value?: string): TopicMatch | undefined {
  const svc = service.toLowerCase();
  let general: SdkTopicEntry | undefined;
  for (const e of SDK_TOPICS) {
    if ((e.service !== svc && e.service !== '*') || e.param !== paramName) continue;
    if (e.value === undefined) general ??= e;
    else if (valueMatches(e.value, value)) return toMatch(e);
  }
  if (general) return toMatch(general);
  if (svc === 'emr') return emrDocumentKey(paramName, value);
  return undefined;
}
