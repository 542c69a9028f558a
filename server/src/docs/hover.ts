/**
 * Hover text for templates and findings (docs layer: plain data in, markdown out; no LSP types).
 *
 * Exports, for the LSP adapter and the code (CDK/SDK) path:
 *   hoverForTemplate(tpl, offset) → { markdown, span, topic? } | undefined
 *       The mechanism under a UTF-16 offset: resource type, encryption property key or value (also inside an EMR
 *       security configuration written as a JSON string). `span` is what was hovered. RDS StorageEncrypted/KmsKeyId
 *       hovers start with the replacement warning of rule rds-encryption-change-replacement.
 *   replacementTargets(tpl) → { span, message, ruleId, resource, property }[]
 *       Every written RDS StorageEncrypted/KmsKeyId (DBInstance, DBCluster) and GlobalCluster StorageEncrypted,
 *       for code lenses.
 *   findingsAt(findings, offset) → the findings whose span holds the offset.
 *   hoverForFindings(findings, rulesById) → markdown | undefined: rule id, message, summary, why, fix and safety,
 *       replacement warning, documentation link, for each finding given.
 *   hoverAt(tpl, offset, findings, rulesById) → findings first, then the mechanism; one hover for the adapter.
 *   markdownForMatch(match) → markdown for a TopicMatch from topicForSdkParam / topicForCfnProperty (code files).
 *   renderTopic(id) (re-exported from ./mechanisms) and renderMechanismsPage(rules) for docs/mechanisms.md.
 * Cost: a hover walks only the resource holding the offset (well under a millisecond on a 9,000-line template).
 */
import { CfnTemplate, Finding, IntrinsicNode, Resource, Span, ValueNode } from '../model/types';
import { Rule } from '../rules/types';
import { RDS_MIGRATION } from '../rules/rds/rds-support';
import { ruleDocsUrl } from '../version';
import {
  MECHANISMS, MECHANISMS_BY_ID, TOPIC_GROUPS, mechanismDocsUrl, renderTopic, renderTopicLink,
} from './mechanisms';
import {
  CFN_TOPICS, RESOURCE_TYPE_TOPICS, TopicMatch, topicForCfnProperty, topicForResourceType,
} from './topic-map';

export { renderTopic } from './mechanisms';
export { topicForCfnProperty, topicForSdkParam, topicForResourceType } from './topic-map';

export interface HoverResult {
  markdown: string;
  span: Span;
  /** The mechanism topic shown, when the hover is a mechanism hover. */
  topic?: string;
}

export const REPLACEMENT_RULE_ID = 'rds-encryption-change-replacement';

export interface ReplacementTarget {
  span: Span;
  message: string;
  ruleId: typeof REPLACEMENT_RULE_ID;
  resource: string;
  property: string;
}

type Segment = string | number;

/** What the offset points at inside a resource's Properties. */
interface Hit {
  path: Segment[];
  span: Span;
  /** The value written at `path` (for a key: the value of its entry). */
  node?: ValueNode;
  /** Already known scalar text (EMR JSON-string scan). */
  text?: string;
  /** The offset is on a key (else on a value). */
  isKey?: boolean;
}

const within = (s: Span, offset: number): boolean => s.start <= offset && offset <= s.end;

function resourceAt(tpl: CfnTemplate, offset: number): Resource | undefined {
  for (const r of tpl.resources) if (within(r.span, offset)) return r;
  return undefined;
}

