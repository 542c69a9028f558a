// UI test as a person sees it: the packaged VSIX installed into code-server, a template opened in the workbench in
// headless Chromium, then the status bar's Problems count, the extension's own status item, the hover over an
// error squiggle, and a screenshot.
import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { freePort, launchChromium, newRunDir, stopProcessGroup, waitForHttp } from './host';
import { codeServerEntry, node24Bin, repoRoot } from './paths';

export interface UiResult {
  installOutput: string;
  problemsLabel: string;
  extensionStatusText: string;
  hoverText: string;
  screenshot: string;
  openToSquiggleMs: number;
}

export async function runUiTest(options: { vsix: string; workspace: string; fileName: string; screenshot: string;
  log: (line: string) => void }): Promise<UiResult> {
  const runDir = newRunDir('ui');
  const common = ['--user-data-dir', path.join(runDir, 'user-data'), '--extensions-dir', path.join(runDir, 'extensions')];
  // Keep code-server away from the user's ~/.config/code-server.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(runDir, 'config'), XDG_DATA_HOME: path.join(runDir, 'data'),
    PATH: `${path.dirname(node24Bin)}:${process.env.PATH ?? ''}` };
  const installOutput = execFileSync(node24Bin, [codeServerEntry, ...common, '--install-extension', options.vsix],
    { env, encoding: 'utf8' }).trim();
  options.log(installOutput.split('\n').pop() ?? '');
  const listed = execFileSync(node24Bin, [codeServerEntry, ...common, '--list-extensions'], { env, encoding: 'utf8' });
  if (!/aws-encryption-lint\.aws-encryption-lint/.test(listed)) throw new Error(`VSIX not listed after install: ${listed}`);

  // A quiet workbench for the screenshot: no chat side bar, no prompt about the enclosing git repository.
  const userSettings = path.join(runDir, 'user-data', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  fs.writeFileSync(userSettings, JSON.stringify({
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'git.openRepositoryInParentFolders': 'never',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
  }, null, 2));
  const port = await freePort();
  const serverLog = fs.openSync(path.join(runDir, 'code-server.log'), 'a');
  const server: ChildProcess = spawn(node24Bin, [codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ...common],
  { env, stdio: ['ignore', serverLog, serverLog], detached: true });
  let browser: Browser | undefined;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, () => server.exitCode === null);
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    options.log('workbench loaded');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: options.fileName }).first();
    await row.waitFor({ timeout: 60_000 });
    const opened = Date.now();
    await row.click();
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 90_000 });
    const openToSquiggleMs = Date.now() - opened;
    options.log(`error squiggle shown ${openToSquiggleMs} ms after opening ${options.fileName}`);

    const problems = page.locator('[id="status.problems"]');
    // The count settles once every finding of the file is published.
    // Page-side code is given as strings: this project compiles without the DOM library.
    await page.waitForFunction(
      "/Errors: [1-9]/.test((document.getElementById('status.problems') || { getAttribute: () => '' }).getAttribute('aria-label') || '')",
      null, { timeout: 30_000 });
    const problemsLabel = (await problems.getAttribute('aria-label')) ?? '';
    const extensionStatus = page.locator('[id^="aws-encryption-lint.aws-encryption-lint"]').first();
    const extensionStatusText = (await extensionStatus.innerText({ timeout: 15_000 }).catch(() => '')).trim()
      || ((await extensionStatus.getAttribute('aria-label').catch(() => null)) ?? '');

    // The text layer lies over the squiggle, so hovering the squiggle element itself times out: move the mouse there.
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the error squiggle has no box');
    await page.mouse.move(box.x + Math.min(8, box.width / 2), box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:visible, .monaco-resizable-hover:visible').first();
    await hover.waitFor({ timeout: 20_000 });
    // Language-server hovers arrive after the marker hover; give them a moment to join it.
    await page.waitForFunction("Array.from(document.querySelectorAll('.monaco-hover')).some((h) => /aws-encryption-lint/.test(h.innerText))",
      null, { timeout: 20_000 }).catch(() => undefined);
    const hoverText = (await hover.innerText()).replace(/\s+/g, ' ').trim();
    fs.mkdirSync(path.dirname(options.screenshot), { recursive: true });
    await page.screenshot({ path: options.screenshot });
    return { installOutput, problemsLabel, extensionStatusText, hoverText, screenshot: options.screenshot, openToSquiggleMs };
  } catch (err) {
    if (browser) {
      const failed = options.screenshot.replace(/\.png$/, '-failure.png');
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages[0]) await pages[0].screenshot({ path: failed }).catch(() => undefined);
      options.log(`failure screenshot: ${path.relative(repoRoot, failed)}; server log: ${path.join(runDir, 'code-server.log')}`);
    }
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    stopProcessGroup(server);
    fs.closeSync(serverLog);
  }
}
