/**
 * The Python files of ../shared/corpus (cdk/ and sdk/) through the CLI and the parser: no crash, none skipped, a
 * hang guard, and a checked-in golden report (findings per rule and what the parser extracted per file).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { ensurePythonParser, parsePython } from '../server/src/parsers/cdk-py/parse';
import { ALL_RULES } from '../server/src/rules/registry';
import { cli, CORPUS, golden, sharedAvailable } from './helpers';

function pythonFiles(): string[] {
  return ['cdk', 'sdk'].flatMap((d) => fs.readdirSync(path.join(CORPUS, d)).filter((f) => f.endsWith('.py')).sort().map((f) => `${d}/${f}`));
}

describe('corpus, Python files (../shared/corpus/cdk and sdk)', function () {
  this.timeout(600_000);

  before(async () => {
    await ensurePythonParser();
  });

  it('lints every Python file through the CLI: no crash, exit code 0, none skipped, no internal or parse error', function () {
    if (!sharedAvailable(this)) return;
    const files = pythonFiles();
    const r = cli([...files, '--format', 'json', '--fail-on', 'none'], CORPUS);
    assert.strictEqual(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.strictEqual(report.summary.files, files.length, 'every Python file is recognised as CDK or SDK code');
    const bad = report.findings.filter((f: { ruleId: string }) => ['file-skipped', 'internal-error', 'parse-error'].includes(f.ruleId));
    assert.deepStrictEqual(bad.map((f: { file: string; message: string }) => `${f.file}: ${f.message}`), []);
  });

  it('finds per rule, and extracts per file, what the checked-in golden report says (review any change)', function () {
    if (!sharedAvailable(this)) return;
    const files = pythonFiles();
    const r = cli([...files, '--format', 'json', '--fail-on', 'none'], CORPUS);
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; file: string; range: { start: { line: number } }; resource?: string }[];
    const perRule: Record<string, number> = {};
    for (const f of findings) perRule[f.ruleId] = (perRule[f.ruleId] ?? 0) + 1;
    const sortedCounts = Object.fromEntries(Object.entries(perRule).sort(([a], [b]) => a.localeCompare(b)));
    const lines = findings.map((f) => `${f.ruleId} ${f.file}:${f.range.start.line}${f.resource ? ` ${f.resource}` : ''}`).sort();
    const extracted = files.map((f) => {
      const doc = parsePython({ uri: f, text: fs.readFileSync(path.join(CORPUS, f), 'utf8') })!;
      const constructs = doc.constructs.map((c) => `${c.module}.${c.className}`);
      const calls = doc.apiCalls.map((c) => `${c.service}:${c.operation}${c.client ? '' : '?'}`);
      return `${f} | constructs ${constructs.length} | clients ${doc.clients.map((c) => c.service || '?').join(',')} | calls ${calls.join(',')}`;
    });
    const g = golden('corpus-python-report.json', JSON.stringify({ findingsPerRule: sortedCounts, findings: lines, extracted }, null, 1) + '\n');
    assert.strictEqual(g.actual, g.expected);
  });

  it('keeps every finding span inside its file, and no file takes more than 10 s (hang guard); prints parse times', function () {
    if (!sharedAvailable(this)) return;
    const times: number[] = [];
    for (const f of pythonFiles()) {
      const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
      const t0 = Date.now();
      const res = lintText({ uri: f, text }, { config: defaultConfig(), rules: ALL_RULES });
      assert.ok(Date.now() - t0 < 10_000, `${f} took ${Date.now() - t0} ms`);
      for (const x of res.findings) {
        assert.ok(x.span.start >= 0 && x.span.end <= text.length && x.span.start <= x.span.end, `${f}: span out of range for ${x.ruleId}`);
      }
      // Parse time alone (tree-sitter + extraction), best of 3 once warm: informational, never asserted.
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const p0 = process.hrtime.bigint();
        parsePython({ uri: f, text });
        best = Math.min(best, Number(process.hrtime.bigint() - p0) / 1e6);
      }
      times.push(best);
    }
    times.sort((a, b) => a - b);
    console.log(`    Python parse time per file over ${times.length} corpus files: median ${times[Math.floor(times.length / 2)].toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
  });
});
