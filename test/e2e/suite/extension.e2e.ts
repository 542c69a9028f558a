// Runs inside the real VS Code extension host (see ../run-ext-host.ts). The workspace is a throw-away copy prepared
// by ../workspace.ts, so edits here never touch tracked files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'aws-encryption-lint.aws-encryption-lint';
const SOURCE = 'aws-encryption-lint';
const measurements: Record<string, unknown> = {};

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return String(code);
}

/** Resolves with our diagnostics for `uri` once `predicate` holds (checked now and on every diagnostics change). */
function waitForDiagnostics(uri: vscode.Uri, predicate: (diagnostics: vscode.Diagnostic[]) => boolean, what: string,
  timeoutMs = 60_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = ourDiagnostics(uri);
      if (!predicate(diagnostics)) return false;
      cleanup();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const now = ourDiagnostics(uri).map((d) => `${ruleOf(d)}@${d.range.start.line + 1} sev${d.severity}`);
      reject(new Error(`timed out waiting for ${what} in ${path.basename(uri.fsPath)}; now: ${JSON.stringify(now)}`));
    }, timeoutMs);
    function cleanup() { subscription.dispose(); clearTimeout(timer); }
    check();
  });
}

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

function positionOf(document: vscode.TextDocument, needle: string, offsetInNeedle = 0): vscode.Position {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `"${needle}" occurs in ${path.basename(document.uri.fsPath)}`);
  return document.positionAt(index + offsetInNeedle);
}

/** The document still parses as YAML (the repository's own yaml package; CloudFormation short tags are only warnings). */
function assertParsesAsYaml(document: vscode.TextDocument): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const parsed = YAML.parseDocument(document.getText());
  assert.deepStrictEqual(parsed.errors.map((e) => e.message), [], 'the edited document still parses');
}

