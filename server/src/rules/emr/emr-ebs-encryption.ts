import { Fix } from '../../model/types';
import { Rule } from '../types';
import { bool, str, conditionsAnd } from '../support/resolve';
import {
  CLUSTER_MIGRATION, EMR_DOCS, ENC, LOCAL_DISK, MIN_EBS_ENCRYPTION, MIN_SECURITY_CONFIGURATION, SC_REPLACEMENT_DOC, SC_TYPE, clusterReleases, clustersUsing, fixable, formatRelease, releaseBefore, scEdits, scReplacementNote, scValues, securityConfigViews, sub,
} from './security-config';

export const rule: Rule = {
  meta: {
    id: 'emr-ebs-encryption',
    service: 'emr',
    category: 'at-rest',
    tier: 'core',
    severity: 'information',
    messages: {
      noEbs: { text: 'Security configuration {name} encrypts local disks with LUKS but does not set EnableEbsEncryption: true, so EMR leaves the EBS root volume of cluster nodes unencrypted unless EBS encryption by default is on in the account.', severity: 'information' },
      custom: { text: 'Security configuration {name} sets EnableEbsEncryption: true with EncryptionKeyProviderType Custom, but EBS encryption works only with the AwsKms key provider.', severity: 'error' },
      oldRelease: { text: 'EMR cluster {cluster} runs {release}, but its security configuration {name} sets EnableEbsEncryption: true, which needs emr-5.24.0 or later; on older releases only a custom AMI with an encrypted root volume encrypts the root device.', severity: 'error' },
    },
    fix: { title: 'Set EnableEbsEncryption: true (⚠ REPLACEMENT of the security configuration and its clusters)', safety: 'unsafe', replacesResource: true },
    hoverTopic: 'emr-local-disk',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'EMR local-disk encryption that leaves EBS root volumes out, or asks for EBS encryption where it cannot work.',
      why: 'Local-disk encryption applies LUKS to instance-store and attached EBS volumes but not to the root volume. `EnableEbsEncryption: true` (EMR 5.24.0 and later, `AwsKms` key provider only) encrypts the EBS root and attached volumes with the KMS key. Before 5.24.0 the only way to an encrypted root volume is a custom AMI (5.7.0 and later) copied with encryption. EBS volumes are also encrypted when the account turns on EC2 EBS encryption by default, so a missing flag is information only.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          AtRestEncryptionConfiguration:\n            LocalDiskEncryptionConfiguration:\n              EncryptionKeyProviderType: AwsKms\n              AwsKmsKey: !GetAtt Key.Arn\n',
          good: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          AtRestEncryptionConfiguration:\n            LocalDiskEncryptionConfiguration:\n              EncryptionKeyProviderType: AwsKms\n              AwsKmsKey: !GetAtt Key.Arn\n              EnableEbsEncryption: true\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {"EncryptionConfiguration": {"EnableAtRestEncryption": true, "AtRestEncryptionConfiguration": {"LocalDiskEncryptionConfiguration": {"EncryptionKeyProviderType": "Custom", "S3Object": "s3://my-config/provider.jar", "EncryptionKeyProviderClass": "com.example.DiskKeys", "EnableEbsEncryption": true}}}}}}}}',
          good: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {"EncryptionConfiguration": {"EnableAtRestEncryption": true, "AtRestEncryptionConfiguration": {"LocalDiskEncryptionConfiguration": {"EncryptionKeyProviderType": "AwsKms", "AwsKmsKey": {"Fn::GetAtt": ["Key", "Arn"]}, "EnableEbsEncryption": true}}}}}}}}',
        },
      ],
      references: [EMR_DOCS.options, EMR_DOCS.createSc, EMR_DOCS.customAmi],
      replacementWarning: SC_REPLACEMENT_DOC,
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_350', exact: false },
    ],
  },
  resourceTypes: [SC_TYPE],
  checkCfn(ctx) {
    const tpl = ctx.template;
    const reported = new Set<string>();
    for (const r of tpl.resources) {
      if (r.type !== SC_TYPE) continue;
      const users = clustersUsing(tpl, r);
      const oldUser = users.some((u) => clusterReleases(tpl, u.cluster).some((x) => releaseBefore(x.release, MIN_EBS_ENCRYPTION)));
      for (const view of securityConfigViews(tpl, r)) {
        for (const enc of scValues(tpl, view, ENC)) {
          for (const flag of sub(tpl, enc, ['EnableAtRestEncryption'])) {
            if (bool(flag.node) !== true) continue;
            for (const d of sub(tpl, enc, ['AtRestEncryptionConfiguration', 'LocalDiskEncryptionConfiguration'])) {
              const dc = conditionsAnd(flag.conditions, d.conditions);
              if (!dc || d.node?.kind !== 'object') continue;
              const disk = { ...d, conditions: dc };
              for (const type of sub(tpl, disk, ['EncryptionKeyProviderType'])) {
                const t = str(type.node);
                if (t !== 'AwsKms' && t !== 'Custom') continue;
                for (const ebs of sub(tpl, disk, ['EnableEbsEncryption'])) {
                  const conditions = conditionsAnd(type.conditions, ebs.conditions);
                  if (!conditions) continue;
                  const on = bool(ebs.node);
                  if (ebs.node && on === undefined) continue; // unknown
                  if (on !== true) {
                    const fixes: Fix[] = t === 'AwsKms' && !oldUser && fixable({ conditions, viaParameter: ebs.viaParameter }, view)
                      ? [{
                          title: `Set EnableEbsEncryption: true (${scReplacementNote(view)}; needs emr-5.24.0 or later)`,
                          safety: 'unsafe',
                          replacesResource: true,
                          edits: scEdits(ctx, view, [{ path: [...LOCAL_DISK, 'EnableEbsEncryption'], value: true }]),
                        }]
                      : [];
                    const span = ebs.node ? ebs.node.span : view.form === 'string' ? view.source.span : (d.entry?.keySpan ?? r.logicalIdSpan);
                    ctx.report({ messageId: 'noEbs', data: { name: r.logicalId }, span, resource: r, conditions, fixes });
                    continue;
                  }
                  if (t === 'Custom') {
                    ctx.report({ messageId: 'custom', data: { name: r.logicalId }, span: ebs.node!.span, resource: r, conditions });
                    continue;
                  }
                  for (const u of users) {
                    for (const rel of clusterReleases(tpl, u.cluster)) {
                      // Below 4.8.0 the cluster cannot use any security configuration: that is the more specific finding.
                      if (!releaseBefore(rel.release, MIN_EBS_ENCRYPTION) || releaseBefore(rel.release, MIN_SECURITY_CONFIGURATION)) continue;
                      const withCluster = conditionsAnd(conditions, u.conditions);
                      const c = withCluster && conditionsAnd(withCluster, rel.conditions);
                      if (!c) continue;
                      const key = `${u.cluster.logicalId}@${rel.node!.span.start}@${c.join(',')}`;
                      if (reported.has(key)) continue;
                      reported.add(key);
                      const fixes: Fix[] = !c.length && !rel.viaParameter
                        ? [{
                            title: `Set ReleaseLabel: ${formatRelease(MIN_EBS_ENCRYPTION)}, the first release with EBS encryption (⚠ REPLACEMENT: ${CLUSTER_MIGRATION}; check your applications on that release)`,
                            safety: 'unsafe',
                            replacesResource: true,
                            edits: ctx.fixer.replace(rel.node!, formatRelease(MIN_EBS_ENCRYPTION)),
                          }]
                        : [];
                      ctx.report({
                        messageId: 'oldRelease',
                        data: { name: r.logicalId, cluster: u.cluster.logicalId, release: formatRelease(rel.release) },
                        span: rel.node!.span,
                        resource: u.cluster,
                        conditions: c,
                        fixes,
                        related: [{ uri: tpl.file.uri, span: ebs.node!.span, message: `EnableEbsEncryption: true in ${r.logicalId}` }],
                      });
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  },
};
