import { Rule } from '../types';
import { valuesAt } from '../support/resolve';
import { DELIVERY_STREAM, FIREHOSE_SSE_URL, SSE_INPUT, streamSource } from './delivery-stream';
import { removeProperties } from '../support/helpers';

export const rule: Rule = {
  meta: {
    id: 'firehose-sse-with-stream-source',
    service: 'firehose',
    category: 'compatibility',
    tier: 'core',
    severity: 'error',
    messages: {
      withSource: { text: 'Firehose stream {name} reads from a Kinesis data stream but sets DeliveryStreamEncryptionConfigurationInput, which Firehose supports only for Direct PUT streams; encrypt the source stream instead.' },
    },
    fix: { title: 'Remove DeliveryStreamEncryptionConfigurationInput (encrypt the source Kinesis stream with StreamEncryption instead)', safety: 'safe', replacesResource: false },
    hoverTopic: 'firehose-sse',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'A Firehose delivery stream with a Kinesis data stream source that also sets delivery-stream server-side encryption.',
      why: 'When a Kinesis data stream is the source, Firehose does not store the data at rest: the records stay in the source stream, whose own server-side encryption (`StreamEncryption`) protects them. Delivery-stream encryption (`DeliveryStreamEncryptionConfigurationInput`, StartDeliveryStreamEncryption) is available only for Direct PUT streams, and the AWS CDK refuses this combination ("Specify server-side encryption on the data stream instead"). Remove the block and make sure the source stream is encrypted.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Delivery:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      DeliveryStreamType: KinesisStreamAsSource\n      KinesisStreamSourceConfiguration:\n        KinesisStreamARN: !GetAtt Events.Arn\n        RoleARN: !GetAtt Role.Arn\n      DeliveryStreamEncryptionConfigurationInput:\n        KeyType: AWS_OWNED_CMK\n',
          good: 'Resources:\n  Delivery:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      DeliveryStreamType: KinesisStreamAsSource\n      KinesisStreamSourceConfiguration:\n        KinesisStreamARN: !GetAtt Events.Arn\n        RoleARN: !GetAtt Role.Arn\n  Events:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      StreamEncryption:\n        EncryptionType: KMS\n        KeyId: alias/aws/kinesis\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Delivery": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"DeliveryStreamType": "KinesisStreamAsSource", "KinesisStreamSourceConfiguration": {"KinesisStreamARN": {"Fn::GetAtt": ["Events", "Arn"]}, "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]}}, "DeliveryStreamEncryptionConfigurationInput": {"KeyType": "AWS_OWNED_CMK"}}}}}',
          good: '{"Resources": {"Delivery": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"DeliveryStreamType": "KinesisStreamAsSource", "KinesisStreamSourceConfiguration": {"KinesisStreamARN": {"Fn::GetAtt": ["Events", "Arn"]}, "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]}}}}}}',
        },
      ],
      references: [FIREHOSE_SSE_URL, 'https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html'],
    },
    peers: [],
  },
  resourceTypes: [DELIVERY_STREAM],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== DELIVERY_STREAM) continue;
      if (streamSource(tpl, r) !== 'kinesis') continue;
      const outcomes = valuesAt(tpl, r.properties, [SSE_INPUT]);
      const set = outcomes.filter((o) => o.node && o.node.kind !== 'unknown');
      if (!set.length) continue;
      const conditions = set.length === outcomes.length ? [] : set[0].conditions;
      ctx.report({
        messageId: 'withSource',
        data: { name: r.logicalId },
        span: set[0].entry ? set[0].entry.value.span : set[0].node!.span,
        resource: r,
        conditions,
        fixes: conditions.length ? [] : [{
          title: 'Remove DeliveryStreamEncryptionConfigurationInput (encrypt the source Kinesis stream with StreamEncryption instead)',
          safety: 'safe',
          replacesResource: false,
          edits: removeProperties(ctx, r, [SSE_INPUT]),
        }],
      });
    }
  },
};
