import { Rule } from '../types';
import { entry, referencedResource, str, valuesAt } from '../support/resolve';
import { removeProperties } from '../support/helpers';

const PROPS = ['StorageEncrypted', 'KmsKeyId'];

export const rule: Rule = {
  meta: {
    id: 'rds-aurora-instance-encryption-ignored',
    service: 'rds',
    category: 'compatibility',
    tier: 'core',
    severity: 'hint',
    messages: {
      ignored: { text: 'DB instance {name} belongs to DB cluster {cluster} but sets {property}, which the cluster manages for its instances; set encryption on the DB cluster instead.' },
    },
    fix: { title: 'Remove the property from the instance and set encryption on the DBCluster (⚠ REPLACEMENT of the instance)', safety: 'unsafe', replacesResource: true },
    hoverTopic: 'rds-at-rest',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'A DB instance that belongs to an Aurora DB cluster (`DBClusterIdentifier`) sets `StorageEncrypted` or `KmsKeyId`.',
      why: 'For Aurora, storage encryption and its KMS key are properties of the DB cluster: the RDS API documents `StorageEncrypted` and `KmsKeyId` as "not applicable" to Aurora DB instances because the cluster manages them. Setting them on the instance suggests an encryption that the instance does not control, and a value that disagrees with the cluster is misleading. Both properties are create-only, so removing them from a deployed instance makes CloudFormation replace the instance (the data lives in the cluster volume and is kept).',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Writer:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: aurora-postgresql\n      DBClusterIdentifier: !Ref Cluster\n      DBInstanceClass: db.r6g.large\n      StorageEncrypted: true\n',
          good: 'Resources:\n  Writer:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: aurora-postgresql\n      DBClusterIdentifier: !Ref Cluster\n      DBInstanceClass: db.r6g.large\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Writer": {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "aurora-mysql", "DBClusterIdentifier": {"Ref": "Cluster"}, "DBInstanceClass": "db.r6g.large", "KmsKeyId": {"Ref": "Key"}}}}}',
          good: '{"Resources": {"Writer": {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "aurora-mysql", "DBClusterIdentifier": {"Ref": "Cluster"}, "DBInstanceClass": "db.r6g.large"}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html',
      ],
      replacementWarning: 'StorageEncrypted and KmsKeyId are create-only on AWS::RDS::DBInstance: removing them from a deployed Aurora instance makes CloudFormation create a new instance in the cluster and delete the old one (the data stays in the cluster volume; connections to that instance are interrupted).',
    },
    peers: [
      { tool: 'cfn-lint', id: 'E3682', exact: false },
    ],
  },
  resourceTypes: ['AWS::RDS::DBInstance'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== 'AWS::RDS::DBInstance') continue;
      const p = r.properties;
      const member = valuesAt(tpl, p, ['DBClusterIdentifier']);
      if (!member.length || member.some((o) => !o.node)) continue; // not a cluster member in every branch
      const m = member[0].node;
      const cluster = referencedResource(tpl, m) ?? str(m) ?? 'its cluster';
      const found = PROPS.map((k) => {
        const outcomes = valuesAt(tpl, p, [k]);
        const set = outcomes.filter((o) => o.node && o.node.kind !== 'unknown');
        return { k, set, conditions: set.length === outcomes.length ? [] : (set[0]?.conditions ?? []) };
      }).filter((f) => f.set.length);
      if (!found.length) continue;
      // Every finding's fix removes all ignored properties at once (identical fixes are applied once).
      const fixable = found.filter((f) => !f.conditions.length).map((f) => f.k);
      const all = removeProperties(ctx, r, fixable);
      for (const { k, conditions } of found) {
        const e = entry(p, k)!;
        const fixes = conditions.length
          ? []
          : [{
              title: `Remove ${fixable.join(' and ')} from the instance and set encryption on the DBCluster instead (⚠ REPLACEMENT: CloudFormation replaces a deployed instance when a create-only property changes; the data stays in the cluster)`,
              safety: 'unsafe' as const,
              replacesResource: true,
              edits: all,
            }];
        ctx.report({
          messageId: 'ignored',
          data: { name: r.logicalId, cluster, property: k },
          span: e.value.span,
          resource: r,
          conditions,
          fixes,
        });
      }
    }
  },
};
