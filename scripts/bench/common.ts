import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root (this file runs from out/scripts/bench/). */
export const REPO = path.resolve(__dirname, '..', '..', '..');
export const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
export const CORPUS_KINDS = ['cfn', 'cdk', 'sdk'] as const;
export const DIST_CLI = path.join(REPO, 'dist', 'cli.js');
export const DIST_SERVER = path.join(REPO, 'dist', 'server.js');
/** Extension activation time measured by the editor-host tests (test/e2e), when they have run. */
export const ACTIVATION_FILE = path.join(REPO, 'test', 'e2e', 'artifacts', 'activation.json');
/** Preloaded into timed child processes: writes their peak RSS to $BENCH_PEAK_RSS_FILE on exit. */
export const PEAK_RSS_PRELOAD = path.join(__dirname, 'peak-rss.js');

export interface RunOptions {
  /** Fewer repetitions, for a smoke run. */
  quick: boolean;
  /** Prints one progress line (to stderr, so results stay clean). */
  progress: (line: string) => void;
}

export function corpusAvailable(): boolean {
  return fs.existsSync(CORPUS);
}

export function corpusFiles(kind: string): string[] {
  const dir = path.join(CORPUS, kind);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).sort().map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ael-bench-${prefix}-`));
}

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return 'not installed';
  }
}

function gitDescribe(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8' }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

export interface MachineInfo {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** 1-minute load average when the bench started: other work on the machine skews every figure. */
  loadAverage: number;
  commit: string;
  versions: Record<string, string>;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const ownVersion = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
    commit: gitDescribe(),
    versions: {
      'aws-encryption-lint': ownVersion,
      yaml: packageVersion('yaml'),
      'jsonc-parser': packageVersion('jsonc-parser'),
      typescript: packageVersion('typescript'),
      'web-tree-sitter': packageVersion('web-tree-sitter'),
      'vscode-languageserver': packageVersion('vscode-languageserver'),
      'aws-cdk-lib': packageVersion('aws-cdk-lib'),
      'cdk-nag': packageVersion('cdk-nag'),
    },
  };
}

export const MB = 1024 * 1024;
