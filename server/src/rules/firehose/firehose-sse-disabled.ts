import { Fix } from '../../model/types';
import { sdkFirehoseSseDisabled } from '../sdk/core-triggers';
import { Rule } from '../types';
import { keyForFix, propPath } from '../support/helpers';
import { valuesAt } from '../support/resolve';
import { DELIVERY_STREAM, FIREHOSE_SSE_URL, SSE_INPUT, streamSource } from './delivery-stream';

export const rule: Rule = {
  meta: {
    id: 'firehose-sse-disabled',
    service: 'firehose',
    category: 'at-rest',
    tier: 'core',
    severity: 'warning',
    messages: {
      sdk: { text: 'CreateDeliveryStream creates Direct PUT stream {name} without DeliveryStreamEncryptionConfigurationInput, so the records it buffers are not encrypted at rest.' },
      missing: { text: 'Firehose stream {name} accepts Direct PUT records but has no DeliveryStreamEncryptionConfigurationInput, so the records it buffers are not encrypted at rest.' },
    },
    fix: { title: 'Add DeliveryStreamEncryptionConfigurationInput with KeyType AWS_OWNED_CMK', safety: 'safe', replacesResource: false },
    hoverTopic: 'firehose-sse',
    inputs: ['cfn-yaml', 'cfn-json', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'A Direct PUT Firehose delivery stream without server-side encryption.',
      why: 'Firehose server-side encryption is off unless `DeliveryStreamEncryptionConfigurationInput` is given: records sent with PutRecord/PutRecordBatch are then buffered unencrypted until delivery. With `KeyType: AWS_OWNED_CMK` Firehose encrypts with a key it owns at no extra setup; `CUSTOMER_MANAGED_CMK` with a `KeyARN` gives a key you control (symmetric keys only). The setting can be changed without interrupting the stream. Streams that read from a Kinesis data stream or MSK are not reported: Firehose does not store their data at rest, the source\'s encryption applies.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Clicks:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      DeliveryStreamType: DirectPut\n      ExtendedS3DestinationConfiguration:\n        BucketARN: !GetAtt Bucket.Arn\n        RoleARN: !GetAtt Role.Arn\n',
          good: 'Resources:\n  Clicks:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      DeliveryStreamType: DirectPut\n      DeliveryStreamEncryptionConfigurationInput:\n        KeyType: AWS_OWNED_CMK\n      ExtendedS3DestinationConfiguration:\n        BucketARN: !GetAtt Bucket.Arn\n        RoleARN: !GetAtt Role.Arn\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Clicks": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"ExtendedS3DestinationConfiguration": {"BucketARN": {"Fn::GetAtt": ["Bucket", "Arn"]}, "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]}}}}}}',
          good: '{"Resources": {"Clicks": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"DeliveryStreamEncryptionConfigurationInput": {"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": {"Fn::GetAtt": ["Key", "Arn"]}}, "ExtendedS3DestinationConfiguration": {"BucketARN": {"Fn::GetAtt": ["Bucket", "Arn"]}, "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]}}}}}}',
        },
      ],
      references: [FIREHOSE_SSE_URL],
    },
    peers: [
      { tool: 'guard', id: 'KINESIS_FIREHOSE_DELIVERY_STREAM_ENCRYPTION_RULE', exact: false },
      { tool: 'cfn_nag', id: 'W88', exact: false },
      { tool: 'cdk-nag', id: 'AwsSolutions-KDF1', exact: false },
    ],
  },
  resourceTypes: [DELIVERY_STREAM],
  checkCode: sdkFirehoseSseDisabled,
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== DELIVERY_STREAM) continue;
      if (streamSource(tpl, r) !== 'direct') continue;
      for (const o of valuesAt(tpl, r.properties, [SSE_INPUT])) {
        if (o.node) continue;
        const fixes: Fix[] = [];
        if (!o.conditions.length) {
          fixes.push({
            title: 'Add DeliveryStreamEncryptionConfigurationInput with KeyType AWS_OWNED_CMK',
            safety: 'safe',
            replacesResource: false,
            edits: ctx.fixer.set(propPath(r, SSE_INPUT), { KeyType: 'AWS_OWNED_CMK' }),
          });
          const k = keyForFix(ctx, 'Arn', `Encrypts the records of Firehose stream ${r.logicalId}`);
          fixes.push({
            title: `Add DeliveryStreamEncryptionConfigurationInput with ${k.created ? 'a new rotating customer managed key' : `customer managed key ${k.logicalId}`} (unsafe: Firehose creates a grant on the key, so the deploying role needs kms:CreateGrant and kms:DescribeKey on it)`,
            safety: 'unsafe',
            replacesResource: false,
            edits: [...ctx.fixer.set(propPath(r, SSE_INPUT), { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: k.key }), ...k.edits],
          });
        }
        ctx.report({
          messageId: 'missing',
          data: { name: r.logicalId },
          span: o.conditions.length && o.entry ? o.entry.value.span : r.logicalIdSpan,
          resource: r,
          conditions: o.conditions,
          fixes,
        });
      }
    }
  },
};
