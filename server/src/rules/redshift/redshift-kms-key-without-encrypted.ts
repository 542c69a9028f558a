import { Rule } from '../types';
import { CLUSTER, MIGRATION_NOTE, MIGRATION_REASON, unencryptedCases } from './cluster';
import { resourcesOfType } from '../support/resolve';

export const rule: Rule = {
  meta: {
    id: 'redshift-kms-key-without-encrypted',
    service: 'redshift',
    category: 'key-management',
    tier: 'core',
    severity: 'error',
    messages: {
      contradiction: { text: 'Redshift cluster {name} sets a KmsKeyId but Encrypted: false, which Redshift rejects for new clusters, and the key is not used to encrypt the cluster.' },
    },
    fix: { title: 'Set Encrypted: true', safety: 'unsafe', replacesResource: false, note: MIGRATION_NOTE },
    hoverTopic: 'redshift-at-rest',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'A Redshift cluster that names a KMS key but turns encryption off.',
      why: '`KmsKeyId` only takes effect when the cluster is encrypted. With `Encrypted: false` the template contradicts itself: since 2025-01-10 `CreateCluster` rejects `Encrypted: false`, and a cluster created earlier stayed unencrypted despite the key. Setting `Encrypted: true` is not a replacement in CloudFormation, but Redshift migrates a deployed unencrypted cluster to a new encrypted one and blocks writes while that runs, so the fix is not applied automatically.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      Encrypted: false\n      KmsKeyId: !Ref WarehouseKey\n',
          good: 'Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      Encrypted: true\n      KmsKeyId: !Ref WarehouseKey\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Warehouse": {"Type": "AWS::Redshift::Cluster", "Properties": {"ClusterType": "single-node", "NodeType": "ra3.large", "DBName": "analytics", "MasterUsername": "admin", "ManageMasterPassword": true, "Encrypted": false, "KmsKeyId": {"Ref": "WarehouseKey"}}}}}',
          good: '{"Resources": {"Warehouse": {"Type": "AWS::Redshift::Cluster", "Properties": {"ClusterType": "single-node", "NodeType": "ra3.large", "DBName": "analytics", "MasterUsername": "admin", "ManageMasterPassword": true, "Encrypted": true, "KmsKeyId": {"Ref": "WarehouseKey"}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html',
        'https://docs.aws.amazon.com/redshift/latest/mgmt/changing-cluster-encryption.html',
      ],
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_64', exact: false },
      { tool: 'cfn_nag', id: 'F28', exact: false },
    ],
  },
  resourceTypes: ['AWS::Redshift::Cluster'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of resourcesOfType(tpl, CLUSTER)) {
      const seen = new Set<string>();
      for (const c of unencryptedCases(tpl, r)) {
        if (!c.keySet || c.value !== false || !c.encrypted.node) continue;
        const key = c.conditions.join('&');
        if (seen.has(key)) continue;
        seen.add(key);
        const node = c.encrypted.node;
        ctx.report({
          messageId: 'contradiction',
          data: { name: r.logicalId },
          span: node.span,
          resource: r,
          conditions: c.conditions,
          fixes: c.conditions.length || c.encrypted.viaParameter ? [] : [{
            title: `Set Encrypted: true (unsafe: ${MIGRATION_REASON})`,
            safety: 'unsafe',
            replacesResource: false,
            edits: ctx.fixer.replace(node, true),
          }],
        });
      }
    }
  },
};
