import { Rule } from '../types';
import { prop, resourcesOfType, str } from '../support/resolve';
import { entry } from '../support/resolve';
import { callsOf, codeEntry, codeString } from '../sdk/code';

const HSM_CONFIGURATION_PARAMS = ['HsmIpAddress', 'HsmPartitionName', 'HsmPartitionPassword', 'HsmServerPublicCertificate'];

export const rule: Rule = {
  meta: {
    id: 'redshift-hsm-config',
    service: 'redshift',
    category: 'key-management',
    tier: 'advanced',
    severity: 'warning',
    messages: {
      incomplete: { text: 'Cluster {cluster} sets {present} without {missing}; a cluster encrypted with an HSM needs both identifiers.', severity: 'error' },
      withKms: { text: 'Cluster {cluster} sets both an HSM configuration and KmsKeyId; the root key is either in an HSM or in KMS, not both.', severity: 'error' },
      nodeType: { text: 'Cluster {cluster} uses HSM encryption on node type {nodeType}; HSM is not supported for DC2 and RA3 nodes.', severity: 'error' },
      hsmConfigurationIncomplete: { text: 'CreateHsmConfiguration lacks {missing}; the call fails without them.', severity: 'error' },
      hardCodedPassword: { text: 'CreateHsmConfiguration passes HsmPartitionPassword as a literal; keep the HSM partition password in a secret store (Secrets Manager, SSM SecureString).' },
      legacy: { text: 'Cluster {cluster} uses HSM encryption, which supports only AWS CloudHSM Classic (closed to new customers); prefer a KMS key (KmsKeyId).' },
    },
    hoverTopic: 'redshift-hsm',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'Redshift clusters encrypted with an HSM: incomplete, contradictory or unsupported settings.',
      why: 'HSM encryption needs both `HsmClientCertificateIdentifier` and `HsmConfigurationIdentifier`, cannot be combined with `KmsKeyId`, is not supported on DC2 and RA3 node types, and works only with AWS CloudHSM Classic, which is closed to new customers (CloudFormation has no resource types for HSM objects at all). SDK `CreateCluster` gets the same checks; SDK `CreateHsmConfiguration` must pass `HsmIpAddress`, `HsmPartitionName`, `HsmPartitionPassword` and `HsmServerPublicCertificate`, and a literal password is a warning. Any HSM use is therefore a warning; the contradictions are errors.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      HsmClientCertificateIdentifier: cert\n',
          good: 'Resources:\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      Encrypted: true\n      KmsKeyId: !Ref WarehouseKey\n',
        },
      ],
      references: ['https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html#working-with-HSM'],
    },
    peers: [],
  },
  resourceTypes: ['AWS::Redshift::Cluster'],
  checkCfn(ctx) {
    for (const r of resourcesOfType(ctx.template, 'AWS::Redshift::Cluster')) {
      const p = r.properties;
      const cert = entry(p, 'HsmClientCertificateIdentifier');
      const conf = entry(p, 'HsmConfigurationIdentifier');
      const first = cert ?? conf;
      if (!first) continue;
      const data = { cluster: r.logicalId };
      if (!cert || !conf) {
        ctx.report({ messageId: 'incomplete', data: { ...data, present: first.key, missing: cert ? 'HsmConfigurationIdentifier' : 'HsmClientCertificateIdentifier' }, span: first.keySpan, resource: r });
      }
      const kms = entry(p, 'KmsKeyId');
      if (kms) ctx.report({ messageId: 'withKms', data, span: kms.keySpan, resource: r });
      const nodeNode = prop(p, 'NodeType');
      const nodeType = str(nodeNode);
      if (nodeNode && nodeType && /^(dc2|ra3)\./i.test(nodeType)) ctx.report({ messageId: 'nodeType', data: { ...data, nodeType }, span: nodeNode.span, resource: r });
      ctx.report({ messageId: 'legacy', data, span: first.keySpan, resource: r });
    }
  },
  checkCode(ctx) {
    for (const call of callsOf(ctx.code.apiCalls, 'redshift', 'CreateCluster')) {
      const p = call.params;
      const cert = codeEntry(p, 'HsmClientCertificateIdentifier');
      const conf = codeEntry(p, 'HsmConfigurationIdentifier');
      const first = cert ?? conf;
      if (!first) continue;
      const data = { cluster: codeString(codeEntry(p, 'ClusterIdentifier')?.value) ?? 'CreateCluster' };
      if (!cert || !conf) ctx.report({ messageId: 'incomplete', data: { ...data, present: first.key, missing: cert ? 'HsmConfigurationIdentifier' : 'HsmClientCertificateIdentifier' }, span: first.keySpan, source: 'sdk' });
      const kms = codeEntry(p, 'KmsKeyId');
      if (kms) ctx.report({ messageId: 'withKms', data, span: kms.keySpan, source: 'sdk' });
      const nodeType = codeString(codeEntry(p, 'NodeType')?.value);
      if (nodeType && /^(dc2|ra3)\./i.test(nodeType)) ctx.report({ messageId: 'nodeType', data: { ...data, nodeType }, span: codeEntry(p, 'NodeType')!.value.span, source: 'sdk' });
      ctx.report({ messageId: 'legacy', data, span: first.keySpan, source: 'sdk' });
    }
    for (const call of callsOf(ctx.code.apiCalls, 'redshift', 'CreateHsmConfiguration')) {
      const p = call.params;
      if (p?.open) continue; // a spread may carry the rest
      const missing = HSM_CONFIGURATION_PARAMS.filter((k) => !codeEntry(p, k));
      if (missing.length) ctx.report({ messageId: 'hsmConfigurationIncomplete', data: { missing: missing.join(', ') }, span: call.span, source: 'sdk' });
      const password = codeEntry(p, 'HsmPartitionPassword');
      if (password && codeString(password.value) !== undefined) ctx.report({ messageId: 'hardCodedPassword', span: password.value.span, source: 'sdk' });
    }
  },
};
