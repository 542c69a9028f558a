import { renderRuleMarkdown, ruleSummary } from '../docs/render';
import { LineIndex } from '../model/text';
import { renderInventoryHtml } from '../docs/inventory-html';
import { Inventory } from '../model/inventory';
import { Finding, Severity, Span } from '../model/types';
import { Rule } from '../rules/types';
import { TOOL_NAME, VERSION, REPOSITORY_URL, ruleDocsUrl } from '../version';

export interface FileReport {
  display: string;
  text: string;
  findings: Finding[];
}

export interface RunSummary {
  files: number;
  durationMs: number;
}

interface Range1 {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

function range1(lines: LineIndex, span: Span): Range1 {
  const s = lines.positionAt(span.start);
  const e = lines.positionAt(span.end);
  return { start: { line: s.line + 1, column: s.character + 1 }, end: { line: e.line + 1, column: e.character + 1 } };
}

function counts(reports: FileReport[]) {
  const all = reports.flatMap((r) => r.findings);
  const by = (s: Severity) => all.filter((f) => f.severity === s).length;
  return { findings: all.length, errors: by('error'), warnings: by('warning'), information: by('information'), hints: by('hint') };
}

export function formatText(reports: FileReport[], summary: RunSummary): string {
  const out: string[] = [];
  for (const r of reports) {
    const lines = new LineIndex(r.text);
    for (const f of r.findings) {
      const p = lines.positionAt(f.span.start);
      out.push(`${r.display}:${p.line + 1}:${p.character + 1} ${f.severity} ${f.message} [${f.ruleId}]`);
    }
  }
  const c = counts(reports);
  out.push(
    `${summary.files} file${summary.files === 1 ? '' : 's'} checked, ${c.findings} finding${c.findings === 1 ? '' : 's'} ` +
      `(${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}, ${c.information} information, ${c.hints} hint${c.hints === 1 ? '' : 's'}) in ${summary.durationMs} ms`,
  );
  return out.join('\n') + '\n';
}

export function formatJson(reports: FileReport[], summary: RunSummary): string {
  const findings = reports.flatMap((r) => {
    const lines = new LineIndex(r.text);
    return r.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      category: f.category,
      ...(f.service ? { service: f.service } : {}),
      source: f.source,
      file: r.display,
      range: range1(lines, f.span),
      ...(f.resource ? { resource: f.resource } : {}),
      message: f.message,
      fixes: f.fixes.map((x) => ({
        title: x.title,
        safety: x.safety,
        replacesResource: x.replacesResource,
        edits: x.edits.map((e) => ({ range: range1(lines, e.span), newText: e.newText })),
      })),
      ...(f.related?.length
        ? { related: f.related.map((rl) => ({ file: rl.uri, ...(rl.uri === f.uri ? { range: range1(lines, rl.span) } : {}), message: rl.message })) }
        : {}),
    }));
  });
  const c = counts(reports);
  return JSON.stringify({
    tool: TOOL_NAME,
    version: VERSION,
    findings,
    summary: { files: summary.files, findings: c.findings, errors: c.errors, warnings: c.warnings, durationMs: summary.durationMs },
  }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

const SPECIAL_RULES = [
  { id: 'parse-error', summary: 'The file could not be read as what it claims to be.', level: 'error' as const },
  { id: 'file-skipped', summary: 'The file was not checked (too large, binary, unreadable or excluded).', level: 'note' as const },
  { id: 'internal-error', summary: 'A rule failed on this file; the other rules still ran.', level: 'warning' as const },
];

function sarifRegion(lines: LineIndex, span: Span) {
  const r = range1(lines, span);
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

/** SARIF 2.1.0 as GitHub code scanning accepts it, with fixes as artifact changes. */
export function formatSarif(reports: FileReport[], rules: readonly Rule[]): string {
  const driverRules = [
    ...rules.map((r) => ({
      id: r.meta.id,
      name: r.meta.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: ruleSummary(r.meta) },
      fullDescription: { text: r.meta.docs.why },
      help: { text: `${r.meta.docs.summary} ${r.meta.docs.why}`, markdown: renderRuleMarkdown(r) },
      helpUri: ruleDocsUrl(r.meta.id),
      defaultConfiguration: { level: r.meta.severity === 'off' ? 'none' : SARIF_LEVEL[r.meta.severity] },
      properties: {
        tags: ['security', 'encryption', r.meta.service, r.meta.category],
        category: r.meta.category,
        service: r.meta.service,
        peerIds: r.meta.peers.map((p) => `${p.tool}:${p.id}`),
      },
    })),
    ...SPECIAL_RULES.map((s) => ({
      id: s.id,
      name: s.id,
      shortDescription: { text: s.summary },
      helpUri: `${REPOSITORY_URL}#special-findings`,
      defaultConfiguration: { level: s.level },
      properties: { tags: ['input'], category: 'input' },
    })),
  ];
  const index = new Map(driverRules.map((r, i) => [r.id, i]));
  const results = reports.flatMap((rep) => {
    const lines = new LineIndex(rep.text);
    return rep.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: rep.display }, region: sarifRegion(lines, f.span) } }],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((rl, i) => ({
              id: i + 1,
              message: { text: rl.message },
              // Spans of other files need their own line index (cross-file findings); same-file ones get a region.
              physicalLocation: { artifactLocation: { uri: rl.uri === f.uri ? rep.display : rl.uri }, ...(rl.uri === f.uri ? { region: sarifRegion(lines, rl.span) } : {}) },
            })),
          }
        : {}),
      ...(f.fixes.length
        ? {
            fixes: f.fixes.map((x) => ({
              description: { text: `${x.title} [${x.safety}]` },
              artifactChanges: [{
                artifactLocation: { uri: rep.display },
                replacements: x.edits.map((e) => ({ deletedRegion: sarifRegion(lines, e.span), insertedContent: { text: e.newText } })),
              }],
            })),
          }
        : {}),
      ...(f.resource ? { properties: { resource: f.resource, category: f.category } } : { properties: { category: f.category } }),
    }));
  });
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: TOOL_NAME, version: VERSION, semanticVersion: VERSION, informationUri: REPOSITORY_URL, rules: driverRules } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  }, null, 2) + '\n';
}

/** The encryption inventory report page (`--format html`): self-contained, no time stamp (reproducible). */
export function formatHtml(reports: FileReport[], inventory: Inventory, summary: RunSummary): string {
  const findings = reports.flatMap((r) => {
    const lines = new LineIndex(r.text);
    return r.findings.map((f) => ({ file: r.display, line: lines.positionAt(f.span.start).line + 1, ruleId: f.ruleId, severity: f.severity, message: f.message }));
  });
  return renderInventoryHtml(inventory, findings, { tool: TOOL_NAME, version: VERSION, files: summary.files });
}
