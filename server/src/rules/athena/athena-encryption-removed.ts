import { Rule } from '../types';
import { propPath } from '../support/helpers';
import { bool, prop, str, valuesAt } from '../support/resolve';
import { KMS_OPTIONS, RESULT_ENCRYPTION, effectiveOption, workgroups } from './workgroup';

const FLAG_PATH = ['WorkGroupConfigurationUpdates', 'ResultConfigurationUpdates', 'RemoveEncryptionConfiguration'];

export const rule: Rule = {
  meta: {
    id: 'athena-encryption-removed',
    service: 'athena',
    category: 'at-rest',
    tier: 'core',
    severity: 'warning',
    messages: {
      removed: { text: 'Workgroup {name} sets RemoveEncryptionConfiguration: true, so a stack update strips the query-result encryption from the workgroup.' },
    },
    fix: {
      title: 'Remove RemoveEncryptionConfiguration: true (or set it to false when it is the only update)',
      safety: 'safe',
      replacesResource: false,
      note: 'Unsafe when the workgroup configures SSE_KMS or CSE_KMS: if an earlier update already removed the encryption, the next update restores it and query users need access to the key.',
    },
    hoverTopic: 'athena-encryption',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An Athena workgroup update that removes the result encryption.',
      why: '`WorkGroupConfigurationUpdates.ResultConfigurationUpdates.RemoveEncryptionConfiguration: true` tells Athena to delete the workgroup\'s `EncryptionConfiguration`; from then on results get only the results bucket\'s default encryption, and an enforced workgroup also overrides the encryption clients ask for. The fix removes the flag (or sets it to false when it is the only update), which keeps the encryption the workgroup has. It is applied automatically unless the workgroup configures SSE_KMS/CSE_KMS: if an earlier update already removed the encryption, the next update would restore the KMS encryption and query users would need access to the key.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfigurationUpdates:\n        EnforceWorkGroupConfiguration: true\n        ResultConfigurationUpdates:\n          RemoveEncryptionConfiguration: true\n',
          good: 'Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfigurationUpdates:\n        EnforceWorkGroupConfiguration: true\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Analysts": {"Type": "AWS::Athena::WorkGroup", "Properties": {"Name": "analysts", "WorkGroupConfigurationUpdates": {"ResultConfigurationUpdates": {"OutputLocation": "s3://example-athena-results/", "RemoveEncryptionConfiguration": true}}}}}}',
          good: '{"Resources": {"Analysts": {"Type": "AWS::Athena::WorkGroup", "Properties": {"Name": "analysts", "WorkGroupConfigurationUpdates": {"ResultConfigurationUpdates": {"OutputLocation": "s3://example-athena-results/"}}}}}}',
        },
      ],
      references: ['https://docs.aws.amazon.com/athena/latest/ug/encryption.html'],
    },
    peers: [],
  },
  resourceTypes: ['AWS::Athena::WorkGroup'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of workgroups(tpl)) {
      for (const o of valuesAt(tpl, r.properties, FLAG_PATH)) {
        if (!o.node || bool(o.node) !== true) continue;
        const fixes = [];
        if (!o.conditions.length && !o.viaParameter) {
          const usesKms = valuesAt(tpl, r.properties, [...RESULT_ENCRYPTION, 'EncryptionOption'])
            .some((x) => KMS_OPTIONS.includes(effectiveOption(str(x.node)) ?? ''));
          const updates = prop(prop(r.properties, 'WorkGroupConfigurationUpdates'), 'ResultConfigurationUpdates');
          // `ResultConfigurationUpdates:` left empty would be null in YAML; keep it valid with false instead.
          const alone = updates?.kind === 'object' && updates.entries.length === 1;
          const reason = usesKms ? ' (unsafe: if an earlier update already removed the encryption, this restores SSE_KMS/CSE_KMS and query users need access to its key)' : '';
          fixes.push({
            title: `${alone ? 'Set RemoveEncryptionConfiguration: false' : 'Remove RemoveEncryptionConfiguration: true'}${reason}`,
            safety: usesKms ? 'unsafe' as const : 'safe' as const,
            replacesResource: false,
            edits: alone ? ctx.fixer.replace(o.node, false) : ctx.fixer.remove(propPath(r, ...FLAG_PATH)),
          });
        }
        ctx.report({
          messageId: 'removed',
          data: { name: r.logicalId },
          span: o.node.span,
          resource: r,
          conditions: o.conditions,
          fixes,
        });
      }
    }
  },
};
