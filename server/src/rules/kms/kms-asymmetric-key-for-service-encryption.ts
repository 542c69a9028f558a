import { Rule } from '../types';
import { label, related } from '../support/project';

export const rule: Rule = {
  meta: {
    id: 'kms-asymmetric-key-for-service-encryption',
    service: 'kms',
    category: 'compatibility',
    tier: 'advanced',
    severity: 'error',
    messages: {
      asymmetric: { text: '{property} of {resource} uses KMS key {key} with KeySpec {spec} and KeyUsage {usage}; {service} accepts only symmetric encryption keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT), so the deployment or every write fails.' },
    },
    hoverTopic: 'crypto-basics',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'An asymmetric or HMAC KMS key given to a service for data encryption.',
      why: 'S3, Kinesis, Firehose, RDS, Redshift, Athena and EMR encrypt data with envelope encryption and accept only symmetric KMS keys (`KeySpec: SYMMETRIC_DEFAULT`, `KeyUsage: ENCRYPT_DECRYPT`). RSA/ECC/SM2 keys are for client-side encryption or signing and HMAC keys for MACs. The key is found through `Ref`/`GetAtt`, an `AWS::KMS::Alias` of the project, or an alias name/ARN defined in another template of the project. CDK `kms.Key` with `keySpec`/`keyUsage` passed as `encryptionKey` is read the same way, and SDK calls that hand a literal key or alias to a service (`SSEKMSKeyId`, `KeyId`, `KmsKeyId`, `KeyARN`, `KmsKey`) are matched with the keys of the project.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeySpec: RSA_2048\n      KeyUsage: ENCRYPT_DECRYPT\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      StreamEncryption: {EncryptionType: KMS, KeyId: !Ref Key}\n',
          good: 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      StreamEncryption: {EncryptionType: KMS, KeyId: !Ref Key}\n',
        },
      ],
      references: ['https://docs.aws.amazon.com/kms/latest/developerguide/symmetric-asymmetric.html', 'https://docs.aws.amazon.com/kms/latest/developerguide/service-integration.html'],
    },
    peers: [],
  },
  checkProject(ctx) {
    const SERVICE: Record<string, string> = {
      'AWS::S3::Bucket': 'Amazon S3', 'AWS::Kinesis::Stream': 'Kinesis Data Streams', 'AWS::KinesisFirehose::DeliveryStream': 'Firehose',
      'AWS::RDS::DBInstance': 'Amazon RDS', 'AWS::RDS::DBCluster': 'Amazon RDS', 'AWS::Redshift::Cluster': 'Amazon Redshift',
      'AWS::RedshiftServerless::Namespace': 'Redshift Serverless', 'AWS::Athena::WorkGroup': 'Athena', 'AWS::EMR::SecurityConfiguration': 'Amazon EMR',
    };
    for (const use of ctx.project.document(ctx.uri)?.keyUses ?? []) {
      const key = ctx.project.resolveKey(use.key, ctx.uri);
      if (!key || !key.specKnown) continue;
      if (key.keySpec === 'SYMMETRIC_DEFAULT' && key.keyUsage === 'ENCRYPT_DECRYPT') continue;
      ctx.report({
        messageId: 'asymmetric',
        data: { property: use.property, resource: use.logicalId, key: label(ctx, key), spec: key.keySpec, usage: key.keyUsage, service: SERVICE[use.resourceType] ?? use.resourceType },
        span: use.span,
        resource: use.logicalId,
        related: [related(key, `key ${key.logicalId}: KeySpec ${key.keySpec}, KeyUsage ${key.keyUsage}`)],
      });
    }
  },
};
