import { Fix } from '../../model/types';
import { Rule } from '../types';
import { keyForFix, propPath } from '../support/helpers';
import { str, valuesAt, conditionsCompatible, mergeConditions } from '../support/resolve';
import { KMS_OPTIONS, RESULT_ENCRYPTION, UPDATED_ENCRYPTION, VALID_OPTIONS, canonicalOption, workgroups } from './workgroup';

export const rule: Rule = {
  meta: {
    id: 'athena-kms-key-missing',
    service: 'athena',
    category: 'key-management',
    tier: 'core',
    severity: 'error',
    messages: {
      missingKey: { text: 'Workgroup {name} sets EncryptionOption {option} without a KmsKey, and Athena needs the KMS key for {option} results.' },
      misspelt: { text: 'Workgroup {name} sets EncryptionOption {value}, which is not a valid value; write {option} (with an underscore, in capitals).' },
      misspeltNoKey: { text: 'Workgroup {name} sets EncryptionOption {value}, which is not a valid value; write {option}, which also needs a KmsKey.' },
      unsupported: { text: 'Workgroup {name} sets EncryptionOption {value}, which Athena does not support; use SSE_S3, SSE_KMS or CSE_KMS.' },
    },
    fix: {
      title: 'Add KmsKey, or correct the EncryptionOption spelling',
      safety: 'unsafe',
      replacesResource: false,
      note: 'Correcting the spelling alone is safe. Adding a KmsKey (the template\'s key, or a new rotating key) is unsafe: check that it is the intended key.',
    },
    hoverTopic: 'athena-encryption',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'Athena result encryption that cannot work: a KMS option without a key, or an EncryptionOption outside the enum.',
      why: '`EncryptionOption` accepts only `SSE_S3`, `SSE_KMS` and `CSE_KMS` (underscores — unlike S3 and EMR, which spell `SSE-KMS` with a hyphen); SSE-C and CSE-C do not exist in Athena. The same holds for the `EncryptionConfiguration` in `WorkGroupConfigurationUpdates.ResultConfigurationUpdates`. For `SSE_KMS` and `CSE_KMS` the workgroup must name the KMS key (`KmsKey`, key ARN or id), so a template without it cannot create or update the workgroup. Correcting the spelling changes nothing that was deployed (the invalid value could never be); adding a key is not applied automatically because the key chosen must be the one intended, and everyone running queries in the workgroup needs `kms:GenerateDataKey` and `kms:Decrypt` on it.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        ResultConfiguration:\n          EncryptionConfiguration:\n            EncryptionOption: SSE-KMS\n',
          good: 'Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        ResultConfiguration:\n          EncryptionConfiguration:\n            EncryptionOption: SSE_KMS\n            KmsKey: !GetAtt ResultsKey.Arn\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Analysts": {"Type": "AWS::Athena::WorkGroup", "Properties": {"Name": "analysts", "WorkGroupConfiguration": {"ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "CSE_KMS"}}}}}}}',
          good: '{"Resources": {"Analysts": {"Type": "AWS::Athena::WorkGroup", "Properties": {"Name": "analysts", "WorkGroupConfiguration": {"ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "CSE_KMS", "KmsKey": {"Fn::GetAtt": ["ResultsKey", "Arn"]}}}}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/athena/latest/ug/encryption.html',
        'https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html',
      ],
    },
    peers: [],
  },
  resourceTypes: ['AWS::Athena::WorkGroup'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of workgroups(tpl)) {
      for (const path of [RESULT_ENCRYPTION, UPDATED_ENCRYPTION]) {
        for (const ec of valuesAt(tpl, r.properties, path)) {
          if (!ec.node || ec.node.kind !== 'object') continue;
          const keys = valuesAt(tpl, ec.node, ['KmsKey']);
          for (const opt of valuesAt(tpl, ec.node, ['EncryptionOption'])) {
            const value = str(opt.node);
            if (value === undefined || !opt.node) continue;
            const conditions = mergeConditions(ec.conditions, opt.conditions);
            const valid = VALID_OPTIONS.includes(value);
            const option = valid ? value : canonicalOption(value);
            const compatKeys = keys.filter((k) => conditionsCompatible(k.conditions, conditions));
            const missing = option && KMS_OPTIONS.includes(option) ? compatKeys.filter((k) => !k.node) : [];
            const fixable = !conditions.length && !opt.viaParameter && !ec.viaParameter;
            const keyPath = propPath(r, ...path, 'KmsKey');

            if (!valid) {
              const keyNeeded = missing.length > 0;
              const fixes: Fix[] = [];
              if (option && fixable) {
                const fixKey = keyNeeded && missing.length === compatKeys.length;
                if (fixKey) {
                  // KmsKey takes a key ARN or id; the id (Ref) is enough for a key of the same template.
                  const k = keyForFix(ctx, 'Ref', `Encrypts the Athena query results of workgroup ${r.logicalId}`);
                  fixes.push({
                    title: `Set EncryptionOption: ${option} and add KmsKey ${k.created ? 'of a new rotating KMS key' : `of key ${k.logicalId}`} (unsafe: check that this is the intended key; query users need kms:GenerateDataKey and kms:Decrypt on it)`,
                    safety: 'unsafe',
                    replacesResource: false,
                    edits: [...ctx.fixer.replace(opt.node, option), ...ctx.fixer.set(keyPath, k.key), ...k.edits],
                  });
                } else {
                  fixes.push({ title: `Set EncryptionOption: ${option}`, safety: 'safe', replacesResource: false, edits: ctx.fixer.replace(opt.node, option) });
                }
              }
              ctx.report({
                messageId: !option ? 'unsupported' : keyNeeded ? 'misspeltNoKey' : 'misspelt',
                data: { name: r.logicalId, value, option },
                span: opt.node.span,
                resource: r,
                conditions,
                fixes,
              });
              continue;
            }

            if (!missing.length) continue;
            // Key absent in every branch that goes with this option: one finding; else one per branch without it.
            const variants = missing.length === compatKeys.length ? [{ conditions, span: opt.node.span }] : missing.map((k) => ({
              conditions: mergeConditions(conditions, k.conditions),
              span: k.entry ? k.entry.value.span : opt.node!.span,
            }));
            for (const v of variants) {
              const fixes: Fix[] = [];
              if (!v.conditions.length && fixable) {
                const k = keyForFix(ctx, 'Ref', `Encrypts the Athena query results of workgroup ${r.logicalId}`);
                fixes.push({
                  title: `Add KmsKey ${k.created ? 'of a new rotating KMS key' : `of key ${k.logicalId}`} (unsafe: check that this is the intended key; query users need kms:GenerateDataKey and kms:Decrypt on it)`,
                  safety: 'unsafe',
                  replacesResource: false,
                  edits: [...ctx.fixer.set(keyPath, k.key), ...k.edits],
                });
                fixes.push({
                  title: 'Set EncryptionOption: SSE_S3 instead (unsafe: gives up the KMS key the template asks for)',
                  safety: 'unsafe',
                  replacesResource: false,
                  edits: ctx.fixer.replace(opt.node, 'SSE_S3'),
                });
              }
              ctx.report({
                messageId: 'missingKey',
                data: { name: r.logicalId, option: value },
                span: v.span,
                resource: r,
                conditions: v.conditions,
                fixes,
              });
            }
          }
        }
      }
    }
  },
};
