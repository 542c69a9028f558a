/** Protocol tests: the real server (dist/server.js) over stdio, driven by a test client. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CodeAction, CodeLens, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseCfnYaml } from '../server/src/parsers/cfn-yaml/parse';
import { pathToUri, TestClient } from './lsp/client';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: '20'
      StorageEncrypted: true
`;

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

function applyTextEdits(text: string, edits: TextEdit[]): string {
  const doc = TextDocument.create('file:///x', 'yaml', 0, text);
  return TextDocument.applyEdits(doc, edits);
}

function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in text`);
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

async function codeActions(c: TestClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } })) as CodeAction[];
}

describe('language server over stdio (push diagnostics)', function () {
  this.timeout(60000);
  let c: TestClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ael-lsp-'));
    c = new TestClient({ rootPath: dir });
    await c.start();
  });
  after(async () => {
    await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes diagnostics with the document version, source, code and docs link', async () => {
    const uri = pathToUri(path.join(dir, 'a.yaml'));
    c.open(uri, TEMPLATE);
    const ds = await c.diagnostics(uri, (p) => p.version === 1);
    assert.deepStrictEqual(codes(ds), ['kinesis-stream-unencrypted', 'rds-ssl-not-enforced', 's3-bucket-key-disabled', 's3-bucket-policy-no-secure-transport']);
    const kinesis = ds.find((d) => d.code === 'kinesis-stream-unencrypted')!;
    assert.strictEqual(kinesis.source, 'aws-encryption-lint');
    assert.strictEqual(kinesis.severity, 1);
    assert.match(String(kinesis.codeDescription!.href), /docs\/rules\/kinesis-stream-unencrypted\.md$/);
    assert.strictEqual(kinesis.range.start.line, 9);
  });

  it('re-lints each incremental change and publishes for the newest version', async () => {
    const uri = pathToUri(path.join(dir, 'b.yaml'));
    c.open(uri, TEMPLATE);
    await c.diagnostics(uri, (p) => p.version === 1);
    // Type "StreamEncryption" for the stream, one change at a time (versions 2..4).
    const at = positionOf(TEMPLATE, '      ShardCount: 1');
    c.change(uri, 2, [{ range: { start: at, end: at }, text: '      StreamEncryption:\n' }]);
    c.change(uri, 3, [{ range: { start: { line: at.line + 1, character: 0 }, end: { line: at.line + 1, character: 0 } }, text: '        EncryptionType: KMS\n' }]);
    c.change(uri, 4, [{ range: { start: { line: at.line + 2, character: 0 }, end: { line: at.line + 2, character: 0 } }, text: '        KeyId: alias/aws/kinesis\n' }]);
    const ds = await c.diagnostics(uri, (p) => p.version === 4);
    assert.ok(!codes(ds).includes('kinesis-stream-unencrypted'), JSON.stringify(codes(ds)));
    // Diagnostics are never published for a version older than one already published.
    const versions = c.publishedFor(uri).map((p) => p.version!);
    assert.deepStrictEqual(versions, [...versions].sort((x, y) => x - y));
  });

  it('offers quick-fixes carried in Diagnostic.data; applying one removes the finding and the text still parses', async () => {
    const uri = pathToUri(path.join(dir, 'c.yaml'));
    c.open(uri, TEMPLATE);
    const ds = await c.diagnostics(uri, (p) => p.version === 1);
    const target = ds.find((d) => d.code === 'kinesis-stream-unencrypted')!;
    const actions = await codeActions(c, uri, [target], ['quickfix']);
    const fix = actions.find((a) => a.edit && a.kind === 'quickfix' && !a.title.startsWith('Suppress'))!;
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.strictEqual(fix.isPreferred, true);
    assert.ok(actions.some((a) => a.title === 'Suppress kinesis-stream-unencrypted for this resource'));
    assert.ok(actions.some((a) => a.title === 'Show documentation for kinesis-stream-unencrypted' && a.command));
    const fixed = applyTextEdits(TEMPLATE, fix.edit!.changes![uri]);
    assert.match(fixed, /StreamEncryption:/);
    assert.strictEqual(parseCfnYaml({ uri, text: fixed }).parseErrors.length, 0);
    c.change(uri, 2, [{ text: fixed }]);
    const after = await c.diagnostics(uri, (p) => p.version === 2);
    assert.ok(!codes(after).includes('kinesis-stream-unencrypted'));
  });

  it('refuses a fix once the document version has moved on', async () => {
    const uri = pathToUri(path.join(dir, 'd.yaml'));
    c.open(uri, TEMPLATE);
    const ds = await c.diagnostics(uri, (p) => p.version === 1);
    c.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
    await c.diagnostics(uri, (p) => p.version === 2);
    const stale = await codeActions(c, uri, [ds.find((d) => d.code === 'kinesis-stream-unencrypted')!], ['quickfix']);
    assert.deepStrictEqual(stale, []);
  });

  it('offers the current fix for a diagnostic of an older version when the finding has not moved', async () => {
    const uri = pathToUri(path.join(dir, 'd2.yaml'));
    c.open(uri, TEMPLATE);
    const ds = await c.diagnostics(uri, (p) => p.version === 1);
    // An edit after the finding leaves it where it was.
    c.change(uri, 2, [{ range: { start: { line: 20, character: 0 }, end: { line: 20, character: 0 } }, text: '# edited below\n' }]);
    await c.diagnostics(uri, (p) => p.version === 2);
    const actions = await codeActions(c, uri, [ds.find((d) => d.code === 'kinesis-stream-unencrypted')!], ['quickfix']);
    const fix = actions.find((a) => a.edit && !a.title.startsWith('Suppress'))!;
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const text = applyTextEdits(TEMPLATE + '# edited below\n', fix.edit!.changes![uri]);
    assert.match(text, /StreamEncryption:/);
  });

  it('suppresses a rule for a resource with a comment in the file', async () => {
    const uri = pathToUri(path.join(dir, 'e.yaml'));
    c.open(uri, TEMPLATE);
    const ds = await c.diagnostics(uri, (p) => p.version === 1);
    const actions = await codeActions(c, uri, [ds.find((d) => d.code === 'rds-ssl-not-enforced')!], ['quickfix']);
    const suppress = actions.find((a) => a.title.startsWith('Suppress'))!;
    const text = applyTextEdits(TEMPLATE, suppress.edit!.changes![uri]);
    assert.match(text, /\n {2}# aws-encryption-lint-disable-next-line rds-ssl-not-enforced -- reason\n {2}Db:/);
    c.change(uri, 2, [{ text }]);
    const after = await c.diagnostics(uri, (p) => p.version === 2);
    assert.ok(!codes(after).includes('rds-ssl-not-enforced'));
    assert.ok(codes(after).includes('kinesis-stream-unencrypted'));
  });

  it('fix-all applies the safe fixes as source.fixAll.awsEncryptionLint', async () => {
    const uri = pathToUri(path.join(dir, 'f.yaml'));
    c.open(uri, TEMPLATE);
    await c.diagnostics(uri, (p) => p.version === 1);
    const actions = await codeActions(c, uri, [], ['source.fixAll']);
    const all = actions.find((a) => a.kind === 'source.fixAll.awsEncryptionLint')!;
    assert.strictEqual(all.title, 'Fix all aws-encryption-lint problems');
    const fixed = applyTextEdits(TEMPLATE, all.edit!.changes![uri]);
    assert.strictEqual(parseCfnYaml({ uri, text: fixed }).parseErrors.length, 0);
    c.change(uri, 2, [{ text: fixed }]);
    const after = await c.diagnostics(uri, (p) => p.version === 2);
    assert.ok(after.length < 4, JSON.stringify(codes(after)));
    assert.ok(!codes(after).includes('kinesis-stream-unencrypted'));
    // Quick-fix requests do not return the fix-all action.
    assert.ok(!(await codeActions(c, uri, [], ['quickfix'])).some((a) => a.kind === 'source.fixAll.awsEncryptionLint'));
    // Fix-all runs to a fixed point: a second one has nothing left to do.
    assert.ok(!(await codeActions(c, uri, [], ['source.fixAll'])).some((a) => a.kind === 'source.fixAll.awsEncryptionLint'));
  });

  it('hovers explain the mechanism of a value and the rule of a finding', async () => {
    const uri = pathToUri(path.join(dir, 'g.yaml'));
    c.open(uri, TEMPLATE);
    await c.diagnostics(uri, (p) => p.version === 1);
    const onValue = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(TEMPLATE, 'aws:kms', 2) })) as Hover;
    assert.match((onValue.contents as MarkupContent).value, /SSE-KMS/);
    const onStream = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(TEMPLATE, 'Stream:', 1) })) as Hover;
    assert.match((onStream.contents as MarkupContent).value, /kinesis-stream-unencrypted/);
    const onRds = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(TEMPLATE, 'StorageEncrypted', 3) })) as Hover;
    assert.match((onRds.contents as MarkupContent).value, /replace/i);
    const nothing = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(TEMPLATE, "'2010", 2) });
    assert.strictEqual(nothing, null);
  });

  it('shows a code lens on RDS StorageEncrypted saying a change replaces the database', async () => {
    const uri = pathToUri(path.join(dir, 'h.yaml'));
    c.open(uri, TEMPLATE);
    await c.diagnostics(uri, (p) => p.version === 1);
    const lenses = (await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.strictEqual(lenses.length, 1);
    assert.strictEqual(lenses[0].range.start.line, 19);
    assert.match(lenses[0].command!.title, /replace/i);
  });

  it('a configuration change re-lints open documents with the new severities', async () => {
    const uri = pathToUri(path.join(dir, 'i.yaml'));
    c.open(uri, TEMPLATE);
    await c.diagnostics(uri, (p) => p.version === 1 && p.diagnostics.length === 4);
    const before = c.publishedFor(uri).length;
    c.changeSettings({ rules: { 'kinesis-stream-unencrypted': 'off', 'rds-ssl-not-enforced': 'error' } });
    const ds = await c.diagnostics(uri, (p) => c.publishedFor(uri).indexOf(p) >= before);
    assert.ok(!codes(ds).includes('kinesis-stream-unencrypted'));
    assert.strictEqual(ds.find((d) => d.code === 'rds-ssl-not-enforced')!.severity, 1);
    c.changeSettings({});
  });

  it('reports problems of the project configuration file on the file itself', async () => {
    const uri = pathToUri(path.join(dir, '.aws-encryption-lint.json'));
    c.open(uri, '{ "rules": { "no-such-rule": "error" }, "colour": 1 }', 'json');
    const ds = await c.diagnostics(uri, (p) => p.version === 1 && p.diagnostics.length > 0);
    assert.ok(ds.some((d) => /Unknown rule id "no-such-rule"/.test(String(d.message))));
    assert.ok(ds.some((d) => /Unknown configuration key "colour"/.test(String(d.message))));
  });

  it('survives bad documents and keeps answering', async () => {
    const uri = pathToUri(path.join(dir, 'bad.yaml'));
    c.open(uri, "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [\n    Type: {{{\n\u0000\ud800");
    const ds = await c.diagnostics(uri, (p) => p.version === 1);
    assert.ok(ds.every((d) => d.code === 'parse-error'), JSON.stringify(ds));
    await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 5 } });
    await codeActions(c, uri, [], ['source.fixAll']);
    // Requests for documents the server never saw are answered empty.
    assert.deepStrictEqual(await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: 'file:///nowhere.yaml' } }), []);
    assert.ok(c.alive);
  });

  it('lints unsaved (untitled) documents by their language', async () => {
    const uri = 'untitled:Untitled-1';
    c.open(uri, TEMPLATE, 'yaml');
    assert.strictEqual((await c.diagnostics(uri, (p) => p.version === 1)).length, 4);
  });

  it('leaves YAML files that are not templates alone', async () => {
    const uri = pathToUri(path.join(dir, 'k8s.yaml'));
    c.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    assert.deepStrictEqual(await c.diagnostics(uri, (p) => p.version === 1), []);
  });
});

describe('language server over stdio (pull diagnostics)', function () {
  this.timeout(60000);
  let c: TestClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ael-lsp-pull-'));
    c = new TestClient({ pull: true, rootPath: dir });
    await c.start();
  });
  after(async () => {
    await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers textDocument/diagnostic and never pushes to a pull client', async () => {
    const uri = pathToUri(path.join(dir, 'a.yaml'));
    c.open(uri, TEMPLATE);
    const report = (await c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: Diagnostic[] };
    assert.strictEqual(report.kind, 'full');
    assert.strictEqual(report.items.length, 4);
    c.change(uri, 2, [{ text: TEMPLATE.replace('      ShardCount: 1\n', '      ShardCount: 1\n      StreamEncryption:\n        EncryptionType: KMS\n        KeyId: alias/aws/kinesis\n') }]);
    const next = (await c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] };
    assert.strictEqual(next.items.length, 3);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepStrictEqual(c.publishedFor(uri), []);
  });

  it('asks the client to pull again when the configuration changes', async () => {
    const before = c.refreshes;
    c.changeSettings({ rules: { 's3-bucket-key-disabled': 'off' } });
    const deadline = Date.now() + 10000;
    while (c.refreshes === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(c.refreshes > before);
  });
});

describe('language server workspace index', function () {
  this.timeout(60000);
  it('lints the workspace on request and publishes closed files, with a hang guard', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ael-lsp-ws-'));
    fs.writeFileSync(path.join(dir, 'one.yaml'), TEMPLATE);
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'skip.yaml'), TEMPLATE);
    fs.writeFileSync(path.join(dir, 'ignored.yaml'), TEMPLATE);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored.yaml\n');
    const c = new TestClient({ rootPath: dir });
    try {
      await c.start();
      const r = (await c.conn.sendRequest('awsEncryptionLint/lintWorkspace')) as { files: number; findings: number };
      assert.deepStrictEqual({ files: r.files, findings: r.findings }, { files: 1, findings: 4 });
      const uri = pathToUri(path.join(dir, 'one.yaml'));
      assert.strictEqual((await c.diagnostics(uri, () => true)).length, 4);
    } finally {
      await c.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('language server cross-file findings', function () {
  this.timeout(60000);
  const fixture = path.join(__dirname, '..', '..', 'test', 'fixtures', 'projects', 'firehose-s3-kms-permissions', 'positive');
  const KMS_STATEMENT = `              - Effect: Allow
                Action: [kms:GenerateDataKey, kms:Decrypt]
                Resource: '*'
`;

  it('updates the delivery stream diagnostic when the role in another open file is edited', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ael-lsp-x-'));
    const c = new TestClient({ rootPath: dir });
    try {
      await c.start();
      const roles = fs.readFileSync(path.join(fixture, 'roles.yaml'), 'utf8');
      const stream = fs.readFileSync(path.join(fixture, 'stream.yaml'), 'utf8');
      const rolesUri = pathToUri(path.join(dir, 'roles.yaml'));
      const streamUri = pathToUri(path.join(dir, 'stream.yaml'));
      c.open(rolesUri, roles);
      c.open(streamUri, stream);
      const ds = await c.diagnostics(streamUri, (p) => p.diagnostics.some((d) => d.code === 'firehose-s3-kms-permissions'));
      const d = ds.find((x) => x.code === 'firehose-s3-kms-permissions')!;
      assert.ok(d.relatedInformation?.some((r) => r.location.uri === rolesUri), JSON.stringify(d.relatedInformation));
      const hasFinding = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.some((x) => x.code === 'firehose-s3-kms-permissions');
      c.change(rolesUri, 2, [{ text: roles + KMS_STATEMENT }]);
      await c.diagnostics(streamUri, (p) => !hasFinding(p));
      // Undo the edit: the finding comes back.
      const count = c.publishedFor(streamUri).length;
      c.change(rolesUri, 3, [{ text: roles }]);
      await c.diagnostics(streamUri, (p) => c.publishedFor(streamUri).indexOf(p) >= count && hasFinding(p));
    } finally {
      await c.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('knows a role in a closed file through the background workspace index', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ael-lsp-y-'));
    fs.writeFileSync(path.join(dir, 'roles.yaml'), fs.readFileSync(path.join(fixture, 'roles.yaml'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'stream.yaml'), fs.readFileSync(path.join(fixture, 'stream.yaml'), 'utf8'));
    const c = new TestClient({ rootPath: dir });
    try {
      await c.start();
      // The role lacking the KMS permissions is only on disk: once the index has read it, the stream is reported.
      await c.conn.sendRequest('awsEncryptionLint/lintWorkspace');
      const streamUri = pathToUri(path.join(dir, 'stream.yaml'));
      c.open(streamUri, fs.readFileSync(path.join(dir, 'stream.yaml'), 'utf8'));
      const ds = await c.diagnostics(streamUri, (p) => p.version === 1);
      assert.ok(ds.some((x) => x.code === 'firehose-s3-kms-permissions'), JSON.stringify(ds.map((x) => x.code)));
    } finally {
      await c.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('language server with CDK and SDK code', function () {
  this.timeout(60000);
  const STACK_TS = `import * as cdk from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';

export class DataStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);
    new kinesis.Stream(this, 'Events', { encryption: kinesis.StreamEncryption.UNENCRYPTED });
  }
}
`;
  const APP_PY = `import boto3

s3 = boto3.client("s3", use_ssl=False)
s3.put_object(Bucket="b", Key="k", Body=b"x", SSECustomerKey=key, SSECustomerAlgorithm="AES256")
`;
  let c: TestClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ael-lsp-code-'));
    c = new TestClient({ rootPath: dir });
    await c.start();
  });
  after(async () => {
    await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lints a CDK TypeScript stack as typed and applies its quick-fix', async () => {
    const uri = pathToUri(path.join(dir, 'stack.ts'));
    c.open(uri, STACK_TS, 'typescript');
    const ds = await c.diagnostics(uri, (p) => p.version === 1);
    const d = ds.find((x) => x.code === 'kinesis-stream-unencrypted')!;
    assert.ok(d, JSON.stringify(ds.map((x) => x.code)));
    const fix = (await codeActions(c, uri, [d], ['quickfix'])).find((a) => a.edit && !a.title.startsWith('Suppress'))!;
    const fixed = applyTextEdits(STACK_TS, fix.edit!.changes![uri]);
    assert.notStrictEqual(fixed, STACK_TS);
    c.change(uri, 2, [{ text: fixed }]);
    const after = await c.diagnostics(uri, (p) => p.version === 2);
    assert.ok(!after.some((x) => x.code === 'kinesis-stream-unencrypted'), fixed);
  });

  it('lints boto3 calls in Python once the parser has loaded, without blocking', async () => {
    const uri = pathToUri(path.join(dir, 'app.py'));
    c.open(uri, APP_PY, 'python');
    const ds = await c.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepStrictEqual(codes(ds), ['s3-sse-c-over-http', 's3-sse-c-usage', 'sdk-tls-disabled']);
    const hover = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(APP_PY, 'use_ssl', 2) })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /sdk-tls-disabled/);
  });
});
