import { JsonValue } from '../../model/fixer';
import { Fix } from '../../model/types';
import { Rule } from '../types';
import { keyForFix, propPath, uniqueLogicalId } from '../support/helpers';
import { valuesAt } from '../support/resolve';
import {
  CERT_PLACEHOLDER, CLUSTER_MIGRATION, CLUSTER_TYPE, EMR_DOCS, MIN_EBS_ENCRYPTION, MIN_SECURITY_CONFIGURATION, SC_TYPE,
  clusterReleases, releaseBefore,
} from './security-config';

/** The document the fix writes: EMRFS SSE-KMS, KMS local-disk (+ EBS) encryption, TLS with PEM certificates. */
function securityConfiguration(key: JsonValue, ebs: boolean): JsonValue {
  const localDisk: { [k: string]: JsonValue } = { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: key };
  if (ebs) localDisk.EnableEbsEncryption = true;
  return {
    EncryptionConfiguration: {
      EnableAtRestEncryption: true,
      EnableInTransitEncryption: true,
      AtRestEncryptionConfiguration: {
        S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS', AwsKmsKey: key },
        LocalDiskEncryptionConfiguration: localDisk,
      },
      InTransitEncryptionConfiguration: {
        TLSCertificateConfiguration: { CertificateProviderType: 'PEM', S3Object: CERT_PLACEHOLDER },
      },
    },
  };
}