function locate(text: string, node: ValueNode, offset: number, path: Segment[]): Hit | undefined {
  switch (node.kind) {
    case 'object':
      for (const e of node.entries) {
        if (within(e.keySpan, offset)) return { path: [...path, e.key], span: e.keySpan, node: e.value, isKey: true };
        if (within(e.value.span, offset)) return locate(text, e.value, offset, [...path, e.key]);
      }
      return undefined;
    case 'array':
      for (let i = 0; i < node.items.length; i++) {
        if (within(node.items[i].span, offset)) return locate(text, node.items[i], offset, [...path, i]);
      }
      return undefined;
    case 'scalar':
      return { path, span: node.span, node };
    case 'intrinsic': {
      // Fn::If keeps the property's path in both branches; the condition name explains nothing.
      const branches = ifBranches(node);
      if (branches) {
        for (const b of branches) if (within(b.span, offset)) return locate(text, b, offset, path);
        return undefined;
      }
      // Another expression stands for the property's value, but only on its first line: deep inside a long
      // Fn::Join or Fn::Sub the reader is looking at something else.
      if (text.slice(node.span.start, offset).includes('\n')) return undefined;
      return { path, span: node.span, node };
    }
    default:
      return undefined;
  }
}

function ifBranches(node: IntrinsicNode): ValueNode[] | undefined {
  if (node.fn !== 'Fn::If' || node.arg.kind !== 'array' || node.arg.items.length !== 3) return undefined;
  return node.arg.items.slice(1);
}

/** The scalar text of a value: a literal, or a `Ref` to a parameter with a literal default. */
function scalarText(tpl: CfnTemplate, node: ValueNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value === null ? undefined : String(node.value);
  if (node.kind === 'intrinsic' && node.fn === 'Ref' && node.arg.kind === 'scalar') {
    const def = tpl.parameters.get(String(node.arg.value))?.default;
    return def?.kind === 'scalar' && def.value !== null ? String(def.value) : undefined;
  }
  return undefined;
}

/** The node at a path below an object (array indices as numbers; Fn::If is looked through, first branch). */
function nodeAt(root: ValueNode | undefined, path: Segment[]): ValueNode | undefined {
  let cur = root;
  for (const seg of path) {
    while (cur?.kind === 'intrinsic' && ifBranches(cur)) cur = ifBranches(cur)![0];
    if (!cur) return undefined;
    if (typeof seg === 'number') cur = cur.kind === 'array' ? cur.items[seg] : undefined;
    else cur = cur.kind === 'object' ? cur.entries.find((e) => e.key === seg)?.value : undefined;
  }
  return cur;
}

/** Applies `decidedBy`: a value elsewhere (below the property, or a sibling) that picks a better topic. */
function refine(tpl: CfnTemplate, r: Resource, path: Segment[], match: TopicMatch): TopicMatch | undefined {
  if (!match.decidedBy) return match;
  const sibling = match.decidedBy[0] === '..';
  const target = [...path];
  for (const seg of match.decidedBy) {
    if (seg === '..') target.pop();
    else target.push(seg);
  }
  const value = scalarText(tpl, nodeAt(r.properties, target));
  const better = value === undefined ? undefined : topicForCfnProperty(r.type, target, value);
  if (sibling) return better ? { ...better, decidedBy: undefined } : undefined;
  return better && !better.decidedBy ? { ...match, topic: better.topic, also: better.also, decidedBy: undefined } : match;
}

// ------------------------------------------------------------------------------------------- EMR JSON strings

/**
 * An EMR security configuration written as a JSON string (plain, block scalar, JSON-escaped, or inside Fn::Sub):
 * finds the key or value under the offset and its path in the document by scanning the raw text, tracking braces.
 */
