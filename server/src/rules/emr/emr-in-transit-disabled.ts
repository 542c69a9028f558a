import { Fix } from '../../model/types';
import { Rule } from '../types';
import { bool, prop } from '../support/resolve';
import {
  CERT_PLACEHOLDER, ENC, EMR_DOCS, Mutation, SC_REPLACEMENT_DOC, SC_TYPE, TLS, fixable, missingSpan, scEdits,
  scReplacementNote, scValues, securityConfigViews,
} from './security-config';

export const rule: Rule = {
  meta: {
    id: 'emr-in-transit-disabled',
    service: 'emr',
    category: 'in-transit',
    tier: 'core',
    severity: 'warning',
    messages: {
      absent: { text: 'Security configuration {name} does not set EnableInTransitEncryption, which defaults to false, so clusters that use it run MapReduce shuffle, Spark, Tez and Presto traffic between nodes without TLS.' },
      disabled: { text: 'Security configuration {name} sets EnableInTransitEncryption to {value}, so clusters that use it run MapReduce shuffle, Spark, Tez and Presto traffic between nodes without TLS.' },
    },
    fix: { title: 'Set EnableInTransitEncryption: true with PEM certificates from S3 (⚠ REPLACEMENT of the security configuration and its clusters)', safety: 'unsafe', replacesResource: true, followUps: ['emr-encryption-config-incomplete'] },
    hoverTopic: 'emr-in-transit',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An EMR security configuration that leaves in-transit encryption off.',
      why: '`EnableInTransitEncryption` defaults to false when omitted. Turning it on enables the open-source TLS features of the cluster applications: MapReduce encrypted shuffle, Presto internode TLS, Tez shuffle TLS, Spark RPC encryption and Spark UI SSL. EMR needs certificates for it: a zip in S3 with privateKey.pem and certificateChain.pem (`PEM`), or a custom provider JAR (`Custom`).',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration:\n              EncryptionMode: SSE-S3\n',
          good: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          EnableInTransitEncryption: true\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration:\n              EncryptionMode: SSE-S3\n          InTransitEncryptionConfiguration:\n            TLSCertificateConfiguration:\n              CertificateProviderType: PEM\n              S3Object: s3://my-config/certs.zip\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {"EncryptionConfiguration": {"EnableInTransitEncryption": false}}}}}}',
          good: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {"EncryptionConfiguration": {"EnableInTransitEncryption": true, "InTransitEncryptionConfiguration": {"TLSCertificateConfiguration": {"CertificateProviderType": "PEM", "S3Object": "s3://my-config/certs.zip"}}}}}}}}',
        },
      ],
      references: [EMR_DOCS.enable, EMR_DOCS.options, EMR_DOCS.createSc, EMR_DOCS.cfnSc],
      replacementWarning: `${SC_REPLACEMENT_DOC} The fix writes a placeholder certificate location (${CERT_PLACEHOLDER}); upload your certificate zip and put its location there before deploying.`,
    },
    peers: [
      { tool: 'cfn_nag', id: 'W61', exact: false },
      { tool: 'guard', id: 'EMR_SECURITY_CONFIG_ENABLED_AND_CONFIGURED_RULE', exact: false },
      { tool: 'cdk-nag', id: 'AwsSolutions-EMR5', exact: false },
      { tool: 'checkov', id: 'CKV_AWS_351', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0138', exact: false },
    ],
  },
  resourceTypes: [SC_TYPE],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== SC_TYPE) continue;
      for (const view of securityConfigViews(tpl, r)) {
        for (const o of scValues(tpl, view, [...ENC, 'EnableInTransitEncryption'])) {
          if (o.node && bool(o.node) !== false) continue;
          const fixes: Fix[] = [];
          if (fixable(o, view)) {
            const muts: Mutation[] = [{ path: [...ENC, 'EnableInTransitEncryption'], value: true }];
            const hasTls = !!prop(prop(prop(view.root, 'EncryptionConfiguration'), 'InTransitEncryptionConfiguration'), 'TLSCertificateConfiguration');
            if (!hasTls) muts.push({ path: TLS, value: { CertificateProviderType: 'PEM', S3Object: CERT_PLACEHOLDER } });
            fixes.push({
              title: hasTls
                ? `Set EnableInTransitEncryption: true (${scReplacementNote(view)})`
                : `Set EnableInTransitEncryption: true with PEM certificates (${scReplacementNote(view)}; unsafe: upload a zip with privateKey.pem and certificateChain.pem and replace the placeholder ${CERT_PLACEHOLDER})`,
              safety: 'unsafe',
              replacesResource: true,
              edits: scEdits(ctx, view, muts),
            });
          }
          ctx.report({
            messageId: o.node ? 'disabled' : 'absent',
            data: { name: r.logicalId, value: o.node ? String(bool(o.node)) : undefined },
            span: o.node ? o.node.span : missingSpan(view, o, [...ENC, 'EnableInTransitEncryption']),
            resource: r,
            conditions: o.conditions,
            fixes,
          });
        }
      }
    }
  },
};
