import { IndexedKey } from '../../model/project';
import { Rule } from '../types';
import { addRoleKeyPolicyFix, label, related } from '../support/project';

const ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

export const rule: Rule = {
  meta: {
    id: 'firehose-s3-kms-permissions',
    service: 'firehose',
    category: 'key-management',
    tier: 'advanced',
    severity: 'warning',
    messages: {
      missing: { text: 'Delivery role {role} of stream {stream} ({path}) lacks {missing} on KMS key {key} used for the S3 destination, so Firehose cannot write encrypted objects and discards records after 24 hours.' },
    },
    fix: { title: 'Add an inline policy allowing kms:GenerateDataKey and kms:Decrypt on the key to the delivery role', safety: 'safe', replacesResource: false, note: 'Offered when the role and the key are in the same template as the delivery stream.' },
    hoverTopic: 'firehose-s3-destination',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py'],
    docs: {
      summary: 'A Firehose delivery role that cannot use the KMS key of its S3 destination.',
      why: 'When a Firehose S3 destination sets `KMSEncryptionConfig.AWSKMSKeyARN` (or the destination bucket encrypts by default with a customer managed key), the delivery role (`RoleARN`) needs `kms:GenerateDataKey` and `kms:Decrypt` on that key, preferably with `kms:ViaService: s3.<region>.amazonaws.com` and `kms:EncryptionContext:aws:s3:arn` conditions. Without them Firehose gets KMS access errors, retries and discards records after 24 hours. The rule reads the role (in any template of the project, matched by logical id or by role name in the ARN), its inline policies, `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy` documents attached to it, and the key policy; it stays silent when any of these cannot be read (AWS managed policies, imports, parameters without defaults). In CDK code the roles are `iam.Role`s with the statements `addToPolicy` gives them; `key.grantEncryptDecrypt(role)` and the other `grant*` calls count as allowed; an L2 `DeliveryStream` creates its own role with the grants and is not judged.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: firehose.amazonaws.com}, Action: sts:AssumeRole}]}\n      Policies:\n        - PolicyName: s3\n          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: ['s3:PutObject'], Resource: '*'}]}\n  Stream:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      ExtendedS3DestinationConfiguration:\n        BucketARN: arn:aws:s3:::logs-bucket\n        RoleARN: !GetAtt Role.Arn\n        EncryptionConfiguration:\n          KMSEncryptionConfig: {AWSKMSKeyARN: !GetAtt Key.Arn}\n",
          good: "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: firehose.amazonaws.com}, Action: sts:AssumeRole}]}\n      Policies:\n        - PolicyName: s3\n          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: ['s3:PutObject'], Resource: '*'}, {Effect: Allow, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: !GetAtt Key.Arn}]}\n  Stream:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      ExtendedS3DestinationConfiguration:\n        BucketARN: arn:aws:s3:::logs-bucket\n        RoleARN: !GetAtt Role.Arn\n        EncryptionConfiguration:\n          KMSEncryptionConfig: {AWSKMSKeyARN: !GetAtt Key.Arn}\n",
        },
      ],
      references: [
        'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3',
        'https://docs.aws.amazon.com/firehose/latest/dev/encryption.html',
      ],
    },
    peers: [],
  },
  checkProject(ctx) {
    const doc = ctx.project.document(ctx.uri);
    for (const ds of doc?.deliveryStreams ?? []) {
      for (const d of ds.destinations) {
        let key: IndexedKey | undefined = ctx.project.resolveKey(d.key, ctx.uri);
        let via = 'its KMSEncryptionConfig';
        if (!d.key) {
          const bucket = ctx.project.resolveBucket(d.bucket, ctx.uri);
          if (bucket && (bucket.sseAlgorithm === 'aws:kms' || bucket.sseAlgorithm === 'aws:kms:dsse')) {
            key = ctx.project.resolveKey(bucket.sseKey, bucket.uri);
            via = `the default encryption of bucket ${bucket.logicalId}`;
          }
        }
        if (!key) continue;
        const role = ctx.project.resolveRole(d.role, ctx.uri);
        if (!role) continue;
        const v = ctx.project.roleCanUseKey(role, key, ACTIONS);
        if (v.verdict !== 'no') continue;
        ctx.report({
          messageId: 'missing',
          data: { role: label(ctx, role), stream: ds.logicalId, path: d.path, missing: v.missing.join(' and '), key: label(ctx, key) },
          span: d.roleSpan,
          resource: ds.logicalId,
          related: [related(role, `delivery role ${role.logicalId}: add ${v.missing.join(', ')} on the key`), related(key, `KMS key ${key.logicalId} (${via})`)],
          fixes: addRoleKeyPolicyFix(ctx, role, key, ACTIONS, 'FirehoseDestinationKeyAccess'),
        });
      }
    }
  },
};
