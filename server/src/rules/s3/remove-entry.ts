import { JsonPath } from '../../model/fixer';
import { TextEdit } from '../../model/types';
import { walk } from '../../parsers/cfn-yaml/fixer';
import { CfnRuleContext } from '../types';

/**
 * Removes the entry at `path`. In JSON the framework's `remove` (jsonc-parser `modify`) reformats the
 * surrounding object, e.g. expands a one-line sibling; this edit deletes only the entry and one comma.
 */
export function removeEntry(ctx: CfnRuleContext, path: JsonPath): TextEdit[] {
  if (ctx.template.format !== 'json') return ctx.fixer.remove(path);
  const w = walk(ctx.template.root, path);
  const obj = w.parent;
  const e = w.entry;
  if (w.depth !== path.length || !e || obj?.kind !== 'object') return [];
  const i = obj.entries.indexOf(e);
  const prev = obj.entries[i - 1];
  const next = obj.entries[i + 1];
  if (prev) return [{ span: { start: prev.value.span.end, end: e.value.span.end }, newText: '' }];
  if (next) return [{ span: { start: e.keySpan.start, end: next.keySpan.start }, newText: '' }];
  return [{ span: { start: obj.span.start + 1, end: obj.span.end - 1 }, newText: '' }];
}
