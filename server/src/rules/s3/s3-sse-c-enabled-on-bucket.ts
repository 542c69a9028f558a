import { Fix } from '../../model/types';
import { Rule } from '../types';
import { expand, Outcome, str } from '../support/resolve';
import { encryptionRules, ruleValues } from './encryption-rules';

const BLOCK_TITLE = 'Set BlockedEncryptionTypes.EncryptionType: [SSE-C] (unsafe: clients that still write with SSE-C get HTTP 403; reads of existing SSE-C objects keep working)';

export const rule: Rule = {
  meta: {
    id: 's3-sse-c-enabled-on-bucket',
    service: 's3',
    category: 'at-rest',
    tier: 'core',
    severity: 'warning',
    messages: {
      unblocked: {
        text: 'Bucket {bucket} sets BlockedEncryptionTypes.EncryptionType to NONE, which re-enables SSE-C uploads with customer-provided keys that S3 blocks by default on new buckets.',
      },
    },
    fix: { title: BLOCK_TITLE, safety: 'unsafe', replacesResource: false, note: 'A second, also unsafe, fix removes BlockedEncryptionTypes and lets S3 apply its default.' },
    hoverTopic: 'sse-c',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'A bucket explicitly allows SSE-C (server-side encryption with customer-provided keys).',
      why: 'Since April 2026 S3 blocks SSE-C writes on new general purpose buckets (and on existing buckets of accounts with no SSE-C objects); `BlockedEncryptionTypes.EncryptionType: [NONE]` turns that protection off. With SSE-C the key travels with every request, S3 does not keep it, losing it loses the data, and the objects cannot be read by Athena or EMR. Blocking SSE-C again rejects SSE-C writes with HTTP 403 but leaves reads of existing SSE-C objects working, so check the writers first.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n            BlockedEncryptionTypes:\n              EncryptionType: [NONE]\n',
          good: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n            BlockedEncryptionTypes:\n              EncryptionType: [SSE-C]\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]}}]}}}}}',
          good: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BlockedEncryptionTypes": {"EncryptionType": ["SSE-C"]}}]}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/blocking-unblocking-s3-c-encryption-gpb.html',
      ],
    },
    peers: [],
  },
  resourceTypes: ['AWS::S3::Bucket'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of encryptionRules(tpl)) {
      for (const t of ruleValues(tpl, r, ['BlockedEncryptionTypes', 'EncryptionType'])) {
        if (!t.node) continue;
        const items: Outcome[] = t.node.kind === 'array'
          ? t.node.items.flatMap((i) => expand(tpl, i, t.conditions))
          : [t];
        for (const i of items) {
          if (str(i.node) !== 'NONE') continue;
          const fixable = !i.conditions.length && !i.viaParameter && !t.viaParameter;
          const fixes: Fix[] = fixable
            ? [
                {
                  title: BLOCK_TITLE,
                  safety: 'unsafe',
                  replacesResource: false,
                  // NONE must be the only item; replacing the item keeps the list's layout and quoting.
                  edits: t.node.kind === 'array' && t.node.items.length === 1 ? ctx.fixer.replace(i.node!, 'SSE-C') : ctx.fixer.replace(t.node, ['SSE-C']),
                },
                {
                  title: 'Remove BlockedEncryptionTypes so S3 applies its default (unsafe: on new buckets that blocks SSE-C writes with HTTP 403)',
                  safety: 'unsafe',
                  replacesResource: false,
                  edits: ctx.fixer.remove([...r.path, 'BlockedEncryptionTypes']),
                },
              ]
            : [];
          ctx.report({
            messageId: 'unblocked',
            data: { bucket: r.bucket.logicalId },
            span: i.node!.span,
            resource: r.bucket,
            conditions: i.conditions,
            fixes,
          });
        }
      }
    }
  },
};
