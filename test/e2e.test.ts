// Editor-host tests, run by `npm test`: the extension inside the real VS Code extension host (code-server's VS Code
// server, driven through @vscode/test-electron's runTests), the packaged VSIX in the code-server UI, and Neovim as a
// plain LSP client of dist/server.js. The first run on a machine installs the hosts (about 4-9 minutes, with
// progress); later runs reuse .e2e-cache/. Skipped, with a notice, only where the hosts truly cannot be installed
// (no root and no sudo for apt-get, not linux-x64) or when AEL_SKIP_E2E=1.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { ensureEditorHosts, EditorHosts } from './e2e/install';
import { writeCodeShim } from './e2e/run-ext-host';
import { newRunDir } from './e2e/host';
import { artifactsDir, cacheDir, repoRoot } from './e2e/paths';
import { runUiTest } from './e2e/ui';
import { corpusCanaryCopy, findCorpusTemplate, prepareWorkspace } from './e2e/workspace';

const log = (line: string) => console.log(`    [e2e] ${line}`);
const serverBundle = path.join(repoRoot, 'dist', 'server.js');
const clientBundle = path.join(repoRoot, 'dist', 'client', 'extension.js');

interface CliReport { findings: { ruleId: string; severity: string }[] }

function cliFindings(file: string): CliReport['findings'] {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), '--format', 'json', '--fail-on', 'none', file],
    { encoding: 'utf8' });
  assert.strictEqual(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as CliReport).findings;
}

