import { Rule } from '../types';
import { addRoleKeyPolicyFix, label, related } from '../support/project';

const ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

export const rule: Rule = {
  meta: {
    id: 'athena-kms-permissions',
    service: 'athena',
    category: 'key-management',
    tier: 'advanced',
    severity: 'warning',
    messages: {
      results: { text: 'Execution role {role} of workgroup {workgroup} lacks {missing} on the results key {key} ({option}), so queries cannot write encrypted results.' },
    },
    fix: { title: 'Add an inline policy allowing kms:GenerateDataKey and kms:Decrypt on the results key to the execution role', safety: 'safe', replacesResource: false, note: 'Offered when the role and the key are in the same template.' },
    hoverTopic: 'kms-key-policies',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py'],
    docs: {
      summary: 'An Athena workgroup execution role that cannot use the KMS key of the query results.',
      why: 'Athena needs `kms:GenerateDataKey` and `kms:Decrypt` on the key of SSE_KMS / CSE_KMS query results (and `kms:Decrypt` on the keys of encrypted source data). In CloudFormation the identity that runs queries is known only for workgroups with an `ExecutionRole` (Spark-enabled workgroups); the rule checks that role, its attached policies in the project and the key policy, and stays silent when any of them cannot be read. In CDK code the roles are `iam.Role`s with the statements `addToPolicy` gives them; `key.grantEncryptDecrypt(role)` and the other `grant*` calls count as allowed.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  ResultsKey:\n    Type: AWS::KMS::Key\n  Runner:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: athena.amazonaws.com}, Action: sts:AssumeRole}]}\n  Spark:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: spark\n      WorkGroupConfiguration:\n        ExecutionRole: !GetAtt Runner.Arn\n        ResultConfiguration:\n          EncryptionConfiguration: {EncryptionOption: SSE_KMS, KmsKey: !GetAtt ResultsKey.Arn}\n",
          good: "Resources:\n  ResultsKey:\n    Type: AWS::KMS::Key\n  Runner:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: athena.amazonaws.com}, Action: sts:AssumeRole}]}\n      Policies:\n        - PolicyName: results-key\n          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: !GetAtt ResultsKey.Arn}]}\n  Spark:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: spark\n      WorkGroupConfiguration:\n        ExecutionRole: !GetAtt Runner.Arn\n        ResultConfiguration:\n          EncryptionConfiguration: {EncryptionOption: SSE_KMS, KmsKey: !GetAtt ResultsKey.Arn}\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/athena/latest/ug/encryption.html', 'https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html'],
    },
    peers: [],
  },
  checkProject(ctx) {
    for (const wg of ctx.project.document(ctx.uri)?.workgroups ?? []) {
      if (wg.encryptionOption !== 'SSE_KMS' && wg.encryptionOption !== 'CSE_KMS') continue;
      const key = ctx.project.resolveKey(wg.key, ctx.uri);
      const role = ctx.project.resolveRole(wg.executionRole, ctx.uri);
      if (!key || !role || !wg.executionRoleSpan) continue;
      const v = ctx.project.roleCanUseKey(role, key, ACTIONS);
      if (v.verdict !== 'no') continue;
      ctx.report({
        messageId: 'results',
        data: { role: label(ctx, role), workgroup: wg.logicalId, missing: v.missing.join(' and '), key: label(ctx, key), option: wg.encryptionOption },
        span: wg.executionRoleSpan,
        resource: wg.logicalId,
        related: [related(role, `execution role ${role.logicalId}`), related(key, `results key ${key.logicalId}`)],
        fixes: addRoleKeyPolicyFix(ctx, role, key, ACTIONS, 'AthenaResultsKeyAccess'),
      });
    }
  },
};
