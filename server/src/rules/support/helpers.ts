import { JsonValue } from '../../model/fixer';
import { CfnTemplate, Resource, TextEdit } from '../../model/types';
import { CfnRuleContext } from '../types';
import { prop, str } from './resolve';

/** Path from the template root to a property of a resource. */
export function propPath(r: Resource, ...path: (string | number)[]): (string | number)[] {
  return ['Resources', r.logicalId, 'Properties', ...path];
}

/** A logical id not yet used in the template, based on `base`. */
export function uniqueLogicalId(tpl: CfnTemplate, base: string): string {
  if (!tpl.resourceById.has(base) && !tpl.parameters.has(base)) return base;
  for (let i = 2; ; i++) if (!tpl.resourceById.has(`${base}${i}`) && !tpl.parameters.has(`${base}${i}`)) return `${base}${i}`;
}

// Rules ask once per resource; a template with thousands of resources must not make that quadratic.
const SYMMETRIC_KEYS = new WeakMap<CfnTemplate, Resource[]>();

/** Symmetric encryption keys defined in the template (the only kind the seven services accept). */
export function symmetricKeys(tpl: CfnTemplate): Resource[] {
  const known = SYMMETRIC_KEYS.get(tpl);
  if (known) return known;
  const keys = tpl.resources.filter((r) => {
    if (r.type !== 'AWS::KMS::Key') return false;
    const spec = str(prop(r.properties, 'KeySpec')) ?? 'SYMMETRIC_DEFAULT';
    const usage = str(prop(r.properties, 'KeyUsage')) ?? 'ENCRYPT_DECRYPT';
    return spec === 'SYMMETRIC_DEFAULT' && usage === 'ENCRYPT_DECRYPT' && !r.condition;
  });
  SYMMETRIC_KEYS.set(tpl, keys);
  return keys;
}

export const NEW_KEY_BODY = (description: string): JsonValue => ({
  Type: 'AWS::KMS::Key',
  Properties: {
    Description: description,
    EnableKeyRotation: true,
    KeyPolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowAccountAdministration',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
  },
});

/**
 * A customer managed key for a fix: the template's own symmetric key when it has one, otherwise a new
 * `AWS::KMS::Key` with rotation on. `edits` (possibly empty) adds that key.
 */
export function keyForFix(ctx: CfnRuleContext, attr: 'Arn' | 'Ref', description: string): { key: JsonValue; edits: TextEdit[]; created: boolean; logicalId: string } {
  const existing = symmetricKeys(ctx.template)[0];
  const logicalId = existing?.logicalId ?? uniqueLogicalId(ctx.template, 'EncryptionKey');
  const key: JsonValue = attr === 'Arn' ? { 'Fn::GetAtt': [logicalId, 'Arn'] } : { Ref: logicalId };
  if (existing) return { key, edits: [], created: false, logicalId };
  return { key, edits: ctx.fixer.addResource(logicalId, NEW_KEY_BODY(description)), created: true, logicalId };
}

/**
 * Edits that delete some entries of a resource's Properties. In JSON, a run of adjacent entries goes in one
 * edit, so that removing neighbours does not produce overlapping edits.
 */
export function removeProperties(ctx: CfnRuleContext, r: Resource, keys: string[]): TextEdit[] {
  const obj = r.properties;
  if (!obj || !keys.length) return [];
  if (ctx.template.format !== 'json') return keys.flatMap((k) => ctx.fixer.remove(propPath(r, k)));
  const entries = obj.entries;
  const gone = entries.map((e) => keys.includes(e.key));
  const edits: TextEdit[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (!gone[i]) continue;
    let j = i;
    while (j + 1 < entries.length && gone[j + 1]) j++;
    const prev = entries[i - 1];
    const next = entries[j + 1];
    if (prev) edits.push({ span: { start: prev.value.span.end, end: entries[j].value.span.end }, newText: '' });
    else if (next) edits.push({ span: { start: entries[i].keySpan.start, end: next.keySpan.start }, newText: '' });
    else edits.push({ span: { start: entries[i].keySpan.start, end: entries[j].value.span.end }, newText: '' });
    i = j;
  }
  return edits;
}
