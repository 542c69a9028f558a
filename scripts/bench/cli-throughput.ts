/** Item 1: the CLI over the whole corpus (cfn, cdk, sdk) in one process: wall time, files per second, peak RSS. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CORPUS, CORPUS_KINDS, DIST_CLI, PEAK_RSS_PRELOAD, RunOptions, corpusFiles, tempDir } from './common';
import { median } from './stats';

export interface CliRun {
  wallMs: number;
  peakRssBytes: number;
  filesChecked: number;
  findings: number;
  exitCode: number | null;
}

export interface PerKind {
  kind: string;
  filesInCorpus: number;
  filesChecked: number;
  findings: number;
  wallMs: number;
}

export interface CliThroughputResult {
  runs: number;
  filesInCorpus: number;
  medianWallMs: number;
  medianPeakRssBytes: number;
  filesChecked: number;
  findings: number;
  filesPerSecond: number;
  perKind: PerKind[];
  allWallMs: number[];
}

/** One CLI process, timed from spawn to exit. */
export function runCli(args: string[], cwd: string): CliRun {
  const rssFile = path.join(tempDir('rss'), 'peak');
  const started = performance.now();
  const r = spawnSync(process.execPath, ['-r', PEAK_RSS_PRELOAD, DIST_CLI, ...args, '--format', 'json', '--fail-on', 'none'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, BENCH_PEAK_RSS_FILE: rssFile },
  });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`CLI exited with ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const out = JSON.parse(r.stdout) as { summary: { files: number; findings: number } };
  const peakRssBytes = Number(fs.readFileSync(rssFile, 'utf8'));
  fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return { wallMs, peakRssBytes, filesChecked: out.summary.files, findings: out.summary.findings, exitCode: r.status };
}

export function measureCliThroughput(opts: RunOptions): CliThroughputResult {
  const kinds = CORPUS_KINDS.filter((k) => fs.existsSync(path.join(CORPUS, k)));
  const filesInCorpus = kinds.reduce((n, k) => n + corpusFiles(k).length, 0);
  const runs = opts.quick ? 2 : 7;
  opts.progress(`warm-up run (file cache), then ${runs} timed runs over ${kinds.join(' + ')} (${filesInCorpus} files)`);
  runCli(kinds, CORPUS);
  const all: CliRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runCli(kinds, CORPUS);
    all.push(r);
    opts.progress(`run ${i + 1}/${runs}: ${r.wallMs.toFixed(0)} ms, peak RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MB`);
  }
  const perKind: PerKind[] = kinds.map((kind) => {
    const times: number[] = [];
    let last: CliRun | undefined;
    for (let i = 0; i < (opts.quick ? 1 : 3); i++) {
      last = runCli([kind], CORPUS);
      times.push(last.wallMs);
    }
    return { kind, filesInCorpus: corpusFiles(kind).length, filesChecked: last!.filesChecked, findings: last!.findings, wallMs: median(times) };
  });
  const medianWallMs = median(all.map((r) => r.wallMs));
  return {
    runs,
    filesInCorpus,
    medianWallMs,
    medianPeakRssBytes: median(all.map((r) => r.peakRssBytes)),
    filesChecked: all[0].filesChecked,
    findings: all[0].findings,
    filesPerSecond: all[0].filesChecked / (medianWallMs / 1000),
    perKind,
    allWallMs: all.map((r) => r.wallMs),
  };
}
