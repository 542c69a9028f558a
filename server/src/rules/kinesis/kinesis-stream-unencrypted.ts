import { Rule } from '../types';
import { sdkKinesisUnencrypted } from '../sdk/core-triggers';
import { propPath } from '../support/helpers';
import { str, valuesAt } from '../support/resolve';

export const rule: Rule = {
  meta: {
    id: 'kinesis-stream-unencrypted',
    service: 'kinesis',
    category: 'at-rest',
    tier: 'core',
    severity: 'error',
    messages: {
      sdk: { text: 'CreateStream creates stream {name} unencrypted (the API has no encryption parameter) and this file never calls StartStreamEncryption for it.' },
      missing: { text: 'Kinesis stream {name} has no StreamEncryption, so its records are stored unencrypted.' },
      none: { text: 'Kinesis stream {name} sets EncryptionType {value}, so its records are stored unencrypted.' },
    },
    fix: { title: 'Add StreamEncryption with KMS and the AWS managed key alias/aws/kinesis', safety: 'safe', replacesResource: false },
    hoverTopic: 'kinesis-sse',
    inputs: ['cfn-yaml', 'cfn-json', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'A Kinesis data stream without server-side encryption.',
      why: 'CreateStream has no encryption parameter and CloudFormation leaves a stream unencrypted unless `StreamEncryption` is given. Encryption adds less than 100 µs per call and the AWS managed key `alias/aws/kinesis` needs no extra IAM permissions. Only records written after encryption is turned on are encrypted.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Events:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n',
          good: 'Resources:\n  Events:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      StreamEncryption:\n        EncryptionType: KMS\n        KeyId: alias/aws/kinesis\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Events": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}}}}',
          good: '{"Resources": {"Events": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1, "StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}}}}}',
        },
      ],
      references: ['https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html'],
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_43', exact: true },
      { tool: 'cfn_nag', id: 'W49', exact: false },
      { tool: 'cdk-nag', id: 'AwsSolutions-KDS1', exact: true },
      { tool: 'guard', id: 'KINESIS_STREAM_ENCRYPTION_RULE', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0064', exact: false },
    ],
  },
  resourceTypes: ['AWS::Kinesis::Stream'],
  checkCode: sdkKinesisUnencrypted,
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== 'AWS::Kinesis::Stream') continue;
      for (const o of valuesAt(tpl, r.properties, ['StreamEncryption'])) {
        if (!o.node) {
          ctx.report({
            messageId: 'missing',
            data: { name: r.logicalId },
            span: o.conditions.length && o.entry ? o.entry.value.span : r.logicalIdSpan,
            resource: r,
            conditions: o.conditions,
            fixes: o.conditions.length ? [] : [{
              title: 'Add StreamEncryption with KMS and the AWS managed key alias/aws/kinesis (only new records are encrypted)',
              safety: 'safe',
              replacesResource: false,
              edits: ctx.fixer.set(propPath(r, 'StreamEncryption'), { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }),
            }],
          });
          continue;
        }
        for (const t of valuesAt(tpl, o.node, ['EncryptionType'])) {
          const value = str(t.node);
          if (value === undefined || value === 'KMS') continue;
          ctx.report({
            messageId: 'none',
            data: { name: r.logicalId, value },
            span: t.node!.span,
            resource: r,
            conditions: [...o.conditions, ...t.conditions],
            fixes: [...o.conditions, ...t.conditions].length ? [] : [{
              title: 'Set EncryptionType: KMS',
              safety: 'safe',
              replacesResource: false,
              edits: [
                ...ctx.fixer.replace(t.node!, 'KMS'),
              ],
            }],
          });
        }
      }
    }
  },
};
