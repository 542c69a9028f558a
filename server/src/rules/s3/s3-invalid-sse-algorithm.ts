import { Rule } from '../types';
import { sdkInvalidSseAlgorithm } from '../sdk/core-triggers';
import { str } from '../support/resolve';
import { encryptionRules, ruleValues, SSE_ALGORITHMS } from './encryption-rules';

/** The valid value a misspelt `SSEAlgorithm` most likely meant, or undefined when no guess is sound. */
export function nearestSseAlgorithm(value: string): (typeof SSE_ALGORITHMS)[number] | undefined {
  const v = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!v) return undefined;
  if (v.includes('dsse')) return 'aws:kms:dsse';
  if (v.includes('kms')) return 'aws:kms';
  if (v.includes('aes') || v === 's3' || v === 'sses3' || v === 'sse') return 'AES256';
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 's3-invalid-sse-algorithm',
    service: 's3',
    category: 'compatibility',
    tier: 'core',
    severity: 'error',
    messages: {
      sdk: { text: '{operation} passes ServerSideEncryption {value}, which is not one of AES256, aws:kms or aws:kms:dsse, so S3 rejects the request.' },
      invalid: {
        text: 'Bucket {bucket} sets SSEAlgorithm {value}, which is not one of AES256, aws:kms or aws:kms:dsse, so the stack fails to deploy{hint}.',
      },
    },
    fix: {
      title: 'Replace SSEAlgorithm with the valid value it most likely means',
      safety: 'safe',
      replacesResource: false,
      note: 'Safe for AES256; unsafe for aws:kms and aws:kms:dsse, because readers and writers then need kms:Decrypt / kms:GenerateDataKey.',
      followUps: ['s3-bucket-key-disabled'],
    },
    hoverTopic: 'sse-s3',
    inputs: ['cfn-yaml', 'cfn-json', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'A bucket\'s default encryption uses an `SSEAlgorithm` value that S3 does not know.',
      why: '`SSEAlgorithm` is an exact, case-sensitive enum: `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (DSSE-KMS). Names from documentation and consoles such as `SSE-KMS`, `AES-256` or `aws:kms:DSSE` fail CloudFormation validation, so the stack cannot be created or updated. The fix writes the valid spelling of the same algorithm; when that is a KMS algorithm and the bucket was deployed earlier with SSE-S3, readers and writers then need `kms:Decrypt` / `kms:GenerateDataKey`, so that fix is marked unsafe.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: SSE-KMS\n',
          good: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES-256"}}]}}}}}',
          good: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingDSSEncryption.html',
      ],
    },
    peers: [{ tool: 'cfn-lint', id: 'E3030', exact: false }],
  },
  resourceTypes: ['AWS::S3::Bucket'],
  checkCode: sdkInvalidSseAlgorithm,
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of encryptionRules(tpl)) {
      for (const a of ruleValues(tpl, r, ['ServerSideEncryptionByDefault', 'SSEAlgorithm'])) {
        // Only scalars: an unresolved intrinsic or a parameter without default is unknown.
        if (a.node?.kind !== 'scalar' && !(a.node?.kind === 'intrinsic' && str(a.node) !== undefined)) continue;
        const value = str(a.node);
        if (value === undefined || (SSE_ALGORITHMS as readonly string[]).includes(value)) continue;
        const nearest = nearestSseAlgorithm(value);
        const fixable = nearest && !a.conditions.length && !a.viaParameter;
        ctx.report({
          messageId: 'invalid',
          data: { bucket: r.bucket.logicalId, value: JSON.stringify(value), hint: nearest ? `; the valid value it most likely means is ${nearest}` : '' },
          span: a.node.span,
          resource: r.bucket,
          conditions: a.conditions,
          fixes: fixable
            ? [{
                title: nearest === 'AES256'
                  ? `Replace SSEAlgorithm ${JSON.stringify(value)} with ${nearest}`
                  : `Replace SSEAlgorithm ${JSON.stringify(value)} with ${nearest} (unsafe: if the bucket was deployed with SSE-S3, readers and writers then need kms:Decrypt / kms:GenerateDataKey)`,
                safety: nearest === 'AES256' ? 'safe' : 'unsafe',
                replacesResource: false,
                edits: ctx.fixer.replace(a.node, nearest),
              }]
            : [],
        });
      }
    }
  },
};
