import { Fix, ValueNode } from '../../model/types';
import { sdkKmsKeyRequiresKmsAlgorithm } from '../sdk/core-triggers';
import { CfnRuleContext, Rule } from '../types';
import { str, mergeConditions, conditionsCompatible } from '../support/resolve';
import { EncryptionRule, encryptionRules, isPresent, ruleValues } from './encryption-rules';

export const rule: Rule = {
  meta: {
    id: 's3-kms-key-requires-kms-algorithm',
    service: 's3',
    category: 'key-management',
    tier: 'core',
    severity: 'error',
    messages: {
      sdk: { text: '{operation} passes SSEKMSKeyId with ServerSideEncryption {value}; S3 uses the key only with aws:kms or aws:kms:dsse and rejects the request otherwise.' },
      mismatch: {
        text: 'Bucket {bucket} sets KMSMasterKeyID ({key}) with SSEAlgorithm AES256, but S3 accepts a KMS key only with aws:kms or aws:kms:dsse, so it rejects the encryption configuration.',
      },
    },
    fix: {
      title: 'Set SSEAlgorithm: aws:kms (unsafe: readers and writers then need kms:Decrypt / kms:GenerateDataKey on the key)',
      safety: 'unsafe',
      replacesResource: false,
      note: 'A second, safe fix removes KMSMasterKeyID and keeps SSE-S3.',
      followUps: ['s3-bucket-key-disabled'],
    },
    hoverTopic: 'sse-kms',
    inputs: ['cfn-yaml', 'cfn-json', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'A bucket\'s default encryption names a KMS key (`KMSMasterKeyID`) while its algorithm is SSE-S3 (`AES256`).',
      why: '`KMSMasterKeyID` is allowed if and only if `SSEAlgorithm` is `aws:kms` or `aws:kms:dsse`; with `AES256` S3 rejects the default-encryption configuration, so the stack create or update fails. Either the key was meant to be used (switch to `aws:kms`; clients then need `kms:GenerateDataKey` to write and `kms:Decrypt` to read) or it is left over (remove it and keep SSE-S3). No resource is replaced.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n              KMSMasterKeyID: !GetAtt Key.Arn\n',
          good: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n              KMSMasterKeyID: !GetAtt Key.Arn\n            BucketKeyEnabled: true\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": "alias/data"}}]}}}}}',
          good: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/data"}, "BucketKeyEnabled": true}]}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html',
      ],
    },
    peers: [],
  },
  resourceTypes: ['AWS::S3::Bucket'],
  checkCode: sdkKmsKeyRequiresKmsAlgorithm,
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of encryptionRules(tpl)) {
      for (const a of ruleValues(tpl, r, ['ServerSideEncryptionByDefault', 'SSEAlgorithm'])) {
        if (str(a.node) !== 'AES256') continue;
        const keys = valuesAtKey(ctx, r, a.conditions);
        const present = keys.filter((k) => isPresent(k.node) && str(k.node) !== '');
        // A key present in every branch is one finding on the algorithm's branch, not one per key branch.
        const findings = present.length && present.length === keys.length
          ? [{ ...present[0], conditions: a.conditions, viaParameter: present.find((k) => k.viaParameter)?.viaParameter }]
          : present;
        for (const k of findings) {
          const conditions = mergeConditions(a.conditions, k.conditions);
          const fixable = !conditions.length && !a.viaParameter && !k.viaParameter;
          const fixes: Fix[] = fixable
            ? [
                {
                  title: 'Set SSEAlgorithm: aws:kms (unsafe: readers and writers then need kms:Decrypt / kms:GenerateDataKey on the key)',
                  safety: 'unsafe',
                  replacesResource: false,
                  edits: ctx.fixer.replace(a.node!, 'aws:kms'),
                },
                {
                  title: 'Remove KMSMasterKeyID and keep SSE-S3 (AES256)',
                  safety: 'safe',
                  replacesResource: false,
                  edits: ctx.fixer.remove([...r.path, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID']),
                },
              ]
            : [];
          ctx.report({
            messageId: 'mismatch',
            data: { bucket: r.bucket.logicalId, key: describeKey(k.node) },
            span: a.node!.span,
            resource: r.bucket,
            conditions,
            fixes,
          });
        }
      }
    }
  },
};

function valuesAtKey(ctx: CfnRuleContext, r: EncryptionRule, extra: string[]) {
  // The key's own branches, kept only where they agree with the algorithm's branch.
  return ruleValues(ctx.template, r, ['ServerSideEncryptionByDefault', 'KMSMasterKeyID']).filter((k) => conditionsCompatible(extra, k.conditions));
}

function describeKey(node: ValueNode | undefined): string {
  const s = str(node);
  if (s !== undefined) return s;
  if (node?.kind === 'intrinsic') {
    if (node.fn === 'Fn::GetAtt') {
      const a = node.arg;
      if (a.kind === 'array') return a.items.map((i) => str(i) ?? '?').join('.');
      if (a.kind === 'scalar') return String(a.value);
    }
    if (node.fn === 'Ref' && node.arg.kind === 'scalar') return String(node.arg.value);
    return node.fn;
  }
  return 'given';
}
