import { Fix } from '../../model/types';
import { Rule } from '../types';
import { propPath } from '../support/helpers';
import { bool, valuesAt, conditionsCompatible } from '../support/resolve';
import { keyBranches, rotatable, rotationProblems } from './key-rotation';

export const rule: Rule = {
  meta: {
    id: 'kms-key-rotation-disabled',
    service: 'kms',
    category: 'key-management',
    tier: 'core',
    severity: 'warning',
    messages: {
      missing: {
        text: 'KMS key {key} does not set EnableKeyRotation, which defaults to false, so its key material is never rotated.',
      },
      disabled: {
        text: 'KMS key {key} sets EnableKeyRotation: false, so its key material is never rotated.',
      },
    },
    fix: { title: 'Set EnableKeyRotation: true (rotates yearly; older key material still decrypts)', safety: 'safe', replacesResource: false },
    hoverTopic: 'kms-rotation',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'A symmetric customer managed KMS key without automatic key rotation.',
      why: '`EnableKeyRotation` defaults to false, so a customer managed key keeps the same key material for its whole life. With rotation on, KMS creates new key material every `RotationPeriodInDays` (default 365) and keeps the old material, so existing ciphertext still decrypts and no key id, ARN, alias or policy changes. Only symmetric keys with KMS-generated material (`KeySpec: SYMMETRIC_DEFAULT`, `Origin: AWS_KMS`) can rotate; other keys are not reported here.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  DataKey:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: Encrypts the data bucket\n',
          good: 'Resources:\n  DataKey:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: Encrypts the data bucket\n      EnableKeyRotation: true\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"DataKey": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": false}}}}',
          good: '{"Resources": {"DataKey": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": true}}}}',
        },
      ],
      references: ['https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html'],
    },
    peers: [
      { tool: 'cdk-nag', id: 'AwsSolutions-KMS5', exact: true },
      { tool: 'checkov', id: 'CKV_AWS_7', exact: false },
      { tool: 'cfn_nag', id: 'F19', exact: false },
    ],
  },
  resourceTypes: ['AWS::KMS::Key'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== 'AWS::KMS::Key') continue;
      // kms-rotation-unsupported is the more specific finding for a key whose rotation settings KMS rejects.
      if (rotationProblems(tpl, r).length) continue;
      const branches = keyBranches(tpl, r).filter(rotatable);
      if (!branches.length) continue;
      for (const rot of valuesAt(tpl, r.properties, ['EnableKeyRotation'])) {
        const enabled = rot.node ? bool(rot.node) : false;
        if (enabled !== false) continue; // on, or unknown
        // Report once per rotation branch, on the key branches it applies to.
        const applicable = branches.filter((b) => conditionsCompatible(rot.conditions, b.conditions));
        if (!applicable.length) continue;
        const unconditionalKey = applicable.some((b) => !b.conditions.length);
        const conditions = unconditionalKey ? rot.conditions : [...new Set([...rot.conditions, ...applicable[0].conditions])];
        const viaParameter = rot.viaParameter ?? applicable.find((b) => b.viaParameter)?.viaParameter;
        const fixes: Fix[] = !conditions.length && !viaParameter
          ? [{
              title: 'Set EnableKeyRotation: true (rotates yearly by default; older key material still decrypts, nothing is interrupted)',
              safety: 'safe',
              replacesResource: false,
              edits: rot.node ? ctx.fixer.replace(rot.node, true) : ctx.fixer.set(propPath(r, 'EnableKeyRotation'), true),
            }]
          : [];
        ctx.report({
          messageId: rot.node ? 'disabled' : 'missing',
          data: { key: r.logicalId },
          span: rot.node ? rot.node.span : rot.entry ? rot.entry.value.span : r.logicalIdSpan,
          resource: r,
          conditions,
          fixes,
        });
      }
    }
  },
};
