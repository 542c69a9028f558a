/**
 * Encryption mechanisms explained for a person: the single source of the mechanism hovers and of
 * docs/mechanisms.md. Facts come from the project's encryption reference (§1–§6), rewritten here; every topic links
 * the AWS page it rests on. Topic ids are the `hover` ids of the rule catalog and `meta.hoverTopic` of rules.
 */
import { REPOSITORY_URL } from '../version';

export interface TopicLink {
  title: string;
  url: string;
}

export interface MechanismTopic {
  id: string;
  title: string;
  /** Group heading on the docs page. */
  group: TopicGroup;
  /** One sentence: what the mechanism is and when it applies. */
  summary: string;
  /** Markdown (bullets and short paragraphs), no heading. */
  body: string;
  links: TopicLink[];
  /** Topics worth reading next. */
  seeAlso?: string[];
}

export type TopicGroup = 'Keys and transport' | 'Amazon S3' | 'Amazon Athena' | 'Amazon EMR' | 'Amazon RDS and Aurora'
  | 'Amazon Kinesis Data Streams' | 'Amazon Data Firehose' | 'Amazon Redshift';

export const TOPIC_GROUPS: readonly TopicGroup[] = [
  'Keys and transport', 'Amazon S3', 'Amazon Athena', 'Amazon EMR', 'Amazon RDS and Aurora', 'Amazon Kinesis Data Streams',
  'Amazon Data Firehose', 'Amazon Redshift',
];

const lines = (...l: string[]): string => l.join('\n');

