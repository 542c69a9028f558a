import { ValueNode } from '../../model/types';
import { Rule } from '../types';
import { bool, expand, prop, str } from '../support/resolve';
import { bucketInfo, policyTargets } from './bucket-policies';

function actionsOf(n: ValueNode | undefined): string[] {
  if (!n) return [];
  const items = n.kind === 'array' ? n.items : [n];
  return items.map((i) => (str(i) ?? '?').toLowerCase());
}

/** The condition entry of a `Null: {s3:x-amz-server-side-encryption: true}` test (header absent → deny). */
function nullHeaderTest(stmt: ValueNode): ValueNode | undefined {
  const cond = prop(stmt, 'Condition');
  if (!cond || cond.kind !== 'object') return undefined;
  for (const op of cond.entries) {
    if (op.key !== 'Null' || op.value.kind !== 'object') continue;
    for (const k of op.value.entries) if (k.key.toLowerCase() === 's3:x-amz-server-side-encryption' && bool(k.value) === true) return k.value;
  }
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 's3-bucket-policy-forces-sse-header',
    service: 's3',
    category: 'compatibility',
    tier: 'advanced',
    severity: 'information',
    messages: {
      forcesHeader: { text: 'Bucket policy {policy} denies PutObject without an x-amz-server-side-encryption header on bucket {bucket}, which already encrypts by default ({encryption}); the statement adds no protection and breaks clients that rely on default encryption (e.g. Firehose without KMSEncryptionConfig).' },
    },
    hoverTopic: 'sse-s3',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py'],
    docs: {
      summary: 'A bucket policy that rejects uploads without an explicit encryption header.',
      why: 'Since 2023-01-05 every S3 bucket encrypts new objects by default (SSE-S3 at least; the bucket\'s own default encryption otherwise). A Deny on `s3:PutObject` with `Null: {s3:x-amz-server-side-encryption: true}` was the pre-2023 way to force encryption; today it only refuses clients that leave encryption to the bucket default. Keep a deny only to force SSE-KMS, written as `StringNotEquals` on the header value — and set the bucket default to SSE-KMS instead where possible.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n  DataPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Data\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: Deny, Principal: '*', Action: 's3:PutObject', Resource: !Sub '${Data.Arn}/*', Condition: {'Null': {'s3:x-amz-server-side-encryption': 'true'}}}\n",
          good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms}\n            BucketKeyEnabled: true\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html'],
    },
    peers: [],
  },
  resourceTypes: ['AWS::S3::BucketPolicy'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    const buckets = tpl.resources.filter((r) => r.type === 'AWS::S3::Bucket').map((r) => bucketInfo(tpl, r));
    for (const policy of tpl.resources.filter((r) => r.type === 'AWS::S3::BucketPolicy')) {
      const targets = policyTargets(tpl, policy, buckets);
      if (targets.length !== 1 || targets[0].kind !== 'bucket') continue;
      const bucket = tpl.resourceById.get((targets[0] as { id: string }).id)!;
      const docs = expand(tpl, prop(policy.properties, 'PolicyDocument'));
      if (docs.length !== 1 || docs[0].node?.kind !== 'object') continue;
      const list = prop(docs[0].node, 'Statement');
      for (const s of list?.kind === 'array' ? list.items : list ? [list] : []) {
        if (s.kind !== 'object' || str(prop(s, 'Effect')) !== 'Deny') continue;
        const actions = actionsOf(prop(s, 'Action'));
        if (!actions.some((a) => a === 's3:putobject' || a === 's3:*' || a === '*')) continue;
        const test = nullHeaderTest(s);
        if (!test) continue;
        const sseRules = prop(prop(bucket.properties, 'BucketEncryption'), 'ServerSideEncryptionConfiguration');
        const sse = str(prop(prop(sseRules?.kind === 'array' ? sseRules.items[0] : undefined, 'ServerSideEncryptionByDefault'), 'SSEAlgorithm'));
        ctx.report({
          messageId: 'forcesHeader',
          data: { policy: policy.logicalId, bucket: bucket.logicalId, encryption: sse ?? 'SSE-S3, the S3 default' },
          span: test.span,
          resource: policy,
          related: [{ uri: tpl.file.uri, span: bucket.logicalIdSpan, message: `bucket ${bucket.logicalId}` }],
        });
      }
    }
  },
};
