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
