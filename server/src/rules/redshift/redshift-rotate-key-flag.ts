import { Rule } from '../types';
import { bool, prop, resourcesOfType } from '../support/resolve';

export const rule: Rule = {
  meta: {
    id: 'redshift-rotate-key-flag',
    service: 'redshift',
    category: 'key-management',
    tier: 'advanced',
    severity: 'information',
    messages: {
      rotates: { text: 'Cluster {cluster} sets RotateEncryptionKey: true, which rotates the cluster and database encryption keys (the cluster is briefly in ROTATING_KEYS); it is not KMS automatic key rotation (EnableKeyRotation on the KMS key).' },
    },
    hoverTopic: 'redshift-key-rotation',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py'],
    docs: {
      summary: 'RotateEncryptionKey on a Redshift cluster: what it does and does not do.',
      why: '`RotateEncryptionKey: true` rotates Redshift\'s cluster encryption key (cluster and snapshots) and database encryption key (cluster only); the cluster is in `ROTATING_KEYS` and momentarily unavailable. It does not rotate the KMS root key: that is `EnableKeyRotation` on the `AWS::KMS::Key`.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      RotateEncryptionKey: true\n',
          good: 'Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      KmsKeyId: !Ref WarehouseKey\n  WarehouseKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n',
        },
      ],
      references: ['https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html#working-with-key-rotation'],
    },
    peers: [],
  },
  resourceTypes: ['AWS::Redshift::Cluster'],
  checkCfn(ctx) {
    for (const r of resourcesOfType(ctx.template, 'AWS::Redshift::Cluster')) {
      const n = prop(r.properties, 'RotateEncryptionKey');
      if (n && bool(n) === true) ctx.report({ messageId: 'rotates', data: { cluster: r.logicalId }, span: n.span, resource: r });
    }
  },
};
