import { Rule } from '../types';
import { propPath } from '../support/helpers';
import { prop, resourcesOfType, str } from '../support/resolve';
import { callsOf, codeEntry, codeString } from '../sdk/code';
import { CLUSTER_MIGRATION, CLUSTER_TYPE, EMR_DOCS, formatRelease, MIN_CUSTOM_AMI, parseRelease, releaseBefore } from './security-config';

export const rule: Rule = {
  meta: {
    id: 'emr-custom-ami-release',
    service: 'emr',
    category: 'compatibility',
    tier: 'advanced',
    severity: 'error',
    messages: {
      tooOld: { text: 'Cluster {cluster} sets CustomAmiId with ReleaseLabel {release}; custom AMIs need emr-5.7.0 or later, so the cluster cannot launch.' },
    },
    fix: { title: 'Set ReleaseLabel to emr-5.7.0 (⚠ REPLACEMENT of the cluster)', safety: 'unsafe', replacesResource: true },
    hoverTopic: 'emr-local-disk',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'An EMR cluster with a custom AMI on a release that does not support custom AMIs.',
      why: '`CustomAmiId` is "available only in Amazon EMR releases 5.7.0 and later". A custom AMI copied with `--encrypted` was the way to get an encrypted EBS root volume before `EnableEbsEncryption` arrived in 5.24.0. Both `ReleaseLabel` and `CustomAmiId` are create-only: changing them replaces the cluster.',
      replacementWarning: `ReleaseLabel is create-only: ${CLUSTER_MIGRATION}.`,
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Cluster:\n    Type: AWS::EMR::Cluster\n    Properties:\n      Name: c\n      ReleaseLabel: emr-5.5.0\n      CustomAmiId: ami-0123456789abcdef0\n      JobFlowRole: EMR_EC2_DefaultRole\n      ServiceRole: EMR_DefaultRole\n      Instances: {}\n',
          good: 'Resources:\n  Cluster:\n    Type: AWS::EMR::Cluster\n    Properties:\n      Name: c\n      ReleaseLabel: emr-5.36.2\n      CustomAmiId: ami-0123456789abcdef0\n      JobFlowRole: EMR_EC2_DefaultRole\n      ServiceRole: EMR_DefaultRole\n      Instances: {}\n',
        },
      ],
      references: [EMR_DOCS.customAmi, EMR_DOCS.cfnCluster],
    },
    peers: [],
  },
  resourceTypes: [CLUSTER_TYPE],
  checkCfn(ctx) {
    for (const r of resourcesOfType(ctx.template, CLUSTER_TYPE)) {
      if (!prop(r.properties, 'CustomAmiId')) continue;
      const node = prop(r.properties, 'ReleaseLabel');
      const release = parseRelease(str(node));
      if (!node || !release || !releaseBefore(release, MIN_CUSTOM_AMI)) continue;
      ctx.report({
        messageId: 'tooOld',
        data: { cluster: r.logicalId, release: formatRelease(release) },
        span: node.span,
        resource: r,
        fixes: [{ title: `Set ReleaseLabel to emr-5.7.0 (⚠ REPLACEMENT: ${CLUSTER_MIGRATION})`, safety: 'unsafe', replacesResource: true, edits: ctx.fixer.set(propPath(r, 'ReleaseLabel'), 'emr-5.7.0') }],
      });
    }
  },
  checkCode(ctx) {
    // SDK RunJobFlow: the same check (L1 CfnCluster is read through the synthesised template).
    for (const call of callsOf(ctx.code.apiCalls, 'emr', 'RunJobFlow')) {
      if (!codeEntry(call.params, 'CustomAmiId')) continue;
      const node = codeEntry(call.params, 'ReleaseLabel')?.value;
      const release = parseRelease(codeString(node));
      if (!node || !release || !releaseBefore(release, MIN_CUSTOM_AMI)) continue;
      const name = codeString(codeEntry(call.params, 'Name')?.value);
      ctx.report({ messageId: 'tooOld', data: { cluster: name ?? 'RunJobFlow', release: formatRelease(release) }, span: node.span, source: 'sdk' });
    }
  },
};