export const rule: Rule = {
  meta: {
    id: 'emr-cluster-no-security-configuration',
    service: 'emr',
    category: 'at-rest',
    tier: 'core',
    severity: 'warning',
    messages: {
      missing: { text: "EMR cluster {name} has no SecurityConfiguration, so EMR itself encrypts neither its local disks nor the traffic between its nodes, and its EMRFS writes to S3 get only the bucket's default encryption." },
    },
    fix: {
      title: 'Add an AWS::EMR::SecurityConfiguration (SSE-KMS, KMS local-disk and EBS encryption, TLS) and reference it (⚠ REPLACEMENT of the cluster)',
      safety: 'unsafe',
      replacesResource: true,
      note: CLUSTER_MIGRATION,
      followUps: ['emr-ebs-encryption'],
    },
    hoverTopic: 'emr-security-configuration',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An EMR cluster launched without a security configuration.',
      why: 'EMR encrypts nothing at rest or in transit unless the cluster names a security configuration (EMR 4.8.0 and later) that enables it: no EMRFS encryption beyond what the S3 bucket applies by default, no LUKS encryption of local and attached EBS volumes, no TLS between cluster applications. The cluster reads its security configuration only at launch and `SecurityConfiguration` is create-only, so adding one replaces the cluster.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Cluster:\n    Type: AWS::EMR::Cluster\n    Properties:\n      Name: etl\n      ReleaseLabel: emr-6.15.0\n      JobFlowRole: EMR_EC2_DefaultRole\n      ServiceRole: EMR_DefaultRole\n      Instances:\n        MasterInstanceGroup: {InstanceCount: 1, InstanceType: m5.xlarge}\n',
          good: 'Resources:\n  Cluster:\n    Type: AWS::EMR::Cluster\n    Properties:\n      Name: etl\n      ReleaseLabel: emr-6.15.0\n      JobFlowRole: EMR_EC2_DefaultRole\n      ServiceRole: EMR_DefaultRole\n      SecurityConfiguration: !Ref SecurityConfig\n      Instances:\n        MasterInstanceGroup: {InstanceCount: 1, InstanceType: m5.xlarge}\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          EnableInTransitEncryption: true\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration:\n              EncryptionMode: SSE-KMS\n              AwsKmsKey: !GetAtt Key.Arn\n            LocalDiskEncryptionConfiguration:\n              EncryptionKeyProviderType: AwsKms\n              AwsKmsKey: !GetAtt Key.Arn\n              EnableEbsEncryption: true\n          InTransitEncryptionConfiguration:\n            TLSCertificateConfiguration:\n              CertificateProviderType: PEM\n              S3Object: s3://my-config/certs.zip\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Cluster": {"Type": "AWS::EMR::Cluster", "Properties": {"Name": "etl", "ReleaseLabel": "emr-6.15.0", "JobFlowRole": "EMR_EC2_DefaultRole", "ServiceRole": "EMR_DefaultRole", "Instances": {}}}}}',
          good: '{"Resources": {"Cluster": {"Type": "AWS::EMR::Cluster", "Properties": {"Name": "etl", "ReleaseLabel": "emr-6.15.0", "JobFlowRole": "EMR_EC2_DefaultRole", "ServiceRole": "EMR_DefaultRole", "Instances": {}, "SecurityConfiguration": {"Ref": "SecurityConfig"}}}}}',
        },
      ],
      references: [EMR_DOCS.securityConfigurations, EMR_DOCS.createSc, EMR_DOCS.options, EMR_DOCS.cfnCluster],
      replacementWarning: `SecurityConfiguration is create-only on AWS::EMR::Cluster: adding it to a deployed cluster makes CloudFormation terminate the cluster and launch a new one; ${CLUSTER_MIGRATION}. The generated security configuration points at a placeholder certificate location (${CERT_PLACEHOLDER}): upload a zip with privateKey.pem and certificateChain.pem and put its location there before deploying, and give the cluster's roles (EMR_EC2_DefaultRole and the service role by default) use of the KMS key.`,
    },
    peers: [
      { tool: 'cfn_nag', id: 'W63', exact: false },
      { tool: 'checkov', id: 'CKV2_AWS_55', exact: false },
      { tool: 'cdk-nag', id: 'AwsSolutions-EMR4', exact: false },
      { tool: 'cdk-nag', id: 'AwsSolutions-EMR5', exact: false },
    ],
  },
  resourceTypes: [CLUSTER_TYPE],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== CLUSTER_TYPE) continue;
      for (const o of valuesAt(tpl, r.properties, ['SecurityConfiguration'])) {
        if (o.node) continue;
        const unconditional = o.conditions.length === 0;
        const releases = clusterReleases(tpl, r).filter((x) => !x.conditions.length).map((x) => x.release);
        const fixes: Fix[] = [];
        // A security configuration needs emr-4.8.0; offering one to an older cluster would only trade one error for another.
        if (unconditional && !releases.some((v) => releaseBefore(v, MIN_SECURITY_CONFIGURATION))) {
          const existing = tpl.resources.find((x) => x.type === SC_TYPE && !x.condition);
          if (existing) {
            fixes.push({
              title: `Set SecurityConfiguration: !Ref ${existing.logicalId} (⚠ REPLACEMENT: ${CLUSTER_MIGRATION})`,
              safety: 'unsafe',
              replacesResource: true,
              edits: ctx.fixer.set(propPath(r, 'SecurityConfiguration'), { Ref: existing.logicalId }),
            });
          }
          const scId = uniqueLogicalId(tpl, `${r.logicalId}SecurityConfiguration`);
          const k = keyForFix(ctx, 'Arn', `Encrypts the EMRFS data and local disks of EMR cluster ${r.logicalId}`);
          const ebs = !releases.some((v) => releaseBefore(v, MIN_EBS_ENCRYPTION));
          fixes.push({
            title: `Add security configuration ${scId} (SSE-KMS and ${ebs ? 'KMS local-disk and EBS' : 'KMS local-disk'} encryption with ${k.created ? 'a new rotating KMS key' : `key ${k.logicalId}`}, TLS with PEM certificates) and reference it (⚠ REPLACEMENT: ${CLUSTER_MIGRATION}; unsafe: replace the certificate placeholder ${CERT_PLACEHOLDER} and let the cluster roles use the key)`,
            safety: 'unsafe',
            replacesResource: true,
            // Edits inside the cluster come first: when the cluster is the last resource, all three insert at one offset.
            edits: [
              ...ctx.fixer.set(propPath(r, 'SecurityConfiguration'), { Ref: scId }),
              ...k.edits,
              ...ctx.fixer.addResource(scId, { Type: SC_TYPE, Properties: { SecurityConfiguration: securityConfiguration(k.key, ebs) } }),
            ],
          });
        }
        ctx.report({
          messageId: 'missing',
          data: { name: r.logicalId },
          span: unconditional ? r.logicalIdSpan : (o.entry?.value.span ?? r.logicalIdSpan),
          resource: r,
          conditions: o.conditions,
          fixes,
        });
      }
    }
  },
};
