import { Fix } from '../../model/types';
import { CfnRuleContext, Rule } from '../types';
import { keyForFix } from '../support/helpers';
import { bool, str, conditionsAnd } from '../support/resolve';
import {
  CERT_PLACEHOLDER, ENC, EMR_DOCS, SC_REPLACEMENT_DOC, SC_TYPE, ScKey, ScOutcome, ScView, fixable, keyShape, scEdits, scItems, scReplace, scReplacementNote, scValues, securityConfigViews, sub,
} from './security-config';

const KEY_ARN_FORM = 'arn:aws:kms:region:account:key/key-id';

type Report = (messageId: string, o: ScOutcome, data: Record<string, string>, fixes?: Fix[], conditions?: string[]) => void;

/** Names of members that are absent in every branch of `o` (a member in some branch only is left to the branch). */
function missing(ctx: CfnRuleContext, o: ScOutcome, keys: ScKey[]): ScKey[] {
  return keys.filter((k) => sub(ctx.template, o, [k]).every((x) => !x.node));
}

function list(keys: string[]): string {
  return keys.join(' and ');
}

function addKeyFix(ctx: CfnRuleContext, o: ScOutcome, holder: ScOutcome, what: string): Fix[] {
  if (!fixable(o, o.view) || !fixable(holder, o.view)) return [];
  const k = keyForFix(ctx, 'Arn', `Encrypts EMR data configured by security configuration ${o.view.resource.logicalId}`);
  return [{
    title: `Set AwsKmsKey to ${k.created ? 'a new rotating KMS key' : `the ARN of key ${k.logicalId}`} for ${what} (${scReplacementNote(o.view)}; the cluster roles need use of the key)`,
    safety: 'unsafe',
    replacesResource: true,
    edits: [...scEdits(ctx, o.view, [{ path: [...holder.path, 'AwsKmsKey'], value: k.key }]), ...k.edits],
  }];
}

/** `AwsKmsKey` must be "a fully specified ARN to a key". */
function checkKey(ctx: CfnRuleContext, key: ScOutcome, report: Report): void {
  const shape = keyShape(ctx.template, key.node);
  if (shape.kind === 'alias-arn') {
    report('aliasArn', key, { value: shape.value });
  } else if (shape.kind === 'not-arn') {
    const fixes: Fix[] = [];
    if (fixable(key, key.view) && shape.keyResource) {
      fixes.push({
        title: `Use !GetAtt ${shape.keyResource}.Arn (${scReplacementNote(key.view)})`,
        safety: 'unsafe',
        replacesResource: true,
        edits: scReplace(ctx, key, { 'Fn::GetAtt': [shape.keyResource, 'Arn'] }),
      });
    } else if (fixable(key, key.view) && shape.keyId) {
      // A key ID names a key of the stack's own account and Region, which is what the ARN built here says.
      const arn = `arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${shape.keyId}`;
      fixes.push({
        title: `Use the key's ARN, !Sub '${arn}' (${scReplacementNote(key.view)})`,
        safety: 'unsafe',
        replacesResource: true,
        edits: scReplace(ctx, key, { 'Fn::Sub': arn }),
      });
    }
    report('keyNotArn', key, { value: shape.value, what: shape.what }, fixes);
  }
}

/** EMRFS settings: the main S3EncryptionConfiguration or one of its Overrides. */
function checkS3(ctx: CfnRuleContext, s3: ScOutcome, where: string, report: Report, override: boolean): void {
  for (const mode of sub(ctx.template, s3, ['EncryptionMode'])) {
    const m = str(mode.node);
    if (m === 'SSE-KMS' || m === 'CSE-KMS') {
      for (const key of sub(ctx.template, s3, ['AwsKmsKey'])) {
        const conditions = conditionsAnd(mode.conditions, key.conditions);
        if (!conditions) continue;
        if (!key.node) report('kmsNoKey', mode, { mode: m, where }, addKeyFix(ctx, { ...key, conditions }, s3, `${m}${where}`), conditions);
        else checkKey(ctx, { ...key, conditions }, report);
      }
    } else if (m === 'CSE-Custom' && !override) {
      const absent = missing(ctx, s3, ['S3Object', 'EncryptionKeyProviderClass']);
      if (absent.length) report('cseCustomIncomplete', mode, { missing: list(absent), where });
    }
  }
}

