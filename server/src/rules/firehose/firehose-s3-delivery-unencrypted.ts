import { JsonValue } from '../../model/fixer';
import { CfnTemplate, Resource, Span, TextEdit, ValueNode } from '../../model/types';
import { CfnRuleContext, Rule } from '../types';
import { keyForFix, propPath } from '../support/helpers';
import { itemsOf, Outcome, prop, referencedResource, str, valuesAt, mergeConditions } from '../support/resolve';
import { DELIVERY_STREAM } from './delivery-stream';

/** S3 configurations of a delivery stream that carry an EncryptionConfiguration; backups only count when enabled. */
const S3_CONFIGS: { path: string[]; backupOf?: string }[] = [
  { path: ['S3DestinationConfiguration'] },
  { path: ['ExtendedS3DestinationConfiguration'] },
  { path: ['ExtendedS3DestinationConfiguration', 'S3BackupConfiguration'], backupOf: 'ExtendedS3DestinationConfiguration' },
  { path: ['RedshiftDestinationConfiguration', 'S3Configuration'] },
  { path: ['RedshiftDestinationConfiguration', 'S3BackupConfiguration'], backupOf: 'RedshiftDestinationConfiguration' },
  { path: ['SplunkDestinationConfiguration', 'S3Configuration'] },
  { path: ['HttpEndpointDestinationConfiguration', 'S3Configuration'] },
  { path: ['AmazonopensearchserviceDestinationConfiguration', 'S3Configuration'] },
  { path: ['ElasticsearchDestinationConfiguration', 'S3Configuration'] },
  { path: ['AmazonOpenSearchServerlessDestinationConfiguration', 'S3Configuration'] },
  { path: ['SnowflakeDestinationConfiguration', 'S3Configuration'] },
  { path: ['IcebergDestinationConfiguration', 'S3Configuration'] },
];

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** The bucket resource a BucketARN points at: `!GetAtt B.Arn`, `!Ref`-based `!Sub` strings, `!Join` of `arn:...:::` and `!Ref B`. */
export function destinationBucket(tpl: CfnTemplate, node: ValueNode | undefined): Resource | undefined {
  let id = referencedResource(tpl, node);
  if (!id && node?.kind === 'intrinsic' && node.fn === 'Fn::Sub') {
    const s = node.arg.kind === 'scalar' ? str(node.arg) : node.arg.kind === 'array' ? str(node.arg.items[0]) : undefined;
    const m = s ? /^arn:[^:]*(?:\$\{AWS::Partition\})?[^:]*:s3:::\$\{([A-Za-z0-9]+)\}$/.exec(s) : null;
    if (m) id = m[1];
  }
  if (!id && node?.kind === 'intrinsic' && node.fn === 'Fn::Join' && node.arg.kind === 'array' && node.arg.items[1]?.kind === 'array') {
    const parts = node.arg.items[1].items;
    const last = parts[parts.length - 1];
    if (parts.length >= 2 && /:s3:::$/.test(str(parts[parts.length - 2]) ?? '')) id = referencedResource(tpl, last);
  }
  const r = id ? tpl.resourceById.get(id) : undefined;
  return r?.type === 'AWS::S3::Bucket' ? r : undefined;
}

/** The bucket's default SSE-KMS key node when its default encryption is SSE-KMS (null: KMS with the AWS managed key). */
export function bucketKmsDefault(tpl: CfnTemplate, b: Resource): { key: ValueNode | null } | undefined {
  const rules = valuesAt(tpl, b.properties, ['BucketEncryption', 'ServerSideEncryptionConfiguration']);
  for (const o of rules) {
    for (const item of itemsOf(tpl, o.node)) {
      const byDefault = prop(item.node, 'ServerSideEncryptionByDefault');
      const alg = str(prop(byDefault, 'SSEAlgorithm'));
      if (alg && KMS_ALGORITHMS.has(alg)) return { key: prop(byDefault, 'KMSMasterKeyID') ?? null };
    }
  }
  return undefined;
}

/** Buckets (by logical id) whose policy denies requests by the s3:x-amz-server-side-encryption condition key. */
const sseForcedBuckets = new WeakMap<CfnTemplate, Set<string>>();

