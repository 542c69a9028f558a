import { CfnTemplate, Resource, TextEdit, ValueNode } from '../../model/types';
import { CfnRuleContext } from '../types';
import { propPath } from '../support/helpers';
import { str, valuesAt } from '../support/resolve';

/** The migration path RDS fixes point to when they change a create-only property. */
export const RDS_MIGRATION = 'snapshot the database, copy the snapshot with encryption, and restore from the encrypted copy (DBSnapshotIdentifier / SnapshotIdentifier)';

/** A string value that is the same in every branch, or undefined (absent, unknown or branch-dependent). */
export function knownString(tpl: CfnTemplate, start: ValueNode | undefined, path: (string | number)[]): string | undefined {
  const values = new Set(valuesAt(tpl, start, path).map((o) => str(o.node)));
  return values.size === 1 ? [...values][0] : undefined;
}

/** True when the property is written (not absent in any branch, whatever its value). */
export function present(tpl: CfnTemplate, start: ValueNode | undefined, key: string): boolean {
  return valuesAt(tpl, start, [key]).some((o) => o.node !== undefined);
}

/** A KmsKeyId-like value that names a key: written, and not an empty string or an unknown parameter. */
export function namesKey(node: ValueNode | undefined): boolean {
  if (!node || node.kind === 'unknown') return false;
  if (node.kind === 'scalar') return typeof node.value === 'string' && node.value.trim() !== '';
  return true;
}

/** Major version of an RDS engine version string: "14.10" -> 14, "9.6.22" -> 9.6, "15.00.4043.16.v1" -> 15. */
export function majorVersion(version: string | undefined): number | undefined {
  if (!version) return undefined;
  const m = /^(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  if (major < 10 && m[2] !== undefined) return Number(`${m[1]}.${m[2]}`);
  return major;
}

/**
 * Edits that delete some entries of a resource's Properties. JSON is edited by hand so that neighbouring
 * entries keep their text (the JSON fixer's remove reformats them) and adjacent removals do not collide.
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
