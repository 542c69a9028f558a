import { Rule } from '../types';
import { propPath } from '../support/helpers';
import { bool, combine, str, valuesAt } from '../support/resolve';
import { alwaysEncrypted, inheritsEncryption, namesKey, RDS_MIGRATION } from './rds-support';

export const rule: Rule = {
  meta: {
    id: 'rds-kms-key-without-encryption',
    service: 'rds',
    category: 'key-management',
    tier: 'core',
    severity: 'error',
    messages: {
      instanceAbsent: { text: 'DB instance {name} sets KmsKeyId without StorageEncrypted: true, although CloudFormation requires StorageEncrypted: true whenever KmsKeyId is given and RDS does not encrypt storage by default.' },
      instanceFalse: { text: 'DB instance {name} sets KmsKeyId together with StorageEncrypted: {value}, a contradiction: RDS uses a KMS key only for encrypted storage.' },
      clusterAbsent: { text: 'DB cluster {name} sets KmsKeyId without StorageEncrypted: true, although CloudFormation requires StorageEncrypted: true whenever KmsKeyId is given and RDS does not encrypt storage by default.' },
      clusterFalse: { text: 'DB cluster {name} sets KmsKeyId together with StorageEncrypted: {value}, a contradiction: RDS uses a KMS key only for encrypted storage.' },
    },
    fix: { title: 'Set StorageEncrypted: true (⚠ REPLACEMENT)', safety: 'unsafe', replacesResource: true, note: RDS_MIGRATION },
    hoverTopic: 'rds-at-rest',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An RDS DB instance or DB cluster names a KMS key in `KmsKeyId` but leaves `StorageEncrypted` absent or false.',
      why: 'RDS uses `KmsKeyId` only for encrypted storage, and `StorageEncrypted` defaults to false in the API and CloudFormation; CloudFormation documents that `StorageEncrypted` must be true when `KmsKeyId` is given. The template shows the intent to encrypt with a chosen key, but the database is either rejected or created unencrypted. Read replicas and restores from a snapshot inherit their encryption and are not reported. Both properties are create-only: fixing a deployed database replaces it.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t4g.micro\n      KmsKeyId: !GetAtt Key.Arn\n',
          good: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t4g.micro\n      StorageEncrypted: true\n      KmsKeyId: !GetAtt Key.Arn\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Db": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-mysql", "StorageEncrypted": false, "KmsKeyId": {"Ref": "Key"}}}}}',
          good: '{"Resources": {"Db": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-mysql", "StorageEncrypted": true, "KmsKeyId": {"Ref": "Key"}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html',
      ],
      replacementWarning: `StorageEncrypted is create-only: changing it on a deployed database makes CloudFormation create a new, empty database and delete the old one. To keep the data, ${RDS_MIGRATION}.`,
    },
    peers: [
      { tool: 'cfn-lint', id: 'E3720', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0079', exact: false },
    ],
  },
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      const instance = r.type === 'AWS::RDS::DBInstance';
      if (!instance && r.type !== 'AWS::RDS::DBCluster') continue;
      const p = r.properties;
      // Aurora members are rds-aurora-instance-encryption-ignored's; replicas and restores inherit encryption.
      if (inheritsEncryption(r)) continue;
      // Always-encrypted storage (RDS Custom, Aurora Serverless v1): only an explicit false contradicts the key.
      const falseOnly = alwaysEncrypted(r);
      const keys = valuesAt(tpl, p, ['KmsKeyId']).filter((o) => namesKey(o.node));
      if (!keys.length) continue;
      const encrypted = valuesAt(tpl, p, ['StorageEncrypted']);
      const seen = new Set<string>();
      for (const [k, e, conditions] of combine(keys, encrypted)) {
        const explicitFalse = e.node !== undefined && bool(e.node) === false;
        if (e.node && !explicitFalse) continue; // true, or unknown
        if (!explicitFalse && falseOnly) continue;
        const span = e.node ? e.node.span : e.entry ? e.entry.value.span : k.node!.span;
        const dedupe = `${span.start}:${conditions.join(',')}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        const fixes = conditions.length || e.viaParameter
          ? []
          : [{
              title: `Set StorageEncrypted: true (⚠ REPLACEMENT: a deployed ${instance ? 'instance' : 'cluster'} is replaced by a new, empty one; ${RDS_MIGRATION})`,
              safety: 'unsafe' as const,
              replacesResource: true,
              edits: ctx.fixer.set(propPath(r, 'StorageEncrypted'), true),
            }];
        ctx.report({
          messageId: `${instance ? 'instance' : 'cluster'}${explicitFalse ? 'False' : 'Absent'}`,
          data: { name: r.logicalId, value: explicitFalse ? str(e.node) : undefined },
          span,
          resource: r,
          conditions,
          fixes,
        });
      }
    }
  },
};