function policyForcesSse(tpl: CfnTemplate, b: Resource): boolean {
  let forced = sseForcedBuckets.get(tpl);
  if (!forced) {
    forced = new Set();
    for (const p of tpl.resources) {
      if (p.type !== 'AWS::S3::BucketPolicy') continue;
      const bucket = referencedResource(tpl, prop(p.properties, 'Bucket'));
      if (!bucket || forced.has(bucket)) continue;
      const st = prop(prop(p.properties, 'PolicyDocument'), 'Statement');
      const statements = st?.kind === 'array' ? st.items : st ? [st] : [];
      const denies = statements.some((s) => {
        if (str(prop(s, 'Effect')) !== 'Deny') return false;
        const cond = prop(s, 'Condition');
        if (cond?.kind !== 'object') return false;
        return cond.entries.some((op) => op.value.kind === 'object' && op.value.entries.some((k) => k.key.toLowerCase() === 's3:x-amz-server-side-encryption'));
      });
      if (denies) forced.add(bucket);
    }
    sseForcedBuckets.set(tpl, forced);
  }
  return forced.has(b.logicalId);
}

function keyFor(ctx: CfnRuleContext, bucket: Resource | undefined, stream: string): { key: JsonValue; edits: TextEdit[]; label: string } {
  const tpl = ctx.template;
  const kms = bucket ? bucketKmsDefault(tpl, bucket) : undefined;
  const id = kms?.key ? referencedResource(tpl, kms.key) : undefined;
  if (id && tpl.resourceById.get(id)?.type === 'AWS::KMS::Key') return { key: { 'Fn::GetAtt': [id, 'Arn'] }, edits: [], label: `the bucket's key ${id}` };
  const k = keyForFix(ctx, 'Arn', `Encrypts the objects Firehose stream ${stream} delivers to S3`);
  return { key: k.key, edits: k.edits, label: k.created ? 'a new rotating KMS key' : `KMS key ${k.logicalId}` };
}

/** An edit that renames a mapping key, keeping its quoting. */
function renameKey(text: string, keySpan: Span, name: string): TextEdit {
  const q = text[keySpan.start];
  return { span: keySpan, newText: q === '"' || q === "'" ? `${q}${name}${q}` : name };
}

