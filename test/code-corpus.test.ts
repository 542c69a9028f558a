/**
 * TypeScript/JavaScript CDK apps and SDK code of ../shared/corpus through the CLI (no crash, none skipped, golden
 * report of findings per rule), a hang guard with parse times, and agreement with the labeled CDK fixtures of
 * Checkov and the cdk-nag rule tests (every disagreement explained in docs/peer-comparison.md).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { Finding } from '../server/src/model/types';
import { parseTsCode } from '../server/src/parsers/cdk-ts/parse';
import { ALL_RULES } from '../server/src/rules/registry';
import { cli, CORPUS, golden, REPO, sharedAvailable } from './helpers';

const TS_JS = /\.(ts|tsx|js|mjs|cjs)$/i;

function codeFiles(): string[] {
  return ['cdk', 'sdk'].flatMap((d) => fs.readdirSync(path.join(CORPUS, d)).filter((f) => TS_JS.test(f)).map((f) => `${d}/${f}`));
}

describe('code corpus (../shared/corpus/cdk and sdk, TypeScript/JavaScript)', function () {
  this.timeout(600_000);

  it('lints every file through the CLI: no crash, none skipped, no parse error, no internal error', function () {
    if (!sharedAvailable(this)) return;
    const files = codeFiles();
    const r = cli([...files, '--format', 'json', '--fail-on', 'none'], CORPUS);
    assert.strictEqual(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.strictEqual(report.summary.files, files.length, 'every file is recognised as CDK or SDK code');
    const bad = report.findings.filter((f: { ruleId: string }) => ['file-skipped', 'internal-error', 'parse-error'].includes(f.ruleId));
    assert.deepStrictEqual(bad.map((f: { file: string; message: string }) => `${f.file}: ${f.message}`), []);
  });

  it('finds per rule what the checked-in golden report says (review any change)', function () {
    if (!sharedAvailable(this)) return;
    const r = cli([...codeFiles(), '--format', 'json', '--fail-on', 'none'], CORPUS);
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; file: string; source: string; range: { start: { line: number } }; resource?: string }[];
    const perRule: Record<string, number> = {};
    for (const f of findings) perRule[f.ruleId] = (perRule[f.ruleId] ?? 0) + 1;
    const sortedCounts = Object.fromEntries(Object.entries(perRule).sort(([a], [b]) => a.localeCompare(b)));
    const lines = findings.map((f) => `${f.ruleId} ${f.source} ${f.file}:${f.range.start.line}${f.resource ? ` ${f.resource}` : ''}`).sort();
    const g = golden('corpus-code-report.json', JSON.stringify({ findingsPerRule: sortedCounts, findings: lines }, null, 1) + '\n');
    assert.strictEqual(g.actual, g.expected);
  });

  it('parses each file well under the hang guard and keeps every finding and fix inside its file', function () {
    if (!sharedAvailable(this)) return;
    const times: number[] = [];
    for (const f of codeFiles()) {
      const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
      const t0 = process.hrtime.bigint();
      parseTsCode({ uri: f, text });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const t1 = Date.now();
      const res = lintText({ uri: f, text }, { config: defaultConfig(), rules: ALL_RULES });
      assert.ok(Date.now() - t1 < 10_000, `${f} took ${Date.now() - t1} ms`);
      for (const x of res.findings) {
        assert.ok(x.span.start >= 0 && x.span.end <= text.length && x.span.start <= x.span.end, `${f}: span out of range for ${x.ruleId}`);
        for (const fix of x.fixes) for (const e of fix.edits) assert.ok(e.span.start >= 0 && e.span.end <= text.length, `${f}: fix edit out of range for ${x.ruleId}`);
      }
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    // Informational only (speed goals live in `npm run bench`).
    console.log(`      TypeScript/JavaScript parse time over ${times.length} corpus files: median ${median.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
  });
});

// ---- agreement with Checkov (CDK TypeScript) and cdk-nag --------------------------------------------------------

/** Peer checks (Checkov ids, cdk-nag rule names) and our rules that answer the same question. */
export const CODE_PEER_TO_OURS: Record<string, string[]> = {
  CKV_AWS_19: ['s3-bucket-encryption-implicit', 's3-bucket-unencrypted-deprecated'],
  CKV_AWS_96: ['rds-storage-unencrypted'],
  CKV_AWS_43: ['kinesis-stream-unencrypted'],
  CKV_AWS_64: ['redshift-cluster-unencrypted'],
  CKV_AWS_82: ['athena-workgroup-not-enforced'],
  KinesisDataFirehoseSSE: ['firehose-sse-disabled'],
  KinesisDataStreamSSE: ['kinesis-stream-unencrypted'],
  RDSStorageEncrypted: ['rds-storage-unencrypted'],
  RedshiftClusterEncryptionAtRest: ['redshift-cluster-unencrypted'],
  RedshiftRequireTlsSSL: ['redshift-require-ssl'],
  S3BucketSSLRequestsOnly: ['s3-bucket-policy-no-secure-transport'],
  EMREncryptionInTransit: ['emr-in-transit-disabled', 'emr-cluster-no-security-configuration'],
  EMRLocalDiskEncryption: ['emr-at-rest-disabled', 'emr-ebs-encryption', 'emr-cluster-no-security-configuration'],
};

