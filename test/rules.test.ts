/**
 * Rule fixtures are data: test/fixtures/rules/<rule-id>/<case>.<yaml|json> with <case>.expected.json
 * (`[{"ruleId", "line", "severity"?, "message"?}]`) and, where a fix applies, <case>.fixed.<ext>.
 * Optional <case>.config.json holds project configuration for the case.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig, mergeConfig, LintConfig } from '../server/src/engine/config';
import { applyEdits, chooseFixes } from '../server/src/engine/fixes';
import { lintText } from '../server/src/engine/lint';
import { LineIndex } from '../server/src/model/text';
import { ALL_RULES } from '../server/src/rules/registry';
import { ensurePythonParser } from '../server/src/parsers/cdk-py/loader';

export const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules');
const INPUT = /^(.*)\.(yaml|yml|json|template|ts|tsx|js|mjs|cjs|py)$/;
const CODE_EXTS = ['ts', 'tsx', 'js', 'mjs', 'cjs', 'py'];

interface Expected {
  ruleId: string;
  line: number;
  severity?: string;
  message?: string;
}

export function fixtureCases(ruleId: string): { name: string; file: string; ext: string }[] {
  const dir = path.join(FIXTURES, ruleId);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .map((f) => ({ f, m: INPUT.exec(f) }))
    .filter(({ f, m }) => m && !f.includes('.fixed.') && !f.endsWith('.expected.json') && !f.endsWith('.config.json'))
    .map(({ f, m }) => ({ name: m![1], file: path.join(dir, f), ext: m![2] }));
}

function configFor(file: string): LintConfig {
  const cfg = file.replace(INPUT, '$1.config.json');
  if (!fs.existsSync(cfg)) return defaultConfig();
  return mergeConfig(defaultConfig(), JSON.parse(fs.readFileSync(cfg, 'utf8')));
}

describe('rule fixtures', () => {
  // Python fixtures need tree-sitter's WebAssembly loaded first (asynchronous; see server/src/parsers/cdk-py/loader.ts).
  before(() => ensurePythonParser());
  for (const rule of ALL_RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      for (const c of fixtureCases(id)) {
        it(`${c.name}.${c.ext}`, () => {
          const text = fs.readFileSync(c.file, 'utf8');
          const config = configFor(c.file);
          const res = lintText({ uri: c.file, text }, { config, rules: ALL_RULES });
          const lines = new LineIndex(text);
          const mine = res.findings.filter((f) => f.ruleId === id || f.category === 'input');
          const expected: Expected[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, id, `${c.name}.expected.json`), 'utf8'));
          const actual = mine.map((f) => ({ ruleId: f.ruleId, line: lines.positionAt(f.span.start).line + 1 }));
          assert.deepStrictEqual(actual, expected.map((e) => ({ ruleId: e.ruleId, line: e.line })));
          expected.forEach((e, i) => {
            if (e.severity) assert.strictEqual(mine[i].severity, e.severity, `severity of finding ${i}`);
            if (e.message) assert.ok(mine[i].message.includes(e.message), `message "${mine[i].message}" should contain "${e.message}"`);
          });
          const fixedFile = path.join(FIXTURES, id, `${c.name}.fixed.${c.ext}`);
          if (fs.existsSync(fixedFile)) {
            const fixes = chooseFixes(mine.filter((f) => f.ruleId === id), true);
            assert.ok(fixes.length > 0, 'a .fixed file exists but no fix was offered');
            const fixed = applyEdits(text, fixes.flatMap((f) => f.edits));
            assert.strictEqual(fixed, fs.readFileSync(fixedFile, 'utf8'));
            const again = lintText({ uri: fixedFile, text: fixed }, { config, rules: ALL_RULES });
            assert.deepStrictEqual(again.findings.filter((f) => f.ruleId === 'parse-error'), [], 'the fixed document parses');
            assert.strictEqual(again.kind, 'template');
            const unfixable = mine.filter((f) => f.ruleId === id && !f.fixes.length).length;
            const left = again.findings.filter((f) => f.ruleId === id);
            assert.strictEqual(left.length, unfixable, `findings left after the fix: ${left.map((f) => f.message).join(' | ')}`);
          }
        });
      }
    });
  }
});

describe('rule fixture coverage (meta)', () => {
  for (const rule of ALL_RULES) {
    if (!rule.checkCfn) continue;
    // Advanced rules are proven by multi-file project fixtures (test/project.test.ts checks those).
    if (rule.meta.tier === 'advanced' && fs.existsSync(path.join(FIXTURES, '..', 'projects', rule.meta.id))) continue;
    it(`${rule.meta.id} has a failing fixture in YAML and in JSON`, () => {
      const cases = fixtureCases(rule.meta.id);
      for (const ext of [['yaml', 'yml', 'template'], ['json']]) {
        const failing = cases.filter((c) => ext.includes(c.ext)).some((c) => {
          const exp: Expected[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, rule.meta.id, `${c.name}.expected.json`), 'utf8'));
          return exp.some((e) => e.ruleId === rule.meta.id);
        });
        assert.ok(failing, `no failing ${ext[0]} fixture`);
      }
    });
  }
  for (const rule of ALL_RULES) {
    if (!rule.checkCode) continue;
    // Advanced rules: their code fixtures are project fixtures (test/project.test.ts requires a failing code file).
    if (rule.meta.tier === 'advanced' && fs.existsSync(path.join(FIXTURES, '..', 'projects', rule.meta.id))) continue;
    it(`${rule.meta.id} has a failing code fixture`, () => {
      const failing = fixtureCases(rule.meta.id).filter((c) => CODE_EXTS.includes(c.ext)).some((c) => {
        const exp: Expected[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, rule.meta.id, `${c.name}.expected.json`), 'utf8'));
        return exp.some((e) => e.ruleId === rule.meta.id);
      });
      assert.ok(failing, 'no failing .ts/.js/.py fixture');
    });
  }
  it('every fixture has an expectation and belongs to a rule', () => {
    const ids = new Set(ALL_RULES.map((r) => r.meta.id));
    for (const dir of fs.readdirSync(FIXTURES)) {
      assert.ok(ids.has(dir), `fixture folder ${dir} names no rule`);
      for (const c of fixtureCases(dir)) {
        assert.ok(fs.existsSync(path.join(FIXTURES, dir, `${c.name}.expected.json`)), `${dir}/${c.name} has no .expected.json`);
      }
    }
  });
});