async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `workspace edit of "${action.title}" applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** When the workbench activated the extension before the suite started (it fires onLanguage:json at startup), the
 * activation times come from its own record: the "Startup Performance" document's activation table. */
async function activationTimesFromWorkbench(): Promise<Record<string, unknown>> {
  try {
    // The ext host cannot open perf: documents itself, but the workbench syncs the one its command opens.
    await vscode.commands.executeCommand('perfview.show');
    let perf: vscode.TextDocument | undefined;
    for (let i = 0; i < 100 && !perf; i++) {
      perf = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'perf' && d.getText().includes(EXTENSION_ID));
      if (!perf) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    if (!perf) return { source: 'Startup Performance (not shown)' };
    const row = perf.getText().split('\n').find((line) => line.includes(EXTENSION_ID) && line.includes('|'));
    if (!row) return { source: 'Startup Performance (no row)' };
    const cells = row.split('|').map((c) => c.trim()).filter((c) => c !== '');
    const [, eager, loadCode, callActivate, finishActivate, event] = cells;
    const ms = [loadCode, callActivate, finishActivate].map(Number);
    return { total: ms.reduce((a, b) => a + b, 0), loadCodeMs: ms[0], callActivateMs: ms[1], finishActivateMs: ms[2], eager, event,
      source: 'workbench Startup Performance' };
  } catch (err) {
    return { source: `Startup Performance unavailable: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('AWS Encryption Lint in the VS Code extension host', function () {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);

  after(() => {
    measurements.vscodeVersion = vscode.version;
    measurements.extensionHostNode = process.version;
    const resultFile = process.env.AEL_E2E_RESULT_FILE;
    if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(measurements, null, 2));
  });

  // Activation and the first diagnostics come first; when they fail, the tests below are not run one timeout each.
  before(async function () {
    this.timeout(120_000);
    assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
    const uri = workspaceFile('data-lake.yaml');
    const wasActive = extension.isActive;
    const started = Date.now();
    await open(uri);
    await extension.activate();
    measurements.activationMs = wasActive ? await activationTimesFromWorkbench() : { total: Date.now() - started, source: 'measured by this test' };
    assert.ok(extension.isActive);
    await waitForDiagnostics(uri, (d) => d.length > 0, 'the first diagnostics');
    measurements.exampleFirstDiagnosticsMs = Date.now() - started;
  });

  it('reports the example template\'s findings with rule ids and documentation links', async () => {
    const uri = workspaceFile('data-lake.yaml');
    const diagnostics = await waitForDiagnostics(uri,
      (d) => d.some((x) => ruleOf(x) === 's3-kms-key-requires-kms-algorithm'), 'the AES256 + KMS key error');
    const mismatch = diagnostics.find((d) => ruleOf(d) === 's3-kms-key-requires-kms-algorithm')!;
    assert.strictEqual(mismatch.range.start.line + 1, 32, 'reported on the KMSMasterKeyID line');
    assert.strictEqual(mismatch.severity, vscode.DiagnosticSeverity.Error);
    const code = mismatch.code as { value: string; target: vscode.Uri };
    assert.strictEqual(typeof code, 'object', 'code carries a documentation target');
    assert.match(code.target.toString(), /s3-kms-key-requires-kms-algorithm/);
    const rules = new Set(diagnostics.map(ruleOf));
    for (const expected of ['kms-key-rotation-disabled', 's3-bucket-policy-no-secure-transport', 'athena-kms-key-missing']) {
      assert.ok(rules.has(expected), `${expected} is reported (got ${[...rules].join(', ')})`);
    }
  });

  it('applies a quick fix and the finding goes away', async () => {
    const uri = workspaceFile('data-lake.yaml');
    const editor = await open(uri);
    const [mismatch] = (await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 's3-kms-key-requires-kms-algorithm'),
      'the AES256 + KMS key error')).filter((d) => ruleOf(d) === 's3-kms-key-requires-kms-algorithm');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider',
      uri, mismatch.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    const described = actions.map((a) => ({ title: a.title, kind: a.kind?.value, edit: !!a.edit, command: a.command?.command,
      rules: (a.diagnostics ?? []).map(ruleOf), preferred: a.isPreferred }));
    // The API drops CodeAction.diagnostics, so the fix is told apart from the suppression and documentation actions
    // (and the workbench's own chat actions) by kind and title; the range holds this one finding only.
    const fixes = actions.filter((a) => a.kind?.value === 'quickfix' && a.edit && !/^(Suppress|Show documentation) /.test(a.title));
    const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];
    assert.ok(fix, `a quick fix for the finding is offered (got ${JSON.stringify(described)})`);
    assert.ok(titles.some((t) => t === 'Suppress s3-kms-key-requires-kms-algorithm for this resource'), 'a suppression is offered');
    assert.ok(titles.some((t) => t === 'Show documentation for s3-kms-key-requires-kms-algorithm'), 'documentation is offered');
    await applyCodeAction(fix);
    await waitForDiagnostics(uri, (d) => d.length > 0 && !d.some((x) => ruleOf(x) === 's3-kms-key-requires-kms-algorithm'),
      'the fixed finding to disappear');
    assertParsesAsYaml(editor.document);
    measurements.quickFixTitle = fix.title;
  });

  it('explains SSE-KMS on hover and shows the rule documentation over a finding', async () => {
    const uri = workspaceFile('hover.yaml');
    const editor = await open(uri);
    const valuePosition = positionOf(editor.document, 'aws:kms', 2);
    const mechanism = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, valuePosition));
    assert.match(mechanism, /SSE-KMS/, `hover on SSEAlgorithm: aws:kms explains SSE-KMS (got: ${mechanism.slice(0, 300)})`);
    measurements.hoverSseKms = mechanism.slice(0, 400);

    const findingsUri = workspaceFile('settings.yaml');
    const findingsEditor = await open(findingsUri);
    const diagnostics = await waitForDiagnostics(findingsUri,
      (d) => d.some((x) => ruleOf(x) === 'kms-key-rotation-disabled'), 'the key rotation finding');
    const rotation = diagnostics.find((d) => ruleOf(d) === 'kms-key-rotation-disabled')!;
    const onFinding = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider',
      findingsUri, rotation.range.start));
    assert.match(onFinding, /kms-key-rotation-disabled/, `hover on the finding names the rule (got: ${onFinding.slice(0, 300)})`);
    assert.ok(onFinding.length > 80, 'hover on the finding carries the rule documentation');
    void findingsEditor;
  });

  it('offers and inserts the contributed snippets, which lint clean (nothing above hint)', async () => {
    const uri = workspaceFile('snippet.yaml');
    const editor = await open(uri);
    const snippetFile = path.join(extension!.extensionPath, 'snippets', 'cloudformation-yaml.json');
    const snippets = JSON.parse(fs.readFileSync(snippetFile, 'utf8')) as Record<string, { prefix: string }>;
    const byPrefix = (prefix: string) => {
      const name = Object.keys(snippets).find((n) => snippets[n].prefix === prefix);
      assert.ok(name, `a snippet with prefix ${prefix} is contributed`);
      return name;
    };
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider',
      uri, end, undefined, 200);
    const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('ael-s3-bucket'), `the S3 snippet is offered as a completion (got ${labels.slice(0, 20).join(', ')})`);

    // Insert the KMS key first so the bucket's default key reference resolves, then the bucket.
    for (const prefix of ['ael-kms-key', 'ael-s3-bucket']) {
      const last = editor.document.lineAt(editor.document.lineCount - 1);
      if (last.text.trim() !== '') {
        await editor.edit((b) => b.insert(last.range.end, '\n'));
      }
      const at = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      editor.selection = new vscode.Selection(at, at);
      // The workbench indents a multi-line snippet like the line it is inserted on: start each one at two spaces.
      await editor.edit((b) => b.insert(at, '  '));
      const cursor = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      editor.selection = new vscode.Selection(cursor, cursor);
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name: byPrefix(prefix) });
      await vscode.commands.executeCommand('leaveSnippet');
    }
    const text = editor.document.getText();
    assert.match(text, /Type: AWS::S3::Bucket/);
    assert.match(text, /Type: AWS::KMS::Key/);
    assertParsesAsYaml(editor.document);
    // A canary bucket with known findings, added last: once its findings show, the version that includes the
    // snippets has been linted, so "no other finding" is a real result rather than a lint still pending.
    const canaryLine = editor.document.lineCount;
    await editor.edit((b) => b.insert(editor.document.lineAt(editor.document.lineCount - 1).range.end,
      '\n  CanaryBucket:\n    Type: AWS::S3::Bucket\n'));
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => x.range.start.line >= canaryLine),
      'the canary bucket finding');
    const aboveHint = diagnostics.filter((d) => d.range.start.line < canaryLine && d.severity !== vscode.DiagnosticSeverity.Hint);
    assert.deepStrictEqual(aboveHint.map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`), [],
      `the inserted snippets have no finding above hint:\n${text}`);
  });

  it('fixes all safe problems at once with source.fixAll.awsEncryptionLint', async () => {
    const uri = workspaceFile('fix-all.yaml');
    const editor = await open(uri);
    const before = await waitForDiagnostics(uri, (d) => d.length >= 3, 'the example findings');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider',
      uri, new vscode.Range(0, 0, editor.document.lineCount, 0), 'source.fixAll.awsEncryptionLint');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.awsEncryptionLint');
    assert.ok(fixAll, `a fix-all action is offered (got ${JSON.stringify(actions.map((a) => `${a.kind?.value}: ${a.title}`))})`);
    assert.strictEqual(fixAll.title, 'Fix all aws-encryption-lint problems');
    await applyCodeAction(fixAll);
    const after = await waitForDiagnostics(uri, (d) => d.length < before.length, 'fewer findings after fix-all');
    assertParsesAsYaml(editor.document);
    assert.ok(!after.some((d) => ruleOf(d) === 's3-kms-key-requires-kms-algorithm'), 'the safe S3 algorithm fix was applied');
    measurements.fixAll = { before: before.length, after: after.length };
  });

  it('applies a changed rule severity from the settings, and turns a rule off', async () => {
    const uri = workspaceFile('settings.yaml');
    await open(uri);
    const rule = 's3-bucket-policy-no-secure-transport';
    const initial = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === rule), `${rule}`);
    assert.strictEqual(initial.find((d) => ruleOf(d) === rule)!.severity, vscode.DiagnosticSeverity.Warning);
    const config = vscode.workspace.getConfiguration('awsEncryptionLint');
    try {
      await config.update('rules', { [rule]: 'error' }, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (d) => d.find((x) => ruleOf(x) === rule)?.severity === vscode.DiagnosticSeverity.Error,
        `${rule} as an error`);
      await config.update('rules', { [rule]: 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (d) => d.length > 0 && !d.some((x) => ruleOf(x) === rule), `${rule} turned off`);
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(uri, (d) => d.find((x) => ruleOf(x) === rule)?.severity === vscode.DiagnosticSeverity.Warning,
      `${rule} back to a warning`);
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['awsEncryptionLint.lintWorkspace', 'awsEncryptionLint.showRuleDocumentation', 'awsEncryptionLint.restartServer']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
  });

  it('lints a 300-line template and the 8,925-line corpus template on open (times recorded)', async function () {
    await closeAllEditors();
    const generated = workspaceFile('generated-300.yaml');
    let started = Date.now();
    await open(generated);
    await waitForDiagnostics(generated, (d) => d.length > 0, 'diagnostics for the 300-line template');
    measurements.generated300FirstDiagnosticsMs = Date.now() - started;
    measurements.generated300Lines = (await vscode.workspace.openTextDocument(generated)).getText().split('\n').length - 1;

    const corpus = process.env.AEL_E2E_CORPUS_TEMPLATE;
    if (!corpus || !fs.existsSync(corpus)) {
      console.log(`NOTICE: corpus template not found (${corpus ?? 'AEL_E2E_CORPUS_TEMPLATE unset'}); its timing is skipped`);
      return;
    }
    // The corpus stack has no finding of its own, so the harness passes a temporary copy with one unencrypted canary
    // bucket added as the first resource (see ../workspace.ts); its finding marks the first diagnostics.
    const corpusUri = vscode.Uri.file(corpus);
    started = Date.now();
    const editor = await open(corpusUri);
    await waitForDiagnostics(corpusUri, (d) => d.length > 0, 'diagnostics for the corpus template', 110_000);
    measurements.corpusFirstDiagnosticsMs = Date.now() - started;
    measurements.corpusLines = editor.document.getText().split('\n').length - 1;
    measurements.corpusFindings = ourDiagnostics(corpusUri).map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`);
  });
});
