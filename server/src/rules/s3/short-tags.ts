import { TextEdit } from '../../model/types';
import { SHORT_FORM_TAGS } from '../../parsers/cfn-yaml/convert';

// The YAML renderer writes `Fn::X` short tags as `!${name.slice(5)}`, dropping the first letter of X
// (`!etAtt`, `!ub`). Until that is fixed, repair the tags in edits that render intrinsics. A no-op once fixed.
const BROKEN = [...SHORT_FORM_TAGS.values()]
  .filter((n) => n.startsWith('Fn::'))
  .map((n) => ({ broken: `!${n.slice(5)} `, right: `!${n.slice(4)} ` }));

export function repairShortTags(edits: TextEdit[]): TextEdit[] {
  return edits.map((e) => {
    let t = e.newText;
    for (const b of BROKEN) t = t.replace(new RegExp(`(^|[\\s\\[{,-])${b.broken.replace(/[$]/g, '\\$&')}`, 'g'), `$1${b.right}`);
    return t === e.newText ? e : { ...e, newText: t };
  });
}
