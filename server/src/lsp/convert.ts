/** Converts engine data (offsets, findings, fixes) to LSP data and back. Pure functions of a TextDocument. */
import { CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Range, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Finding, Fix, Severity, Span } from '../model/types';
import { ruleDocsUrl } from '../version';

export const SOURCE = 'aws-encryption-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function rangeOf(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/** A fix as it travels in `Diagnostic.data`: edits already in LSP ranges of the linted version. */
export interface FixData {
  title: string;
  safety: 'safe' | 'unsafe';
  replacesResource: boolean;
  edits: TextEdit[];
}

/** What a diagnostic carries so that code actions are a plain mapping. */
export interface DiagnosticData {
  uri: string;
  version: number;
  ruleId: string;
  resource?: string;
  fixes: FixData[];
}

export function fixToData(doc: TextDocument, fix: Fix): FixData {
  return {
    title: fix.title,
    safety: fix.safety,
    replacesResource: fix.replacesResource,
    edits: fix.edits.map((e) => ({ range: rangeOf(doc, e.span), newText: e.newText })),
  };
}

export interface RelatedDocs {
  /** Text of other documents named by related locations, so their ranges can be computed. */
  textOf(uri: string): TextDocument | undefined;
}

export function toDiagnostic(doc: TextDocument, f: Finding, related?: RelatedDocs): Diagnostic {
  const isRule = f.category !== 'input';
  const d: Diagnostic = {
    range: rangeOf(doc, f.span),
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    message: f.message,
  };
  if (isRule) d.codeDescription = { href: ruleDocsUrl(f.ruleId) } as CodeDescription;
  if (f.ruleId === 's3-bucket-unencrypted-deprecated') d.tags = [DiagnosticTag.Deprecated];
  if (f.related?.length) {
    const info: DiagnosticRelatedInformation[] = [];
    for (const r of f.related) {
      const other = r.uri === f.uri ? doc : related?.textOf(r.uri);
      if (!other) continue;
      info.push({ location: { uri: r.uri, range: rangeOf(other, r.span) }, message: r.message });
    }
    if (info.length) d.relatedInformation = info;
  }
  const data: DiagnosticData = {
    uri: doc.uri,
    version: doc.version,
    ruleId: f.ruleId,
    resource: f.resource,
    fixes: f.fixes.map((x) => fixToData(doc, x)),
  };
  d.data = data;
  return d;
}

/** The title a quick-fix shows: unsafe fixes say why, resource replacement is spelled out. */
export function fixTitle(fix: FixData): string {
  let title = fix.title;
  if (fix.replacesResource && !/replac/i.test(title)) title += ' (replaces the deployed resource)';
  else if (fix.safety === 'unsafe' && !/replac|unsafe/i.test(title)) title += ' (unsafe: review before deploying)';
  return title;
}
