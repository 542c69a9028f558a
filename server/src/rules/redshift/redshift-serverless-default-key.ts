import { Rule } from '../types';
import { keyForFix, propPath } from '../support/helpers';
import { valuesAt, resourcesOfType, missingSpan } from '../support/resolve';
import { NAMESPACE } from './cluster';

export const rule: Rule = {
  meta: {
    id: 'redshift-serverless-default-key',
    service: 'redshift',
    category: 'key-management',
    tier: 'core',
    severity: 'information',
    messages: {
      defaultKey: { text: 'Redshift Serverless namespace {name} sets no KmsKeyId, so its data and snapshots are encrypted with the default AWS key rather than a customer managed key you can control, audit and revoke.' },
    },
    fix: {
      title: 'Add KmsKeyId of a customer managed key',
      safety: 'unsafe',
      replacesResource: false,
      note: 'Uses the template\'s own symmetric key, or adds a new one with rotation on. Not a replacement and the data is not re-encrypted, but the namespace then depends on that key.',
    },
    hoverTopic: 'redshift-at-rest',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'A Redshift Serverless namespace encrypted with the default AWS-owned key.',
      why: 'Redshift Serverless always encrypts a namespace\'s data and snapshots with KMS; without `KmsKeyId` it uses a key AWS owns (implied by the console\'s opt-in "Customize encryption settings"; not stated in the API reference), so there is no key policy to restrict use and no CloudTrail record of key use in your account. `KmsKeyId` can be changed later without replacement, and "when you change the KMS key, the data remains unchanged", so SQL clients are not affected. The fix is still not applied automatically: it either adds a new KMS key resource (billed monthly) or picks the template\'s own key, and from then on the namespace depends on that key — the deploying role needs to create KMS grants on it, the Redshift Data API creates grants on it, and disabling the key or losing its policy makes the data unreadable.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Analytics:\n    Type: AWS::RedshiftServerless::Namespace\n    Properties:\n      NamespaceName: analytics\n',
          good: 'Resources:\n  Analytics:\n    Type: AWS::RedshiftServerless::Namespace\n    Properties:\n      NamespaceName: analytics\n      KmsKeyId: !Ref AnalyticsKey\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Analytics": {"Type": "AWS::RedshiftServerless::Namespace", "Properties": {"NamespaceName": "analytics"}}}}',
          good: '{"Resources": {"Analytics": {"Type": "AWS::RedshiftServerless::Namespace", "Properties": {"NamespaceName": "analytics", "KmsKeyId": {"Ref": "AnalyticsKey"}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-workgroups-and-namespaces-rotate-kms-key.html',
        'https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html',
      ],
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_282', exact: false },
    ],
  },
  resourceTypes: ['AWS::RedshiftServerless::Namespace'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of resourcesOfType(tpl, NAMESPACE)) {
      const outcomes = valuesAt(tpl, r.properties, ['KmsKeyId']);
      const missing = outcomes.filter((o) => !o.node);
      // Missing in every branch: one finding without conditions (but no fix inside the Fn::If).
      const everywhere = missing.length > 1 && missing.length === outcomes.length;
      for (const o of everywhere ? [missing[0]] : missing) {
        const fixes = [];
        if (!o.conditions.length && !o.viaParameter) {
          const k = keyForFix(ctx, 'Ref', `Encrypts Redshift Serverless namespace ${r.logicalId}`);
          fixes.push({
            title: `Add KmsKeyId of ${k.created ? 'a new rotating KMS key' : `key ${k.logicalId}`} (unsafe: the namespace's data then depends on this key's policy and grants${k.created ? ', and the new key is billed monthly' : ''})`,
            safety: 'unsafe' as const,
            replacesResource: false,
            edits: [...ctx.fixer.set(propPath(r, 'KmsKeyId'), k.key), ...k.edits],
          });
        }
        ctx.report({
          messageId: 'defaultKey',
          data: { name: r.logicalId },
          span: missingSpan(r, ['KmsKeyId'], o),
          resource: r,
          conditions: everywhere ? [] : o.conditions,
          fixes,
        });
      }
    }
  },
};