function checkAtRest(ctx: CfnRuleContext, enc: ScOutcome, flag: ScOutcome, report: Report): void {
  const tpl = ctx.template;
  for (const atRest of sub(tpl, enc, ['AtRestEncryptionConfiguration'])) {
    const conditions = conditionsAnd(flag.conditions, atRest.conditions);
    if (!conditions) continue;
    if (!atRest.node) {
      report('atRestEmpty', flag, {}, [], conditions);
      continue;
    }
    if (atRest.node.kind !== 'object') continue;
    const o = { ...atRest, conditions };
    if (missing(ctx, o, ['S3EncryptionConfiguration', 'LocalDiskEncryptionConfiguration']).length === 2) report('atRestEmpty', o, {});
    for (const s3 of sub(tpl, o, ['S3EncryptionConfiguration'])) {
      if (s3.node?.kind !== 'object') continue;
      checkS3(ctx, s3, '', report, false);
      for (const overrides of sub(tpl, s3, ['Overrides'])) {
        for (const item of scItems(tpl, overrides)) {
          if (item.node?.kind !== 'object') continue;
          const bucket = sub(tpl, item, ['BucketName']).map((b) => str(b.node)).find((b) => b !== undefined);
          checkS3(ctx, item, bucket ? ` for bucket ${bucket}` : ' in an override', report, true);
        }
      }
    }
    for (const disk of sub(tpl, o, ['LocalDiskEncryptionConfiguration'])) {
      if (disk.node?.kind !== 'object') continue;
      for (const type of sub(tpl, disk, ['EncryptionKeyProviderType'])) {
        const t = str(type.node);
        if (t === 'AwsKms') {
          for (const key of sub(tpl, disk, ['AwsKmsKey'])) {
            const c = conditionsAnd(type.conditions, key.conditions);
            if (!c) continue;
            if (!key.node) report('localKmsNoKey', type, {}, addKeyFix(ctx, { ...key, conditions: c }, disk, 'local-disk encryption'), c);
            else checkKey(ctx, { ...key, conditions: c }, report);
          }
        } else if (t === 'Custom') {
          const absent = missing(ctx, disk, ['S3Object', 'EncryptionKeyProviderClass']);
          if (absent.length) report('localCustomIncomplete', type, { missing: list(absent) });
        }
      }
    }
  }
}

function checkInTransit(ctx: CfnRuleContext, enc: ScOutcome, flag: ScOutcome, report: Report): void {
  const tpl = ctx.template;
  for (const inTransit of sub(tpl, enc, ['InTransitEncryptionConfiguration'])) {
    for (const tls of sub(tpl, inTransit, ['TLSCertificateConfiguration'])) {
      const conditions = conditionsAnd(flag.conditions, tls.conditions);
      if (!conditions) continue;
      if (!tls.node) {
        const fixes: Fix[] = fixable({ conditions, viaParameter: flag.viaParameter }, flag.view) && !tls.entry
          ? [{
              title: `Add TLSCertificateConfiguration with PEM certificates (${scReplacementNote(flag.view)}; unsafe: upload a zip with privateKey.pem and certificateChain.pem and replace the placeholder ${CERT_PLACEHOLDER})`,
              safety: 'unsafe',
              replacesResource: true,
              edits: scEdits(ctx, flag.view, [{ path: [...ENC, 'InTransitEncryptionConfiguration', 'TLSCertificateConfiguration'], value: { CertificateProviderType: 'PEM', S3Object: CERT_PLACEHOLDER } }]),
            }]
          : [];
        report('noTls', flag, {}, fixes, conditions);
        continue;
      }
      if (tls.node.kind !== 'object') continue;
      const o = { ...tls, conditions };
      for (const type of sub(tpl, o, ['CertificateProviderType'])) {
        const t = str(type.node);
        if (t === 'PEM' && missing(ctx, o, ['S3Object']).length) report('pemNoObject', type, {});
        if (t === 'Custom') {
          const absent = missing(ctx, o, ['S3Object', 'CertificateProviderClass']);
          if (absent.length) report('customCertIncomplete', type, { missing: list(absent) });
        }
      }
    }
  }
}

/** `"true"` / `"false"` written as strings. */
function checkStringFlags(ctx: CfnRuleContext, view: ScView, report: Report): void {
  const flags: ScKey[][] = [
    [...ENC, 'EnableAtRestEncryption'],
    [...ENC, 'EnableInTransitEncryption'],
    [...ENC, 'AtRestEncryptionConfiguration', 'LocalDiskEncryptionConfiguration', 'EnableEbsEncryption'],
  ];
  for (const path of flags) {
    for (const o of scValues(ctx.template, view, path)) {
      if (o.node?.kind !== 'scalar' || typeof o.node.value !== 'string') continue;
      const b = bool(o.node);
      if (b === undefined) continue;
      const fixes: Fix[] = fixable(o, view)
        ? [{ title: `Write ${path[path.length - 1]}: ${b} as a boolean (${scReplacementNote(view)})`, safety: 'unsafe', replacesResource: true, edits: scReplace(ctx, o, b) }]
        : [];
      report('stringFlag', o, { flag: path[path.length - 1], value: JSON.stringify(o.node.value), bool: String(b) }, fixes);
    }
  }
}

