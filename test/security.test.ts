/**
 * Security: the CLI and the server never execute workspace code (no require/import of workspace files, no child
 * processes, no eval or Function), never open a network connection (they run here with those APIs trapped, see
 * scripts/fuzz/trap.js), declare their untrusted-workspace behaviour, and a configuration file holds data only.
 */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as rpc from 'vscode-languageserver-protocol/node';
import { validateConfig } from '../server/src/engine/config';
import { KNOWN_IDS } from '../server/src/rules/registry';
import { REPO } from './helpers';

const TRAP = path.join(REPO, 'scripts', 'fuzz', 'trap.js');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SERVER = path.join(REPO, 'dist', 'server.js');

/** A workspace whose code, if anything ran or loaded it, would write `marker`. */
function hostileWorkspace(dir: string, marker: string): void {
  const m = JSON.stringify(marker);
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const touch = `require('fs').writeFileSync(${m}, 'executed ' + __filename);\n`;
  write('evil.js', touch);
  write('cdk.json', JSON.stringify({ app: 'node evil.js', context: {} }));
  write('package.json', JSON.stringify({ name: 'victim', main: 'evil.js', scripts: { preinstall: 'node evil.js', test: 'node evil.js', build: 'node evil.js' } }));
  write('tsconfig.json', JSON.stringify({ compilerOptions: { plugins: [{ name: './evil.js' }] } }));
  write('node_modules/aws-cdk-lib/index.js', touch);
  write('node_modules/aws-cdk-lib/package.json', JSON.stringify({ name: 'aws-cdk-lib', main: 'index.js' }));
  write('node_modules/@aws-sdk/client-s3/index.js', touch);
  write('lib/helper.ts', `import * as fs from 'fs';\nfs.writeFileSync(${m}, 'executed helper');\nexport const name = 'data';\n`);
  write('lib/stack.ts', `import * as cdk from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nimport { name } from './helper';\nrequire('../evil.js');\n` +
    `export class Stack extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    new s3.Bucket(this, 'Data', { encryption: s3.BucketEncryption.UNENCRYPTED, bucketName: name });\n  }\n}\n`);
  write('app.py', `import os\nopen(${m}, 'w').write('executed python')\nimport evil_module\nfrom aws_cdk import aws_s3 as s3, Stack\n\n` +
    `class AppStack(Stack):\n    def __init__(self, scope, id):\n        super().__init__(scope, id)\n        s3.Bucket(self, "Logs", encryption=s3.BucketEncryption.UNENCRYPTED)\n`);
  write('evil_module.py', `open(${m}, 'w').write('executed module')\n`);
  write('src/upload.js', `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');\nrequire('../evil.js');\n` +
    `const client = new S3Client({ endpoint: 'http://s3.amazonaws.com', tls: false });\nclient.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));\n`);
  write('template.yaml', `AWSTemplateFormatVersion: '2010-09-09'\nTransform:\n  - AWS::Serverless-2016-10-31\n  - Name: AWS::Include\n    Parameters:\n      Location: ./evil.js\n` +
    `Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ./evil.js\n      Handler: evil.handler\n      Runtime: nodejs20.x\n` +
    `  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '\${AWS::StackName}-data'\n` +
    `  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: '20'\n`);
  write('.aws-encryption-lint.yaml', `rules: !!js/function 'function () { require("fs").writeFileSync(${m}, "executed config") }'\n` +
    `keyPolicy: !!js/undefined ''\nplugins: ['./evil.js']\nextends: ./evil.js\n__proto__: { polluted: true }\n`);
}

function readLog(log: string): string {
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
}

const COMMENT = /^\s*(\/\/|\*|\/\*)/;