interface CodeLabel {
  file: string;
  tool: string;
  check: string;
  testCase: string;
  expected: string;
}

function codeLabels(): CodeLabel[] {
  const rows = fs.readFileSync(path.join(CORPUS, 'labeled', 'LABELS.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((r) => r.split('\t'))
    .filter((c) => c[1] === 'checkov-cdk-typescript' || c[1] === 'cdk-nag')
    .map((c) => ({ file: c[0], tool: c[1], check: c[2], testCase: c[4], expected: c[5] }));
}

/** The text range of `test('<case>', ...)` inside `describe('<rule>: ...')` of a cdk-nag test file. */
function testBlock(text: string, rule: string, testCase: string): { start: number; end: number } | undefined {
  const d = text.search(new RegExp(`describe\\(\\s*['"\`]${rule}:`));
  if (d < 0) return undefined;
  const nextDescribe = text.slice(d + 1).search(/\n\s*describe\(/);
  const describeEnd = nextDescribe < 0 ? text.length : d + 1 + nextDescribe;
  const esc = testCase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const t = text.slice(d, describeEnd).search(new RegExp(`test\\(\\s*['"\`]${esc}['"\`]`));
  if (t < 0) return undefined;
  const start = d + t;
  const next = text.slice(start + 1, describeEnd).search(/\n\s*test\(/);
  return { start, end: next < 0 ? describeEnd : start + 1 + next };
}

/** Disagreements listed in docs/peer-comparison.md, CDK section: rows `| CDK | <file> | <check> | <case> | ...`. */
function documentedCode(): Set<string> {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'peer-comparison.md'), 'utf8');
  const out = new Set<string>();
  for (const m of doc.matchAll(/^\| CDK \| `([^`]+)` \| `([^`]+)` \| ([^|]+) \|/gm)) out.add(`${m[1]}|${m[2]}|${m[3].trim()}`);
  return out;
}

describe('agreement with Checkov CDK fixtures and cdk-nag rule tests', () => {
  it('every disagreement is listed, with its reason, in docs/peer-comparison.md (and nothing else is)', function () {
    if (!sharedAvailable(this)) return;
    const cache = new Map<string, { text: string; findings: Finding[] }>();
    const disagreements: string[] = [];
    const details: string[] = [];
    let compared = 0;
    for (const l of codeLabels()) {
      if (l.expected !== 'pass' && l.expected !== 'fail') continue;
      const ours = CODE_PEER_TO_OURS[l.check];
      if (!ours) continue;
      let entry = cache.get(l.file);
      if (!entry) {
        const text = fs.readFileSync(path.join(CORPUS, l.file), 'utf8');
        entry = { text, findings: lintText({ uri: l.file, text }, { config: defaultConfig(), rules: ALL_RULES }).findings };
        cache.set(l.file, entry);
      }
      let hits = entry.findings.filter((f) => ours.includes(f.ruleId));
      const testCase = l.tool === 'cdk-nag' ? l.testCase : '(whole file)';
      if (l.tool === 'cdk-nag') {
        const block = testBlock(entry.text, l.check, l.testCase);
        if (!block) continue;
        hits = hits.filter((h) => h.span.start >= block.start && h.span.start < block.end);
      }
      compared++;
      if ((hits.length > 0) !== (l.expected === 'fail')) {
        const key = `${path.basename(l.file)}|${l.check}|${testCase}`;
        disagreements.push(key);
        details.push(`${key}: peer ${l.expected}, ours: ${hits.map((h) => `${h.ruleId}(${h.severity}) ${h.resource}`).join(', ') || 'nothing'}`);
      }
    }
    assert.ok(compared > 20, `only ${compared} labels compared`);
    const doc = documentedCode();
    const unlisted = details.filter((d) => !doc.has(d.slice(0, d.indexOf(': peer'))));
    const stale = [...doc].filter((d) => !disagreements.includes(d));
    assert.deepStrictEqual({ unlisted, stale }, { unlisted: [], stale: [] });
  });
});
