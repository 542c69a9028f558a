import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node as YNode, Scalar } from 'yaml';
import { Entry, IntrinsicNode, ObjectNode, ScalarNode, Span, ValueNode } from '../../model/types';

/** Short-form tags of CloudFormation, mapped to their long-form names. */
export const SHORT_FORM_TAGS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'GetAtt', 'Sub', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'ImportValue',
    'Equals', 'And', 'Or', 'Not', 'Transform', 'ToJsonString', 'Length',
  ].map((n): [string, string] => [`!${n}`, `Fn::${n}`]),
]);

/** Long-form keys that turn a one-key mapping into an intrinsic. */
export function isLongFormIntrinsic(key: string): boolean {
  // `Fn::ForEach::Name` (language extensions) is a loop, not a value: keep it a mapping.
  return key === 'Ref' || key === 'Condition' || /^Fn::[A-Za-z0-9]+$/.test(key);
}

/** Upper bound on nodes produced from one document, so alias bombs cannot blow up. */
export const NODE_BUDGET = 2_000_000;

export class Converter {
  private produced = 0;
  private aliasExpansions = 0;
  budgetExceeded = false;
  /** An alias names an anchor this text does not define (it lives in another block). */
  missingAnchor = false;
  usesShortForm = false;
  /** Keys repeated in one map (the parser runs with uniqueKeys off: its own check is quadratic in the map's size). */
  duplicateKeys: Span[] = [];
  private readonly keyChecked = new WeakSet<object>();

  constructor(
    private readonly doc: Document,
    private readonly src: string,
    private readonly offset: number,
    private readonly maxAliases = 10_000,
  ) {}

  span(range: [number, number, number] | null | undefined): Span {
    if (!range) return { start: this.offset, end: this.offset };
    return { start: range[0] + this.offset, end: range[1] + this.offset };
  }

  convert(node: unknown, depth = 0): ValueNode {
    if (++this.produced > NODE_BUDGET || depth > 2000) {
      this.budgetExceeded = true;
      const r = (node as YNode | undefined)?.range;
      return { kind: 'unknown', span: this.span(r as [number, number, number]), reason: 'document too large or too deep' };
    }
    if (node === null || node === undefined) {
      return { kind: 'scalar', span: { start: this.offset, end: this.offset }, value: null, style: 'plain' };
    }
    if (isAlias(node)) return this.convertAlias(node, depth);
    const yn = node as YNode;
    const span = this.span(yn.range as [number, number, number]);
    // A block collection's or block scalar's range runs past its last line break; end it at its last character.
    const blockScalar = isScalar(yn) && (yn.type === 'BLOCK_LITERAL' || yn.type === 'BLOCK_FOLDED');
    if (((isMap(yn) || isSeq(yn)) && !yn.flow) || blockScalar) {
      while (span.end > span.start && /\s/.test(this.src[span.end - 1 - this.offset])) span.end--;
    }
    const tag = yn.tag;
    const intrinsicName = tag ? SHORT_FORM_TAGS.get(tag) : undefined;
    let value: ValueNode;
    if (isMap(yn)) {
      const entries: Entry[] = [];
      const seen = this.keyChecked.has(yn) ? undefined : new Set<unknown>();
      this.keyChecked.add(yn);
      for (const item of yn.items) {
        if (!isPair(item)) continue;
        const k = item.key as YNode | null;
        const key = k && isScalar(k) ? String(k.value) : k ? String(k) : '';
        const keySpan = k ? this.span(k.range as [number, number, number]) : span;
        if (seen && k && isScalar(k)) {
          if (seen.has(k.value)) this.duplicateKeys.push(keySpan);
          else seen.add(k.value);
        }
        const v = item.value === null ? this.emptyValue(keySpan) : this.convert(item.value, depth + 1);
        entries.push({ key, keySpan, value: v });
      }
      const obj: ObjectNode = { kind: 'object', span, entries, flow: !!yn.flow };
      value = obj;
      if (!intrinsicName && entries.length === 1 && isLongFormIntrinsic(entries[0].key)) {
        return { kind: 'intrinsic', span, fn: entries[0].key, arg: entries[0].value, short: false };
      }
    } else if (isSeq(yn)) {
      const items = yn.items.map((i) => this.convert(i, depth + 1));
      value = { kind: 'array', span, items, flow: !!yn.flow };
    } else if (isScalar(yn)) {
      value = this.scalar(yn, span);
    } else {
      value = { kind: 'unknown', span, reason: 'unsupported YAML node' };
    }
    if (intrinsicName) {
      this.usesShortForm = true;
      const intrinsic: IntrinsicNode = { kind: 'intrinsic', span: this.tagSpan(yn, span), fn: intrinsicName, arg: value, short: true };
      return intrinsic;
    }
    return value;
  }

  /** The short-form tag precedes the node's range: widen the span so it covers `!Ref x`. */
  private tagSpan(yn: YNode, span: Span): Span {
    const rel = span.start - this.offset;
    const at = this.src.lastIndexOf(yn.tag ?? '', rel);
    if (at < 0 || rel - at > 200) return span;
    return { start: at + this.offset, end: span.end };
  }

  private emptyValue(at: Span): ScalarNode {
    return { kind: 'scalar', span: { start: at.end, end: at.end }, value: null, style: 'plain' };
  }

  private scalar(s: Scalar, span: Span): ScalarNode {
    let style: ScalarNode['style'] = 'plain';
    switch (s.type) {
      case 'QUOTE_SINGLE':
        style = 'single';
        break;
      case 'QUOTE_DOUBLE':
        style = 'double';
        break;
      case 'BLOCK_FOLDED':
      case 'BLOCK_LITERAL':
        style = 'block';
        break;
    }
    const v = s.value;
    let value: ScalarNode['value'];
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') value = v;
    else if (typeof v === 'bigint') value = Number(v);
    else value = String(v);
    return { kind: 'scalar', span, value, style };
  }

  private convertAlias(alias: Alias, depth: number): ValueNode {
    const span = this.span(alias.range as [number, number, number]);
    if (++this.aliasExpansions > this.maxAliases) {
      this.budgetExceeded = true;
      return { kind: 'unknown', span, reason: 'too many YAML alias expansions' };
    }
    const target = alias.resolve(this.doc);
    if (!target) {
      this.missingAnchor = true;
      return { kind: 'unknown', span, reason: `unknown YAML anchor ${alias.source}` };
    }
    return this.convert(target, depth + 1);
  }
}
