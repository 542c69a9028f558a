import { LineIndex, spanContains } from '../model/text';
import { CfnTemplate, Finding, ObjectNode, Resource, Span, TextEdit, ValueNode } from '../model/types';
import { Rule } from '../rules/types';
import { Fixer } from '../model/fixer';

/** A place where findings of some rules are silenced. */
interface Suppression {
  /** Our rule ids, or `*` for every rule. */
  ruleIds: Set<string>;
  span: Span;
}

const OUR_COMMENT = /#\s*aws-encryption-lint-disable-next-line\s+([A-Za-z0-9_,\s-]+?)(?:\s+--\s+.*)?\s*$/;
const CHECKOV_COMMENT = /#\s*checkov:skip=([A-Za-z0-9_]+)/;

function get(node: ValueNode | undefined, key: string): ValueNode | undefined {
  if (node?.kind !== 'object') return undefined;
  return node.entries.find((e) => e.key === key)?.value;
}

function strings(node: ValueNode | undefined, idKey?: string): string[] {
  if (node?.kind !== 'array') return [];
  const out: string[] = [];
  for (const item of node.items) {
    const v = idKey ? get(item, idKey) : item;
    if (v?.kind === 'scalar' && v.value !== null) out.push(String(v.value));
  }
  return out;
}

/** Maps the ids teams wrote for other tools onto ours, through each rule's exact peer ids. */
function peerSuppressed(metadata: ObjectNode | undefined, rules: readonly Rule[]): Set<string> {
  const out = new Set<string>();
  if (!metadata) return out;
  for (const id of strings(get(get(metadata, 'aws-encryption-lint'), 'ignore'), 'id')) out.add(id);
  const cfnLint = strings(get(get(get(metadata, 'cfn-lint'), 'config'), 'ignore_checks'));
  const checkov = strings(get(get(metadata, 'checkov'), 'skip'), 'id');
  const cfnNag = strings(get(get(metadata, 'cfn_nag'), 'rules_to_suppress'), 'id');
  const guard = strings(get(get(metadata, 'guard'), 'SuppressedRules'));
  const cdkNag = strings(get(get(metadata, 'cdk_nag'), 'rules_to_suppress'), 'id');
  for (const rule of rules) {
    for (const peer of rule.meta.peers) {
      if (!peer.exact) continue;
      const hit =
        (peer.tool === 'cfn-lint' && cfnLint.some((p) => peer.id.startsWith(p))) ||
        (peer.tool === 'checkov' && checkov.includes(peer.id)) ||
        (peer.tool === 'cfn_nag' && cfnNag.includes(peer.id)) ||
        (peer.tool === 'guard' && guard.includes(peer.id)) ||
        (peer.tool === 'cdk-nag' && cdkNag.some((c) => c === peer.id || c.startsWith(`${peer.id}[`)));
      if (hit) out.add(rule.meta.id);
    }
  }
  return out;
}

function innermostEntryOnLine(node: ValueNode, line: number, lines: LineIndex): Span | undefined {
  if (node.kind === 'object') {
    for (const e of node.entries) {
      const keyLine = lines.positionAt(e.keySpan.start).line;
      if (keyLine === line) return { start: e.keySpan.start, end: Math.max(e.keySpan.end, e.value.span.end) };
      if (e.value.span.start <= lines.lineEnd(line) && lines.lineStart(line) <= e.value.span.end) {
        const inner = innermostEntryOnLine(e.value, line, lines);
        if (inner) return inner;
      }
    }
  } else if (node.kind === 'array') {
    for (const i of node.items) {
      const inner = innermostEntryOnLine(i, line, lines);
      if (inner) return inner;
    }
  } else if (node.kind === 'intrinsic') return innermostEntryOnLine(node.arg, line, lines);
  return undefined;
}

export function collectSuppressions(tpl: CfnTemplate, rules: readonly Rule[]): Suppression[] {
  const out: Suppression[] = [];
  const whole = { start: 0, end: tpl.file.text.length };
  const top = peerSuppressed(tpl.metadata, rules);
  if (top.size) out.push({ ruleIds: top, span: whole });
  for (const r of tpl.resources) {
    const ids = peerSuppressed(r.metadata, rules);
    if (ids.size) out.push({ ruleIds: ids, span: r.span });
  }
  if (tpl.code) return [...out, ...codeSuppressions(tpl)];
  if (tpl.format !== 'yaml') return out;
  const text = tpl.file.text;
  if (!text.includes('aws-encryption-lint-disable') && !text.includes('checkov:skip')) return out;
  const lines = new LineIndex(text);
  for (let line = 0; line < lines.lineCount; line++) {
    const content = text.slice(lines.lineStart(line), lines.lineEnd(line));
    const ours = OUR_COMMENT.exec(content);
    if (ours) {
      const ids = new Set(ours[1].split(/[\s,]+/).filter(Boolean));
      let next = line + 1;
      while (next < lines.lineCount) {
        const t = text.slice(lines.lineStart(next), lines.lineEnd(next)).trim();
        if (t && !t.startsWith('#')) break;
        next++;
      }
      const res = tpl.resources.find((r) => lines.positionAt(r.logicalIdSpan.start).line === next);
      const span = res ? res.span : tpl.root && innermostEntryOnLine(tpl.root, next, lines);
      if (span) out.push({ ruleIds: ids, span });
      continue;
    }
    const ck = CHECKOV_COMMENT.exec(content);
    if (ck) {
      const offset = lines.lineStart(line);
      const res: Resource | undefined = tpl.resources.find((r) => r.span.start <= offset && offset <= r.span.end)
        ?? tpl.resources.find((r) => r.span.start > offset);
      if (!res) continue;
      const ids = new Set<string>();
      for (const rule of rules) if (rule.meta.peers.some((p) => p.exact && p.tool === 'checkov' && p.id === ck[1])) ids.add(rule.meta.id);
      if (ids.size) out.push({ ruleIds: ids, span: res.span });
    }
  }
  return out;
}