describe('editor hosts (e2e)', function () {
  let hosts: EditorHosts;

  before(async function () {
    this.timeout(30 * 60_000);
    if (process.env.AEL_SKIP_E2E === '1') {
      console.log('    NOTICE: AEL_SKIP_E2E=1, editor-host tests skipped');
      this.skip();
    }
    if (!fs.existsSync(serverBundle) || !fs.existsSync(clientBundle)) {
      console.log(`    NOTICE: ${path.relative(repoRoot, clientBundle)} or ${path.relative(repoRoot, serverBundle)} is not built; editor-host tests skipped`);
      this.skip();
    }
    log(`preparing editor hosts in ${path.relative(repoRoot, cacheDir) || cacheDir} (first run on a machine: several minutes)`);
    const started = Date.now();
    const result = await ensureEditorHosts(log);
    if (!result.ok) {
      console.log(`    NOTICE: editor-host tests skipped: ${result.reason}`);
      this.skip();
    }
    hosts = result.hosts;
    log(`editor hosts ready (${Math.round((Date.now() - started) / 1000)} s)`);
  });

  it('runs the extension suite inside the real VS Code extension host', async function () {
    this.timeout(15 * 60_000);
    const runDir = newRunDir('suite');
    const workspace = prepareWorkspace(path.join(runDir, 'workspace'));
    const resultFile = path.join(runDir, 'ext-host-result.json');
    const corpusTemplate = findCorpusTemplate();
    if (!corpusTemplate) console.log('    NOTICE: ../shared/corpus is absent; the 8,925-line template timing is skipped');
    const corpus = corpusTemplate ? corpusCanaryCopy(corpusTemplate) : undefined;
    const exitCode = await runTests({
      vscodeExecutablePath: writeCodeShim(),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: {
        AEL_E2E_RESULT_FILE: resultFile,
        AEL_E2E_CORPUS_TEMPLATE: corpus?.file ?? '',
        AEL_E2E_SCREENSHOT: path.join(artifactsDir, 'ext-host.png'),
      },
    }).catch((err: unknown) => { throw new Error(`the extension-host suite failed: ${err instanceof Error ? err.message : String(err)}`); })
      .finally(() => { if (corpus) fs.rmSync(path.dirname(corpus.file), { recursive: true, force: true }); });
    assert.strictEqual(exitCode, 0);
    const measured = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Record<string, unknown>;
    log(`VS Code ${measured.vscodeVersion} (extension host on Node ${measured.extensionHostNode})`);
    const activation = measured.activationMs as { total?: number; source?: string } | undefined;
    const ms = (key: string) => (typeof measured[key] === 'number' ? `${measured[key]} ms` : 'n/a');
    log(`activation ${activation?.total ?? 'n/a'} ms (${activation?.source ?? 'not measured'})`);
    log(`open → first diagnostics: example ${ms('exampleFirstDiagnosticsMs')}, ${measured.generated300Lines ?? 300}-line template `
      + `${ms('generated300FirstDiagnosticsMs')}, ${corpus?.originalLines ?? '(absent)'}-line corpus template (+2-line canary) `
      + `${ms('corpusFirstDiagnosticsMs')}`);
    fs.mkdirSync(artifactsDir, { recursive: true });
    fs.writeFileSync(path.join(artifactsDir, 'ext-host-measurements.json'), JSON.stringify(measured, null, 2));
    // For `npm run bench` (item 3): the activation time as VS Code counts it (loading the code + activate()).
    fs.writeFileSync(path.join(artifactsDir, 'activation.json'), JSON.stringify({ activationMs: activation?.total ?? null, breakdown: activation, vscodeVersion: measured.vscodeVersion }, null, 2));
  });

  it('installs the packaged VSIX into code-server and shows problems, status and hover in the UI', async function () {
    this.timeout(10 * 60_000);
    const vsix = path.join(newRunDir('vsix'), 'aws-encryption-lint-e2e.vsix'); // per run: test runs may overlap
    const pack = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.js'), '--no-build', '--out', vsix],
      { cwd: repoRoot, encoding: 'utf8' });
    assert.strictEqual(pack.status, 0, `npm run package failed:\n${pack.stdout}\n${pack.stderr}`);
    const size = fs.statSync(vsix).size;
    log(`VSIX ${(size / 1024).toFixed(0)} KiB`);
    assert.ok(size < 5 * 1024 * 1024, 'the VSIX stays under 5 MB');

    const runDir = newRunDir('ui-workspace');
    const workspace = prepareWorkspace(path.join(runDir, 'workspace'), { only: 'data-lake.yaml' });
    const expected = cliFindings(path.join(workspace, 'data-lake.yaml'));
    const count = (severity: string) => expected.filter((f) => f.severity === severity).length;
    const screenshot = path.join(artifactsDir, 'ui-problems.png');
    const ui = await runUiTest({ vsix, workspace, fileName: 'data-lake.yaml', screenshot, log });
    log(`Problems: "${ui.problemsLabel}"; extension status: "${ui.extensionStatusText}"`);
    log(`hover: ${ui.hoverText.slice(0, 200)}`);
    log(`screenshot: ${path.relative(repoRoot, ui.screenshot)}`);
    assert.match(ui.problemsLabel, new RegExp(`Errors: ${count('error')}\\b`), 'the Problems count shows the CLI\'s errors');
    assert.match(ui.problemsLabel, new RegExp(`Warnings: ${count('warning')}\\b`), 'the Problems count shows the CLI\'s warnings');
    const listed = expected.filter((f) => f.severity !== 'hint').length; // hints are not in the Problems view
    assert.match(ui.extensionStatusText, new RegExp(`\\b${listed}\\b`), 'the status item shows the finding count');
    assert.match(ui.hoverText, /aws-encryption-lint/, 'the hover over the squiggle comes from the extension');
    assert.ok(fs.statSync(ui.screenshot).size > 10_000, 'a screenshot was written');
  });

  it('serves Neovim over stdio: diagnostics, hover and an applied code action', function () {
    this.timeout(5 * 60_000);
    if (!hosts.nvim) {
      console.log('    NOTICE: neovim is not installed; the Neovim test is skipped');
      this.skip();
    }
    const runDir = newRunDir('nvim');
    const file = path.join(runDir, 'data-lake.yaml');
    fs.copyFileSync(path.join(repoRoot, 'examples', 'data-lake.yaml'), file);
    const out = path.join(runDir, 'nvim-result.json');
    const rule = 's3-kms-key-requires-kms-algorithm';
    const run = spawnSync(hosts.nvim!, ['--headless', '--clean', '-n', '-c', `luafile ${path.join(repoRoot, 'test', 'e2e', 'nvim', 'lsp-client.lua')}`], {
      env: { ...process.env, AEL_NVIM_SERVER: serverBundle, AEL_NVIM_FILE: file, AEL_NVIM_RULE: rule, AEL_NVIM_OUT: out },
      encoding: 'utf8',
      timeout: 120_000, // hang guard
    });
    const result = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : { error: `no output; ${run.stdout} ${run.stderr}` };
    assert.strictEqual(run.status, 0, `nvim failed: ${JSON.stringify(result.error ?? result)}`);
    log(`Neovim ${result.nvim}: ${result.diagnostics.length} diagnostics in ${result.first_diagnostics_ms} ms; applied "${result.applied}"`);
    const rules = (result.diagnostics as { rule: string }[]).map((d) => d.rule).sort();
    assert.deepStrictEqual(rules, cliFindings(path.join(repoRoot, 'examples', 'data-lake.yaml')).map((f) => f.ruleId).sort(),
      'Neovim receives the same findings as the CLI reports');
    assert.match(String(result.hover), new RegExp(rule), 'the hover on the finding shows its rule documentation');
    assert.ok(!(result.buffer_after_fix as string[]).some((line) => /SSEAlgorithm: AES256/.test(line)), 'the quick fix changed the algorithm');
  });

  it('serves Emacs eglot over stdio: diagnostics, hover and an applied code action', function () {
    this.timeout(5 * 60_000);
    if (!hosts.emacs) {
      console.log('    NOTICE: emacs with eglot is not installed; the Emacs test is skipped');
      this.skip();
    }
    // Its own folder: eglot makes the file's folder the workspace root, which the server indexes.
    const runDir = newRunDir('emacs');
    const file = path.join(runDir, 'data-lake.yaml');
    fs.copyFileSync(path.join(repoRoot, 'examples', 'data-lake.yaml'), file);
    const out = path.join(runDir, 'emacs-result.json');
    const rule = 's3-kms-key-requires-kms-algorithm';
    const run = spawnSync(hosts.emacs!, ['--batch', '-Q', '-l', path.join(repoRoot, 'test', 'e2e', 'emacs', 'eglot-client.el')], {
      env: { ...process.env, AEL_EMACS_SERVER: serverBundle, AEL_EMACS_FILE: file, AEL_EMACS_RULE: rule, AEL_EMACS_OUT: out },
      encoding: 'utf8',
      timeout: 120_000, // hang guard
    });
    const result = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : { error: `no output; ${run.stdout} ${run.stderr}` };
    assert.strictEqual(run.status, 0, `emacs failed: ${JSON.stringify(result.error ?? result)}`);
    log(`Emacs ${result.emacs} + eglot: first diagnostics in ${result.first_diagnostics_ms} ms; applied "${result.applied}"`);
    assert.match(String(result.hover), new RegExp(rule), 'the hover on the finding shows its rule documentation');
    assert.doesNotMatch(String(result.buffer_after_fix), /SSEAlgorithm: AES256/, 'the quick fix changed the buffer');
    assert.match(fs.readFileSync(file, 'utf8'), /SSEAlgorithm: AES256/, 'the file on disk is untouched (never saved)');
  });
});
