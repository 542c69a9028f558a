import { Fix } from '../../model/types';
import { sdkRedshiftUnencrypted } from '../sdk/core-triggers';
import { Rule } from '../types';
import { keyForFix, propPath } from '../support/helpers';
import { prop, resourcesOfType, missingSpan } from '../support/resolve';
import { CLUSTER, MIGRATION_NOTE, MIGRATION_REASON, unencryptedCases } from './cluster';

export const rule: Rule = {
  meta: {
    id: 'redshift-cluster-unencrypted',
    service: 'redshift',
    category: 'at-rest',
    tier: 'core',
    severity: 'error',
    messages: {
      sdkDisabled: { text: 'CreateCluster passes Encrypted: false, which Redshift rejects for new clusters since 2025-01-10.' },
      sdkAbsent: { text: 'CreateCluster does not pass Encrypted, so the cluster gets an AWS-owned key you cannot manage or audit.', severity: 'information' },
      disabled: {
        text: 'Redshift cluster {name} sets Encrypted: false, which Redshift rejects for new clusters since 2025-01-10 and which leaves an older cluster unencrypted.',
        severity: 'error',
      },
      absent: {
        text: 'Redshift cluster {name} does not set Encrypted, so it gets an AWS-owned key you cannot manage or audit if created since 2025-01-10, or no encryption at all if created before.',
        severity: 'information',
      },
    },
    fix: { title: 'Set Encrypted: true', safety: 'unsafe', replacesResource: false, note: MIGRATION_NOTE },
    hoverTopic: 'redshift-at-rest',
    inputs: ['cfn-yaml', 'cfn-json', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'A Redshift provisioned cluster that is not explicitly encrypted.',
      why: 'Since 2025-01-10 Redshift encrypts every new cluster: `CreateCluster` with `Encrypted: false` fails ("If you set the value on this parameter to false, the request will fail"), and without a `KmsKeyId` an AWS-owned key is used, which gives no key policy or CloudTrail record of its use. Clusters created earlier with `Encrypted` omitted or false are unencrypted. `Encrypted` is not create-only in CloudFormation: turning it on makes Redshift migrate the data to a new encrypted cluster, which blocks writes while it runs, so the fix is never applied automatically. A `KmsKeyId` with `Encrypted: false` is reported by redshift-kms-key-without-encrypted instead; clusters restored from a snapshot or using an HSM are not reported when `Encrypted` is omitted.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      Encrypted: false\n',
          good: 'Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      Encrypted: true\n      KmsKeyId: !Ref WarehouseKey\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Warehouse": {"Type": "AWS::Redshift::Cluster", "Properties": {"ClusterType": "single-node", "NodeType": "ra3.large", "DBName": "analytics", "MasterUsername": "admin", "ManageMasterPassword": true}}}}',
          good: '{"Resources": {"Warehouse": {"Type": "AWS::Redshift::Cluster", "Properties": {"ClusterType": "single-node", "NodeType": "ra3.large", "DBName": "analytics", "MasterUsername": "admin", "ManageMasterPassword": true, "Encrypted": true}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html',
        'https://docs.aws.amazon.com/redshift/latest/mgmt/changing-cluster-encryption.html',
        'https://aws.amazon.com/about-aws/whats-new/2024/11/amazon-redshift-enhance-security-default-behavior/',
      ],
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_64', exact: true },
      { tool: 'cfn_nag', id: 'F28', exact: true },
      { tool: 'cdk-nag', id: 'AwsSolutions-RS6', exact: true },
      { tool: 'guard', id: 'REDSHIFT_CLUSTER_CONFIGURATION_CHECK', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0084', exact: false },
    ],
  },
  resourceTypes: ['AWS::Redshift::Cluster'],
  checkCode: sdkRedshiftUnencrypted,
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of resourcesOfType(tpl, CLUSTER)) {
      const p = r.properties;
      // Restores follow the snapshot's encryption; HSM clusters are not on an AWS-owned key.
      const inherits = !!prop(p, 'SnapshotIdentifier') || !!prop(p, 'HsmConfigurationIdentifier') || !!prop(p, 'HsmClientCertificateIdentifier');
      const seen = new Set<string>();
      for (const c of unencryptedCases(tpl, r)) {
        if (c.keySet) continue; // a key with Encrypted false is redshift-kms-key-without-encrypted; with Encrypted absent it is used
        if (c.value === undefined && inherits) continue;
        const key = `${c.value}|${c.conditions.join('&')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const e = c.encrypted;
        const fixes: Fix[] = [];
        if (!c.conditions.length && !e.viaParameter) {
          const k = keyForFix(ctx, 'Ref', `Encrypts Redshift cluster ${r.logicalId}`);
          const keyName = k.created ? 'a new rotating KMS key' : `key ${k.logicalId}`;
          const encrypt = e.node ? ctx.fixer.replace(e.node, true) : ctx.fixer.set(propPath(r, 'Encrypted'), true);
          if (c.value === false) {
            fixes.push({ title: `Set Encrypted: true (unsafe: ${MIGRATION_REASON})`, safety: 'unsafe', replacesResource: false, edits: encrypt });
          } else {
            fixes.push({
              title: 'Set Encrypted: true (unsafe: if the cluster was created unencrypted before 2025-01-10, Redshift migrates it to a new encrypted cluster and blocks writes while that runs)',
              safety: 'unsafe',
              replacesResource: false,
              edits: encrypt,
            });
          }
          fixes.push({
            title: `Set Encrypted: true with KmsKeyId of ${keyName} (unsafe: Redshift migrates the deployed cluster's data to the new key and blocks writes while that runs)`,
            safety: 'unsafe',
            replacesResource: false,
            edits: [...encrypt, ...ctx.fixer.set(propPath(r, 'KmsKeyId'), k.key), ...k.edits],
          });
        }
        ctx.report({
          messageId: c.value === false ? 'disabled' : 'absent',
          data: { name: r.logicalId },
          span: e.node ? e.node.span : missingSpan(r, ['Encrypted'], e),
          resource: r,
          conditions: c.conditions,
          fixes,
        });
      }
    }
  },
};
