import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALL_RULES } from '../server/src/rules/registry';
import { VERSION } from '../server/src/version';
import { cli, golden, REPO } from './helpers';
import { ensurePythonParser } from '../server/src/parsers/cdk-py/loader';

function normalize(s: string): string {
  return s.replace(/"durationMs": \d+/g, '"durationMs": 0').replace(/ in \d+ ms/g, ' in 0 ms');
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ael-cli-'));
}

describe('CLI', () => {
  // The in-process CLI lints examples/scripts/*.py only once tree-sitter has loaded (dist/cli.js awaits it itself).
  before(async () => ensurePythonParser());
  for (const format of ['text', 'json', 'sarif']) {
    it(`prints the golden ${format} report for examples/ and exits 1 on errors`, () => {
      const r = cli(['examples', '--format', format]);
      assert.strictEqual(r.code, 1, r.stderr);
      const g = golden(`examples.${format === 'text' ? 'txt' : format}`, normalize(r.stdout));
      assert.strictEqual(g.actual, g.expected);
    });
  }

  it('finds something in every one of the seven services in examples/', () => {
    const r = cli(['examples', '--format', 'json', '--fail-on', 'none']);
    const services = new Set(JSON.parse(r.stdout).findings.map((f: { service: string }) => f.service));
    for (const s of ['s3', 'athena', 'emr', 'rds', 'kinesis', 'firehose', 'redshift']) assert.ok(services.has(s), `no ${s} finding`);
  });

  it('exits 0 with --fail-on none and 1 with --fail-on information', () => {
    assert.strictEqual(cli(['examples', '--fail-on', 'none']).code, 0);
    assert.strictEqual(cli(['examples', '--fail-on', 'information']).code, 1);
  });

  it('exits 2 on usage errors and missing paths', () => {
    assert.strictEqual(cli(['--format', 'xml']).code, 2);
    assert.strictEqual(cli(['--bogus']).code, 2);
    assert.strictEqual(cli(['--unsafe-fixes']).code, 2);
    assert.strictEqual(cli(['does-not-exist']).code, 2);
    assert.strictEqual(cli(['--rule', 'no-such-rule']).code, 2);
  });

  it('lists the rules and prints one rule', () => {
    const list = cli(['--list-rules']);
    assert.strictEqual(list.code, 0);
    for (const r of ALL_RULES) assert.ok(list.stdout.includes(r.meta.id));
    const one = cli(['--rule', 'rds-storage-unencrypted']);
    assert.match(one.stdout, /^# rds-storage-unencrypted/);
    assert.strictEqual(cli(['--version']).stdout.trim(), VERSION);
  });

  it('matches package.json version', () => {
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version, VERSION);
  });

  it('honours .gitignore, skips node_modules/cdk.out, and leaves non-templates alone', () => {
    const d = tmpdir();
    const bad = 'Resources:\n  S:\n    Type: AWS::Kinesis::Stream\n';
    fs.writeFileSync(path.join(d, '.gitignore'), 'ignored/\n*.tmp.yaml\n');
    for (const sub of ['ignored', 'node_modules', 'cdk.out', 'kept']) fs.mkdirSync(path.join(d, sub));
    for (const f of ['ignored/a.yaml', 'node_modules/b.yaml', 'cdk.out/c.json', 'x.tmp.yaml', 'kept/d.yaml']) {
      fs.writeFileSync(path.join(d, f), f.endsWith('.json') ? '{"Resources":{"S":{"Type":"AWS::Kinesis::Stream"}}}' : bad);
    }
    fs.writeFileSync(path.join(d, 'workflow.yml'), 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
    const r = cli(['.', '--format', 'json'], d);
    const files = new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file));
    assert.deepStrictEqual([...files], ['kept/d.yaml']);
  });

  it('skips binary and oversized files with a file-skipped finding', () => {
    const d = tmpdir();
    fs.writeFileSync(path.join(d, 'bin.yaml'), Buffer.from([0x41, 0, 0x42, 0]));
    fs.writeFileSync(path.join(d, 'big.yaml'), 'Resources:\n' + '#'.repeat(2000));
    fs.writeFileSync(path.join(d, '.aws-encryption-lint.json'), JSON.stringify({ maxFileSize: 1000 }));
    const r = cli(['.', '--format', 'json', '--fail-on', 'none'], d);
    const found = JSON.parse(r.stdout).findings.map((f: { file: string; ruleId: string }) => `${f.file}:${f.ruleId}`).sort();
    assert.deepStrictEqual(found, ['big.yaml:file-skipped', 'bin.yaml:file-skipped']);
  });

  it('reports bad configuration keys on the config file and ignores them', () => {
    const d = tmpdir();
    fs.writeFileSync(path.join(d, '.aws-encryption-lint.yaml'), 'rules:\n  kinesis-stream-unencrypted: off\n  made-up-rule: error\ncolour: blue\n');
    fs.writeFileSync(path.join(d, 't.yaml'), 'Resources:\n  S:\n    Type: AWS::Kinesis::Stream\n');
    const r = cli(['.', '--format', 'json', '--fail-on', 'none'], d);
    const findings = JSON.parse(r.stdout).findings as { file: string; ruleId: string; message: string }[];
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.ruleId}`), ['.aws-encryption-lint.yaml:parse-error', '.aws-encryption-lint.yaml:parse-error']);
    assert.match(findings[0].message, /made-up-rule/);
  });

  it('--fix applies only safe fixes, and --unsafe-fixes the others; the result parses', () => {
    const d = tmpdir();
    const file = path.join(d, 't.yaml');
    const original = 'Resources:\n  S:\n    Type: AWS::Kinesis::Stream\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n';
    fs.writeFileSync(file, original);
    const safe = cli(['.', '--fix', '--format', 'json', '--fail-on', 'none'], d);
    const left = JSON.parse(safe.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(!left.includes('kinesis-stream-unencrypted'));
    assert.ok(left.includes('rds-storage-unencrypted'), 'an unsafe fix is not applied by --fix');
    assert.match(fs.readFileSync(file, 'utf8'), /StreamEncryption:\n {8}EncryptionType: KMS/);
    cli(['.', '--fix', '--unsafe-fixes'], d);
    assert.match(fs.readFileSync(file, 'utf8'), /StorageEncrypted: true/);
    const after = cli(['.', '--format', 'json', '--fail-on', 'none'], d);
    assert.ok(!JSON.parse(after.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'parse-error'));
  });

  it('gives related locations in the same file a range (JSON) and a region (SARIF)', () => {
    const file = 'test/fixtures/rules/emr-ebs-encryption/ebs.yaml';
    const json = JSON.parse(cli([file, '--format', 'json', '--fail-on', 'none']).stdout);
    const withRelated = json.findings.find((f: { related?: unknown[] }) => f.related);
    assert.deepStrictEqual(withRelated.related[0].range.start, { line: 51, column: 36 });
    const sarif = JSON.parse(cli([file, '--format', 'sarif', '--fail-on', 'none']).stdout);
    const result = sarif.runs[0].results.find((r: { relatedLocations?: unknown[] }) => r.relatedLocations);
    assert.strictEqual(result.relatedLocations[0].physicalLocation.region.startLine, 51);
    assert.strictEqual(result.relatedLocations[0].physicalLocation.artifactLocation.uri, file);
  });

  it('writes SARIF 2.1.0 with rules, help URIs and fixes', () => {
    const r = cli(['examples', '--format', 'sarif', '--fail-on', 'none']);
    const sarif = JSON.parse(r.stdout);
    assert.strictEqual(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.ok(run.tool.driver.rules.length >= ALL_RULES.length);
    for (const res of run.results) {
      assert.strictEqual(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
    }
    assert.ok(run.results.some((x: { fixes?: unknown[] }) => x.fixes && x.fixes.length > 0));
  });
});