describe('security: no code execution, no network, data-only configuration', function () {
  this.timeout(180_000);
  let dir: string;
  let workspace: string;
  let marker: string;
  let log: string;

  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-'));
    workspace = path.join(dir, 'workspace');
    marker = path.join(dir, 'EXECUTED');
    log = path.join(dir, 'trap.log');
    hostileWorkspace(workspace, marker);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => fs.rmSync(log, { force: true }));

  it('the trap itself works: a trapped process that connects, spawns or requires a workspace file is logged', () => {
    const probe = `
      for (const attempt of [
        () => require('net').connect(9, '127.0.0.1'),
        () => require('https').request('https://example.com'),
        () => require('dns').lookup('example.com', () => {}),
        () => require('child_process').execSync('true'),
        () => fetch('https://example.com'),
        () => require('vm').runInNewContext('1'),
        () => require(${JSON.stringify(path.join(workspace, 'node_modules', 'aws-cdk-lib'))}),
      ]) { try { attempt(); } catch {} }`;
    const r = spawnSync(process.execPath, ['--require', TRAP, '-e', probe], { env: { ...process.env, TRAP_LOG: log, TRAP_WORKSPACE: workspace }, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const text = readLog(log);
    for (const what of ['net.connect', 'https.request', 'dns.lookup', 'child_process.execSync', 'fetch', 'vm.runInNewContext', 'require of a workspace file']) {
      assert.ok(text.includes(`TRAPPED ${what}`), `${what} was not trapped:\n${text}`);
    }
    fs.rmSync(marker, { force: true }); // the probe's require of the workspace module did run it: that is the point
  });

  it('the CLI lints a hostile workspace with network, processes and evaluation trapped: nothing used, nothing executed', () => {
    const r = spawnSync(process.execPath, ['--require', TRAP, CLI, '.', '--format', 'json', '--fail-on', 'none'], {
      cwd: workspace, env: { ...process.env, TRAP_LOG: log, TRAP_WORKSPACE: workspace }, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024,
    });
    assert.strictEqual(readLog(log), '', 'a trapped API was used');
    assert.strictEqual(r.status, 0, r.stderr);
    assert.ok(!fs.existsSync(marker), `workspace code ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
    const report = JSON.parse(r.stdout);
    const files = new Set((report.findings as { file: string }[]).map((f) => f.file));
    for (const f of ['template.yaml', 'lib/stack.ts', 'app.py', 'src/upload.js']) assert.ok(files.has(f), `${f} was read and linted (as text)`);
    assert.ok(files.has('.aws-encryption-lint.yaml'), 'the configuration problems were reported');
    const configMessages = (report.findings as { file: string; message: string }[]).filter((f) => f.file === '.aws-encryption-lint.yaml').map((f) => f.message);
    for (const expected of [/"rules" must map rule ids/, /Unknown configuration key "plugins"/, /Unknown configuration key "extends"/, /Unknown configuration key "__proto__"/]) {
      assert.ok(configMessages.some((m) => expected.test(m)), `${expected} in ${JSON.stringify(configMessages)}`);
    }
    assert.ok(!/YAMLWarning|TRAPPED/.test(r.stderr), r.stderr);
  });

  it('the language server serves a hostile workspace with network, processes and evaluation trapped: nothing used, nothing executed', async () => {
    const proc = spawn(process.execPath, ['--require', TRAP, SERVER, '--stdio'], { cwd: workspace, env: { ...process.env, TRAP_LOG: log, TRAP_WORKSPACE: workspace }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += String(d)));
    const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout!), new rpc.StreamMessageWriter(proc.stdin!));
    const published = new Map<string, rpc.PublishDiagnosticsParams>();
    conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p: rpc.PublishDiagnosticsParams) => {
      published.set(p.uri, p);
    });
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('workspace/codeLens/refresh', () => null);
    conn.onNotification('window/logMessage', () => undefined);
    conn.listen();
    try {
      const rootUri = pathToFileURL(workspace).toString();
      await conn.sendRequest(rpc.InitializeRequest.type, {
        processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'hostile' }],
        capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { configuration: true, workspaceFolders: true } },
      });
      await conn.sendNotification(rpc.InitializedNotification.type, {});
      const docs: [string, string][] = [['template.yaml', 'yaml'], ['lib/stack.ts', 'typescript'], ['app.py', 'python'], ['src/upload.js', 'javascript'], ['.aws-encryption-lint.yaml', 'yaml'], ['cdk.json', 'json']];
      for (const [rel, languageId] of docs) {
        const uri = pathToFileURL(path.join(workspace, rel)).toString();
        await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text: fs.readFileSync(path.join(workspace, rel), 'utf8') } });
        await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 6 } });
        await conn.sendRequest(rpc.CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } }, context: { diagnostics: [] } });
      }
      await conn.sendRequest(rpc.ExecuteCommandRequest.type, { command: 'awsEncryptionLint.server.lintWorkspace', arguments: [] }).catch(() => undefined);
      const templateUri = pathToFileURL(path.join(workspace, 'template.yaml')).toString();
      for (let i = 0; i < 100 && !published.get(templateUri)?.diagnostics.length; i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(published.get(templateUri)?.diagnostics.length, `the template got diagnostics (the server did its work): ${stderr}`);
      await conn.sendRequest(rpc.ShutdownRequest.type);
      await conn.sendNotification(rpc.ExitNotification.type);
    } finally {
      conn.dispose();
      await new Promise((r) => setTimeout(r, 200));
      if (proc.exitCode === null) proc.kill();
    }
    assert.strictEqual(readLog(log), '', 'a trapped API was used');
    assert.ok(!fs.existsSync(marker), `workspace code ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
    assert.ok(!/TRAPPED/.test(stderr), stderr);
  });

  it('the sources of the server, the engine and the CLI use no eval, Function, vm, child processes, network modules or computed require/import', () => {
    const bad: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const abs = path.join(d, e.name);
        if (e.isDirectory()) walk(abs);
        else if (/\.ts$/.test(e.name)) {
          fs.readFileSync(abs, 'utf8').split('\n').forEach((line, i) => {
            if (COMMENT.test(line)) return;
            const code = line.replace(/\/\/.*$/, '').replace(/'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, (s) => (/^'(node:)?[a-z_/0-9-]+'$/.test(s) ? s : "''"));
            const checks: [RegExp, string][] = [
              [/\beval\s*\(/, 'eval'],
              [/\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]/, 'Function constructor'],
              [/(\bfrom\s+|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)['"](node:)?(child_process|vm|net|http|https|http2|tls|dns|dgram|worker_threads|cluster)['"]/, 'forbidden module'],
              [/\brequire\s*\(\s*(?!['"`])[^)]/, 'computed require'],
              [/\bimport\s*\(\s*(?!['"`])[^)]/, 'computed import()'],
              [/\brequire\.resolve\s*\(/, 'require.resolve'],
            ];
            for (const [re, what] of checks) if (re.test(code)) bad.push(`${path.relative(REPO, abs)}:${i + 1}: ${what}: ${line.trim()}`);
          });
        }
      }
    };
    walk(path.join(REPO, 'server', 'src'));
    assert.deepStrictEqual(bad, []);
  });

  it('the bundles hold eval, child_process, net and fetch only where third-party code is known to keep them unused', () => {
    // Each occurrence must sit in a known context; the runtime tests above show none of them runs.
    const allowed: { pattern: RegExp; context: RegExp; why: string }[] = [
      { pattern: /\beval\(/g, context: /ASM_CONSTS\[start\] = eval\(func\)|moduleExports\[name\] = eval\(func\)/, why: 'web-tree-sitter (Emscripten) glue evaluates EM_ASM/EM_JS snippets of the grammar .wasm shipped in dist/, never workspace text' },
      { pattern: /require\("child_process"\)/g, context: /resolveGlobalNodePath|resolveModulePath/, why: 'vscode-languageserver Files helpers (global module lookup), not called by the server' },
      { pattern: /require\("net"\)/g, context: /IPCMessageReader|createServerPipeTransport|createClientSocketTransport/, why: 'vscode-jsonrpc socket/pipe transports; the server runs over stdio' },
      { pattern: /\bfetch\(/g, context: /response\.arrayBuffer|locateFile|instantiateStreaming|wasmBinary|fetch\(input\)|fetch\(url/, why: 'web-tree-sitter fallbacks for browsers; in Node the .wasm is read from disk' },
      { pattern: /new Function\(/g, context: /^$/, why: 'none allowed' },
      { pattern: /require\("vm"\)/g, context: /^$/, why: 'none allowed' },
      { pattern: /require\("(https?|http2|tls|dns|dgram)"\)/g, context: /^$/, why: 'none allowed' },
    ];
    const bad: string[] = [];
    let checked = 0;
    for (const bundle of ['cli.js', 'server.js', 'parsers-ts.js']) {
      const file = path.join(REPO, 'dist', bundle);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const a of allowed) {
        for (const m of text.matchAll(a.pattern)) {
          checked++;
          const around = text.slice(Math.max(0, m.index! - 1500), m.index! + 300);
          if (!a.context.test(around)) bad.push(`${bundle} offset ${m.index}: ${m[0]} (${a.why}): …${text.slice(m.index! - 120, m.index! + 80).replace(/\s+/g, ' ')}…`);
        }
      }
    }
    assert.ok(checked > 0 || !fs.existsSync(SERVER));
    assert.deepStrictEqual(bad, []);
  });

  it('package.json declares the behaviour for untrusted and virtual workspaces, and no setting names a program to run', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const untrusted = pkg.capabilities?.untrustedWorkspaces;
    assert.ok(untrusted, 'capabilities.untrustedWorkspaces is declared');
    assert.ok(untrusted.supported === true || untrusted.supported === 'limited', `supported: ${untrusted.supported}`);
    assert.match(String(untrusted.description ?? ''), /never executes workspace code/);
    const settings = Object.keys(pkg.contributes?.configuration?.properties ?? {});
    const programs = settings.filter((s) => /path|command|executable|program|runtime|nodePath|plugin/i.test(s));
    assert.deepStrictEqual(programs, [], 'a setting that names a program would need restrictedConfigurations');
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
  });

  it('a configuration file holds data only: unknown keys and wrong types reported, __proto__ neither applied nor silent, tags not executed', () => {
    const cases: [string, string, RegExp[]][] = [
      ['.aws-encryption-lint.json', '{"__proto__": {"polluted": true}, "rules": {"__proto__": "off", "constructor": "off"}, "exclude": "x", "maxFileSize": "big", "run": "node evil.js"}',
        [/Unknown configuration key "__proto__"/, /Unknown rule id "__proto__"/, /Unknown rule id "constructor"/, /"exclude" must be a list/, /"maxFileSize" must be a positive number/, /Unknown configuration key "run"/]],
      ['.aws-encryption-lint.yaml', `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
        [/not valid YAML|Unknown configuration key "a"/]],
      ['.aws-encryption-lint.yml', `keyPolicy: !!js/function "function () { return 'customer-managed-required' }"\nrules: { s3-bucket-encryption-implicit: !!js/regexp /off/ }\n`,
        [/"keyPolicy" must be/, /must be one of error, warning, information, hint, off/]],
    ];
    for (const [name, text, expected] of cases) {
      const sub = fs.mkdtempSync(path.join(dir, 'config-'));
      fs.writeFileSync(path.join(sub, name), text);
      fs.writeFileSync(path.join(sub, 't.yaml'), "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n");
      const r = spawnSync(process.execPath, ['--require', TRAP, CLI, '.', '--format', 'json', '--fail-on', 'none'], { cwd: sub, env: { ...process.env, TRAP_LOG: log }, encoding: 'utf8', timeout: 60_000 });
      assert.strictEqual(r.status, 0, r.stderr);
      const findings = JSON.parse(r.stdout).findings as { file: string; ruleId: string; message: string }[];
      const messages = findings.filter((f) => f.file === name).map((f) => f.message);
      for (const e of expected) assert.ok(messages.some((m) => e.test(m)), `${name}: ${e} in ${JSON.stringify(messages)}`);
      assert.ok(findings.some((f) => f.file === 't.yaml'), `${name}: the template is still linted`);
      assert.strictEqual(readLog(log), '');
    }
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
  });

  it('the configuration schema (server/schemas) and the validator agree on the keys a configuration may hold', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'server', 'schemas', 'aws-encryption-lint.schema.json'), 'utf8'));
    assert.strictEqual(schema.additionalProperties, false);
    const keys = Object.keys(schema.properties);
    const sample: Record<string, unknown> = { $schema: 'x', rules: {}, keyPolicy: 'aws-managed-ok', exclude: [], maxFileSize: 1 };
    for (const k of keys) {
      const { problems } = validateConfig({ [k]: sample[k] }, KNOWN_IDS);
      assert.deepStrictEqual(problems, [], `schema key ${k} is accepted by the validator`);
    }
    const { problems } = validateConfig({ notInSchema: 1 }, KNOWN_IDS);
    assert.deepStrictEqual(problems.map((p) => p.path), ['notInSchema']);
    const ruleIds = Object.keys(schema.properties.rules.properties);
    for (const id of ruleIds) assert.ok(KNOWN_IDS.has(id), `schema rule ${id} is known`);
  });
});