export const MECHANISMS: readonly MechanismTopic[] = [
  // ---------------------------------------------------------------- keys and transport
  {
    id: 'crypto-basics',
    title: 'Symmetric and asymmetric KMS keys',
    group: 'Keys and transport',
    summary: 'Every AWS data service covered here encrypts with a symmetric KMS key; asymmetric and HMAC keys are for client-side work and signatures.',
    body: lines(
      '- **Symmetric key**: one secret both encrypts and decrypts. A KMS key with `KeySpec: SYMMETRIC_DEFAULT` (the default) is a 256-bit AES-GCM key (SM4 in the China Regions) whose material never leaves KMS in plain form.',
      '- **Asymmetric key**: a public/private pair (RSA, ECC, SM2). The public half can be downloaded and used outside AWS; KMS keys of this kind serve client-side encryption or signing and verification (`KeyUsage: SIGN_VERIFY`). `HMAC_*` keys create and check message authentication codes.',
      '- S3, RDS, Redshift, Kinesis Data Streams, Firehose, EMR and Athena accept **only symmetric encryption keys** (`KeySpec: SYMMETRIC_DEFAULT`, `KeyUsage: ENCRYPT_DECRYPT`). Pointing them at any other kind of key fails.',
      '- **Envelope encryption**: the service asks KMS for a data key, encrypts your data with it outside KMS and stores the data key only in encrypted form beside the data. KMS never sees the data; each unwrap of a data key is a KMS request (logged in CloudTrail, counted against quotas, billed).',
      '- `KeySpec`, `KeyUsage` and `Origin` cannot change on an existing key: editing them in a template fails the update or replaces the key, and data encrypted under the old key still needs the old key.',
    ),
    links: [{ title: 'AWS KMS: symmetric and asymmetric keys', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/symmetric-asymmetric.html' }],
    seeAlso: ['kms-key-policies', 'kms-rotation'],
  },
  {
    id: 'kms-key-policies',
    title: 'KMS key policies and grants',
    group: 'Keys and transport',
    summary: 'Who may use a KMS key is decided first by the key’s own policy; services act with the caller’s or their role’s key permissions.',
    body: lines(
      '- Every KMS key has exactly one key policy. Nobody, not even the account, can use the key unless that policy allows it directly or delegates to IAM.',
      '- The default key policy gives the account root `kms:*`; that statement is what lets IAM policies in the account grant use of the key. Without it, only principals named in the key policy (or given a grant) can use the key.',
      '- Services use the key on behalf of a caller or of their own role, which must be a *key user*: `kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:DescribeKey`. Firehose, RDS and Redshift also create KMS grants on the key.',
      '- Typical needs: S3 SSE-KMS readers `kms:Decrypt`, writers `kms:GenerateDataKey`; Kinesis producers `kms:GenerateDataKey`, consumers `kms:Decrypt`; Athena `kms:Decrypt` to read and `kms:GenerateDataKey` + `kms:Decrypt` for encrypted results; EMR’s instance profile role (default `EMR_EC2_DefaultRole`) and service role for the keys of a security configuration.',
      '- Narrow statements with the conditions `kms:ViaService` (for example `s3.us-east-1.amazonaws.com`) and `kms:EncryptionContext:*`.',
      '- The key policy of an AWS managed key (`aws/s3`, `aws/rds`, …) cannot be edited; sharing encrypted data with another account needs a customer managed key.',
    ),
    links: [{ title: 'AWS KMS: key policies', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html' }],
    seeAlso: ['crypto-basics', 'kms-rotation'],
  },
  {
    id: 'kms-rotation',
    title: 'Automatic rotation of KMS keys',
    group: 'Keys and transport',
    summary: 'With rotation on, KMS gives a key new cryptographic material on a schedule while its id, ARN, aliases and policy stay the same.',
    body: lines(
      '- `EnableKeyRotation: true` turns it on; `RotationPeriodInDays` sets the period between 90 and 2560 days (default 365). Off by default in CloudFormation and in CDK `kms.Key`.',
      '- Old material is kept, so data encrypted before a rotation still decrypts: nothing is re-encrypted and nothing that references the key has to change.',
      '- Only symmetric encryption keys with KMS-generated material rotate automatically — not asymmetric keys, HMAC keys or keys with imported material (`Origin: EXTERNAL`). For a multi-Region key, set it on the primary key.',
      '- AWS managed keys (`aws/s3`, `aws/rds`, `aws/kinesis`, …) are rotated by AWS automatically.',
      '- CDK creates keys *without* rotation behind `kinesis.Stream({encryption: KMS})` and Firehose `StreamEncryption.customerManagedKey()` when you pass no key; pass your own `kms.Key` with `enableKeyRotation: true`.',
      '- Different from service key rotation such as Redshift’s `RotateEncryptionKey`, which rotates the cluster’s own keys below the KMS key.',
    ),
    links: [{ title: 'AWS KMS: rotating keys', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html' }],
    seeAlso: ['crypto-basics', 'redshift-key-rotation'],
  },
  {
    id: 'tls-in-transit',
    title: 'TLS for AWS SDK clients',
    group: 'Keys and transport',
    summary: 'AWS SDKs talk HTTPS to AWS endpoints unless a client option turns it off or stops checking the server’s certificate.',
    body: lines(
      '- HTTPS is the default in every AWS SDK, and AWS API endpoints require TLS 1.2 or newer (enforced from 28 June 2023, completed by the end of 2023; FIPS endpoints since 2021).',
      '- Turning TLS off is always explicit: `tls: false` or an `http://` `endpoint` (JavaScript v3), `sslEnabled: false` (JavaScript v2), `use_ssl=False` or `endpoint_url="http://…"` (boto3). Requests and responses — object contents, query text, records — then cross the network unencrypted, and S3 refuses SSE-C requests.',
      '- `verify=False` (boto3) or `rejectUnauthorized: false` in a Node HTTPS agent (or `NODE_TLS_REJECT_UNAUTHORIZED=0`) keeps encryption but skips checking who answers, so anyone on the path can pose as the endpoint. When a proxy uses its own certificate authority, pass that CA bundle instead.',
      '- Plain HTTP to a local emulator (localhost, 127.0.0.1, LocalStack) is reported only as information.',
    ),
    links: [
      { title: 'AWS SDKs and Tools: endpoints', url: 'https://docs.aws.amazon.com/sdkref/latest/guide/feature-endpoints.html' },
      { title: 'TLS 1.2 required for AWS endpoints', url: 'https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/' },
    ],
    seeAlso: ['s3-in-transit', 'sse-c'],
  },
  // ---------------------------------------------------------------- S3
  {
    id: 'sse-s3',
    title: 'SSE-S3: server-side encryption with S3 managed keys',
    group: 'Amazon S3',
    summary: 'S3 encrypts every object with its own key under keys that S3 owns and rotates — the floor every bucket has had since January 2023.',
    body: lines(
      '- Each object gets a unique key; data is encrypted with AES-256-GCM. Nothing to manage, no extra cost.',
      '- Since 5 January 2023 every general purpose bucket applies SSE-S3 to uploads that ask for no other encryption: a bucket can no longer be unencrypted, with or without a `BucketEncryption` block. Writing `SSEAlgorithm: AES256` states the default explicitly.',
      '- Written as: CloudFormation `SSEAlgorithm: AES256` (the only valid values are `AES256`, `aws:kms`, `aws:kms:dsse`); SDK `ServerSideEncryption: "AES256"`; CDK `BucketEncryption.S3_MANAGED`.',
      '- What it does not give: a key policy deciding who may decrypt, a CloudTrail record of each key use, or a way to cut off access by disabling a key. Choose SSE-KMS with a customer managed key when those matter.',
      '- `KMSMasterKeyID` is rejected together with `AES256`.',
    ),
    links: [{ title: 'Amazon S3: protecting data with server-side encryption', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html' }],
    seeAlso: ['sse-kms', 'dsse-kms', 'sse-c'],
  },
  {
    id: 'sse-kms',
    title: 'SSE-KMS: server-side encryption with KMS keys',
    group: 'Amazon S3',
    summary: 'S3 encrypts objects with data keys protected by a KMS key, so a key policy controls who can read and CloudTrail records each use.',
    body: lines(
      '- The key is the AWS managed `aws/s3` key unless `KMSMasterKeyID` (bucket) or `SSEKMSKeyId` (request) names a customer managed key.',
      '- Readers need `kms:Decrypt` and writers `kms:GenerateDataKey` on the key, in addition to their S3 permissions; disabling the key cuts off access to the data.',
      '- Written as: CloudFormation `SSEAlgorithm: aws:kms` (+ `KMSMasterKeyID`); SDK `ServerSideEncryption: "aws:kms"` (+ `SSEKMSKeyId`); CDK `BucketEncryption.KMS` or `KMS_MANAGED`.',
      '- A key id, alias or ARN is accepted. Use the full key ARN when another account reads or writes: an alias or bare id is resolved in the *requester’s* account.',
      '- Symmetric keys only.',
      '- Every object write and read is a KMS request, billed and subject to KMS request quotas; S3 Bucket Keys cut those requests.',
      '- Athena reads SSE-KMS data (also across Regions) and EMRFS writes it with `EncryptionMode: SSE-KMS`, provided their roles may use the key.',
    ),
    links: [{ title: 'Amazon S3: using server-side encryption with AWS KMS keys', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html' }],
    seeAlso: ['s3-bucket-keys', 'kms-key-policies', 'dsse-kms'],
  },
  {
    id: 'dsse-kms',
    title: 'DSSE-KMS: dual-layer server-side encryption with KMS keys',
    group: 'Amazon S3',
    summary: 'S3 applies two independent layers of server-side encryption under a KMS key, for rules that demand two layers.',
    body: lines(
      '- Written as: CloudFormation `SSEAlgorithm: aws:kms:dsse` (exactly this spelling; `aws:kms:DSSE` is invalid); SDK `ServerSideEncryption: "aws:kms:dsse"`; CDK `BucketEncryption.DSSE` or `DSSE_MANAGED`.',
      '- `KMSMasterKeyID` and the key permissions work as with SSE-KMS (`aws/s3` when no key is named).',
      '- **S3 Bucket Keys are not supported** with DSSE-KMS, so each object operation calls KMS. CDK does not reject `bucketKeyEnabled: true` with `DSSE`; this linter flags it.',
    ),
    links: [{ title: 'Amazon S3: dual-layer server-side encryption (DSSE-KMS)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingDSSEncryption.html' }],
    seeAlso: ['sse-kms'],
  },
  {
    id: 'sse-c',
    title: 'SSE-C: server-side encryption with customer-provided keys',
    group: 'Amazon S3',
    summary: 'You send your own AES-256 key with every request; S3 uses it to encrypt or decrypt and then forgets it.',
    body: lines(
      '- Requests carry `SSECustomerAlgorithm: AES256`, `SSECustomerKey` and `SSECustomerKeyMD5`. Every GET, HEAD and copy of the object must send the same key again; lose the key and the object cannot be read — AWS cannot recover it.',
      '- The key travels in request headers, so S3 refuses SSE-C over plain HTTP.',
      '- **Blocked by default since April 2026** on new general purpose buckets (and on existing buckets in accounts that hold no SSE-C objects): SSE-C writes get 403 Access Denied. A bucket’s encryption rule re-enables it with `BlockedEncryptionTypes: {EncryptionType: [NONE]}` (CDK `BlockedEncryptionType.NONE`); `[SSE-C]` keeps it blocked. Reading existing SSE-C objects keeps working.',
      '- No AWS service holds your key: Athena cannot query SSE-C data and EMR does not support it. It cannot be a bucket default.',
    ),
    links: [
      { title: 'Amazon S3: server-side encryption with customer-provided keys', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html' },
      { title: 'Amazon S3: blocking or unblocking SSE-C', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/blocking-unblocking-s3-c-encryption-gpb.html' },
    ],
    seeAlso: ['sse-kms', 'tls-in-transit'],
  },
  {
    id: 'cse-kms',
    title: 'CSE-KMS: client-side encryption with a KMS key',
    group: 'Amazon S3',
    summary: 'The client encrypts each object before upload with a data key wrapped by a KMS key; S3 only ever stores ciphertext.',
    body: lines(
      '- Done with the Amazon S3 Encryption Client, which makes a fresh data key per object and wraps it with the KMS key; readers need the client and `kms:Decrypt` — a plain GET returns ciphertext.',
      '- The S3 Encryption Client exists for Java, Go, Python (`amazon-s3-encryption-client-python`, since May 2026), C++, .NET, Ruby and PHP. There is no official JavaScript/TypeScript version, and the AWS Encryption SDK writes a different, incompatible format.',
      '- Athena reads CSE-KMS data when the table declares it (`has_encrypted_data`), in the same Region only, and can write results with `EncryptionOption: CSE_KMS`. EMRFS uses it with `EncryptionMode: CSE-KMS`.',
    ),
    links: [{ title: 'Amazon S3 Encryption Client', url: 'https://docs.aws.amazon.com/amazon-s3-encryption-client/latest/developerguide/what-is-s3-encryption-client.html' }],
    seeAlso: ['cse-c', 'athena-encryption', 'emr-at-rest'],
  },
  {
    id: 'cse-c',
    title: 'CSE-C: client-side encryption with a key you keep',
    group: 'Amazon S3',
    summary: 'Objects are encrypted before upload with a root key that never leaves your side, so no AWS service can decrypt them.',
    body: lines(
      '- The root key is a raw AES or RSA key given to the S3 Encryption Client, or comes from your own key provider. Storing, rotating and never losing it is entirely your job.',
      '- Athena does not support it. On EMR the equivalent is `EncryptionMode: CSE-Custom` with your own `EncryptionMaterialsProvider` class in a JAR.',
      '- Data written with the AWS Encryption SDK (for example `@aws-crypto/client-node`) is in a different format from the S3 Encryption Client’s; Athena returns it as ciphertext.',
    ),
    links: [{ title: 'Amazon S3: client-side encryption', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingClientSideEncryption.html' }],
    seeAlso: ['cse-kms', 'athena-encryption'],
  },
  {
    id: 's3-bucket-keys',
    title: 'S3 Bucket Keys',
    group: 'Amazon S3',
    summary: 'A short-lived bucket-level key from KMS lets S3 encrypt many SSE-KMS objects without calling KMS for each one.',
    body: lines(
      '- Cuts KMS requests — their cost and the risk of KMS throttling — for SSE-KMS buckets. Athena’s documentation recommends it when queries over many SSE-KMS objects are throttled.',
      '- `BucketKeyEnabled: true` in the bucket’s encryption rule (CDK `bucketKeyEnabled: true`, SDK `BucketKeyEnabled: true` per request). Off by default; turning it on affects new objects only and replaces nothing.',
      '- KMS then sees the bucket ARN instead of the object ARN as encryption context, which key-policy or IAM conditions on `kms:EncryptionContext:aws:s3:arn` must allow.',
      '- **Not supported with DSSE-KMS** (`aws:kms:dsse`).',
    ),
    links: [{ title: 'Amazon S3: reducing the cost of SSE-KMS with S3 Bucket Keys', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html' }],
    seeAlso: ['sse-kms', 'dsse-kms'],
  },
  {
    id: 's3-in-transit',
    title: 'Requiring HTTPS for S3',
    group: 'Amazon S3',
    summary: 'S3 answers plain HTTP requests unless the bucket policy refuses them.',
    body: lines(
      '- The standard statement: `Effect: Deny`, `Principal: "*"`, `Action: s3:*` on both the bucket ARN and `bucket/*`, with `Condition: {Bool: {aws:SecureTransport: "false"}}`.',
      '- Optionally also deny old TLS: `Condition: {NumericLessThan: {s3:TlsVersion: 1.2}}`.',
      '- CDK: `enforceSSL: true` and `minimumTLSVersion: 1.2` on `s3.Bucket` (both off by default).',
      '- A policy that denies uploads without an `x-amz-server-side-encryption` header is no longer needed for encryption (every bucket applies SSE-S3) and breaks clients that rely on the bucket default; keep one only to force a KMS key.',
    ),
    links: [{ title: 'Amazon S3: security best practices', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html' }],
    seeAlso: ['tls-in-transit'],
  },
  // ---------------------------------------------------------------- Athena
  {
    id: 'athena-encryption',
    title: 'Athena: encrypted query results and the data Athena can read',
    group: 'Amazon Athena',
    summary: 'A workgroup decides how query results are encrypted in S3; Athena reads only data encrypted in ways where AWS can reach the key.',
    body: lines(
      '- Results: `ResultConfiguration.EncryptionConfiguration.EncryptionOption` is `SSE_S3`, `SSE_KMS` or `CSE_KMS` (underscores, not hyphens); `KmsKey` is required for the two KMS options. Without it, result files get the results bucket’s default encryption (SSE-S3 at least). `INSERT INTO` writes new table data with the results encryption too.',
      '- `EnforceWorkGroupConfiguration: true` makes the workgroup’s settings override what each client sends; with `false` a client may send its own settings or none. When it is omitted, CloudFormation’s own handler treats the default as `true` and sends `true` on updates (the console checkbox starts unticked). The API also offers `EnableMinimumEncryptionConfiguration`, a floor clients may only raise.',
      '- `RemoveEncryptionConfiguration: true` under `WorkGroupConfigurationUpdates` removes result encryption.',
      '- **Readable**: SSE-S3 and SSE-KMS (also from other Regions), and CSE-KMS in the same Region when the table is marked `has_encrypted_data`. **Not readable**: SSE-C, client-side encryption with your own key (CSE-C), asymmetric keys, and AWS Encryption SDK output (returned as ciphertext).',
      '- Permissions: `kms:Decrypt` to read encrypted data; `kms:GenerateDataKey` and `kms:Decrypt` for encrypted results; Glue Data Catalog encryption also `kms:Encrypt`. Queries over many SSE-KMS objects can be throttled by KMS — S3 Bucket Keys help.',
    ),
    links: [
      { title: 'Amazon Athena: encryption at rest', url: 'https://docs.aws.amazon.com/athena/latest/ug/encryption.html' },
      { title: 'Amazon Athena: encrypting query results', url: 'https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html' },
    ],
    seeAlso: ['sse-kms', 'cse-kms', 's3-bucket-keys'],
  },
  // ---------------------------------------------------------------- EMR
  {
    id: 'emr-security-configuration',
    title: 'EMR security configurations',
    group: 'Amazon EMR',
    summary: 'A named JSON document stored in EMR that switches on encryption at rest and in transit for every cluster launched with it.',
    body: lines(
      '- A cluster names it at launch (`SecurityConfiguration` on `AWS::EMR::Cluster`, or `RunJobFlow`); one configuration can serve many clusters. Needs EMR 4.8.0 or later.',
      '- `EncryptionConfiguration.EnableAtRestEncryption` and `EnableInTransitEncryption` switch the two halves on; an omitted flag means off. They are JSON booleans — `"true"` in quotes is a string.',
      '- At rest: `AtRestEncryptionConfiguration` holds `S3EncryptionConfiguration` (EMRFS data in S3) and `LocalDiskEncryptionConfiguration` (instance store and EBS). In transit: `InTransitEncryptionConfiguration.TLSCertificateConfiguration`.',
      '- **Create-only**: the document of `AWS::EMR::SecurityConfiguration` and the cluster’s `SecurityConfiguration` property both require replacement, so any change means a new configuration and new clusters; a running cluster never picks up a change.',
      '- KMS keys named in it must allow the cluster’s EC2 instance profile role (default `EMR_EC2_DefaultRole`) and service role as key users.',
    ),
    links: [{ title: 'Amazon EMR: create a security configuration', url: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html' }],
    seeAlso: ['emr-at-rest', 'emr-local-disk', 'emr-in-transit'],
  },
  {
    id: 'emr-at-rest',
    title: 'EMR at rest: EMRFS encryption of data in S3',
    group: 'Amazon EMR',
    summary: '`S3EncryptionConfiguration.EncryptionMode` decides how EMRFS encrypts what a cluster writes to S3.',
    body: lines(
      '- `SSE-S3`: S3 managed keys.',
      '- `SSE-KMS`: S3 encrypts with the KMS key in `AwsKmsKey` (a full key ARN).',
      '- `CSE-KMS`: EMRFS encrypts on the cluster before upload, with data keys wrapped by `AwsKmsKey`.',
      '- `CSE-Custom`: EMRFS encrypts with keys from your `EncryptionMaterialsProvider` class (`EncryptionKeyProviderClass`) in a JAR at `S3Object`.',
      '- Nothing else is valid: SSE-C is not available on EMR, and client-side encryption with your own key is spelled `CSE-Custom`. `Overrides` give single buckets another mode or key.',
      '- Client-side modes cover only data written through EMRFS (for example Hue’s S3 browser uploads unencrypted objects). Traffic between EMRFS and S3 always uses TLS, whatever the mode.',
      '- Cluster logs archived to `LogUri` are encrypted with the cluster’s `LogEncryptionKmsKeyId` (create-only).',
    ),
    links: [{ title: 'Amazon EMR: encryption options', url: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html' }],
    seeAlso: ['emr-security-configuration', 'sse-kms', 'cse-kms', 'cse-c'],
  },
  {
    id: 'emr-local-disk',
    title: 'EMR at rest: local disks (LUKS, EBS) and HDFS',
    group: 'Amazon EMR',
    summary: '`LocalDiskEncryptionConfiguration` encrypts the volumes of cluster instances; `EnableEbsEncryption` extends it to the EBS root volume.',
    body: lines(
      '- `EncryptionKeyProviderType: AwsKms` (+ `AwsKmsKey`) or `Custom` (+ `S3Object`, `EncryptionKeyProviderClass`) sets up LUKS on instance-store volumes (non-NVMe) and attached EBS volumes — **not** the EBS root volume. NVMe instance store is always encrypted in hardware.',
      '- `EnableEbsEncryption: true` (EMR 5.24.0 or later, `AwsKms` only) uses EBS encryption for the root and attached volumes. Before 5.24.0 the only route to an encrypted root volume is a custom AMI (EMR 5.7.0 or later) copied with encryption.',
      '- If the account turns on EBS encryption by default, volumes are encrypted anyway; with local disk encryption in the security configuration, EMR’s settings win.',
      '- Local disk encryption also turns on Hadoop RPC privacy (SASL `Privacy`) and HDFS block-transfer encryption with AES-256.',
      '- HDFS transparent encryption (encryption zones with Hadoop KMS, EMR 4.1.0 or later) is separate and configured through cluster configurations, not security configurations.',
    ),
    links: [
      { title: 'Amazon EMR: local disk encryption', url: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html#emr-encryption-localdisk' },
      { title: 'Amazon EMR: transparent encryption in HDFS', url: 'https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-encryption-tdehdfs.html' },
    ],
    seeAlso: ['emr-security-configuration', 'emr-at-rest'],
  },
  {
    id: 'emr-in-transit',
    title: 'EMR in transit: TLS certificates and what they protect',
    group: 'Amazon EMR',
    summary: '`EnableInTransitEncryption` with a certificate provider switches on TLS and encryption between the applications on a cluster.',
    body: lines(
      '- Certificates come from `TLSCertificateConfiguration.CertificateProviderType`:',
      '  - `PEM`: a zip at `S3Object` holding `privateKey.pem`, `certificateChain.pem` and optionally `trustedCertificates.pem`.',
      '  - `Custom`: a JAR at `S3Object` with a class (`CertificateProviderClass`) implementing `TLSArtifactsProvider`.',
      '- What it turns on: Hadoop MapReduce encrypted shuffle (TLS); Presto internode TLS (EMR 5.6.0 or later); Tez shuffle handler TLS; Spark internal RPC and block transfer with AES-256 (EMR 5.9.0 or later, SASL DIGEST-MD5 before) and the Spark web UI over SSL; HBase RPC privacy when Kerberos is on.',
      '- Hadoop RPC privacy and HDFS block-transfer encryption come with local disk encryption (at rest). EMRFS traffic to S3 uses TLS regardless.',
    ),
    links: [{ title: 'Amazon EMR: providing certificates for in-transit encryption', url: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-encryption-enable.html#emr-encryption-certificates' }],
    seeAlso: ['emr-security-configuration', 'emr-local-disk'],
  },
  // ---------------------------------------------------------------- RDS
  {
    id: 'rds-at-rest',
    title: 'RDS and Aurora storage encryption',
    group: 'Amazon RDS and Aurora',
    summary: '`StorageEncrypted` encrypts a database’s storage, backups, snapshots, replicas and logs — and can only be chosen when the database is created.',
    body: lines(
      '- AES-256 with the key in `KmsKeyId`, or the AWS managed `aws/rds` key when none is given. **Off by default** through the API and CloudFormation (only the console pre-selects it).',
      '- Chosen at creation only: encryption cannot be switched on or off later, and the key cannot be changed. Both properties are create-only in CloudFormation — changing them replaces the database with a new, empty one.',
      '- To encrypt an existing database keep its data: take a snapshot, copy the snapshot with encryption (choosing the key), restore from the copy (`DBSnapshotIdentifier` / `SnapshotIdentifier`), then move clients over.',
      '- Replicas share their source’s encryption state; a same-Region replica uses the source’s key unless given another, a cross-Region encrypted replica needs a key in its own Region. Restores from an encrypted snapshot and read replicas inherit encryption — leave `StorageEncrypted` out there. Aurora instances take encryption from their cluster.',
      '- Symmetric KMS keys only.',
    ),
    links: [{ title: 'Amazon RDS: encrypting resources', url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html' }],
    seeAlso: ['rds-in-transit', 'rds-tde'],
  },
  {
    id: 'rds-tde',
    title: 'Transparent Data Encryption (Oracle, SQL Server)',
    group: 'Amazon RDS and Aurora',
    summary: 'The database engine encrypts data files itself, enabled by the `TDE` option of an option group — independent of, and combinable with, storage encryption.',
    body: lines(
      '- Option group: `OptionConfigurations: [{OptionName: TDE}]` (the SQL Server console calls it TRANSPARENT_DATA_ENCRYPTION).',
      '- **Oracle**: Enterprise Edition only (Advanced Security); tablespace encryption, column encryption, or both; RDS manages the wallet and master key. The option is **permanent**: it cannot be removed from the option group, the group cannot be detached from the instance, and snapshots of such instances cannot be shared.',
      '- **SQL Server**: 2022 and 2019 Standard and Enterprise, 2017 and 2016 Enterprise. The option is **persistent**: removable only when no instance or backup uses the option group. Use the name `TDE`; `TDE_SQLServer` is not documented anymore.',
      '- `TdeCredentialArn` / `TdeCredentialPassword` belong to the retired Oracle TDE with CloudHSM Classic and are deprecated.',
    ),
    links: [
      { title: 'Amazon RDS: Oracle Transparent Data Encryption', url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.Oracle.Options.AdvSecurity.html' },
      { title: 'Amazon RDS: SQL Server Transparent Data Encryption', url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.SQLServer.Options.TDE.html' },
    ],
    seeAlso: ['rds-at-rest'],
  },
  {
    id: 'rds-nne',
    title: 'Oracle Native Network Encryption',
    group: 'Amazon RDS and Aurora',
    summary: 'Oracle’s own encryption of client connections, set by the `NATIVE_NETWORK_ENCRYPTION` option of an option group.',
    body: lines(
      '- `SQLNET.ENCRYPTION_SERVER` is `Accepted`, `Rejected`, `Requested` (default) or `Required`; only `Required` turns away unencrypted clients.',
      '- By default every algorithm is allowed, weak ones included. Limit `SQLNET.ENCRYPTION_TYPES_SERVER` to `AES256,AES192,AES128` and `SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER` to SHA-2 (`SHA256,SHA384,SHA512`); DES, 3DES, RC4 and MD5 are weak. `SQLNET.ALLOW_WEAK_CRYPTO` and `SQLNET.ALLOW_WEAK_CRYPTO_CLIENTS` default to `TRUE`.',
      '- Cannot be used together with the Oracle `SSL` option.',
    ),
    links: [{ title: 'Amazon RDS: Oracle native network encryption', url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.Oracle.Options.NetworkEncryption.html' }],
    seeAlso: ['rds-in-transit'],
  },
  {
    id: 'rds-in-transit',
    title: 'TLS connections to RDS and Aurora',
    group: 'Amazon RDS and Aurora',
    summary: 'Every engine offers TLS; a parameter decides whether the database *requires* it.',
    body: lines(
      '- `rds.force_ssl = 1`: PostgreSQL, Aurora PostgreSQL (in the DB cluster parameter group) and SQL Server (static: applies after a reboot).',
      '- `require_secure_transport = ON` (or `1`): MySQL, MariaDB 10.5 or later, and Aurora MySQL (in the DB cluster parameter group); dynamic.',
      '- Defaults: RDS for PostgreSQL 15 and later require TLS (`rds.force_ssl = 1`). Off by default: RDS for PostgreSQL 14 and older, Aurora PostgreSQL 16 and older, SQL Server, MySQL and MariaDB. Aurora PostgreSQL 17 is reported to default to 1, not yet confirmed from AWS’s primary pages.',
      '- An instance that belongs to an Aurora cluster is governed by the cluster’s parameter group.',
      '- `CACertificateIdentifier` picks the CA of the server certificate that clients verify; changing it reboots the instance.',
      '- MySQL functions such as `AES_ENCRYPT()` are application-level encryption, separate from all of this.',
    ),
    links: [{ title: 'Amazon RDS: using SSL/TLS to encrypt a connection', url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html' }],
    seeAlso: ['rds-nne', 'rds-at-rest'],
  },
  // ---------------------------------------------------------------- Kinesis
  {
    id: 'kinesis-sse',
    title: 'Kinesis Data Streams server-side encryption',
    group: 'Amazon Kinesis Data Streams',
    summary: 'With `StreamEncryption`, Kinesis encrypts records with a KMS key before writing them to stream storage.',
    body: lines(
      '- `StreamEncryption: {EncryptionType: KMS, KeyId: …}` — `KeyId` is `alias/aws/kinesis` (the AWS managed key: free, API calls billed, no extra IAM needed) or a customer managed key’s ARN, alias or id.',
      '- Not encrypted by default through the API and CloudFormation (`CreateStream` has no encryption parameter; `StartStreamEncryption` turns it on later). CDK `kinesis.Stream` defaults to KMS with `alias/aws/kinesis`.',
      '- Only records written after encryption is on are encrypted; older records stay as they were until they expire. Changing it replaces nothing; removing `StreamEncryption` from the template turns encryption off.',
      '- Kinesis reuses a data key for about five minutes before asking KMS for a new one, and encryption adds under 100 µs to `PutRecord`, `PutRecords` and `GetRecords`.',
      '- With a customer managed key, producers need `kms:GenerateDataKey` and consumers `kms:Decrypt` (Firehose and Lambda readers included), otherwise writes and reads fail. CDK `grantWrite` / `grantRead` add these.',
    ),
    links: [{ title: 'Amazon Kinesis Data Streams: what is server-side encryption', url: 'https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html' }],
    seeAlso: ['kms-key-policies', 'firehose-sse'],
  },
  // ---------------------------------------------------------------- Firehose
  {
    id: 'firehose-sse',
    title: 'Firehose server-side encryption',
    group: 'Amazon Data Firehose',
    summary: '`DeliveryStreamEncryptionConfigurationInput` encrypts the records a Direct PUT delivery stream holds before delivery.',
    body: lines(
      '- `KeyType: AWS_OWNED_CMK` (nothing to manage) or `CUSTOMER_MANAGED_CMK` with `KeyARN`. Off by default (CDK `StreamEncryption.unencrypted()` too); it can be started and stopped without replacing the stream.',
      '- With a Kinesis data stream as source, Firehose does not store the data at rest itself and rejects this setting: encrypt the source stream instead.',
      '- A customer managed key must be symmetric; one key serves at most 500 delivery streams, and Firehose creates a KMS grant on it. If the key is disabled, deleted or access is denied, Firehose keeps records for up to 24 hours and then discards them.',
      '- This covers Firehose’s own storage; how delivered objects are encrypted is set per destination.',
    ),
    links: [{ title: 'Amazon Data Firehose: data protection', url: 'https://docs.aws.amazon.com/firehose/latest/dev/encryption.html' }],
    seeAlso: ['firehose-s3-destination', 'kinesis-sse'],
  },
  {
    id: 'firehose-s3-destination',
    title: 'Firehose delivery to S3: object encryption',
    group: 'Amazon Data Firehose',
    summary: 'Each S3 destination’s `EncryptionConfiguration` decides how the objects Firehose writes are encrypted.',
    body: lines(
      '- `NoEncryptionConfig: NoEncryption`, or `KMSEncryptionConfig: {AWSKMSKeyARN: …}`. Found in S3 and extended S3 destinations, their backup configurations, the `S3Configuration` of Redshift destinations (the staging bucket for `COPY`) and of Splunk, HTTP endpoint, OpenSearch and Snowflake destinations.',
      '- Without a KMS key, objects get the destination bucket’s default encryption — SSE-S3 at least, or the bucket’s own KMS key.',
      '- With a KMS key, the key must be in the bucket’s Region, and the delivery role needs `kms:GenerateDataKey` and `kms:Decrypt` on it, best limited by `kms:ViaService: s3.<region>.amazonaws.com` and `kms:EncryptionContext:aws:s3:arn`. A source stream with a customer managed key also needs `kms:Decrypt` on that key.',
      '- Redshift destinations stage data in S3 before loading it: encrypt that bucket too.',
    ),
    links: [{ title: 'Amazon Data Firehose: access to an S3 destination', url: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3' }],
    seeAlso: ['firehose-sse', 'sse-kms', 'kms-key-policies'],
  },
  // ---------------------------------------------------------------- Redshift
  {
    id: 'redshift-at-rest',
    title: 'Redshift encryption and its four-tier key hierarchy',
    group: 'Amazon Redshift',
    summary: 'Redshift encrypts every data block under a chain of four keys whose root is a KMS key (or an HSM); since January 2025 new clusters are always encrypted.',
    body: lines(
      '- **Today’s default**: clusters created or restored after 10 January 2025, and Serverless namespaces, are always encrypted — with an AWS-owned key unless `KmsKeyId` names one. `Encrypted: false` makes the create request fail (CloudFormation docs from 2023 still say the default is false).',
      '- **Hierarchy**: root key (KMS key or HSM) → cluster encryption key (CEK) → database encryption key (DEK) → data encryption keys for each block. With KMS, the CEK is a data key from KMS stored encrypted outside the cluster, the DEK is random and encrypted by the CEK, and the block keys are encrypted by the DEK — so the root key controls all data.',
      '- Turning encryption on or changing the KMS key of an existing cluster migrates the data to a new encrypted cluster (no CloudFormation replacement); snapshots inherit the cluster’s encryption. Copying snapshots to another Region needs a snapshot copy grant (`SnapshotCopyGrantName`) for a key there.',
      '- Serverless namespaces: `KmsKeyId` chooses a customer managed key and can be changed later.',
      '- Symmetric KMS keys only.',
    ),
    links: [{ title: 'Amazon Redshift: database encryption', url: 'https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html' }],
    seeAlso: ['redshift-key-rotation', 'redshift-hsm', 'redshift-in-transit'],
  },
  {
    id: 'redshift-hsm',
    title: 'Redshift with a hardware security module (HSM)',
    group: 'Amazon Redshift',
    summary: 'Instead of KMS, the top of Redshift’s key hierarchy can live in an HSM — a legacy setup that needs trust configured in both directions.',
    body: lines(
      '- The HSM generates and keeps the cluster encryption key; the database key is encrypted by it inside the HSM and again by an internal root key.',
      '- **Trust setup**: Redshift creates an HSM client certificate (`CreateHsmClientCertificate`), whose public key you register on the HSM partition; then `CreateHsmConfiguration` records the HSM’s IP address, partition name, partition password and public server certificate. The cluster names both with `HsmClientCertificateIdentifier` and `HsmConfigurationIdentifier` — both are needed, and not together with `KmsKeyId`.',
      '- Limits: only AWS CloudHSM Classic, which is closed to new customers; not supported on DC2 and RA3 node types; CloudFormation has no resource types for the HSM objects. If Redshift cannot reach the HSM the cluster goes into `INCOMPATIBLE_HSM`.',
      '- For new designs use a KMS key.',
    ),
    links: [{ title: 'Amazon Redshift: encryption using hardware security modules', url: 'https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html#working-with-HSM' }],
    seeAlso: ['redshift-at-rest'],
  },
  {
    id: 'redshift-key-rotation',
    title: 'Rotating Redshift encryption keys',
    group: 'Amazon Redshift',
    summary: 'Redshift can rotate the keys below the root key of its hierarchy on request.',
    body: lines(
      '- `RotateEncryptionKey: true` (CloudFormation) or the `RotateEncryptionKey` API rotates the cluster encryption key for the cluster and its snapshots, and the database encryption key for the cluster (not for snapshots stored in S3).',
      '- The cluster is in state `ROTATING_KEYS` and briefly unavailable.',
      '- Separate from rotating the KMS root key (`EnableKeyRotation` on the key), which needs nothing from Redshift.',
    ),
    links: [{ title: 'Amazon Redshift: rotating encryption keys', url: 'https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html#working-with-key-rotation' }],
    seeAlso: ['redshift-at-rest', 'kms-rotation'],
  },
  {
    id: 'redshift-in-transit',
    title: 'SSL connections to Redshift',
    group: 'Amazon Redshift',
    summary: '`require_ssl = true` in a cluster parameter group makes Redshift refuse connections without TLS.',
    body: lines(
      '- `AWS::Redshift::ClusterParameterGroup` `Parameters: [{ParameterName: require_ssl, ParameterValue: "true"}]`; for FIPS-validated TLS also `use_fips_ssl = true`.',
      '- `require_ssl` is static: a change applies only after the cluster reboots (it shows `pending-reboot`), and attaching another parameter group needs a reboot too.',
      '- Clusters created or restored since 2025 without a parameter group get `default.redshift-2.0`, where `require_ssl` is `true`. `default.redshift-1.0` and custom groups keep their own value (false unless set).',
    ),
    links: [{ title: 'Amazon Redshift: configuring security options for connections', url: 'https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html' }],
    seeAlso: ['redshift-at-rest'],
  },
];

export const MECHANISMS_BY_ID: ReadonlyMap<string, MechanismTopic> = new Map(MECHANISMS.map((t) => [t.id, t]));

export const MECHANISMS_PAGE = 'docs/mechanisms.md';

/** Public address of a topic on the generated docs page. */
export function mechanismDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/${MECHANISMS_PAGE}#${id}`;
}

export interface RenderTopicOptions {
  /** Links to other topics point into the same page (`#id`) rather than to the published page. */
  localLinks?: boolean;
  /** Heading level of the title (default 3). */
  level?: number;
}

function topicLink(id: string, local: boolean): string {
  const t = MECHANISMS_BY_ID.get(id);
  return `[${t ? t.title.split(':')[0] : id}](${local ? `#${id}` : mechanismDocsUrl(id)})`;
}

/** Markdown of one topic, used by hovers and by docs/mechanisms.md; undefined for an unknown id. */
export function renderTopic(id: string, opts: RenderTopicOptions = {}): string | undefined {
  const t = MECHANISMS_BY_ID.get(id);
  if (!t) return undefined;
  const out = [`${'#'.repeat(opts.level ?? 3)} ${t.title}`, '', t.summary, '', t.body, ''];
  out.push(`AWS documentation: ${t.links.map((l) => `[${l.title}](${l.url})`).join(' · ')}`);
  if (t.seeAlso?.length) out.push('', `See also: ${t.seeAlso.map((s) => topicLink(s, !!opts.localLinks)).join(' · ')}`);
  return out.join('\n');
}

/** A markdown link to a topic, for lines such as "Related: …". */
export function renderTopicLink(id: string, localLinks = false): string {
  return topicLink(id, localLinks);
}
