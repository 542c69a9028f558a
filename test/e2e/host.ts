// Pieces shared by the extension-host runner and the UI test: free ports, waiting for HTTP, headless Chromium,
// stopping process groups, run folders.
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { chromiumBin, runsDir } from './paths';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      http.get(url, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', () => {
        if (!isAlive()) reject(new Error(`the server for ${url} exited before answering`));
        else if (Date.now() > deadline) reject(new Error(`no answer from ${url} within ${timeoutMs} ms`));
        else setTimeout(attempt, 250);
      });
    };
    attempt();
  });
}

export async function launchChromium(): Promise<Browser> {
  // playwright-core brings no browser of its own; Debian's chromium is driven over CDP.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumBin,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Children are spawned detached (own process group) so the whole tree (server, extension host, language server)
 * can be ended together. */
export function stopProcessGroup(child: ChildProcess | undefined): void {
  if (!child || child.pid === undefined || child.exitCode !== null) return;
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  const pid = child.pid;
  setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }, 3000).unref();
}

/** A fresh folder per run under the cache (server logs, user data). Runs of other test processes may be using
 * their folders right now, so only folders older than a day are removed. */
export function newRunDir(prefix: string): string {
  fs.mkdirSync(runsDir, { recursive: true });
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const dir of fs.readdirSync(runsDir)) {
    const full = path.join(runsDir, dir);
    try {
      if (fs.statSync(full).mtimeMs < dayAgo) fs.rmSync(full, { recursive: true, force: true });
    } catch { /* removed by another run meanwhile */ }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return fs.mkdtempSync(path.join(runsDir, `${prefix}-${stamp}-`));
}

/** Lines the offline workbench prints that say nothing about the extension under test. */
export const NOISE = new RegExp([
  '\\[AgentHost', '\\[ChatModelSelection\\]', '\\[AccountPolicyGate\\]', 'Service ?Worker', 'bad HTTP response code',
  'connection token', 'Creating a socket', 'reconnection-grace-time', 'builtin extensions cache', 'open-vsx\\.org', 'vsda',
  'authentication provider', 'events\\.data\\.microsoft', 'marketplace', 'ENOTFOUND', 'Failed to load resource',
].join('|'), 'i');