function scanEmbeddedJson(text: string, span: Span, offset: number): { path: Segment[]; span: Span; text?: string } | undefined {
  const isTokenChar = (c: string) => /[A-Za-z0-9_.\-]/.test(c);
  if (offset < span.start || offset > span.end) return undefined;
  let a = offset;
  let b = offset;
  while (a > span.start && isTokenChar(text[a - 1])) a--;
  while (b < span.end && isTokenChar(text[b])) b++;
  if (a === b) return undefined;
  const token = text.slice(a, b);
  // Backslashes (escaped quotes in JSON templates) become spaces so offsets stay put.
  const raw = text.slice(span.start, a).replace(/\\/g, ' ');
  const frames: { seg?: Segment; array: boolean }[] = [];
  let pendingKey: string | undefined;
  const re = /"([^"\n]*)"\s*:|[{}[\],]/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    if (m[1] !== undefined) {
      pendingKey = m[1].trim();
      continue;
    }
    const ch = m[0];
    if (ch === '{' || ch === '[') {
      const parent = frames[frames.length - 1];
      frames.push({ seg: pendingKey ?? (parent?.array ? 0 : undefined), array: ch === '[' });
      pendingKey = undefined;
    } else if (ch === '}' || ch === ']') {
      frames.pop();
      pendingKey = undefined;
    } else pendingKey = undefined;
  }
  const path: Segment[] = frames.map((f) => f.seg).filter((s): s is Segment => s !== undefined);
  const after = text.slice(b, Math.min(span.end, b + 200)).replace(/\\/g, ' ');
  const keyFollow = /^\s*"\s*:\s*"?([A-Za-z0-9_.\-]*)/.exec(after);
  if (keyFollow) {
    // A key: its value (when a plain word) makes the hover value-specific.
    return { path: [...path, token], span: { start: a, end: b }, text: keyFollow[1] || undefined };
  }
  if (pendingKey !== undefined) return { path: [...path, pendingKey], span: { start: a, end: b }, text: token };
  if (frames[frames.length - 1]?.array) return { path: [...path, 0], span: { start: a, end: b }, text: token };
  return undefined;
}

function embeddedJsonSpan(node: ValueNode | undefined): Span | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar' && typeof node.value === 'string') return node.span;
  if (node.kind === 'intrinsic' && node.fn === 'Fn::Sub') {
    const body = node.arg.kind === 'array' ? node.arg.items[0] : node.arg;
    if (body?.kind === 'scalar' && typeof body.value === 'string') return body.span;
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------- template hovers

function replacementWarning(r: Resource, property: string): string {
  const what = r.type === 'AWS::RDS::DBInstance' ? 'DB instance' : r.type === 'AWS::RDS::DBCluster' ? 'DB cluster' : 'global database';
  return `**⚠ Changing \`${property}\` replaces this ${what}.** The property is create-only: on a deployed stack, CloudFormation creates a new, empty database in its place — the data is not migrated. To change encryption and keep the data, ${RDS_MIGRATION}. (\`${REPLACEMENT_RULE_ID}\`)`;
}

function relatedLine(match: TopicMatch): string | undefined {
  const seeAlso = MECHANISMS_BY_ID.get(match.topic)?.seeAlso ?? [];
  const also = match.also.filter((id) => id !== match.topic && MECHANISMS_BY_ID.has(id) && !seeAlso.includes(id));
  return also.length ? `Related: ${also.map((id) => renderTopicLink(id)).join(' · ')}` : undefined;
}

function mechanismMarkdown(match: TopicMatch, lead?: string): string | undefined {
  const topic = renderTopic(match.topic);
  if (!topic) return undefined;
  const parts = [lead, topic, relatedLine(match)].filter((p): p is string => !!p);
  return parts.join('\n\n');
}

/**
 * Markdown for a topic match found outside templates (CDK props mapped to CloudFormation properties, SDK parameters
 * through topicForSdkParam). A replacement match starts with a short note that RDS encryption is fixed at creation.
 */
export function markdownForMatch(match: TopicMatch): string | undefined {
  const lead = match.replacement
    ? `**⚠ RDS storage encryption is fixed at creation.** Changing it later means a new database; to keep the data, ${RDS_MIGRATION}. (\`${REPLACEMENT_RULE_ID}\`)`
    : undefined;
  return mechanismMarkdown(match, lead);
}

/** The mechanism hover at a UTF-16 offset of a template, or undefined when nothing encryption-related is there. */
export function hoverForTemplate(tpl: CfnTemplate, offset: number): HoverResult | undefined {
  const r = resourceAt(tpl, offset);
  if (!r) return undefined;
  if (within(r.typeSpan, offset)) {
    const t = topicForResourceType(r.type);
    if (!t) return undefined;
    const markdown = mechanismMarkdown({ topic: t.topic, also: t.also ?? [], replacement: false }, `**${r.type}** — ${t.note}`);
    return markdown ? { markdown, span: r.typeSpan, topic: t.topic } : undefined;
  }
  if (!r.properties || !within(r.properties.span, offset)) return undefined;
  let hit = locate(tpl.file.text, r.properties, offset, []);
  if (!hit || hit.path.length === 0) return undefined;
  if (r.type === 'AWS::EMR::SecurityConfiguration' && hit.path.length === 1 && hit.path[0] === 'SecurityConfiguration' && !hit.isKey) {
    const jsonSpan = embeddedJsonSpan(hit.node);
    const inner = jsonSpan && scanEmbeddedJson(tpl.file.text, jsonSpan, offset);
    if (inner) hit = { path: ['SecurityConfiguration', ...inner.path], span: inner.span, text: inner.text };
  }
  const value = hit.text ?? scalarText(tpl, hit.node);
  const found = topicForCfnProperty(r.type, hit.path, value);
  const match = found && refine(tpl, r, hit.path, found);
  if (!match) return undefined;
  const property = String([...hit.path].reverse().find((s) => typeof s === 'string'));
  const lead = match.replacement ? replacementWarning(r, property) : undefined;
  const markdown = mechanismMarkdown(match, lead);
  return markdown ? { markdown, span: hit.span, topic: match.topic } : undefined;
}

const REPLACEMENT_PROPERTIES: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['StorageEncrypted', 'KmsKeyId'],
  'AWS::RDS::DBCluster': ['StorageEncrypted', 'KmsKeyId'],
  'AWS::RDS::GlobalCluster': ['StorageEncrypted'],
};

