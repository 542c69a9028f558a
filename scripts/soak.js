#!/usr/bin/env node
// LSP soak: random edits with interleaved hovers, code actions and cancelled requests against the real server
// (dist/server.js --stdio). Checks: the server stays up and answers every request, published diagnostics never go
// back to an older version and, once typing pauses, belong to the latest one, their ranges lie inside that version's
// text, and the server's resident memory (after a full GC) stays within ±10% between warmed up (after the first
// quarter of the edits) and the end.
//
//   npm run soak                     10,000 edits
//   node scripts/soak.js --edits N --seed N --json
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { pathToFileURL } = require('url');
const rpc = require('vscode-languageserver-protocol/node');
const { TextDocument } = require('vscode-languageserver-textdocument');
const { rng } = require('./fuzz/mutate');

const ROOT = path.join(__dirname, '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const CORPUS_SAMPLE = path.join(ROOT, '..', 'shared', 'corpus', 'cfn', 'aws-cloudformation__aws-cloudformation-templates__EMR__EMRClusterWithAdditionalSecurityGroups.yaml');

// Used when the corpus is absent: a template with findings, fixes and hovers of several services.
const BUILT_IN = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: dev
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
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamType: DirectPut
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Data.Arn
        RoleARN: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/firehose'
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: false
`;

const SNIPPETS = [
  'StorageEncrypted: true', 'SSEAlgorithm: AES256', '!Ref Key', '!GetAtt Key.Arn', 'Encrypted: false', 'KmsKeyId: alias/aws/rds',
  '\n  Extra:\n    Type: AWS::S3::Bucket\n', '\n      BucketKeyEnabled: true', ': ', '- ', '"', "'", '{', '}', '[', ']', '&a', '*a', '#', '\t', '\u00e9', '\uD83D\uDD12',
];

/** Resident set size of a process in bytes (Linux /proc; elsewhere undefined). */
function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : undefined;
};

/** One random edit of `doc`'s text, as an LSP incremental change. */
function randomChange(doc, r, original) {
  const text = doc.getText();
  const len = text.length;
  const at = r.int(len + 1);
  const kind = r.next();
  let start = at;
  let end = at;
  let newText;
  if (kind < 0.35) newText = String.fromCharCode(97 + r.int(26)); // typing
  else if (kind < 0.5) {
    end = Math.min(len, at + 1 + r.int(3)); // backspace/delete
    newText = '';
  } else if (kind < 0.65) newText = r.pick(SNIPPETS);
  else if (kind < 0.75) {
    // replace a whole line
    start = text.lastIndexOf('\n', at - 1) + 1;
    const nl = text.indexOf('\n', at);
    end = nl < 0 ? len : nl;
    newText = text.slice(start, end).replace(/\S+$/, r.pick(['true', 'false', 'aws:kms', '!Ref Env', 'x']));
  } else if (kind < 0.85) {
    end = Math.min(len, at + r.int(200)); // cut a block
    newText = '';
  } else if (kind < 0.93) {
    const from = r.int(len);
    newText = text.slice(from, from + r.int(300)); // paste a block
  } else if (kind < 0.97) newText = '\n';
  else {
    // restore the original (a revert / reload), so that the document keeps coming back to a valid template
    start = 0;
    end = len;
    newText = original;
  }
  return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: newText };
}

/**
 * Runs the soak; resolves to the counts. Options: edits, seed, checkpointEvery (edits between pauses that wait for
 * the latest diagnostics), requestTimeoutMs, log.
 */
async function runSoak(options = {}) {
  const edits = options.edits ?? 10_000;
  const r = rng(options.seed ?? 42);
  const log = options.log ?? (() => {});
  const checkpointEvery = options.checkpointEvery ?? 250;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run npm run build first`);
  const original = fs.existsSync(CORPUS_SAMPLE) ? fs.readFileSync(CORPUS_SAMPLE, 'utf8') : BUILT_IN;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
  const file = path.join(workspace, 'template.yaml');
  fs.writeFileSync(file, original);
  const uri = pathToFileURL(file).toString();

  const stats = {
    edits: 0, hovers: 0, codeActions: 0, cancelled: 0, cancelledAnswered: 0, requestsAnswered: 0, requestErrors: [],
    publications: 0, checkpoints: 0, problems: [], rss: [], rssWarm: undefined, rssEnd: undefined, rssChange: undefined,
    textLength: { min: Infinity, max: 0 }, durationMs: 0, serverAlive: false,
  };
  const started = Date.now();
  // On Linux, SIGUSR2 makes the server collect garbage before each memory sample (scripts/fuzz/gc-on-signal.js).
  const canSignal = process.platform === 'linux';
  const nodeArgs = canSignal ? ['--expose-gc', '--require', path.join(__dirname, 'fuzz', 'gc-on-signal.js')] : [];
  const proc = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += String(d)));
  let exited = null;
  proc.on('exit', (code, signal) => (exited = { code, signal }));
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const problem = (s) => {
    if (stats.problems.length < 50) stats.problems.push(s);
  };

  // Every version's text, to check published ranges against the version they claim (old ones are dropped).
  const texts = new Map();
  let latestSent = 1;
  let lastPublished = 0;
  let waiter = null;
  let latestDiagnostics = [];
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    if (p.uri !== uri) return;
    stats.publications++;
    if (typeof p.version !== 'number') problem(`diagnostics without a version (${p.diagnostics.length} diagnostics)`);
    else {
      if (p.version < lastPublished) problem(`diagnostics for version ${p.version} after version ${lastPublished}`);
      if (p.version > latestSent) problem(`diagnostics for version ${p.version}, which was never sent`);
      lastPublished = Math.max(lastPublished, p.version);
      const t = texts.get(p.version);
      if (t !== undefined) {
        const lines = t.split(/\r\n|\r|\n/);
        for (const d of p.diagnostics) {
          const { start, end } = d.range;
          const inside = (pos) => pos.line >= 0 && pos.line < lines.length && pos.character >= 0 && pos.character <= lines[pos.line].length;
          if (!inside(start) || !inside(end)) problem(`version ${p.version}: ${d.code} range ${JSON.stringify(d.range)} outside the text`);
        }
      }
    }
    latestDiagnostics = p.diagnostics;
    if (waiter) waiter();
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();

  const withTimeout = (promise, what) => {
    let timer;
    return Promise.race([
      promise.finally(() => clearTimeout(timer)),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${requestTimeoutMs} ms`)), requestTimeoutMs))),
    ]);
  };
  const outstanding = new Set();
  const track = (promise, what, cancelled) => {
    const p = withTimeout(promise, what).then(
      () => {
        stats.requestsAnswered++;
        if (cancelled) stats.cancelledAnswered++;
      },
      (err) => {
        // A cancelled request may end in the RequestCancelled error: that is an answer too.
        if (cancelled && err && err.code === rpc.LSPErrorCodes.RequestCancelled) {
          stats.requestsAnswered++;
          stats.cancelledAnswered++;
        } else if (stats.requestErrors.length < 20) stats.requestErrors.push(`${what}: ${err && err.message}`);
      },
    ).finally(() => outstanding.delete(p));
    outstanding.add(p);
  };

  const waitForVersion = async (version, ms) => {
    const deadline = Date.now() + ms;
    while (lastPublished < version && Date.now() < deadline && !exited) {
      await new Promise((res) => {
        const t = setTimeout(res, 100);
        waiter = () => {
          clearTimeout(t);
          res();
        };
      });
    }
    waiter = null;
    return lastPublished >= version;
  };

  try {
    await withTimeout(conn.sendRequest(rpc.InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).toString(),
      workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'soak' }],
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          hover: { contentFormat: ['markdown'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        },
        workspace: { configuration: true },
      },
    }), 'initialize');
    await conn.sendNotification(rpc.InitializedNotification.type, {});
    let doc = TextDocument.create(uri, 'yaml', 1, original);
    texts.set(1, original);
    await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: original } });
    if (!(await waitForVersion(1, requestTimeoutMs))) problem('no diagnostics for the opened document');

    for (let i = 1; i <= edits && !exited; i++) {
      const change = randomChange(doc, r, original);
      const version = doc.version + 1;
      doc = TextDocument.update(doc, [change], version);
      texts.set(version, doc.getText());
      texts.delete(version - 400);
      latestSent = version;
      stats.textLength.min = Math.min(stats.textLength.min, doc.getText().length);
      stats.textLength.max = Math.max(stats.textLength.max, doc.getText().length);
      await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      stats.edits++;

      const roll = r.next();
      const pos = doc.positionAt(r.int(doc.getText().length + 1));
      if (roll < 0.1) {
        stats.hovers++;
        track(conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri }, position: pos }), 'hover', false);
      } else if (roll < 0.18) {
        stats.codeActions++;
        const range = latestDiagnostics.length ? r.pick(latestDiagnostics).range : { start: pos, end: pos };
        track(conn.sendRequest(rpc.CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: latestDiagnostics.slice(0, 5) } }), 'codeAction', false);
      } else if (roll < 0.24) {
        // A request cancelled right away (the editor moved on): it must still get an answer or a cancellation error.
        stats.cancelled++;
        const source = new rpc.CancellationTokenSource();
        const req = r.next() < 0.5
          ? conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri }, position: pos }, source.token)
          : conn.sendRequest(rpc.CodeActionRequest.type, { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } }, source.token);
        source.cancel();
        track(req, 'cancelled request', true);
      }
      if (outstanding.size > 64) await Promise.all([...outstanding]);

      if (i % checkpointEvery === 0 || i === edits) {
        // Typing pauses: every request is answered and the diagnostics catch up with the latest version.
        await Promise.all([...outstanding]);
        if (!(await waitForVersion(version, requestTimeoutMs))) problem(`after edit ${i}: no diagnostics for the latest version ${version} (last ${lastPublished})`);
        stats.checkpoints++;
        if (canSignal) {
          proc.kill('SIGUSR2');
          await new Promise((res) => setTimeout(res, 300));
        }
        const rss = rssOf(proc.pid);
        if (rss) stats.rss.push(rss);
        await withTimeout(conn.sendRequest(rpc.CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, context: { diagnostics: latestDiagnostics } }), 'checkpoint codeAction')
          .then(() => stats.requestsAnswered++, (e) => stats.requestErrors.push(`checkpoint codeAction: ${e && e.message}`));
        if (i % (checkpointEvery * 4) === 0) log(`${i} edits, ${stats.publications} publications, rss ${rss ? Math.round(rss / 1048576) + ' MB' : 'n/a'}`);
      }
    }
    await Promise.all([...outstanding]);
    // The memory comparison, after a full GC at each sample: warmed up (the median of the samples taken after the
    // first quarter of the edits, over the next fifth; the first hundreds of edits reach code paths and heap sizes
    // once) against the end (the median of the last fifth).
    const n = stats.rss.length;
    if (n >= 8) {
      const fifth = Math.max(1, Math.floor(n / 5));
      const warmFrom = Math.floor(n / 4);
      stats.rssWarm = median(stats.rss.slice(warmFrom, warmFrom + fifth));
      stats.rssEnd = median(stats.rss.slice(n - fifth));
      stats.rssChange = stats.rssEnd / stats.rssWarm - 1;
    }
    stats.serverAlive = !exited && proc.exitCode === null;
    if (!stats.serverAlive) problem(`the server exited: ${JSON.stringify(exited)} ${stderr.slice(-2000)}`);
    await withTimeout(conn.sendRequest(rpc.ShutdownRequest.type), 'shutdown').catch((e) => problem(`shutdown: ${e.message}`));
    await conn.sendNotification(rpc.ExitNotification.type);
  } finally {
    conn.dispose();
    if (proc.exitCode === null) proc.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
    stats.durationMs = Date.now() - started;
  }
  return stats;
}

function summaryLine(s) {
  const mb = (b) => (b ? `${(b / 1048576).toFixed(1)} MB` : 'n/a');
  return `soak: ${s.edits} edits, ${s.hovers} hovers, ${s.codeActions} code actions, ${s.cancelled} cancelled requests (${s.cancelledAnswered} answered), ` +
    `${s.requestsAnswered} answers, ${s.publications} diagnostics publications, ${s.checkpoints} checkpoints; rss ${mb(s.rssWarm)} -> ${mb(s.rssEnd)}` +
    `${s.rssChange !== undefined ? ` (${(s.rssChange * 100).toFixed(1)}%)` : ''}; ${s.problems.length} problems, ${s.requestErrors.length} request errors; ${(s.durationMs / 1000).toFixed(1)} s`;
}

async function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const stats = await runSoak({
    edits: arg('--edits') ? Number(arg('--edits')) : 10_000,
    seed: arg('--seed') ? Number(arg('--seed')) : undefined,
    log: (s) => console.error(`soak: ${s}`),
  });
  if (argv.includes('--json')) console.log(JSON.stringify(stats, null, 1));
  for (const p of stats.problems) console.log(`  problem: ${p}`);
  for (const e of stats.requestErrors) console.log(`  request error: ${e}`);
  console.log(summaryLine(stats));
  const memoryOk = stats.rssChange === undefined || Math.abs(stats.rssChange) <= 0.1;
  if (!memoryOk) console.log('soak: resident memory moved more than ±10%');
  return stats.problems.length || stats.requestErrors.length || !stats.serverAlive || !memoryOk ? 1 : 0;
}

module.exports = { runSoak, summaryLine };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), (err) => {
    console.error(err);
    process.exitCode = 2;
  });
}
