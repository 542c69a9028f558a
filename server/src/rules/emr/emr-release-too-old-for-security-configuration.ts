import { CfnTemplate, Fix, Resource } from '../../model/types';
import { Rule } from '../types';
import { bool, prop } from '../support/resolve';
import {
  CLUSTER_MIGRATION, CLUSTER_TYPE, ClusterScRef, EMR_DOCS, LOCAL_DISK, MIN_CUSTOM_AMI, MIN_EBS_ENCRYPTION, MIN_KERBEROS,
  MIN_SECURITY_CONFIGURATION, Release, clusterReleases, clusterSecurityConfigs, formatRelease, releaseBefore, scValues,
  securityConfigViews,
} from './security-config';

/** The oldest release that supports what the cluster and its security configuration use. */
function requiredRelease(tpl: CfnTemplate, cluster: Resource, refs: ClusterScRef[]): { release: Release; features: string[] } {
  let release = MIN_SECURITY_CONFIGURATION;
  const features = ['security configurations'];
  const need = (min: Release, feature: string) => {
    if (releaseBefore(release, min)) release = min;
    features.push(feature);
  };
  if (prop(cluster.properties, 'CustomAmiId')) need(MIN_CUSTOM_AMI, 'custom AMIs');
  const sc = refs.find((x) => x.sc && !x.conditions.length)?.sc;
  const views = sc ? securityConfigViews(tpl, sc) : [];
  if (prop(cluster.properties, 'KerberosAttributes') || views.some((v) => prop(v.root, 'AuthenticationConfiguration'))) need(MIN_KERBEROS, 'Kerberos');
  if (views.some((v) => scValues(tpl, v, [...LOCAL_DISK, 'EnableEbsEncryption']).some((o) => bool(o.node) === true))) need(MIN_EBS_ENCRYPTION, 'EBS encryption');
  return { release, features };
}

export const rule: Rule = {
  meta: {
    id: 'emr-release-too-old-for-security-configuration',
    service: 'emr',
    category: 'compatibility',
    tier: 'core',
    severity: 'error',
    messages: {
      tooOld: { text: 'EMR cluster {name} uses release {release} with a SecurityConfiguration, but security configurations need emr-4.8.0 or later, so the cluster fails to launch.' },
    },
    fix: { title: 'Set ReleaseLabel to the oldest release that supports the configuration (⚠ REPLACEMENT of the cluster)', safety: 'unsafe', replacesResource: true, note: CLUSTER_MIGRATION },
    hoverTopic: 'emr-security-configuration',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An EMR cluster names a security configuration but runs a release older than emr-4.8.0.',
      why: 'Security configurations were introduced with Amazon EMR release 4.8.0; older releases cannot apply one, so the launch fails. `ReleaseLabel` is create-only, so moving to a newer release replaces the cluster. The fix picks the oldest release that supports what the cluster uses (4.8.0, or 5.7.0 with a custom AMI, 5.10.0 with Kerberos, 5.24.0 with EBS encryption) to keep application versions as close as possible; check your applications against it.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Cluster:\n    Type: AWS::EMR::Cluster\n    Properties:\n      Name: etl\n      ReleaseLabel: emr-4.7.2\n      SecurityConfiguration: !Ref SecurityConfig\n      JobFlowRole: EMR_EC2_DefaultRole\n      ServiceRole: EMR_DefaultRole\n      Instances: {}\n',
          good: 'Resources:\n  Cluster:\n    Type: AWS::EMR::Cluster\n    Properties:\n      Name: etl\n      ReleaseLabel: emr-6.15.0\n      SecurityConfiguration: !Ref SecurityConfig\n      JobFlowRole: EMR_EC2_DefaultRole\n      ServiceRole: EMR_DefaultRole\n      Instances: {}\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Cluster": {"Type": "AWS::EMR::Cluster", "Properties": {"Name": "etl", "ReleaseLabel": "emr-4.6.0", "SecurityConfiguration": "etl-encryption", "JobFlowRole": "EMR_EC2_DefaultRole", "ServiceRole": "EMR_DefaultRole", "Instances": {}}}}}',
          good: '{"Resources": {"Cluster": {"Type": "AWS::EMR::Cluster", "Properties": {"Name": "etl", "ReleaseLabel": "emr-6.15.0", "SecurityConfiguration": "etl-encryption", "JobFlowRole": "EMR_EC2_DefaultRole", "ServiceRole": "EMR_DefaultRole", "Instances": {}}}}}',
        },
      ],
      references: [EMR_DOCS.securityConfigurations, EMR_DOCS.cfnCluster],
      replacementWarning: `ReleaseLabel is create-only on AWS::EMR::Cluster: changing it makes CloudFormation terminate the cluster and launch a new one; ${CLUSTER_MIGRATION}.`,
    },
    peers: [],
  },
  resourceTypes: [CLUSTER_TYPE],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== CLUSTER_TYPE) continue;
      const refs = clusterSecurityConfigs(tpl, r);
      const present = refs.filter((x) => x.node);
      if (!present.length) continue;
      // When every branch sets a security configuration, the branches do not matter to the finding.
      const scConditions = present.length === refs.length ? [[]] : present.map((x) => x.conditions);
      for (const rel of clusterReleases(tpl, r)) {
        if (!releaseBefore(rel.release, MIN_SECURITY_CONFIGURATION)) continue;
        for (const sc of scConditions) {
          const conditions = [...sc, ...rel.conditions];
          const fixes: Fix[] = [];
          if (!conditions.length && !rel.viaParameter) {
            const req = requiredRelease(tpl, r, refs);
            fixes.push({
              title: `Set ReleaseLabel: ${formatRelease(req.release)}, the oldest release with ${req.features.length > 1 ? `${req.features.slice(0, -1).join(', ')} and ${req.features[req.features.length - 1]}` : req.features[0]} (⚠ REPLACEMENT: ${CLUSTER_MIGRATION}; check your applications on that release)`,
              safety: 'unsafe',
              replacesResource: true,
              edits: ctx.fixer.replace(rel.node!, formatRelease(req.release)),
            });
          }
          ctx.report({
            messageId: 'tooOld',
            data: { name: r.logicalId, release: formatRelease(rel.release) },
            span: rel.node!.span,
            resource: r,
            conditions,
            fixes,
          });
        }
      }
    }
  },
};
