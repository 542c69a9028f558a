import { IndexedStream, IndexedStatement, EntityRef } from '../../model/project';
import { Rule, ProjectRuleContext } from '../types';
import { addRoleKeyPolicyFix, isAwsManagedAlias, label, related } from '../support/project';
import { globMatch } from '../support/glob';

const PRODUCER = ['kinesis:putrecord', 'kinesis:putrecords'];
const CONSUMER = ['kinesis:getrecords'];

/** `...:kinesis:<region>:<account>` before `:stream/<name>` in a stream ARN. */
const KINESIS_ARN_PREFIX = /:kinesis:[^:]*:[^:]*$/;

function actionMatches(patterns: string[], wanted: string[]): boolean {
  return patterns.some((p) => wanted.some((w) => globMatch(p, w, 'i')));
}

/** Whether a statement names the stream explicitly (a wildcard resource is not counted: it names no stream). */
function namesStream(ctx: ProjectRuleContext, r: EntityRef, stmtUri: string, stream: IndexedStream): boolean {
  if (r.kind === 'local') return stmtUri === stream.uri && r.logicalId === stream.logicalId;
  if (r.kind === 'name' && stream.name) {
    const at = r.name.lastIndexOf(':stream/');
    return at >= 0 && r.name.slice(at + ':stream/'.length) === stream.name && KINESIS_ARN_PREFIX.test(r.name.slice(0, at));
  }
  return false;
}

export const rule: Rule = {
  meta: {
    id: 'kinesis-cmk-client-permissions',
    service: 'kinesis',
    category: 'key-management',
    tier: 'advanced',
    severity: 'warning',
    messages: {
      producer: { text: 'Role {role} may write to stream {stream} (kinesis:PutRecord/PutRecords) but lacks kms:GenerateDataKey on its customer managed key {key}, so its writes fail.' },
      consumer: { text: 'Role {role} may read stream {stream} (kinesis:GetRecords) but lacks kms:Decrypt on its customer managed key {key}, so its reads fail.' },
      firehoseSource: { text: 'Firehose source role {role} reads stream {stream}, encrypted with customer managed key {key}, but lacks kms:Decrypt on that key, so delivery fails.' },
    },
    fix: { title: 'Add an inline policy allowing the KMS action on the stream key to the role', safety: 'safe', replacesResource: false, note: 'Offered when the role and the key are in the same template.' },
    hoverTopic: 'kinesis-sse',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py'],
    docs: {
      summary: 'A producer or consumer of a stream encrypted with a customer managed key that cannot use the key.',
      why: 'Kinesis Data Streams encrypted with a customer managed KMS key require producers to hold `kms:GenerateDataKey` and consumers `kms:Decrypt` on that key: "Otherwise, writes and reads from a stream will fail." The AWS managed key `alias/aws/kinesis` needs no such permission. The rule looks at roles whose policies name the stream (by `Ref`/`GetAtt` or its ARN) with `kinesis:PutRecord(s)` or `kinesis:GetRecords`, and at the `RoleARN` of a Firehose `KinesisStreamSourceConfiguration`; a `Resource: "*"` does not count as naming the stream. CDK `stream.grantRead/grantWrite` (and `key.grant*`) already add the key grants and count as allowed; CDK roles are read with the statements `addToPolicy` / `addToPrincipalPolicy` give them.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  Key:\n    Type: AWS::KMS::Key\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      StreamEncryption: {EncryptionType: KMS, KeyId: !Ref Key}\n  Producer:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}\n      Policies:\n        - PolicyName: put\n          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: kinesis:PutRecords, Resource: !GetAtt Stream.Arn}]}\n",
          good: "Resources:\n  Key:\n    Type: AWS::KMS::Key\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      StreamEncryption: {EncryptionType: KMS, KeyId: !Ref Key}\n  Producer:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}\n      Policies:\n        - PolicyName: put\n          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: kinesis:PutRecords, Resource: !GetAtt Stream.Arn}, {Effect: Allow, Action: kms:GenerateDataKey, Resource: !GetAtt Key.Arn}]}\n",
        },
      ],
      references: [
        'https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html',
        'https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html',
      ],
    },
    peers: [],
  },
  checkProject(ctx) {
    const project = ctx.project;
    const doc = project.document(ctx.uri);
    if (!doc) return;
    const streams = project.documents().flatMap((d) => d.streams).filter((s) => s.key && !(s.key.kind === 'name' && isAwsManagedAlias(s.key.name)));
    for (const stream of streams) {
      const key = project.resolveKey(stream.key, stream.uri);
      if (!key) continue;
      for (const role of doc.roles) {
        const statements = project.roleStatements(role);
        if (!statements) continue;
        const naming = (wanted: string[]) => statements.find(({ uri, s }: { uri: string; s: IndexedStatement }) => s.effect === 'Allow' && !s.unknown && actionMatches(s.actions, wanted) && s.resources.some((r) => namesStream(ctx, r, uri, stream)));
        for (const [wanted, action, messageId] of [[PRODUCER, 'kms:GenerateDataKey', 'producer'], [CONSUMER, 'kms:Decrypt', 'consumer']] as const) {
          const hit = naming([...wanted]);
          if (!hit) continue;
          if (project.roleCanUseKey(role, key, [action]).verdict !== 'no') continue;
          ctx.report({
            messageId,
            data: { role: role.logicalId, stream: label(ctx, stream), key: label(ctx, key) },
            span: hit.uri === ctx.uri ? hit.s.span : role.span,
            resource: role.logicalId,
            related: [related(stream, `stream ${stream.logicalId}`), related(key, `customer managed key ${key.logicalId}`)],
            fixes: addRoleKeyPolicyFix(ctx, role, key, [action], messageId === 'producer' ? 'StreamKeyWrite' : 'StreamKeyRead'),
          });
        }
      }
    }
    for (const ds of doc.deliveryStreams) {
      if (!ds.source) continue;
      const stream = project.resolveStream(ds.source.stream, ctx.uri);
      if (!stream || !stream.key || (stream.key.kind === 'name' && isAwsManagedAlias(stream.key.name))) continue;
      const key = project.resolveKey(stream.key, stream.uri);
      const role = project.resolveRole(ds.source.role, ctx.uri);
      if (!key || !role) continue;
      if (project.roleCanUseKey(role, key, ['kms:Decrypt']).verdict !== 'no') continue;
      ctx.report({
        messageId: 'firehoseSource',
        data: { role: label(ctx, role), stream: label(ctx, stream), key: label(ctx, key) },
        span: ds.source.roleSpan,
        resource: ds.logicalId,
        related: [related(role, `source role ${role.logicalId}: add kms:Decrypt on the key`), related(key, `customer managed key ${key.logicalId}`)],
        fixes: addRoleKeyPolicyFix(ctx, role, key, ['kms:Decrypt'], 'SourceStreamKeyRead'),
      });
    }
  },
};
