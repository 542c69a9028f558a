import { Fix } from '../../model/types';
import { Rule } from '../types';
import { keyForFix, propPath } from '../support/helpers';
import { str, valuesAt, combine } from '../support/resolve';
import { namesKey } from '../rds/rds-support';
import { DELIVERY_STREAM, FIREHOSE_SSE_URL, SSE_INPUT, streamSource } from './delivery-stream';

export const rule: Rule = {
  meta: {
    id: 'firehose-cmk-config-invalid',
    service: 'firehose',
    category: 'key-management',
    tier: 'core',
    severity: 'error',
    messages: {
      noKeyArn: { text: 'Firehose stream {name} sets KeyType CUSTOMER_MANAGED_CMK without a KeyARN, which Firehose requires for a customer managed key.', severity: 'error' },
      keyWithAwsOwned: { text: 'Firehose stream {name} sets a KeyARN with KeyType AWS_OWNED_CMK, so the key is not used and the records are encrypted with an AWS owned key.', severity: 'warning' },
    },
    fix: { title: 'Add a KeyARN for the customer managed key', safety: 'safe', replacesResource: false },
    hoverTopic: 'firehose-sse',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'A Firehose delivery stream whose server-side encryption names a key type and a key that do not fit together.',
      why: '`DeliveryStreamEncryptionConfigurationInput.KeyType` is `AWS_OWNED_CMK` (the default) or `CUSTOMER_MANAGED_CMK`; with `CUSTOMER_MANAGED_CMK` a `KeyARN` is required, and with `AWS_OWNED_CMK` Firehose uses a key it owns, so a `KeyARN` there shows a customer managed key the author meant to use but that is not used. Firehose accepts only symmetric keys (an asymmetric key is reported by kms-asymmetric-key-for-service-encryption).',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Clicks:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      DeliveryStreamEncryptionConfigurationInput:\n        KeyType: CUSTOMER_MANAGED_CMK\n',
          good: 'Resources:\n  Clicks:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      DeliveryStreamEncryptionConfigurationInput:\n        KeyType: CUSTOMER_MANAGED_CMK\n        KeyARN: !GetAtt Key.Arn\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Clicks": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"DeliveryStreamEncryptionConfigurationInput": {"KeyType": "AWS_OWNED_CMK", "KeyARN": {"Fn::GetAtt": ["Key", "Arn"]}}}}}}',
          good: '{"Resources": {"Clicks": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"DeliveryStreamEncryptionConfigurationInput": {"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": {"Fn::GetAtt": ["Key", "Arn"]}}}}}}',
        },
      ],
      references: [FIREHOSE_SSE_URL, 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-deliverystreamencryptionconfigurationinput.html'],
    },
    peers: [],
  },
  resourceTypes: [DELIVERY_STREAM],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== DELIVERY_STREAM) continue;
      if (streamSource(tpl, r) === 'kinesis') continue; // firehose-sse-with-stream-source removes the whole block
      for (const sse of valuesAt(tpl, r.properties, [SSE_INPUT])) {
        if (sse.node?.kind !== 'object') continue;
        const pairs = combine(valuesAt(tpl, sse.node, ['KeyType']), valuesAt(tpl, sse.node, ['KeyARN']));
        for (const [t, k, c] of pairs) {
          const conditions = [...sse.conditions, ...c.filter((x) => !sse.conditions.includes(x))];
          const keyType = str(t.node);
          const fixable = !conditions.length && !t.viaParameter && !k.viaParameter && !sse.viaParameter;
          const fixes: Fix[] = [];
          if (keyType === 'CUSTOMER_MANAGED_CMK' && !k.node) {
            if (fixable) {
              const key = keyForFix(ctx, 'Arn', `Encrypts the records of Firehose stream ${r.logicalId}`);
              fixes.push({
                title: `Add KeyARN ${key.created ? 'of a new rotating customer managed key' : `of key ${key.logicalId}`}`,
                safety: 'safe',
                replacesResource: false,
                edits: [...ctx.fixer.set(propPath(r, SSE_INPUT, 'KeyARN'), key.key), ...key.edits],
              });
              fixes.push({ title: 'Use KeyType AWS_OWNED_CMK instead', safety: 'safe', replacesResource: false, edits: ctx.fixer.replace(t.node!, 'AWS_OWNED_CMK') });
            }
            ctx.report({ messageId: 'noKeyArn', data: { name: r.logicalId }, span: t.node!.span, resource: r, conditions, fixes });
          } else if (keyType === 'AWS_OWNED_CMK' && namesKey(k.node)) {
            if (fixable) {
              fixes.push({
                title: 'Set KeyType: CUSTOMER_MANAGED_CMK to use the given key (unsafe: Firehose creates a grant on the key, so the deploying role needs kms:CreateGrant and kms:DescribeKey on it)',
                safety: 'unsafe',
                replacesResource: false,
                edits: ctx.fixer.replace(t.node!, 'CUSTOMER_MANAGED_CMK'),
              });
              fixes.push({ title: 'Remove KeyARN (keep the AWS owned key)', safety: 'safe', replacesResource: false, edits: ctx.fixer.remove(propPath(r, SSE_INPUT, 'KeyARN')) });
            }
            ctx.report({ messageId: 'keyWithAwsOwned', data: { name: r.logicalId }, span: k.node!.span, resource: r, conditions, fixes });
          }
        }
      }
    }
  },
};
