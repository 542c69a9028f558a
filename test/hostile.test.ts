/**
 * Hostile input gets a clear message, never a crash or a hang: alias bombs, 10 MB and 100 MB files, binary files,
 * 10,000-deep nesting, a 1 MB single line, invalid UTF-8, symlink loops, pipes, devices and unreadable files.
 * The CLI runs as a real process (out/server/src/cli/main.js) so that a hang is caught by a timeout.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { ALL_RULES } from '../server/src/rules/registry';
import { REPO } from './helpers';
import { pathToUri, SERVER, TestClient } from './lsp/client';

const CLI = path.join(REPO, 'out', 'server', 'src', 'cli', 'main.js');
const HANG_GUARD_MS = 120_000;

interface JsonFinding { ruleId: string; severity: string; message: string; file: string; range: { start: { line: number } } }
interface Run { code: number | null; findings: JsonFinding[]; files: number; stderr: string }

function runCli(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--fail-on', 'none', ...args], { cwd, encoding: 'utf8', timeout: HANG_GUARD_MS, maxBuffer: 512 * 1024 * 1024 });
  assert.ok(!r.error, `the CLI did not finish: ${r.error?.message}`);
  assert.notStrictEqual(r.status, 2, `exit code 2 (internal failure): ${r.stderr}`);
  assert.ok(!/internal failure|RangeError|TypeError|at .*\.js:\d+/.test(r.stderr), `stack trace on stderr: ${r.stderr.slice(0, 500)}`);
  const report = JSON.parse(r.stdout);
  const findings = report.findings as JsonFinding[];
  assert.deepStrictEqual(findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), [], 'no internal error');
  return { code: r.status, findings, files: report.summary.files, stderr: r.stderr };
}

const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";

function billionLaughs(): string {
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Mappings:', '  Bomb:', '    a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  let prev = 'a';
  for (const n of 'bcdefghi') {
    lines.push(`    ${n}: &${n} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    prev = n;
  }
  lines.push('Resources:', '  Bucket:', '    Type: AWS::S3::Bucket', '    Properties:', `      Tags: *${prev}`);
  return lines.join('\n') + '\n';
}

/** A YAML template of about `bytes` bytes: a few resources and a large Mappings section. */
function bigTemplate(bytes: number): string {
  const parts = [HEADER, 'Mappings:\n  RegionMap:\n'];
  let size = parts.join('').length;
  for (let i = 0; size < bytes; i++) {
    const entry = `    region-${i}:\n      Ami: ami-${String(i).padStart(17, '0')}\n`;
    parts.push(entry);
    size += entry.length;
  }
  return parts.join('');
}

function oneLineJson(resources: number): string {
  const body = Array.from({ length: resources }, (_, i) => `"Bucket${i}":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"bucket-${i}"}}`).join(',');
  return `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{${body}}}`;
}

const DEPTH = 10_000;
const DEEP: Record<string, string> = {
  'deep-flow-seq.yaml': `${HEADER}    Properties:\n      Tags: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`,
  'deep-flow-map.yaml': `${HEADER}    Properties:\n      Tags: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`,
  'deep-block-seq.yaml': `${HEADER}    Properties:\n      Tags:\n        ${'- '.repeat(DEPTH)}x\n`,
  'deep.json': `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"Tags":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}}}}`,
  'deep-array.json': `{\n "AWSTemplateFormatVersion": "2010-09-09",\n "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}}\n}`,
};

