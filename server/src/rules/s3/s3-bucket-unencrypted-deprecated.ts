import { Rule } from '../types';
import { constructsOf, codeEntry, enumMemberOf } from '../sdk/code';

export const rule: Rule = {
  meta: {
    id: 's3-bucket-unencrypted-deprecated',
    service: 's3',
    category: 'at-rest',
    tier: 'core',
    severity: 'warning',
    messages: {
      unencrypted: {
        text: 'Bucket {bucket} sets encryption: BucketEncryption.UNENCRYPTED, which is deprecated and cannot turn encryption off: S3 still applies SSE-S3, so the code says the opposite of what happens.',
      },
    },
    fix: { title: 'Use BucketEncryption.S3_MANAGED', safety: 'safe', replacesResource: false },
    hoverTopic: 'sse-s3',
    inputs: ['cdk-ts', 'cdk-py'],
    docs: {
      summary: 'A CDK `s3.Bucket` with `encryption: BucketEncryption.UNENCRYPTED`.',
      why: 'Since 2023-01-05 S3 encrypts every new object with SSE-S3 and there is no way to store objects unencrypted. `BucketEncryption.UNENCRYPTED` is deprecated in aws-cdk-lib: it only leaves `BucketEncryption` out of the template, so the bucket still gets SSE-S3. Code that asks for "unencrypted" misleads reviewers and tools; state the encryption that actually applies, or choose KMS.',
      examples: [
        {
          input: 'cdk-ts',
          bad: "new s3.Bucket(this, 'Logs', {\n  encryption: s3.BucketEncryption.UNENCRYPTED,\n});\n",
          good: "new s3.Bucket(this, 'Logs', {\n  encryption: s3.BucketEncryption.S3_MANAGED,\n});\n",
        },
      ],
      references: [
        'https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_s3.BucketEncryption.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html',
      ],
    },
    peers: [{ tool: 'checkov', id: 'CKV_AWS_19', exact: false }],
  },
  checkCode(ctx) {
    for (const c of constructsOf(ctx.code.constructs, 'aws-s3', 'Bucket')) {
      const e = codeEntry(c.props, 'encryption');
      if (!e || enumMemberOf(e.value, 'BucketEncryption') !== 'UNENCRYPTED' || e.value.kind !== 'ref') continue;
      const v = e.value;
      const text = ctx.code.file.text.slice(v.span.start, v.span.end);
      const fixed = text.replace(/UNENCRYPTED(\s*)$/, 'S3_MANAGED$1');
      ctx.report({
        messageId: 'unencrypted',
        data: { bucket: c.id ?? c.variable ?? 'Bucket' },
        span: v.span,
        resource: c.id,
        source: 'cdk',
        fixes: fixed === text ? [] : [{ title: 'Use BucketEncryption.S3_MANAGED', safety: 'safe', replacesResource: false, edits: [{ span: v.span, newText: fixed }] }],
      });
    }
  },
};
