import { Fix } from '../../model/types';
import { CfnRuleContext, Rule } from '../types';
import { str } from '../support/resolve';
import {
  EMR_DOCS, S3_ENC, SC_REPLACEMENT_DOC, SC_TYPE, ScOutcome, fixable, scItems, scReplace, scReplacementNote, scValues,
  securityConfigViews, sub,
} from './security-config';

const MODES = ['SSE-S3', 'SSE-KMS', 'CSE-KMS', 'CSE-Custom'];

/** The valid mode a value unambiguously means: another spelling of it, or the S3 API name of the same encryption. */
function spelling(value: string): string | undefined {
  const v = value.trim().toUpperCase().replace(/_/g, '-');
  const byCase = MODES.find((m) => m.toUpperCase() === v);
  if (byCase) return byCase;
  if (v === 'AES256') return 'SSE-S3';
  if (v === 'AWS:KMS') return 'SSE-KMS';
  return undefined;
}

function check(ctx: CfnRuleContext, o: ScOutcome, where: string): void {
  for (const mode of sub(ctx.template, o, ['EncryptionMode'])) {
    const value = str(mode.node);
    if (value === undefined || MODES.includes(value)) continue;
    const r = o.view.resource;
    const upper = value.trim().toUpperCase();
    let messageId = 'invalid';
    const fixes: Fix[] = [];
    const suggestion = spelling(value);
    if (upper === 'SSE-C') messageId = 'sseC';
    else if (upper === 'CSE-C') {
      messageId = 'cseC';
      // With the provider JAR and class already written, CSE-Custom is what the template means.
      const provider = (['S3Object', 'EncryptionKeyProviderClass'] as const).every((k) => sub(ctx.template, o, [k]).every((x) => x.node));
      if (provider && fixable(mode, o.view)) {
        fixes.push({
          title: `Set EncryptionMode: CSE-Custom, using the S3Object and EncryptionKeyProviderClass already given (${scReplacementNote(o.view)})`,
          safety: 'unsafe',
          replacesResource: true,
          edits: scReplace(ctx, mode, 'CSE-Custom'),
        });
      }
    }
    else if (suggestion) {
      messageId = 'spelling';
      if (fixable(mode, o.view)) {
        fixes.push({
          title: `Set EncryptionMode: ${suggestion} (${scReplacementNote(o.view)})`,
          safety: 'unsafe',
          replacesResource: true,
          edits: scReplace(ctx, mode, suggestion),
        });
      }
    }
    ctx.report({
      messageId,
      data: { name: r.logicalId, value, where, suggestion },
      span: mode.node!.span,
      resource: r,
      conditions: mode.conditions,
      fixes,
    });
  }
}

export const rule: Rule = {
  meta: {
    id: 'emr-invalid-s3-encryption-mode',
    service: 'emr',
    category: 'compatibility',
    tier: 'core',
    severity: 'error',
    messages: {
      sseC: { text: 'Security configuration {name} sets EncryptionMode {value}{where}, but SSE with customer-provided keys (SSE-C) is not available for use with Amazon EMR; use SSE-S3, SSE-KMS, CSE-KMS or CSE-Custom.' },
      cseC: { text: 'Security configuration {name} sets EncryptionMode {value}{where}, which EMR does not accept; client-side encryption with your own key provider is CSE-Custom, with S3Object and EncryptionKeyProviderClass naming the provider JAR and class.' },
      spelling: { text: 'Security configuration {name} sets EncryptionMode {value}{where}, which EMR does not accept; EMR names this mode {suggestion}.' },
      invalid: { text: 'Security configuration {name} sets EncryptionMode {value}{where}, which is not one of SSE-S3, SSE-KMS, CSE-KMS or CSE-Custom.' },
    },
    fix: { title: 'Write the EncryptionMode as EMR spells it (⚠ REPLACEMENT of the security configuration and its clusters)', safety: 'unsafe', replacesResource: true },
    hoverTopic: 'emr-at-rest',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An EMRFS `EncryptionMode` that EMR does not accept.',
      why: 'EMRFS encrypts S3 data with one of four modes: `SSE-S3`, `SSE-KMS`, `CSE-KMS` or `CSE-Custom` (also in per-bucket `Overrides`). SSE with customer-provided keys (SSE-C) is not available for use with Amazon EMR, and client-side encryption with your own keys is `CSE-Custom` (a JAR implementing EncryptionMaterialsProvider), not `CSE-C`. S3 API names (`AES256`, `aws:kms`) and other spellings are not accepted either.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration:\n              EncryptionMode: SSE-C\n',
          good: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration:\n              EncryptionMode: SSE-KMS\n              AwsKmsKey: !GetAtt Key.Arn\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {"EncryptionConfiguration": {"EnableAtRestEncryption": true, "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "sse-s3"}}}}}}}}',
          good: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {"EncryptionConfiguration": {"EnableAtRestEncryption": true, "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}}}}}}}}',
        },
      ],
      references: [EMR_DOCS.options, EMR_DOCS.createSc, EMR_DOCS.cfnSc],
      replacementWarning: SC_REPLACEMENT_DOC,
    },
    peers: [],
  },
  resourceTypes: [SC_TYPE],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== SC_TYPE) continue;
      for (const view of securityConfigViews(tpl, r)) {
        for (const s3 of scValues(tpl, view, S3_ENC)) {
          if (s3.node?.kind !== 'object') continue;
          check(ctx, s3, '');
          for (const overrides of sub(tpl, s3, ['Overrides'])) {
            for (const item of scItems(tpl, overrides)) {
              if (item.node?.kind !== 'object') continue;
              const bucket = sub(tpl, item, ['BucketName']).map((b) => str(b.node)).find((b) => b !== undefined);
              check(ctx, item, bucket ? ` for bucket ${bucket}` : ' in an override');
            }
          }
        }
      }
    }
  },
};