export const rule: Rule = {
  meta: {
    id: 'emr-encryption-config-incomplete',
    service: 'emr',
    category: 'key-management',
    tier: 'core',
    severity: 'error',
    messages: {
      noTls: { text: 'Security configuration {name} enables in-transit encryption without InTransitEncryptionConfiguration.TLSCertificateConfiguration, so EMR has no certificates for TLS.' },
      pemNoObject: { text: 'Security configuration {name} uses CertificateProviderType PEM without S3Object, the S3 location of the zip with privateKey.pem and certificateChain.pem.' },
      customCertIncomplete: { text: 'Security configuration {name} uses CertificateProviderType Custom without {missing}, which a custom certificate provider (a JAR implementing TLSArtifactsProvider) needs.' },
      kmsNoKey: { text: 'Security configuration {name} sets EncryptionMode {mode}{where} without AwsKmsKey, the ARN of the KMS key that EMRFS must use.' },
      cseCustomIncomplete: { text: 'Security configuration {name} sets EncryptionMode CSE-Custom{where} without {missing}, which the custom encryption-materials provider needs.' },
      localKmsNoKey: { text: 'Security configuration {name} uses local-disk EncryptionKeyProviderType AwsKms without AwsKmsKey, the ARN of the KMS key for the disks.' },
      localCustomIncomplete: { text: 'Security configuration {name} uses local-disk EncryptionKeyProviderType Custom without {missing}, which the custom key provider needs.' },
      keyNotArn: { text: `Security configuration {name} sets AwsKmsKey to {value}, which is {what}, but EMR requires the fully specified ARN of a key (${KEY_ARN_FORM}).` },
      aliasArn: { text: `Security configuration {name} sets AwsKmsKey to the alias ARN {value}, but the EMR documentation asks for the fully specified ARN of a key (${KEY_ARN_FORM}).`, severity: 'warning' },
      atRestEmpty: { text: 'Security configuration {name} enables at-rest encryption without S3EncryptionConfiguration or LocalDiskEncryptionConfiguration, so it names nothing to encrypt.', severity: 'warning' },
      stringFlag: { text: 'Security configuration {name} writes {flag} as the string {value} instead of the boolean {bool}.', severity: 'hint' },
    },
    fix: { title: 'Complete the encryption settings (⚠ REPLACEMENT of the security configuration and its clusters)', safety: 'unsafe', replacesResource: true },
    hoverTopic: 'emr-security-configuration',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An EMR security configuration whose encryption settings are missing a required value.',
      why: 'EMR needs, for each provider it is told to use: certificates for in-transit encryption (`PEM`: `S3Object` pointing at a zip with privateKey.pem and certificateChain.pem; `Custom`: `S3Object` JAR and `CertificateProviderClass`); `AwsKmsKey` for `SSE-KMS` / `CSE-KMS` EMRFS encryption and for `AwsKms` local-disk encryption, as "a fully specified ARN to a key"; `S3Object` and `EncryptionKeyProviderClass` for `CSE-Custom` and for a `Custom` local-disk provider. Per-bucket `Overrides` with a KMS mode need their key too. Flags are booleans in the JSON reference; strings such as "true" are reported as a hint.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration:\n              EncryptionMode: SSE-KMS\n',
          good: 'Resources:\n  SecurityConfig:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration:\n              EncryptionMode: SSE-KMS\n              AwsKmsKey: !GetAtt Key.Arn\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {"EncryptionConfiguration": {"EnableInTransitEncryption": true, "InTransitEncryptionConfiguration": {"TLSCertificateConfiguration": {"CertificateProviderType": "PEM"}}}}}}}}',
          good: '{"Resources": {"SecurityConfig": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {"EncryptionConfiguration": {"EnableInTransitEncryption": true, "InTransitEncryptionConfiguration": {"TLSCertificateConfiguration": {"CertificateProviderType": "PEM", "S3Object": "s3://my-config/certs.zip"}}}}}}}}',
        },
      ],
      references: [EMR_DOCS.createSc, EMR_DOCS.enable, EMR_DOCS.cfnSc],
      replacementWarning: SC_REPLACEMENT_DOC,
    },
    peers: [
      { tool: 'cfn_nag', id: 'W61', exact: false },
      { tool: 'guard', id: 'EMR_SECURITY_CONFIG_ENABLED_AND_CONFIGURED_RULE', exact: false },
    ],
  },
  resourceTypes: [SC_TYPE],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of tpl.resources) {
      if (r.type !== SC_TYPE) continue;
      for (const view of securityConfigViews(tpl, r)) {
        const seen = new Set<string>();
        const report: Report = (messageId, o, data, fixes = [], conditions = o.conditions) => {
          // Objects are pointed at by their key, so that the finding covers one line.
          const span = !o.node ? view.source.span : o.node.kind === 'object' && o.entry && view.form === 'object' ? o.entry.keySpan : o.node.span;
          // The same node can be reached through several branch combinations: report it once per condition set
          // (string form: every value shares the string's span, so the data tells findings apart).
          const key = `${messageId}@${span.start}@${conditions.join(',')}@${JSON.stringify(data)}`;
          if (seen.has(key)) return;
          seen.add(key);
          ctx.report({ messageId, data: { name: r.logicalId, ...data }, span, resource: r, conditions, fixes });
        };
        checkStringFlags(ctx, view, report);
        for (const enc of scValues(tpl, view, ENC)) {
          if (enc.node?.kind !== 'object') continue;
          for (const flag of sub(tpl, enc, ['EnableAtRestEncryption'])) if (bool(flag.node) === true) checkAtRest(ctx, enc, flag, report);
          for (const flag of sub(tpl, enc, ['EnableInTransitEncryption'])) if (bool(flag.node) === true) checkInTransit(ctx, enc, flag, report);
        }
      }
    }
  },
};
