import { IndexedRole } from '../../model/project';
import { Rule } from '../types';
import { label, related } from '../support/project';

const ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

export const rule: Rule = {
  meta: {
    id: 'emr-kms-key-users',
    service: 'emr',
    category: 'key-management',
    tier: 'advanced',
    severity: 'warning',
    messages: {
      notUser: { text: 'KMS key {key} encrypts EMR data ({path} of security configuration {sc}, used by cluster {cluster}) but neither its key policy nor the policies of {which} {role} allow {missing}, so the cluster cannot encrypt or read that data.' },
    },
    hoverTopic: 'kms-key-policies',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py'],
    docs: {
      summary: 'A KMS key used by an EMR security configuration that the cluster\'s roles may not use.',
      why: 'EMR uses the key of `S3EncryptionConfiguration.AwsKmsKey` and `LocalDiskEncryptionConfiguration.AwsKmsKey` on behalf of the cluster: the EC2 instance profile role (`JobFlowRole`, default `EMR_EC2_DefaultRole`) and the service role must be key users. The rule follows cluster → security configuration → key, and cluster → instance profile → role, across the templates of the project, and reports when neither the key policy names the role nor the role\'s own policies grant `kms:GenerateDataKey` and `kms:Decrypt` on the key. Roles or policies it cannot read (AWS managed policies, imports) keep it silent. A CDK `kms.Key` without `policy` has the default key policy (the account decides through IAM); a key whose policy code sets or extends is not judged.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  EmrKey:\n    Type: AWS::KMS::Key\n  Ec2Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}\n  Profile:\n    Type: AWS::IAM::InstanceProfile\n    Properties:\n      Roles: [!Ref Ec2Role]\n  Sec:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          EnableInTransitEncryption: false\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration: {EncryptionMode: SSE-KMS, AwsKmsKey: !GetAtt EmrKey.Arn}\n  Cluster:\n    Type: AWS::EMR::Cluster\n    Properties:\n      Name: c\n      ReleaseLabel: emr-7.1.0\n      JobFlowRole: !Ref Profile\n      ServiceRole: EMR_DefaultRole\n      SecurityConfiguration: !Ref Sec\n      Instances: {}\n",
          good: "(the same, with Ec2Role given a policy allowing kms:GenerateDataKey and kms:Decrypt on !GetAtt EmrKey.Arn, or a key policy statement naming !GetAtt Ec2Role.Arn)\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-encryption-enable.html', 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html'],
    },
    peers: [],
  },
  checkProject(ctx) {
    const project = ctx.project;
    for (const d of project.documents()) {
      for (const cluster of d.emrClusters) {
        const sc = project.resolveEmrSecurityConfiguration(cluster.securityConfiguration, cluster.uri);
        if (!sc) continue;
        const roles: [string, IndexedRole | undefined][] = [
          ['instance profile role', project.resolveInstanceProfileRole(cluster.jobFlowRole, cluster.uri)],
          ['service role', project.resolveRole(cluster.serviceRole, cluster.uri)],
        ];
        for (const use of sc.keys) {
          const key = project.resolveKey(use.key, sc.uri);
          if (!key || key.uri !== ctx.uri) continue; // reported in the key's file, where the key policy changes
          for (const [which, role] of roles) {
            if (!role) continue;
            const v = project.roleCanUseKey(role, key, ACTIONS);
            if (v.verdict !== 'no') continue;
            ctx.report({
              messageId: 'notUser',
              data: { key: key.logicalId, path: use.path, sc: label(ctx, sc), cluster: label(ctx, cluster), which, role: label(ctx, role), missing: v.missing.join(' and ') },
              span: key.policySpan,
              resource: key.logicalId,
              related: [related(cluster, `cluster ${cluster.logicalId}`), { uri: sc.uri, span: use.span, message: `the key in security configuration ${sc.logicalId}` }, related(role, `${which} ${role.logicalId}`)],
            });
          }
        }
      }
    }
  },
};
