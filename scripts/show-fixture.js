#!/usr/bin/env node
// Developer aid: prints the findings of a fixture (and, with --fixed, the text after applying the
// first fix of each finding of --rule). With --write, writes <case>.fixed.<ext> and <case>.expected.json.
// Review the output before committing it: the fixture is the specification, not this script.
const fs = require('fs');
const path = require('path');
const out = path.join(__dirname, '..', 'out', 'server', 'src');
const { lintText } = require(path.join(out, 'engine', 'lint'));
const { defaultConfig, mergeConfig } = require(path.join(out, 'engine', 'config'));
const { applyEdits, chooseFixes } = require(path.join(out, 'engine', 'fixes'));
const { LineIndex } = require(path.join(out, 'model', 'text'));
const { ALL_RULES } = require(path.join(out, 'rules', 'registry'));

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const write = args.includes('--write');
const ruleId = path.basename(path.dirname(path.resolve(file)));
const text = fs.readFileSync(file, 'utf8');
const cfgFile = file.replace(/\.(yaml|yml|json|template)$/, '.config.json');
const config = fs.existsSync(cfgFile) ? mergeConfig(defaultConfig(), JSON.parse(fs.readFileSync(cfgFile, 'utf8'))) : defaultConfig();
const res = lintText({ uri: file, text }, { config, rules: ALL_RULES });
const lines = new LineIndex(text);
const mine = res.findings.filter((f) => f.ruleId === ruleId || f.category === 'input');
console.log(`kind: ${res.kind}`);
for (const f of res.findings) {
  console.log(`${f.ruleId === ruleId ? '*' : ' '} ${lines.positionAt(f.span.start).line + 1}: ${f.severity} ${f.ruleId}: ${f.message}`);
  for (const x of f.fixes) console.log(`      fix [${x.safety}] ${x.title}`);
}
const expected = mine.map((f) => ({ ruleId: f.ruleId, line: lines.positionAt(f.span.start).line + 1 }));
const fixes = chooseFixes(mine.filter((f) => f.ruleId === ruleId), true);
let fixed;
if (fixes.length) {
  fixed = applyEdits(text, fixes.flatMap((f) => f.edits));
  console.log('----- fixed -----');
  console.log(fixed);
}
if (write) {
  const m = /^(.*)\.(yaml|yml|json|template)$/.exec(file);
  fs.writeFileSync(`${m[1]}.expected.json`, JSON.stringify(expected) + '\n');
  if (fixed !== undefined) fs.writeFileSync(`${m[1]}.fixed.${m[2]}`, fixed);
  console.log('written');
}
