import { Rule } from '../types';
import { keyForFix, propPath } from '../support/helpers';
import { valuesAt } from '../support/resolve';

export const rule: Rule = {
  meta: {
    id: 's3-bucket-encryption-implicit',
    service: 's3',
    category: 'at-rest',
    tier: 'core',
    severity: 'information',
    messages: {
      missing: {
        text: 'Bucket {bucket} sets no BucketEncryption, so S3 falls back to its default SSE-S3 (AES-256) with keys you cannot control or audit; state the encryption explicitly.',
      },
    },
    fix: { title: 'Add BucketEncryption with SSE-S3 (AES256)', safety: 'safe', replacesResource: false },
    hoverTopic: 'sse-s3',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An S3 bucket without a `BucketEncryption` block relies on the S3 default (SSE-S3).',
      why: 'Since 2023-01-05 S3 encrypts every new object with SSE-S3 when nothing else is asked for, so the data is not in clear; but the template does not say so, and SSE-S3 gives no key policy, no CloudTrail record of key use and no way to revoke access through the key. Stating the encryption makes intent reviewable; regulated data usually needs SSE-KMS with a customer managed key.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n',
          good: 'Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n              KMSMasterKeyID: !GetAtt Key.Arn\n            BucketKeyEnabled: true\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Logs": {"Type": "AWS::S3::Bucket"}}}',
          good: '{"Resources": {"Logs": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}}}}',
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html'],
    },
    peers: [
      { tool: 'cfn_nag', id: 'W41', exact: true },
      { tool: 'guard', id: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', exact: true },
      { tool: 'checkov', id: 'CKV_AWS_19', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0088', exact: false },
    ],
  },
  resourceTypes: ['AWS::S3::Bucket'],
  checkCfn(ctx) {
    for (const r of ctx.template.resources) {
      if (r.type !== 'AWS::S3::Bucket') continue;
      for (const o of valuesAt(ctx.template, r.properties, ['BucketEncryption'])) {
        if (o.node) continue;
        const unconditional = o.conditions.length === 0;
        const fixes = [];
        if (unconditional) {
          fixes.push({
            title: 'Add BucketEncryption with SSE-S3 (AES256)',
            safety: 'safe' as const,
            replacesResource: false,
            edits: ctx.fixer.set(propPath(r, 'BucketEncryption'), {
              ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
            }),
          });
          const k = keyForFix(ctx, 'Arn', `Encrypts the objects of bucket ${r.logicalId}`);
          const setKms = ctx.fixer.set(propPath(r, 'BucketEncryption'), {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: k.key }, BucketKeyEnabled: true },
            ],
          });
          // Where the property cannot be written (Properties is an Fn::If), adding the key alone would fix nothing.
          if (setKms.length) {
            fixes.push({
              title: `Add BucketEncryption with SSE-KMS using ${k.created ? 'a new rotating KMS key' : `key ${k.logicalId}`} and a bucket key (unsafe: readers and writers then need kms:Decrypt / kms:GenerateDataKey)`,
              safety: 'unsafe' as const,
              replacesResource: false,
              edits: [...setKms, ...k.edits],
            });
          }
        }
        ctx.report({
          messageId: 'missing',
          data: { bucket: r.logicalId },
          span: unconditional ? r.logicalIdSpan : (o.entry?.value.span ?? r.logicalIdSpan),
          resource: r,
          conditions: o.conditions,
          fixes,
        });
      }
    }
  },
};
