import { Rule } from '../types';
import { Outcome, bool, valuesAt, conditionsCompatible, mergeConditions } from '../support/resolve';
import { RESULT_ENCRYPTION, UPDATED_ENCRYPTION, workgroups } from './workgroup';

export const rule: Rule = {
  meta: {
    id: 'athena-workgroup-not-enforced',
    service: 'athena',
    category: 'at-rest',
    tier: 'core',
    severity: 'warning',
    messages: {
      notEnforced: {
        text: 'Workgroup {name} encrypts query results but sets EnforceWorkGroupConfiguration: false, so each query can override or drop that encryption with its own ResultConfiguration.',
      },
    },
    fix: {
      title: 'Set EnforceWorkGroupConfiguration: true (unsafe: the workgroup settings then override those of every query)',
      safety: 'unsafe',
      replacesResource: false,
    },
    hoverTopic: 'athena-encryption',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An Athena workgroup that encrypts results but lets clients override its settings.',
      why: 'With `EnforceWorkGroupConfiguration: false` (in `WorkGroupConfiguration` or `WorkGroupConfigurationUpdates`) the client-side settings of each `StartQueryExecution` win, so a client can send its own `ResultConfiguration` without encryption (or with a different location) and the workgroup\'s `EncryptionConfiguration` is ignored. When the property is omitted nothing is reported: AWS\'s CloudFormation handler treats `true` as the default and sends it on update. Turning enforcement on causes no interruption, but it changes behaviour for existing clients: their own output location, encryption and other per-query settings are then replaced by the workgroup\'s, so the fix is not applied automatically.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        EnforceWorkGroupConfiguration: false\n        ResultConfiguration:\n          EncryptionConfiguration:\n            EncryptionOption: SSE_S3\n',
          good: 'Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        EnforceWorkGroupConfiguration: true\n        ResultConfiguration:\n          EncryptionConfiguration:\n            EncryptionOption: SSE_S3\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Analysts": {"Type": "AWS::Athena::WorkGroup", "Properties": {"Name": "analysts", "WorkGroupConfiguration": {"EnforceWorkGroupConfiguration": false, "ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "SSE_S3"}}}}}}}',
          good: '{"Resources": {"Analysts": {"Type": "AWS::Athena::WorkGroup", "Properties": {"Name": "analysts", "WorkGroupConfiguration": {"EnforceWorkGroupConfiguration": true, "ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "SSE_S3"}}}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html',
        'https://docs.aws.amazon.com/athena/latest/ug/encryption.html',
      ],
    },
    peers: [
      // Both also fail when the property is absent, which this rule does not report.
      { tool: 'checkov', id: 'CKV_AWS_82', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0007', exact: false },
    ],
  },
  resourceTypes: ['AWS::Athena::WorkGroup'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of workgroups(tpl)) {
      const encryption = [valuesAt(tpl, r.properties, RESULT_ENCRYPTION), valuesAt(tpl, r.properties, UPDATED_ENCRYPTION)];
      const enforce = [
        ...valuesAt(tpl, r.properties, ['WorkGroupConfiguration', 'EnforceWorkGroupConfiguration']),
        ...valuesAt(tpl, r.properties, ['WorkGroupConfigurationUpdates', 'EnforceWorkGroupConfiguration']),
      ];
      for (const e of enforce) {
        if (!e.node || bool(e.node) !== false) continue;
        let always = false;
        const present: Outcome[] = [];
        for (const outcomes of encryption) {
          const compat = outcomes.filter((x) => conditionsCompatible(x.conditions, e.conditions));
          const known = compat.filter((x) => x.node && x.node.kind !== 'unknown');
          // Encryption set in every branch that goes with this value: the finding needs no extra condition.
          if (known.length && known.length === compat.length) always = true;
          present.push(...known);
        }
        if (!present.length) continue;
        const variants = always ? [e.conditions] : present.map((x) => mergeConditions(e.conditions, x.conditions));
        const seen = new Set<string>();
        for (const conditions of variants) {
          const key = conditions.join('&');
          if (seen.has(key)) continue;
          seen.add(key);
          ctx.report({
            messageId: 'notEnforced',
            data: { name: r.logicalId },
            span: e.node.span,
            resource: r,
            conditions,
            fixes: conditions.length || e.viaParameter ? [] : [{
              title: 'Set EnforceWorkGroupConfiguration: true (unsafe: the workgroup\'s result location, encryption and limits then override the settings each query sends)',
              safety: 'unsafe',
              replacesResource: false,
              edits: ctx.fixer.replace(e.node, true),
            }],
          });
        }
      }
    }
  },
};
