import { Rule } from '../types';
import { sdkStorageUnencrypted } from '../sdk/core-triggers';
import { propPath } from '../support/helpers';
import { bool, valuesAt } from '../support/resolve';
import { alwaysEncrypted, inheritsEncryption, namesKey, RDS_MIGRATION } from './rds-support';

const MIGRATION = RDS_MIGRATION;

export const rule: Rule = {
  meta: {
    id: 'rds-storage-unencrypted',
    service: 'rds',
    category: 'at-rest',
    tier: 'core',
    severity: 'error',
    messages: {
      sdk: { text: '{operation} does not pass StorageEncrypted: true, so RDS creates the database with unencrypted storage, backups and snapshots.' },
      instance: { text: 'DB instance {name} does not set StorageEncrypted: true, and RDS leaves storage, backups, snapshots and replicas unencrypted by default.' },
      cluster: { text: 'DB cluster {name} does not set StorageEncrypted: true, and RDS leaves the cluster storage, backups and snapshots unencrypted by default.' },
    },
    fix: { title: 'Set StorageEncrypted: true (⚠ replaces the database)', safety: 'unsafe', replacesResource: true, note: MIGRATION },
    hoverTopic: 'rds-at-rest',
    inputs: ['cfn-yaml', 'cfn-json', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'An RDS DB instance or Aurora/Multi-AZ DB cluster is created without storage encryption.',
      why: 'The RDS API and CloudFormation default `StorageEncrypted` to false (only the console pre-selects encryption). Encryption can only be chosen at creation: it cannot be switched on later in place, an unencrypted instance cannot have encrypted replicas, and its snapshots stay unencrypted.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t4g.micro\n',
          good: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t4g.micro\n      StorageEncrypted: true\n      KmsKeyId: !Ref Key\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Db": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-mysql"}}}}',
          good: '{"Resources": {"Db": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-mysql", "StorageEncrypted": true}}}}',
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html'],
      replacementWarning: `StorageEncrypted is create-only: changing it on a deployed database makes CloudFormation create a new, empty database and delete the old one. To keep the data, ${MIGRATION}.`,
    },
    peers: [
      { tool: 'cfn_nag', id: 'F27', exact: true },
      { tool: 'cfn_nag', id: 'F26', exact: true },
      { tool: 'checkov', id: 'CKV_AWS_16', exact: true },
      { tool: 'checkov', id: 'CKV_AWS_96', exact: true },
      { tool: 'cdk-nag', id: 'AwsSolutions-RDS2', exact: true },
      { tool: 'guard', id: 'RDS_STORAGE_ENCRYPTED', exact: true },
      { tool: 'trivy', id: 'AVD-AWS-0080', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0079', exact: false },
    ],
  },
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  checkCode: sdkStorageUnencrypted,
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      const instance = r.type === 'AWS::RDS::DBInstance';
      if (!instance && r.type !== 'AWS::RDS::DBCluster') continue;
      const p = r.properties;
      if (inheritsEncryption(r) || alwaysEncrypted(r)) continue;
      // With a KmsKeyId the more specific rds-kms-key-without-encryption reports.
      if (valuesAt(tpl, p, ['KmsKeyId']).some((o) => namesKey(o.node))) continue;
      for (const o of valuesAt(tpl, p, ['StorageEncrypted'])) {
        // Report when absent or explicitly false; a parameter without default or other unknown stays silent.
        if (o.node && bool(o.node) !== false) continue;
        const fixes = o.conditions.length || o.viaParameter
          ? []
          : [{
              title: `Set StorageEncrypted: true (⚠ REPLACEMENT: a deployed ${instance ? 'instance' : 'cluster'} is replaced by a new, empty one; ${MIGRATION})`,
              safety: 'unsafe' as const,
              replacesResource: true,
              edits: ctx.fixer.set(propPath(r, 'StorageEncrypted'), true),
            }];
        ctx.report({
          messageId: instance ? 'instance' : 'cluster',
          data: { name: r.logicalId },
          span: o.node ? o.node.span : o.entry ? o.entry.keySpan : r.logicalIdSpan,
          resource: r,
          conditions: o.conditions,
          fixes,
        });
      }
    }
  },
};
