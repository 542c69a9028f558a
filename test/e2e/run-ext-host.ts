// Runs an extension's mocha suite inside the real VS Code extension host: the VS Code server bundled in code-server
// (Node 24), opened in headless Chromium with the extension under development passed in the workbench payload.
// Exit code = the suite's exit code (124 on timeout).
//
// It takes the arguments @vscode/test-electron passes to a VS Code executable, so `runTests({ vscodeExecutablePath })`
// can use it through the shim that writeCodeShim() creates:
//   --extensionDevelopmentPath=DIR (repeatable) --extensionTestsPath=PATH [WORKSPACE]   (other flags are ignored)
// Env: AEL_E2E_TIMEOUT_MS (default 600000), AEL_E2E_SCREENSHOT (png written when the suite ends), AEL_E2E_VERBOSE=1.
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import type { Browser } from 'playwright-core';
import { freePort, launchChromium, newRunDir, NOISE, stopProcessGroup, waitForHttp } from './host';
import { cacheDir, node24Bin, repoRoot, vscodeServerMain } from './paths';

interface RunnerArgs { developmentPaths: string[]; testsPath: string; workspace?: string }

function parseArgs(argv: string[]): RunnerArgs {
  const developmentPaths: string[] = [];
  let testsPath: string | undefined;
  let workspace: string | undefined;
  for (const arg of argv) {
    if (arg.startsWith('--extensionDevelopmentPath=')) developmentPaths.push(path.resolve(arg.slice(arg.indexOf('=') + 1)));
    else if (arg.startsWith('--extensionTestsPath=')) testsPath = path.resolve(arg.slice(arg.indexOf('=') + 1));
    else if (!arg.startsWith('-') && !workspace) workspace = path.resolve(arg);
  }
  if (!testsPath || developmentPaths.length === 0) {
    throw new Error('usage: run-ext-host --extensionDevelopmentPath=DIR --extensionTestsPath=PATH [WORKSPACE]');
  }
  return { developmentPaths, testsPath, workspace };
}

/** Writes the executable that @vscode/test-electron spawns as "VS Code" and returns its path. */
export function writeCodeShim(): string {
  const shim = path.join(cacheDir, 'code-shim');
  fs.mkdirSync(cacheDir, { recursive: true });
  const runner = path.join(repoRoot, 'out', 'test', 'e2e', 'run-ext-host.js');
  const script = `#!/bin/sh\nexec "${process.execPath}" "${runner}" "$@"\n`;
  // Rewritten only when it changes: another test run may be executing it right now.
  if (!fs.existsSync(shim) || fs.readFileSync(shim, 'utf8') !== script) {
    const temporary = `${shim}.${process.pid}`;
    fs.writeFileSync(temporary, script, { mode: 0o755 });
    fs.renameSync(temporary, shim);
  }
  return shim;
}

export async function runExtensionTests(args: RunnerArgs): Promise<number> {
  const started = Date.now();
  const log = (...parts: unknown[]) => console.log(`    [host +${((Date.now() - started) / 1000).toFixed(1)}s]`, ...parts);
  const verbose = process.env.AEL_E2E_VERBOSE === '1';
  const timeoutMs = Number(process.env.AEL_E2E_TIMEOUT_MS || 600_000);
  const runDir = newRunDir('ext-host');
  const port = await freePort();
  const serverArgs = [
    vscodeServerMain,
    '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms',
    // A built workbench ignores extensionDevelopmentPath/extensionTestsPath unless the smoke-test driver is on.
    '--enable-smoke-test-driver',
    '--disable-telemetry', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
    '--user-data-dir', path.join(runDir, 'user-data'),
    '--server-data-dir', path.join(runDir, 'server-data'),
    '--extensions-dir', path.join(runDir, 'extensions'),
  ];
  const serverLogPath = path.join(runDir, 'vscode-server.log');
  const serverLog = fs.openSync(serverLogPath, 'a');
  const server: ChildProcess = spawn(node24Bin, serverArgs, {
    env: { ...process.env, XDG_CONFIG_HOME: path.join(runDir, 'config'), XDG_DATA_HOME: path.join(runDir, 'data'),
      PATH: `${path.dirname(node24Bin)}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', serverLog, serverLog],
    detached: true,
  });
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/version`, 60_000, () => server.exitCode === null);
    log(`VS Code server up on port ${port} (log: ${path.relative(repoRoot, serverLogPath)})`);
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const finished = new Promise<number>((resolve) => {
      // Both must exist before the workbench loads: it reports the suite's output and result through them.
      void page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown[]) => {
        const line = util.format(...(logArgs ?? []));
        if (verbose || !NOISE.test(line)) console.log(`    [ext-host ${type}] ${line}`);
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    page.on('console', (message) => {
      if (verbose || (message.type() === 'error' && !NOISE.test(message.text()))) console.log(`    [browser ${message.type()}] ${message.text()}`);
    });
    const authority = `127.0.0.1:${port}`; // must match the page's host:port exactly
    const remote = (p: string) => `vscode-remote://${authority}${p}`;
    const payload = JSON.stringify([
      ...args.developmentPaths.map((d) => ['extensionDevelopmentPath', remote(d)]),
      ['extensionTestsPath', remote(args.testsPath)],
      ['skipWelcome', 'true'],
    ]);
    const folder = args.workspace ? `folder=${encodeURIComponent(args.workspace)}&` : '';
    await page.goto(`http://${authority}/?${folder}payload=${encodeURIComponent(payload)}`);
    const timedOut = new Promise<number>((resolve) => { timer = setTimeout(() => { log(`TIMEOUT after ${timeoutMs} ms`); resolve(124); }, timeoutMs); });
    const code = await Promise.race([finished, timedOut]);
    log(`extension tests finished with exit code ${code}`);
    const screenshot = process.env.AEL_E2E_SCREENSHOT;
    if (screenshot) {
      fs.mkdirSync(path.dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot }).catch(() => undefined);
    }
    return code;
  } catch (err) {
    log('ERROR', err instanceof Error ? err.stack : err);
    log(`server log: ${serverLogPath}`);
    return 1;
  } finally {
    if (timer) clearTimeout(timer);
    await browser?.close().catch(() => undefined);
    stopProcessGroup(server);
    fs.closeSync(serverLog);
  }
}

if (require.main === module) {
  let parsed: RunnerArgs;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  }
  runExtensionTests(parsed).then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
}
