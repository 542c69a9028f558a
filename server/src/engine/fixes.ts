import { Finding, Fix, TextEdit } from '../model/types';

/** Applies non-overlapping edits; inserts at one position keep their array order, as in LSP. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.span.start - a.e.span.start || b.i - a.i);
  let out = text;
  for (const { e } of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function overlaps(a: TextEdit[], b: TextEdit[]): boolean {
  return a.some((x) => b.some((y) => x.span.start <= y.span.end && y.span.start <= x.span.end));
}

/** Picks the first fix of each finding that is allowed, skipping fixes whose edits touch an earlier pick. */
export function chooseFixes(findings: Finding[], unsafe: boolean): Fix[] {
  const chosen: Fix[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const fix = f.fixes.find((x) => unsafe || x.safety === 'safe');
    if (!fix) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue;
    if (chosen.some((c) => overlaps(c.edits, fix.edits))) continue;
    seen.add(key);
    chosen.push(fix);
  }
  return chosen;
}

export interface FixAllResult {
  text: string;
  /** Findings of the final text. */
  findings: Finding[];
  applied: number;
  passes: number;
  /** False when the pass limit was reached while fixes still changed the text. */
  converged: boolean;
}

/**
 * Fix-all to a fixed point: applies the chosen fixes, re-lints, and repeats while the text changes (fixes that
 * overlap, such as several new resources added at the end of Resources, go one per pass). A pass whose result
 * does not parse is dropped, so a broken document is never returned. A second fix-all then changes nothing.
 */
export function fixAll(text: string, findings: Finding[], relint: (text: string) => Finding[], unsafe: boolean, maxPasses = 100): FixAllResult {
  let current = text;
  let currentFindings = findings;
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const fixes = chooseFixes(currentFindings, unsafe);
    const next = fixes.length ? applyEdits(current, fixes.flatMap((f) => f.edits)) : current;
    if (next === current) return { text: current, findings: currentFindings, applied, passes: pass, converged: true };
    const again = relint(next);
    if (again.some((f) => f.ruleId === 'parse-error' || f.ruleId === 'internal-error')) {
      return { text: current, findings: currentFindings, applied, passes: pass, converged: true };
    }
    applied += fixes.length;
    current = next;
    currentFindings = again;
  }
  return { text: current, findings: currentFindings, applied, passes: maxPasses, converged: false };
}
