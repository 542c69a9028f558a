import { Fix } from '../../model/types';
import { Rule } from '../types';
import { bool, str, mergeConditions, conditionsCompatible } from '../support/resolve';
import { encryptionRules, ruleValues } from './encryption-rules';

export const rule: Rule = {
  meta: {
    id: 's3-bucket-key-disabled',
    service: 's3',
    category: 'key-management',
    tier: 'core',
    severity: 'hint',
    messages: {
      disabled: {
        text: 'Bucket {bucket} uses SSE-KMS default encryption with BucketKeyEnabled {state}, so every object upload and download calls KMS, which adds request cost and risks KMS throttling.',
      },
      dsse: {
        text: 'Bucket {bucket} sets BucketKeyEnabled: true on DSSE-KMS (aws:kms:dsse) default encryption, but S3 Bucket Keys are not supported with DSSE-KMS.',
        severity: 'warning',
      },
    },
    fix: { title: 'Set BucketKeyEnabled: true (applies to new objects)', safety: 'safe', replacesResource: false },
    hoverTopic: 's3-bucket-keys',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'SSE-KMS default encryption without an S3 Bucket Key, or a Bucket Key set on DSSE-KMS encryption.',
      why: 'With SSE-KMS and no Bucket Key, S3 asks KMS for a data key on every object write and read, which is billed per request and counts against the KMS request quota; Athena recommends Bucket Keys when queries read many SSE-KMS objects. `BucketKeyEnabled` defaults to false, affects only objects written after it is set, and changes no permissions. S3 Bucket Keys are not supported with DSSE-KMS (`aws:kms:dsse`), and CDK does not stop `bucketKeyEnabled` there, so a Bucket Key on a DSSE rule is reported as a warning instead.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n              KMSMasterKeyID: !GetAtt Key.Arn\n',
          good: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n              KMSMasterKeyID: !GetAtt Key.Arn\n            BucketKeyEnabled: true\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": false}]}}}}}',
          good: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": true}]}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingDSSEncryption.html',
      ],
    },
    peers: [],
  },
  resourceTypes: ['AWS::S3::Bucket'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of encryptionRules(tpl)) {
      for (const a of ruleValues(tpl, r, ['ServerSideEncryptionByDefault', 'SSEAlgorithm'])) {
        const algorithm = str(a.node);
        if (algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse') continue;
        for (const k of ruleValues(tpl, r, ['BucketKeyEnabled'])) {
          if (!conditionsCompatible(a.conditions, k.conditions)) continue;
          const enabled = k.node ? bool(k.node) : false;
          if (enabled === undefined) continue; // parameter without default or other unknown
          const conditions = mergeConditions(a.conditions, k.conditions);
          const fixable = !conditions.length && !a.viaParameter && !k.viaParameter;
          if (algorithm === 'aws:kms' && !enabled) {
            const fixes: Fix[] = fixable
              ? [{
                  title: 'Set BucketKeyEnabled: true (applies to new objects; no permission change)',
                  safety: 'safe',
                  replacesResource: false,
                  edits: k.node ? ctx.fixer.replace(k.node, true) : ctx.fixer.set([...r.path, 'BucketKeyEnabled'], true),
                }]
              : [];
            ctx.report({
              messageId: 'disabled',
              data: { bucket: r.bucket.logicalId, state: k.node ? 'false' : 'absent (default false)' },
              span: k.node ? k.node.span : k.entry ? k.entry.value.span : a.node!.span,
              resource: r.bucket,
              conditions,
              fixes,
            });
          } else if (algorithm === 'aws:kms:dsse' && enabled && k.node) {
            ctx.report({
              messageId: 'dsse',
              data: { bucket: r.bucket.logicalId },
              span: k.node.span,
              resource: r.bucket,
              conditions,
              fixes: fixable
                ? [{
                    title: 'Remove BucketKeyEnabled (S3 Bucket Keys are not supported with DSSE-KMS)',
                    safety: 'safe',
                    replacesResource: false,
                    edits: ctx.fixer.remove([...r.path, 'BucketKeyEnabled']),
                  }]
                : [],
            });
          }
        }
      }
    }
  },
};
