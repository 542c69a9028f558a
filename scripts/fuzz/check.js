// Runs one input through the engine (compiled to out/ by `tsc -p .`) and checks the invariants the fuzzer guards.
'use strict';
const path = require('path');

const OUT = path.join(__dirname, '..', '..', 'out', 'server', 'src');

/** The engine, with the Python parser loaded when the build has one (it loads asynchronously, once). */
async function loadEngine() {
  const loader = path.join(OUT, 'parsers', 'cdk-py', 'loader.js');
  if (require('fs').existsSync(loader)) await require(loader).ensurePythonParser();
  const { lintText } = require(path.join(OUT, 'engine', 'lint'));
  const { defaultConfig } = require(path.join(OUT, 'engine', 'config'));
  const { ALL_RULES } = require(path.join(OUT, 'rules', 'registry'));
  const engine = { lintText, config: defaultConfig(), rules: ALL_RULES };
  // Parsers load on first use (the TypeScript compiler takes about a second): load them before timing inputs.
  for (const [uri, text] of [['warm-up.ts', "import * as s3 from 'aws-cdk-lib/aws-s3';\nnew s3.Bucket(this, 'B');\n"], ['warm-up.py', 'from aws_cdk import aws_s3 as s3\ns3.Bucket(self, "B")\n']]) {
    await lintText({ uri, text }, { config: engine.config, rules: engine.rules });
  }
  return engine;
}

const inside = (span, len) => span && Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= len;

/**
 * Lints `text` as `uri` and returns `{ failure, findings, fixes, kind }`; `failure` is undefined when every invariant
 * holds: no exception, no internal-error finding, every finding, related and fix-edit span inside the text,
 * a fix's edits do not overlap each other.
 */
async function checkInput(engine, uri, text) {
  let res;
  try {
    res = engine.lintText({ uri, text }, { config: engine.config, rules: engine.rules });
    if (res && typeof res.then === 'function') res = await res; // code parsers may make linting async
  } catch (err) {
    return { failure: { kind: 'exception', detail: String((err && err.stack) || err).split('\n').slice(0, 4).join(' | ') }, findings: 0, fixes: 0 };
  }
  if (!res || !Array.isArray(res.findings)) return { failure: { kind: 'bad-result', detail: `lintText returned ${typeof res}` }, findings: 0, fixes: 0 };
  let fixes = 0;
  for (const f of res.findings) {
    if (f.ruleId === 'internal-error') return { failure: { kind: 'internal-error', detail: f.message }, findings: res.findings.length, fixes };
    if (!inside(f.span, text.length)) {
      return { failure: { kind: 'span-outside', detail: `${f.ruleId} span ${JSON.stringify(f.span)} in a text of ${text.length}` }, findings: res.findings.length, fixes };
    }
    for (const rel of f.related || []) {
      if (rel.uri === uri && !inside(rel.span, text.length)) {
        return { failure: { kind: 'span-outside', detail: `${f.ruleId} related span ${JSON.stringify(rel.span)} in a text of ${text.length}` }, findings: res.findings.length, fixes };
      }
    }
    for (const fix of f.fixes || []) {
      fixes++;
      const edits = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
      for (let i = 0; i < edits.length; i++) {
        if (!inside(edits[i].span, text.length)) {
          return { failure: { kind: 'fix-edit-outside', detail: `${f.ruleId} edit ${JSON.stringify(edits[i].span)} in a text of ${text.length}` }, findings: res.findings.length, fixes };
        }
        if (i > 0 && edits[i].span.start < edits[i - 1].span.end) {
          return { failure: { kind: 'fix-edits-overlap', detail: `${f.ruleId}: ${fix.title}` }, findings: res.findings.length, fixes };
        }
      }
    }
  }
  return { failure: undefined, findings: res.findings.length, fixes, kind: res.kind };
}

/** A failure's identity for de-duplication and minimisation: kind plus the message without numbers and names. */
function signature(failure) {
  return `${failure.kind}: ${failure.detail.replace(/\d+/g, 'N').replace(/"[^"]*"/g, '"…"').slice(0, 160)}`;
}

module.exports = { loadEngine, checkInput, signature };
