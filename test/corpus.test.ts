import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { LineIndex } from '../server/src/model/text';
import { ALL_RULES } from '../server/src/rules/registry';
import { cli, CORPUS, golden, sharedAvailable } from './helpers';

/** CloudFormation files of the labeled peer fixtures (trivy's are rule files that embed templates, not templates). */
function labeledTemplates(): string[] {
  const dirs = ['checkov-cfn', 'cfn_nag'];
  return dirs.flatMap((d) => fs.readdirSync(path.join(CORPUS, 'labeled', d)).map((f) => path.join('labeled', d, f)));
}

describe('corpus (../shared/corpus)', function () {
  this.timeout(600_000);

  it('lints every CloudFormation file through the CLI: no crash, no exit code 2, nothing skipped, no internal error', function () {
    if (!sharedAvailable(this)) return;
    const r = cli(['cfn', ...labeledTemplates(), '--format', 'json', '--fail-on', 'none'], CORPUS);
    assert.strictEqual(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const cfnCount = fs.readdirSync(path.join(CORPUS, 'cfn')).length;
    assert.strictEqual(report.summary.files, cfnCount + labeledTemplates().length, 'every file is recognised as a template');
    const bad = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'file-skipped' || f.ruleId === 'internal-error');
    assert.deepStrictEqual(bad.map((f: { file: string; message: string }) => `${f.file}: ${f.message}`), []);
  });

  it('finds per rule what the checked-in golden report says (review any change)', function () {
    if (!sharedAvailable(this)) return;
    const r = cli(['cfn', '--format', 'json', '--fail-on', 'none'], CORPUS);
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; file: string; range: { start: { line: number } }; resource?: string }[];
    const perRule: Record<string, number> = {};
    for (const f of findings) perRule[f.ruleId] = (perRule[f.ruleId] ?? 0) + 1;
    const sortedCounts = Object.fromEntries(Object.entries(perRule).sort(([a], [b]) => a.localeCompare(b)));
    const lines = findings.map((f) => `${f.ruleId} ${f.file}:${f.range.start.line}${f.resource ? ` ${f.resource}` : ''}`).sort();
    const g = golden('corpus-cfn-report.json', JSON.stringify({ findingsPerRule: sortedCounts, findings: lines }, null, 1) + '\n');
    assert.strictEqual(g.actual, g.expected);
  });

  it('every finding span lies inside its file and no file takes more than 10 s (hang guard)', function () {
    if (!sharedAvailable(this)) return;
    const dir = path.join(CORPUS, 'cfn');
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const t0 = Date.now();
      const res = lintText({ uri: f, text }, { config: defaultConfig(), rules: ALL_RULES });
      assert.ok(Date.now() - t0 < 10_000, `${f} took ${Date.now() - t0} ms`);
      const lines = new LineIndex(text);
      for (const x of res.findings) {
        assert.ok(x.span.start >= 0 && x.span.end <= text.length && x.span.start <= x.span.end, `${f}: span out of range for ${x.ruleId}`);
        assert.ok(lines.positionAt(x.span.start).line >= 0);
      }
    }
  });
});