export const rule: Rule = {
  meta: {
    id: 'firehose-s3-delivery-unencrypted',
    service: 'firehose',
    category: 'at-rest',
    tier: 'core',
    severity: 'information',
    messages: {
      plain: { text: 'Firehose stream {name} writes to S3 through {path} {how}, so the objects get only the destination bucket\'s default encryption.', severity: 'information' },
      kmsBucket: { text: 'Firehose stream {name} writes to S3 through {path} {how} although bucket {bucket} defaults to SSE-KMS with a customer managed key, so the objects silently take that key and the delivery role needs kms:GenerateDataKey on it.', severity: 'warning' },
      kmsBucketManaged: { text: 'Firehose stream {name} writes to S3 through {path} {how} although bucket {bucket} defaults to SSE-KMS, so the objects silently take the bucket\'s default key instead of one the stream names.', severity: 'warning' },
      policy: { text: 'Firehose stream {name} writes to S3 through {path} {how} although the bucket policy of {bucket} denies uploads by their server-side-encryption header, so deliveries can be refused.', severity: 'warning' },
    },
    fix: { title: 'Encrypt delivered objects with a KMS key (KMSEncryptionConfig)', safety: 'unsafe', replacesResource: false, note: 'The delivery role then needs kms:GenerateDataKey and kms:Decrypt on the key.' },
    hoverTopic: 'firehose-s3-destination',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'A Firehose S3 destination (including the Redshift staging bucket and backup configurations) without KMS encryption of the delivered objects.',
      why: 'Each S3 configuration of a delivery stream has an `EncryptionConfiguration` that is either `NoEncryptionConfig: NoEncryption` or `KMSEncryptionConfig.AWSKMSKeyARN`. Without a KMS key the objects get the destination bucket\'s default encryption (at least SSE-S3), which is why this is information only. It is a warning when the bucket in the template defaults to SSE-KMS (objects silently take the bucket\'s key, and with a customer managed key the delivery role must be allowed to use it) or a bucket policy denies uploads by their encryption header. The Redshift destination stages data in `S3Configuration` before `COPY`: that bucket holds the same data. The KMS key must be in the bucket\'s Region, and the delivery role needs `kms:GenerateDataKey` and `kms:Decrypt` on it.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Clicks:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      ExtendedS3DestinationConfiguration:\n        BucketARN: !GetAtt Bucket.Arn\n        RoleARN: !GetAtt Role.Arn\n        EncryptionConfiguration:\n          NoEncryptionConfig: NoEncryption\n',
          good: 'Resources:\n  Clicks:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      ExtendedS3DestinationConfiguration:\n        BucketARN: !GetAtt Bucket.Arn\n        RoleARN: !GetAtt Role.Arn\n        EncryptionConfiguration:\n          KMSEncryptionConfig:\n            AWSKMSKeyARN: !GetAtt Key.Arn\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Load": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"RedshiftDestinationConfiguration": {"S3Configuration": {"BucketARN": {"Fn::GetAtt": ["Staging", "Arn"]}, "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]}}}}}}}',
          good: '{"Resources": {"Load": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"RedshiftDestinationConfiguration": {"S3Configuration": {"BucketARN": {"Fn::GetAtt": ["Staging", "Arn"]}, "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]}, "EncryptionConfiguration": {"KMSEncryptionConfig": {"AWSKMSKeyARN": {"Fn::GetAtt": ["Key", "Arn"]}}}}}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-encryptionconfiguration.html',
      ],
    },
    peers: [],
  },
  resourceTypes: [DELIVERY_STREAM],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== DELIVERY_STREAM) continue;
      for (const dest of S3_CONFIGS) {
        if (dest.backupOf) {
          const mode = new Set(valuesAt(tpl, r.properties, [dest.backupOf, 'S3BackupMode']).map((o) => str(o.node)));
          if (mode.size !== 1 || !mode.has('Enabled')) continue; // Disabled by default; unknown stays silent
        }
        const label = dest.path.join('.');
        for (const cfg of valuesAt(tpl, r.properties, dest.path)) {
          if (cfg.node?.kind !== 'object') continue;
          const bucket = destinationBucket(tpl, prop(cfg.node, 'BucketARN'));
          for (const enc of valuesAt(tpl, cfg.node, ['EncryptionConfiguration'])) {
            const conditions = mergeConditions(cfg.conditions, enc.conditions);
            let how: string;
            let span: Span;
            let none: Outcome | undefined;
            if (!enc.node) {
              how = 'without an EncryptionConfiguration';
              span = enc.entry ? enc.entry.value.span : cfg.entry!.keySpan;
            } else {
              if (enc.node.kind !== 'object') continue;
              if (valuesAt(tpl, enc.node, ['KMSEncryptionConfig']).some((o) => o.node)) continue;
              none = valuesAt(tpl, enc.node, ['NoEncryptionConfig']).find((o) => str(o.node) === 'NoEncryption');
              if (!none) continue;
              how = 'with NoEncryptionConfig: NoEncryption';
              span = none.node!.span;
            }
            const kmsBucket = bucket && bucketKmsDefault(tpl, bucket);
            const managed = kmsBucket && (!kmsBucket.key || /(^|:)alias\/aws\//.test(str(kmsBucket.key) ?? ''));
            const messageId = kmsBucket ? (managed ? 'kmsBucketManaged' : 'kmsBucket') : bucket && policyForcesSse(tpl, bucket) ? 'policy' : 'plain';
            const fixes = [];
            if (!conditions.length && !cfg.viaParameter && !enc.viaParameter && !none?.viaParameter && !none?.conditions.length) {
              const k = keyFor(ctx, bucket, r.logicalId);
              const kms = { AWSKMSKeyARN: k.key };
              // YAML: NoEncryptionConfig is renamed in place (the fixer cannot rename a key, and replacing a block mapping is unreliable).
              const edits = none && tpl.format === 'yaml'
                ? [renameKey(tpl.file.text, none.entry!.keySpan, 'KMSEncryptionConfig'), ...ctx.fixer.replace(none.node!, kms)]
                : ctx.fixer.set(propPath(r, ...dest.path, 'EncryptionConfiguration'), { KMSEncryptionConfig: kms });
              fixes.push({
                title: `Encrypt the objects delivered through ${label} with ${k.label} (KMSEncryptionConfig) (unsafe: the delivery role then needs kms:GenerateDataKey and kms:Decrypt on the key)`,
                safety: 'unsafe' as const,
                replacesResource: false,
                edits: [...edits, ...k.edits],
              });
            }
            ctx.report({
              messageId,
              data: { name: r.logicalId, path: label, how, bucket: bucket?.logicalId },
              span,
              resource: r,
              conditions,
              fixes,
            });
          }
        }
      }
    }
  },
};