describe('hostile input (CLI as a process, engine in-process)', function () {
  this.timeout(600_000);
  let dir: string;

  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run tsc -p . first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a YAML alias bomb ends in a parse-error that names the limit, quickly', () => {
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), billionLaughs());
    const r = runCli(['bomb.yaml'], dir);
    const parse = r.findings.filter((f) => f.ruleId === 'parse-error');
    assert.strictEqual(parse.length, 1);
    assert.match(parse[0].message, /alias expansion or nesting exceeds the limit/);
    const res = lintText({ uri: 'bomb.yaml', text: billionLaughs() }, { config: defaultConfig(), rules: ALL_RULES });
    assert.ok(res.findings.some((f) => f.ruleId === 'parse-error'));
  });

  it('a 10 MB file is skipped with a notice under the default maxFileSize, and checked when the limit allows it', () => {
    const file = path.join(dir, 'ten-mb.yaml');
    fs.writeFileSync(file, bigTemplate(10_000_000));
    assert.ok(fs.statSync(file).size >= 10_000_000);
    const skipped = runCli(['ten-mb.yaml'], dir);
    assert.deepStrictEqual(skipped.findings.map((f) => f.ruleId), ['file-skipped']);
    assert.match(skipped.findings[0].message, /above the maxFileSize limit of 5000000; it was not checked/);
    const cfg = path.join(dir, 'big.aws-encryption-lint.json');
    fs.writeFileSync(cfg, JSON.stringify({ maxFileSize: 20_000_000 }));
    const checked = runCli(['ten-mb.yaml', '--config', cfg], dir);
    assert.strictEqual(checked.files, 1);
    assert.ok(checked.findings.some((f) => f.ruleId.startsWith('s3-')), 'the bucket is checked');
    fs.rmSync(file);
  });

  it('duplicate keys are still reported (the linear check that replaced the quadratic one), once even through aliases', () => {
    const text = `${HEADER}    Properties:\n      BucketName: a\n      BucketName: b\n  Other: &o {Type: AWS::S3::Bucket, Type: AWS::S3::Bucket}\n  Third: *o\n`;
    const res = lintText({ uri: 'dup.yaml', text }, { config: defaultConfig(), rules: ALL_RULES });
    const parse = res.findings.filter((f) => f.ruleId === 'parse-error');
    assert.strictEqual(parse.length, 1);
    assert.match(parse[0].message, /Map keys must be unique \(1 more problems follow\)/);
    assert.strictEqual(text.slice(parse[0].span.start, parse[0].span.end), 'BucketName');
    assert.strictEqual(parse[0].span.start, text.lastIndexOf('BucketName'));
  });

  it('a 100 MB file is skipped from its size alone (never read), with a notice', () => {
    const file = path.join(dir, 'hundred-mb.json');
    const fd = fs.openSync(file, 'w');
    const chunk = Buffer.from(' '.repeat(1024 * 1024));
    fs.writeSync(fd, '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}, "Metadata": "');
    for (let i = 0; i < 100; i++) fs.writeSync(fd, chunk);
    fs.writeSync(fd, '"}');
    fs.closeSync(fd);
    const r = runCli(['hundred-mb.json'], dir);
    assert.deepStrictEqual(r.findings.map((f) => `${f.ruleId} ${f.severity}`), ['file-skipped information']);
    assert.match(r.findings[0].message, /The file is 1048576\d\d bytes, above the maxFileSize limit/);
    fs.rmSync(file);
  });

  it('binary files are skipped with a notice, in a walk and when named', () => {
    const sub = path.join(dir, 'binary');
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, 'image.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    fs.writeFileSync(path.join(sub, 'archive.template'), Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from(HEADER)]));
    const r = runCli(['binary'], dir);
    assert.deepStrictEqual(r.findings.map((f) => `${f.file} ${f.ruleId}`).sort(), ['binary/archive.template file-skipped', 'binary/image.yaml file-skipped']);
    assert.ok(r.findings.every((f) => /looks binary/.test(f.message)));
  });

  for (const [name, text] of Object.entries(DEEP)) {
    it(`${DEPTH.toLocaleString('en')}-deep nesting (${name}) gives a parse-error, not a stack overflow`, () => {
      fs.writeFileSync(path.join(dir, name), text);
      const r = runCli([name], dir);
      const parse = r.findings.filter((f) => f.ruleId === 'parse-error');
      assert.strictEqual(parse.length, 1, JSON.stringify(r.findings.map((f) => f.message)));
      assert.match(parse[0].message, /nests too deeply|nesting exceeds the limit/);
      const res = lintText({ uri: name, text }, { config: defaultConfig(), rules: ALL_RULES });
      assert.deepStrictEqual(res.findings.filter((f) => f.ruleId === 'internal-error'), []);
    });
  }

  it('a 1 MB single line (minified JSON with 16,000 buckets) is checked; every finding is on line 1', () => {
    const text = oneLineJson(16_000);
    assert.ok(text.length > 1_000_000 && !text.includes('\n'));
    fs.writeFileSync(path.join(dir, 'one-line.json'), text);
    const r = runCli(['one-line.json'], dir);
    assert.strictEqual(r.files, 1);
    assert.ok(r.findings.filter((f) => f.ruleId === 's3-bucket-policy-no-secure-transport').length === 16_000);
    assert.ok(r.findings.every((f) => f.range.start.line === 1));
    const yamlLine = `${HEADER}    Properties:\n      BucketName: ${'x'.repeat(1_000_000)}\n`;
    fs.writeFileSync(path.join(dir, 'long-scalar.yaml'), yamlLine);
    const y = runCli(['long-scalar.yaml'], dir);
    assert.strictEqual(y.files, 1);
  });

  it('invalid UTF-8 is read with replacement characters and checked, not rejected or crashed on', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}    Properties:\n      BucketName: caf`), Buffer.from([0xc3, 0x28, 0x20, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0xf0, 0x28, 0x8c, 0x28]), Buffer.from('\n')]);
    fs.writeFileSync(path.join(dir, 'bad-utf8.yaml'), bytes);
    const r = runCli(['bad-utf8.yaml'], dir);
    assert.strictEqual(r.files, 1);
    assert.ok(r.findings.some((f) => f.ruleId === 's3-bucket-policy-no-secure-transport'));
  });

  it('symlink loops in the walk end: a folder linking to itself, a link to itself, two links to each other', () => {
    const sub = path.join(dir, 'loops');
    fs.mkdirSync(path.join(sub, 'inner'), { recursive: true });
    fs.writeFileSync(path.join(sub, 'inner', 'template.yaml'), HEADER);
    fs.symlinkSync(sub, path.join(sub, 'inner', 'up'));
    fs.symlinkSync(path.join(sub, 'inner'), path.join(sub, 'inner', 'again.yaml'));
    fs.symlinkSync('self.yaml', path.join(sub, 'self.yaml'));
    fs.symlinkSync('b.yaml', path.join(sub, 'a.yaml'));
    fs.symlinkSync('a.yaml', path.join(sub, 'b.yaml'));
    const r = runCli(['loops'], dir);
    assert.strictEqual(r.files, 1, 'only the real template is checked');
    const skipped = r.findings.filter((f) => f.ruleId === 'file-skipped').map((f) => `${f.file}: ${f.message}`).sort();
    assert.deepStrictEqual(skipped, ['loops/a.yaml: The symbolic link points nowhere.', 'loops/b.yaml: The symbolic link points nowhere.', 'loops/self.yaml: The symbolic link points nowhere.']);
  });

  it('pipes and devices named on the command line are skipped, not read (reading them would block or never end)', function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(dir, 'pipe.yaml');
    const made = spawnSync('mkfifo', [fifo]);
    const targets = ['/dev/zero', ...(made.status === 0 ? ['pipe.yaml'] : [])];
    const r = runCli(targets, dir);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), targets.map(() => 'file-skipped'));
    assert.ok(r.findings.every((f) => /not a regular file/.test(f.message)));
  });

  it('unreadable files and folders get a notice', function () {
    const sub = path.join(dir, 'locked');
    fs.mkdirSync(path.join(sub, 'closed'), { recursive: true });
    fs.writeFileSync(path.join(sub, 'secret.yaml'), HEADER);
    fs.chmodSync(path.join(sub, 'secret.yaml'), 0o000);
    fs.chmodSync(path.join(sub, 'closed'), 0o000);
    let readable = true;
    try {
      fs.readFileSync(path.join(sub, 'secret.yaml'));
    } catch {
      readable = false;
    }
    if (readable) {
      console.log('    (notice: running with privileges that read mode-000 files; unreadable-file case skipped)');
      fs.chmodSync(path.join(sub, 'closed'), 0o755);
      this.skip();
    }
    const r = runCli(['locked'], dir);
    fs.chmodSync(path.join(sub, 'closed'), 0o755);
    const skipped = r.findings.filter((f) => f.ruleId === 'file-skipped').map((f) => f.file).sort();
    assert.deepStrictEqual(skipped, ['locked/closed', 'locked/secret.yaml']);
  });
});

describe('hostile input in the language server (real server over stdio)', function () {
  this.timeout(300_000);

  it('opens alias bombs, 10,000-deep nesting, a 1 MB line, lone surrogates, a BOM, NULs and a 6 MB document: it answers, stays up and publishes for each', async function () {
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run npm run build first`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-lsp-'));
    const c = new TestClient({ rootPath: dir });
    try {
      await c.start();
      const docs: Record<string, string> = {
        'bomb.yaml': billionLaughs(),
        ...DEEP,
        'one-line.json': oneLineJson(16_000),
        'surrogates.yaml': `${HEADER}    Properties:\n      BucketName: a\uD800b\uDC00c\uDBFF\n`,
        'bom.yaml': `\uFEFF${HEADER}`,
        'nul.yaml': `${HEADER}    Properties:\n      BucketName: a\u0000b\n`,
        'huge.yaml': bigTemplate(6_000_000),
      };
      for (const [name, text] of Object.entries(docs)) {
        const uri = pathToUri(path.join(dir, name));
        c.open(uri, text, name.endsWith('.json') ? 'json' : 'yaml');
        await c.diagnostics(uri, (p) => p.version === 1, 120_000);
        const hover = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 10 } });
        assert.ok(hover === null || typeof hover === 'object');
        const actions = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, context: { diagnostics: [] } });
        assert.ok(Array.isArray(actions) || actions === null);
        assert.ok(c.alive, `the server died on ${name}: ${c.stderr}`);
      }
      const huge = c.publishedFor(pathToUri(path.join(dir, 'huge.yaml'))).at(-1)!;
      assert.ok(huge.diagnostics.some((d) => /maxFileSize/.test(String(d.message))), `a document above maxFileSize gets a notice: ${JSON.stringify(huge.diagnostics.map((d) => d.message))}`);
      const deep = c.publishedFor(pathToUri(path.join(dir, 'deep.json'))).at(-1)!;
      assert.ok(deep.diagnostics.some((d) => /nests too deeply/.test(String(d.message))));
    } finally {
      await c.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
