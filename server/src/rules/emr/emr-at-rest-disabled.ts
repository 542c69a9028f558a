import { JsonValue } from '../../model/fixer';
import { Fix } from '../../model/types';
import { Rule } from '../types';
import { keyForFix } from '../support/helpers';
import { bool, prop } from '../support/resolve';
import {
  AT_REST, ENC, EMR_DOCS, MIN_EBS_ENCRYPTION, Mutation, SC_REPLACEMENT_DOC, SC_TYPE, clusterReleases, clustersUsing, fixable,
  missingSpan, releaseBefore, scEdits, scReplacementNote, scValues, securityConfigViews,
} from './security-config';

export const rule: Rule = {
  meta: {
    id: 'emr-at-rest-disabled',
    service: 'emr',
    category: 'at-rest',
    tier: 'core',
    severity: 'warning',
    messages: {
      absent: { text: 'Security configuration {name} does not set EnableAtRestEncryption, which defaults to false, so EMR encrypts neither EMRFS data in S3 nor the local disks of clusters that use it.' },
      disabled: { text: 'Security configuration {name} sets EnableAtRestEncryption to {value}, so EMR encrypts neither EMRFS data in S3 nor the local disks of clusters that use it.' },
    },
    fix: { title: 'Set EnableAtRestEncryption: true with SSE-KMS and KMS local-disk encryption (⚠ REPLACEMENT of the security configuration and its clusters)', safety: 'unsafe', replacesResource: true, followUps: ['emr-ebs-encryption', 'emr-encryption-config-incomplete'] },
    hoverTopic: 'emr-at-rest',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An EMR security configuration that leaves at-rest encryption off.',
      why: '`EnableAtRestEncryption` defaults to false when omitted. Without it EMR applies no EMRFS encryption to S3 data (objects get only the bucket default) and no local-disk encryption: no LUKS on instance-store and attached EBS volumes, and no Secure Hadoop RPC or HDFS block-transfer encryption, which at-rest encryption also turns on.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: false\n          EnableInTransitEncryption: true\n          InTransitEncryptionConfiguration:\n            TLSCertificateConfiguration:\n              CertificateProviderType: PEM\n              S3Object: s3://my-config/certs.zip\n',
          good: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          EnableInTransitEncryption: true\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration:\n              EncryptionMode: SSE-KMS\n              AwsKmsKey: !GetAtt Key.Arn\n            LocalDiskEncryptionConfiguration:\n              EncryptionKeyProviderType: AwsKms\n              AwsKmsKey: !GetAtt Key.Arn\n          InTransitEncryptionConfiguration:\n            TLSCertificateConfiguration:\n              CertificateProviderType: PEM\n              S3Object: s3://my-config/certs.zip\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": "{\\"EncryptionConfiguration\\": {\\"EnableInTransitEncryption\\": false}}"}}}}',
          good: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {"EncryptionConfiguration": {"EnableAtRestEncryption": true, "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}, "LocalDiskEncryptionConfiguration": {"EncryptionKeyProviderType": "AwsKms", "AwsKmsKey": {"Fn::GetAtt": ["Key", "Arn"]}}}}}}}}}',
        },
      ],
      references: [EMR_DOCS.options, EMR_DOCS.createSc, EMR_DOCS.cfnSc],
      replacementWarning: SC_REPLACEMENT_DOC,
    },
    peers: [
      { tool: 'cfn_nag', id: 'W61', exact: false },
      { tool: 'guard', id: 'EMR_SECURITY_CONFIG_ENABLED_AND_CONFIGURED_RULE', exact: false },
      { tool: 'cdk-nag', id: 'AwsSolutions-EMR4', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0137', exact: false },
    ],
  },
  resourceTypes: [SC_TYPE],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== SC_TYPE) continue;
      for (const view of securityConfigViews(tpl, r)) {
        for (const o of scValues(tpl, view, [...ENC, 'EnableAtRestEncryption'])) {
          if (o.node && bool(o.node) !== false) continue;
          const fixes: Fix[] = [];
          if (fixable(o, view)) {
            const muts: Mutation[] = [{ path: [...ENC, 'EnableAtRestEncryption'], value: true }];
            if (!prop(prop(view.root, 'EncryptionConfiguration'), 'AtRestEncryptionConfiguration')) {
              const k = keyForFix(ctx, 'Arn', `Encrypts the EMRFS data and local disks of EMR clusters using ${r.logicalId}`);
              // EBS encryption needs emr-5.24.0: leave it out when a cluster of the template runs an older release.
              const old = clustersUsing(tpl, r).some((c) => clusterReleases(tpl, c.cluster).some((x) => releaseBefore(x.release, MIN_EBS_ENCRYPTION)));
              const localDisk: { [k: string]: JsonValue } = { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: k.key };
              if (!old) localDisk.EnableEbsEncryption = true;
              muts.push({
                path: AT_REST,
                value: { S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS', AwsKmsKey: k.key }, LocalDiskEncryptionConfiguration: localDisk },
              });
              const key = k.created ? 'a new rotating KMS key' : `key ${k.logicalId}`;
              fixes.push({
                title: `Set EnableAtRestEncryption: true with SSE-KMS for EMRFS and KMS local-disk${old ? '' : ' and EBS'} encryption using ${key} (${scReplacementNote(view)}; the cluster roles need use of the key)`,
                safety: 'unsafe',
                replacesResource: true,
                edits: [...scEdits(ctx, view, muts), ...k.edits], // the new key goes after the edits inside the resource
              });
            } else {
              fixes.push({
                title: `Set EnableAtRestEncryption: true (${scReplacementNote(view)})`,
                safety: 'unsafe',
                replacesResource: true,
                edits: scEdits(ctx, view, muts),
              });
            }
          }
          ctx.report({
            messageId: o.node ? 'disabled' : 'absent',
            data: { name: r.logicalId, value: o.node ? String(bool(o.node)) : undefined },
            span: o.node ? o.node.span : missingSpan(view, o, [...ENC, 'EnableAtRestEncryption']),
            resource: r,
            conditions: o.conditions,
            fixes,
          });
        }
      }
    }
  },
};