const CODE_COMMENT = /^\s*(?:\/\/|#)\s*aws-encryption-lint-disable-next-line\s+([A-Za-z0-9_,\s-]+?)(?:\s+--\s+.*)?\s*$/;

/** Spans of the calls in a code file (constructs, SDK clients and API calls), where code suppressions attach. */
function codeCallSpans(tpl: CfnTemplate): Span[] {
  const code = tpl.code;
  if (!code) return [];
  return [...code.constructs, ...code.clients, ...code.apiCalls].map((c) => c.span);
}

/**
 * `// aws-encryption-lint-disable-next-line <ids>` (TypeScript/JavaScript) or `# ...` (Python) silences the rules
 * for the construct or SDK call that starts on the next code line, or for that line when no call starts there.
 */
function codeSuppressions(tpl: CfnTemplate): Suppression[] {
  const text = tpl.file.text;
  if (!text.includes('aws-encryption-lint-disable')) return [];
  const out: Suppression[] = [];
  const lines = new LineIndex(text);
  const calls = codeCallSpans(tpl);
  const isComment = (t: string) => t.startsWith('//') || t.startsWith('#');
  for (let line = 0; line < lines.lineCount; line++) {
    const m = CODE_COMMENT.exec(text.slice(lines.lineStart(line), lines.lineEnd(line)));
    if (!m) continue;
    let next = line + 1;
    while (next < lines.lineCount) {
      const t = text.slice(lines.lineStart(next), lines.lineEnd(next)).trim();
      if (t && !isComment(t)) break;
      next++;
    }
    if (next >= lines.lineCount) continue;
    const lineSpan = { start: lines.lineStart(next), end: lines.lineEnd(next) };
    const starting = calls.filter((c) => c.start >= lineSpan.start && c.start <= lineSpan.end);
    const span = starting.length ? starting.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a)) : lineSpan;
    out.push({ ruleIds: new Set(m[1].split(/[\s,]+/).filter(Boolean)), span: { start: lineSpan.start, end: Math.max(span.end, lineSpan.end) } });
  }
  return out;
}

export function isSuppressed(f: Finding, suppressions: Suppression[]): boolean {
  return suppressions.some((s) => (s.ruleIds.has(f.ruleId) || s.ruleIds.has('*')) && spanContains(s.span, f.span));
}

/**
 * Edits that silence one rule for the resource a finding belongs to, written in the file's syntax: a
 * `# aws-encryption-lint-disable-next-line` comment above the resource in YAML, a Metadata entry in JSON.
 */
export function suppressionEdits(tpl: CfnTemplate, finding: Finding, fixer: Fixer): TextEdit[] {
  if (tpl.code) return codeSuppressionEdits(tpl, finding);
  const res = tpl.resources.find((r) => r.logicalId === finding.resource) ?? tpl.resources.find((r) => spanContains(r.span, finding.span));
  if (!res) return [];
  if (tpl.format === 'yaml') {
    const text = tpl.file.text;
    const lineStart = text.lastIndexOf('\n', res.logicalIdSpan.start - 1) + 1;
    const indent = text.slice(lineStart, res.logicalIdSpan.start).replace(/\S.*$/, '');
    if (/\S/.test(text.slice(lineStart, res.logicalIdSpan.start))) return [];
    const comment = `${indent}# aws-encryption-lint-disable-next-line ${finding.ruleId} -- reason${tpl.eol}`;
    return [{ span: { start: lineStart, end: lineStart }, newText: comment }];
  }
  return fixer.append(['Resources', res.logicalId, 'Metadata', 'aws-encryption-lint', 'ignore'], { id: finding.ruleId, reason: 'reason' });
}

/** In code, the comment goes above the line where the construct or SDK call holding the finding starts. */
function codeSuppressionEdits(tpl: CfnTemplate, finding: Finding): TextEdit[] {
  const text = tpl.file.text;
  const holders = codeCallSpans(tpl).filter((c) => spanContains(c, finding.span));
  const at = holders.length ? holders.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a)).start : finding.span.start;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const marker = tpl.code?.language === 'python' ? '#' : '//';
  return [{ span: { start: lineStart, end: lineStart }, newText: `${indent}${marker} aws-encryption-lint-disable-next-line ${finding.ruleId} -- reason${tpl.eol}` }];
}
