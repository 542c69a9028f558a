/**
 * `npm run bench`: runs the measurements of issue 6, each in a fresh child process, prints progress, and writes
 * docs/benchmarks.md with the machine, versions and date.
 *
 *   node out/scripts/bench/main.js [--only cli,peer,latency,floor,memory,scaling,inventory] [--quick] [--out FILE]
 *                                  [--profile DIR]   (each child writes a V8 CPU profile into DIR)
 *
 * With --only or --quick the page goes to a temporary file unless --out is given, so a partial run never
 * replaces the published figures.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO, RunOptions, corpusAvailable, machineInfo, tempDir } from './common';
import { renderPage } from './report';
import { measureCliThroughput } from './cli-throughput';
import { measurePeer } from './peer-cdk-nag';
import { measureFloor } from './floor';
import { measureScaling } from './scaling';
import { measureLatency } from './editor-latency';
import { measureMemory } from './server-memory';
import { measureInventory } from './inventory';

export const ITEMS = ['cli', 'peer', 'latency', 'floor', 'memory', 'scaling', 'inventory'] as const;
export type Item = (typeof ITEMS)[number];

const TITLES: Record<Item, string> = {
  cli: '1. CLI throughput over the corpus',
  peer: '2. Against cdk-nag',
  latency: '3. Editor latency through the server',
  floor: '4. The floor: lint time / parse time',
  memory: '5. Server memory',
  scaling: '6. Scaling',
  inventory: '7. Encryption inventory over the corpus',
};

async function runItem(item: Item, opts: RunOptions): Promise<unknown> {
  switch (item) {
    case 'cli':
      return measureCliThroughput(opts);
    case 'peer':
      return measurePeer(opts);
    case 'floor':
      return measureFloor(opts);
    case 'scaling':
      return measureScaling(opts);
    case 'latency':
      return measureLatency(opts);
    case 'memory':
      return measureMemory(opts);
    case 'inventory':
      return measureInventory(opts);
  }
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
}

/** Child mode: one measurement, its JSON written to --result. */
async function child(item: Item, resultFile: string, quick: boolean): Promise<void> {
  const opts: RunOptions = { quick, progress: (line) => process.stderr.write(`  [${item}] ${line}\n`) };
  const result = await runItem(item, opts);
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const childItem = arg(argv, '--child') as Item | undefined;
  const quick = argv.includes('--quick');
  if (childItem) {
    await child(childItem, arg(argv, '--result')!, quick);
    return 0;
  }
  if (!corpusAvailable()) {
    console.log('bench: ../shared/corpus is not present; nothing to measure (skipped).');
    return 0;
  }
  const only = arg(argv, '--only');
  const items = only ? (only.split(',').map((s) => s.trim()) as Item[]) : [...ITEMS];
  for (const i of items) if (!ITEMS.includes(i)) throw new Error(`unknown item ${i}; use ${ITEMS.join(', ')}`);
  const profileDir = arg(argv, '--profile');
  const partial = !!only || quick;
  const out = path.resolve(arg(argv, '--out') ?? (partial ? path.join(tempDir('page'), 'benchmarks.md') : path.join(REPO, 'docs', 'benchmarks.md')));
  const work = tempDir('results');
  const results: Partial<Record<Item, unknown>> = {};
  const errors: Partial<Record<Item, string>> = {};
  const started = Date.now();
  const machine = machineInfo(); // before the bench loads the machine itself
  console.log(`bench: ${items.length} measurement(s), each in a fresh process${quick ? ' (quick)' : ''}; ${os.cpus().length} cores`);
  for (const [n, item] of items.entries()) {
    console.log(`bench: [${n + 1}/${items.length}] ${TITLES[item]}`);
    const resultFile = path.join(work, `${item}.json`);
    const nodeArgs = ['--expose-gc', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`, `--cpu-prof-name=${item}.cpuprofile`] : [])];
    const t = Date.now();
    const r = spawnSync(process.execPath, [...nodeArgs, __filename, '--child', item, '--result', resultFile, ...(quick ? ['--quick'] : [])], {
      stdio: ['ignore', 'inherit', 'inherit'],
      cwd: REPO,
    });
    if (r.status === 0 && fs.existsSync(resultFile)) {
      results[item] = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
      console.log(`bench:       done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } else {
      errors[item] = `the measurement process exited with ${r.status ?? r.signal}`;
      console.log(`bench:       FAILED (${errors[item]})`);
    }
  }
  const page = renderPage(machine, results, errors, { quick, totalSeconds: (Date.now() - started) / 1000 });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, page);
  fs.writeFileSync(path.join(work, 'all.json'), JSON.stringify(results, null, 1));
  console.log(`bench: wrote ${path.relative(process.cwd(), out) || out}; raw results in ${work}/all.json`);
  return Object.keys(errors).length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exitCode = 1;
  },
);