/** Where a code lens should say that changing a property replaces the database (written properties only). */
export function replacementTargets(tpl: CfnTemplate): ReplacementTarget[] {
  const out: ReplacementTarget[] = [];
  for (const r of tpl.resources) {
    const props = REPLACEMENT_PROPERTIES[r.type];
    if (!props || !r.properties) continue;
    for (const e of r.properties.entries) {
      if (!props.includes(e.key)) continue;
      out.push({
        span: e.keySpan,
        message: `Changing ${e.key} replaces the database (data is not migrated): snapshot, copy with encryption, restore`,
        ruleId: REPLACEMENT_RULE_ID,
        resource: r.logicalId,
        property: e.key,
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------- finding hovers

export function findingsAt(findings: readonly Finding[], offset: number): Finding[] {
  return findings.filter((f) => within(f.span, offset));
}

/** Markdown explaining the given findings (typically those under the cursor); undefined when there are none. */
export function hoverForFindings(findings: readonly Finding[], rulesById: ReadonlyMap<string, Rule>): string | undefined {
  const seen = new Set<string>();
  const blocks: string[] = [];
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rule = rulesById.get(f.ruleId);
    const out = [`**${f.ruleId}** (${f.severity}) — ${f.message}`];
    if (rule) {
      const m = rule.meta;
      out.push(m.docs.summary, `**Why:** ${m.docs.why}`);
      if (m.fix) {
        const safety = m.fix.safety === 'safe' ? 'safe' : 'unsafe';
        const replaces = m.fix.replacesResource ? '; ⚠ replaces the deployed resource' : '';
        const offered = f.fixes.length ? '' : ' (not offered here: the value depends on a condition or parameter)';
        out.push(`**Fix:** ${m.fix.title} — ${safety}${replaces}${offered}.`);
      } else out.push('**Fix:** none automatic.');
      if (m.docs.replacementWarning) out.push(`**⚠ Replacement:** ${m.docs.replacementWarning}`);
      const links = [`[Rule documentation](${ruleDocsUrl(m.id)})`];
      if (MECHANISMS_BY_ID.has(m.hoverTopic)) links.push(`[${MECHANISMS_BY_ID.get(m.hoverTopic)!.title}](${mechanismDocsUrl(m.hoverTopic)})`);
      out.push(links.join(' · '));
    }
    blocks.push(out.join('\n\n'));
  }
  return blocks.length ? blocks.join('\n\n---\n\n') : undefined;
}

/** One hover for a position: the findings there (if any), then the mechanism under the cursor (if any). */
export function hoverAt(tpl: CfnTemplate, offset: number, findings: readonly Finding[], rulesById: ReadonlyMap<string, Rule>): HoverResult | undefined {
  const here = findingsAt(findings, offset);
  const findingText = hoverForFindings(here, rulesById);
  const mechanism = hoverForTemplate(tpl, offset);
  if (!findingText) return mechanism;
  const smallest = here.reduce((a, b) => (b.span.end - b.span.start < a.span.end - a.span.start ? b : a));
  const markdown = mechanism ? `${findingText}\n\n---\n\n${mechanism.markdown}` : findingText;
  return { markdown, span: mechanism?.span ?? smallest.span, topic: mechanism?.topic };
}

// ------------------------------------------------------------------------------------------- docs page

function displayPath(pattern: string): string {
  return pattern.split('/').reduce((acc, seg) => {
    if (seg === '[]') return `${acc}[]`;
    const s = seg === '**' ? '…' : seg;
    return acc ? `${acc}.${s}` : s;
  }, '');
}

function displayValues(values: (string | RegExp)[]): string {
  return ` = ${values.map((v) => `\`${typeof v === 'string' ? v : `/${v.source}/`}\``).join(' or ')}`;
}

/** docs/mechanisms.md: every topic (rendered exactly as in hovers) with where the editor shows it. */
export function renderMechanismsPage(rules: readonly Rule[]): string {
  const out: string[] = [
    '# Encryption mechanisms',
    '',
    '<!-- Generated by scripts/generate-docs.js from server/src/docs/mechanisms.ts and topic-map.ts; do not edit. -->',
    '',
    'What each encryption setting of S3, Athena, EMR, RDS/Aurora, Kinesis Data Streams, Firehose, Redshift and KMS does, written for the person editing the template. The editor shows the same text when you hover over a resource type, an encryption property or its value; each section ends with the AWS documentation it rests on.',
    '',
  ];
  for (const g of TOPIC_GROUPS) {
    const topics = MECHANISMS.filter((t) => t.group === g);
    out.push(`- ${g}: ${topics.map((t) => `[${t.title}](#${t.id})`).join(' · ')}`);
  }
  out.push('');
  for (const g of TOPIC_GROUPS) {
    out.push(`## ${g}`, '');
    for (const t of MECHANISMS.filter((m) => m.group === g)) {
      out.push(`<a id="${t.id}"></a>`, '', renderTopic(t.id, { localLinks: true })!, '');
      const shownOn: string[] = [];
      for (const rt of RESOURCE_TYPE_TOPICS) if (rt.topic === t.id) shownOn.push(`\`${rt.type}\` (resource type)`);
      // Per resource type: each property path once, with the values that lead here (none listed: any value).
      const byType = new Map<string, Map<string, (string | RegExp)[] | 'any'>>();
      for (const e of CFN_TOPICS) {
        if (e.topic !== t.id && !(e.also ?? []).includes(t.id)) continue;
        const paths = byType.get(e.type) ?? new Map<string, (string | RegExp)[] | 'any'>();
        const values = paths.get(e.path);
        if (e.value === undefined) paths.set(e.path, 'any');
        else if (values !== 'any') paths.set(e.path, [...(values ?? []), e.value]);
        byType.set(e.type, paths);
      }
      for (const [type, paths] of byType) {
        const items = [...paths].map(([p, values]) => `\`${displayPath(p)}\`${values === 'any' ? '' : displayValues(values)}`);
        shownOn.push(`\`${type}\` ${items.join(', ')}`);
      }
      const ruleIds = rules.filter((r) => r.meta.hoverTopic === t.id).map((r) => `[\`${r.meta.id}\`](rules/${r.meta.id}.md)`);
      if (shownOn.length) out.push('Shown on:', '', ...shownOn.map((s) => `- ${s}`), '');
      if (ruleIds.length) out.push(`Rules: ${ruleIds.join(', ')}`, '');
    }
  }
  return out.join('\n');
}
