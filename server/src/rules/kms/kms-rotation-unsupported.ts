import { Fix } from '../../model/types';
import { Rule } from '../types';
import { propPath } from '../support/helpers';
import { MAX_ROTATION_DAYS, MIN_ROTATION_DAYS, rotationProblems } from './key-rotation';

export const rule: Rule = {
  meta: {
    id: 'kms-rotation-unsupported',
    service: 'kms',
    category: 'compatibility',
    tier: 'core',
    severity: 'error',
    messages: {
      spec: {
        text: 'KMS key {key} sets EnableKeyRotation: true but has KeySpec {value}, and KMS rotates only symmetric encryption keys (SYMMETRIC_DEFAULT), so the key cannot be created or updated.',
      },
      origin: {
        text: 'KMS key {key} sets EnableKeyRotation: true but has Origin EXTERNAL (imported key material), which KMS cannot rotate automatically, so the key cannot be created or updated.',
      },
      period: {
        text: 'KMS key {key} sets RotationPeriodInDays {value}, outside the allowed range of 90 to 2560 days, so the key cannot be created or updated.',
      },
    },
    fix: { title: 'Remove EnableKeyRotation, or bring RotationPeriodInDays into 90–2560', safety: 'safe', replacesResource: false, followUps: ['kms-key-rotation-disabled'] },
    hoverTopic: 'kms-rotation',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'Automatic rotation is requested for a KMS key that cannot rotate, or with a rotation period KMS does not accept.',
      why: 'KMS rotates key material automatically only for symmetric encryption keys (`KeySpec: SYMMETRIC_DEFAULT`) whose material KMS generated: asymmetric keys, HMAC keys and keys with imported material (`Origin: EXTERNAL`) must leave `EnableKeyRotation` unset or false; rotate those by creating a new key and moving the alias. `RotationPeriodInDays` must be between 90 and 2560 days (default 365). Either mistake makes the stack operation fail; the fixes change no key material and replace nothing.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Signing:\n    Type: AWS::KMS::Key\n    Properties:\n      KeySpec: ECC_NIST_P256\n      KeyUsage: SIGN_VERIFY\n      EnableKeyRotation: true\n',
          good: 'Resources:\n  Signing:\n    Type: AWS::KMS::Key\n    Properties:\n      KeySpec: ECC_NIST_P256\n      KeyUsage: SIGN_VERIFY\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": true, "RotationPeriodInDays": 30}}}}',
          good: '{"Resources": {"Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": true, "RotationPeriodInDays": 90}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html',
      ],
    },
    peers: [{ tool: 'cfn-lint', id: 'E3034', exact: false }],
  },
  resourceTypes: ['AWS::KMS::Key'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== 'AWS::KMS::Key') continue;
      for (const p of rotationProblems(tpl, r)) {
        const node = p.outcome.node!;
        const fixable = !p.conditions.length && !p.viaParameter;
        const fixes: Fix[] = [];
        if (fixable && p.kind === 'period') {
          const bound = Number(p.value) < MIN_ROTATION_DAYS ? MIN_ROTATION_DAYS : MAX_ROTATION_DAYS;
          fixes.push({
            title: `Set RotationPeriodInDays to ${bound} (the ${bound === MIN_ROTATION_DAYS ? 'shortest' : 'longest'} period KMS accepts)`,
            safety: 'safe',
            replacesResource: false,
            edits: ctx.fixer.replace(node, bound),
          });
        } else if (fixable) {
          fixes.push({
            title: 'Remove EnableKeyRotation (this key cannot rotate automatically; rotate it by creating a new key and moving the alias)',
            safety: 'safe',
            replacesResource: false,
            edits: ctx.fixer.remove(propPath(r, 'EnableKeyRotation')),
          });
        }
        ctx.report({
          messageId: p.kind,
          data: { key: r.logicalId, value: p.value },
          span: node.span,
          resource: r,
          conditions: p.conditions,
          fixes,
        });
      }
    }
  },
};
