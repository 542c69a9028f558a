/**
 * Mechanism hovers in CDK and SDK code. Values of construct props hover through the synthesised template (their
 * spans point into the code); a prop's key shows what its value sets; SDK request parameters and client options
 * (ServerSideEncryption, SSECustomerKey, StorageEncrypted, tls, use_ssl, verify...) use the SDK topic table.
 */
import { CodeDocument, CodeEntry, CodeObject, CodeValue } from '../model/code';
import { spanContains } from '../model/text';
import { CfnTemplate, Span } from '../model/types';
import { HoverResult, hoverForTemplate, markdownForMatch } from './hover';
import { topicForSdkParam } from './topic-map';

const at = (offset: number): Span => ({ start: offset, end: offset });

/** The innermost object entry whose key holds the offset, searching nested objects, arrays and call arguments. */
function entryAt(value: CodeValue | undefined, offset: number): CodeEntry | undefined {
  if (!value || !spanContains(value.span, at(offset))) return undefined;
  if (value.kind === 'object') {
    for (const e of value.entries) {
      if (spanContains(e.keySpan, at(offset))) return e;
      const inner = entryAt(e.value, offset);
      if (inner) return inner;
    }
  } else if (value.kind === 'array') {
    for (const i of value.items) {
      const inner = entryAt(i, offset);
      if (inner) return inner;
    }
  } else if (value.kind === 'call') {
    for (const a of value.args) {
      const inner = entryAt(a, offset);
      if (inner) return inner;
    }
  }
  return undefined;
}

function scalarText(v: CodeValue): string | undefined {
  if (v.kind === 'scalar' && v.value !== null) return String(v.value);
  if (v.kind === 'ref') return v.path[v.path.length - 1];
  return undefined;
}

/** Python spells SDK client options in snake_case and request parameters in PascalCase, as the API does. */
function sdkHover(service: string, entry: CodeEntry): HoverResult | undefined {
  const match = topicForSdkParam(service, entry.key, scalarText(entry.value));
  const markdown = match && markdownForMatch(match);
  return markdown ? { markdown, span: entry.keySpan, topic: match!.topic } : undefined;
}

export function hoverForCode(tpl: CfnTemplate, code: CodeDocument, offset: number): HoverResult | undefined {
  for (const call of code.apiCalls) {
    if (!spanContains(call.span, at(offset))) continue;
    const e = entryAt(call.params as CodeObject | undefined, offset);
    if (e) return sdkHover(call.service, e);
    const v = call.params?.entries.find((x) => spanContains(x.value.span, at(offset)));
    if (v) return sdkHover(call.service, v);
  }
  for (const client of code.clients) {
    const e = entryAt(client.config, offset);
    if (e) return sdkHover(client.service, e);
  }
  const direct = hoverForTemplate(tpl, offset);
  if (direct) return direct;
  // On a construct prop's key, show what its value sets.
  for (const c of code.constructs) {
    const e = entryAt(c.props, offset);
    if (!e) continue;
    const v = e.value;
    const probe = v.kind === 'object' || v.kind === 'array' ? v.span.start + 1 : v.span.start;
    const viaValue = hoverForTemplate(tpl, probe);
    return viaValue ? { ...viaValue, span: e.keySpan } : undefined;
  }
  return undefined;
}
