#!/usr/bin/env node
// Fuzzer for the engine: mutates every corpus file and project fixture (truncations, byte flips, line deletions and
// duplications, indentation shifts, tag swaps, odd Unicode, BOM, CRLF) and checks each input with lintText: no
// exception, no internal error, every span inside its text, no hang. Failing inputs are minimised and written to
// test/fixtures/fuzz/ as regression fixtures.
//
//   npm run fuzz                 short run (the one `npm test` does)
//   npm run fuzz -- --full       at least 50,000 inputs
//   options: --seed N, --per-file N, --workers N, --hang-ms N, --no-save, --json
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Worker } = require('worker_threads');
const { mutationsOf } = require('./fuzz/mutate');

const ROOT = path.join(__dirname, '..');
const CORPUS = path.join(ROOT, '..', 'shared', 'corpus');
const FIXTURE_DIR = path.join(ROOT, 'test', 'fixtures', 'fuzz');
const FULL_MINIMUM_INPUTS = 50_000;
const TRUNCATIONS = 20;

/** Files to mutate: the corpus (CloudFormation, CDK, SDK, labeled fixtures) and the project's own fixtures. */
function seedFiles() {
  const out = [];
  const walk = (dir, origin) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs, origin);
      else if (!/\.(tsv|md)$/i.test(e.name) && !e.name.endsWith('.meta.json') && !e.name.endsWith('.expected.json') && !e.name.endsWith('.config.json')) {
        out.push({ path: abs, name: e.name, origin });
      }
    }
  };
  for (const d of ['cfn', 'cdk', 'sdk', 'labeled']) walk(path.join(CORPUS, d), `corpus/${d}`);
  walk(path.join(ROOT, 'test', 'fixtures', 'rules'), 'fixtures/rules');
  walk(FIXTURE_DIR, 'fixtures/fuzz');
  return out;
}

function slug(s) {
  return s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).toLowerCase();
}

/**
 * Runs the fuzzer; resolves to the counts. Options: full, seed, perFile, workers, hangMs, slowMs, saveDir (where
 * minimised failures go; undefined: not saved), files (override seedFiles()), log (progress lines).
 */
async function runFuzz(options = {}) {
  const started = Date.now();
  const files = options.files ?? seedFiles();
  const full = !!options.full;
  const perFile = options.perFile ?? (full ? Math.max(60, Math.ceil(FULL_MINIMUM_INPUTS / Math.max(1, files.length)) - TRUNCATIONS + 2) : 3);
  const workers = Math.max(1, options.workers ?? Math.min(4, os.availableParallelism ? os.availableParallelism() : os.cpus().length));
  const hangMs = options.hangMs ?? 10_000;
  const slowMs = options.slowMs ?? 1_000;
  const seed = options.seed ?? 7;
  const log = options.log ?? (() => {});
  const stats = {
    mode: full ? 'full' : 'short', seed, files: files.length, perFile, inputs: 0, templates: 0, notTemplates: 0, skipped: 0,
    findings: 0, fixes: 0, failures: [], hangs: [], slow: [], maxMs: 0, maxMsInput: '', durationMs: 0, saved: [],
  };
  const signatures = new Map();
  let nextFile = 0;

  await new Promise((resolve, reject) => {
    let live = 0;
    const spawn = (job) => {
      live++;
      const w = new Worker(path.join(__dirname, 'fuzz', 'worker.js'), { workerData: { seed, perFile, minimise: true, minimiseChecks: options.minimiseChecks ?? 2000 } });
      let current = null;
      let hung = false;
      const give = (j) => {
        current = { fileIdx: j.fileIdx, index: j.skip - 1, since: Date.now() };
        w.postMessage(j);
      };
      const next = () => {
        if (nextFile >= files.length) {
          clearInterval(watchdog);
          w.terminate();
          return;
        }
        const idx = nextFile++;
        give({ fileIdx: idx, path: files[idx].path, name: files[idx].name, skip: 0 });
      };
      const watchdog = setInterval(() => {
        if (current && Date.now() - current.since > hangMs) {
          hung = true;
          clearInterval(watchdog);
          const f = files[current.fileIdx];
          stats.hangs.push({ file: path.relative(ROOT, f.path), index: current.index, ms: Date.now() - current.since });
          log(`hang: ${f.name} input #${current.index} (over ${hangMs} ms); restarting the worker`);
          spawn({ fileIdx: current.fileIdx, path: f.path, name: f.name, skip: current.index + 1 });
          w.terminate();
        }
      }, 250);
      w.on('message', (m) => {
        if (m.type === 'start') current = { fileIdx: m.fileIdx, index: m.index, since: Date.now() };
        else if (m.type === 'done') {
          stats.inputs++;
          stats.findings += m.findings;
          stats.fixes += m.fixes;
          if (m.kind === 'template') stats.templates++;
          else if (m.kind === 'not-a-template') stats.notTemplates++;
          else if (m.kind === 'skipped') stats.skipped++;
          const label = `${files[m.fileIdx].name} ${m.mutation}`;
          if (m.ms > stats.maxMs) {
            stats.maxMs = m.ms;
            stats.maxMsInput = label;
          }
          if (m.ms > slowMs) stats.slow.push({ input: label, ms: Math.round(m.ms) });
          if (m.failure) {
            const f = m.failure;
            const first = !signatures.has(f.signature);
            signatures.set(f.signature, (signatures.get(f.signature) ?? 0) + 1);
            if (first) {
              stats.failures.push({ signature: f.signature, detail: f.detail, file: path.relative(ROOT, files[m.fileIdx].path), mutation: m.mutation, index: m.index });
              log(`FAIL ${f.signature}\n     ${label}`);
              if (options.saveDir && (f.minimised !== undefined || f.input !== undefined)) {
                stats.saved.push(saveFailure(options.saveDir, files[m.fileIdx], m, f, seed));
              }
            }
          }
          if (stats.inputs % 5000 === 0) log(`${stats.inputs} inputs, ${signatures.size} distinct failures, ${Math.round((Date.now() - started) / 1000)} s`);
        } else if (m.type === 'file-done') next();
        else if (m.type === 'worker-error') {
          stats.failures.push({ signature: 'worker-error', detail: m.detail, file: path.relative(ROOT, files[m.fileIdx].path) });
          next();
        }
      });
      w.on('error', (err) => {
        clearInterval(watchdog);
        reject(err);
      });
      w.on('exit', () => {
        live--;
        if (live === 0) resolve();
      });
      if (job) give(job);
      else next();
    };
    for (let i = 0; i < workers && i < files.length; i++) spawn(null);
    if (!files.length) resolve();
  });

  for (const f of stats.failures) f.count = signatures.get(f.signature) ?? 1;
  stats.durationMs = Date.now() - started;
  return stats;
}

/** Writes a minimised failing input as a regression fixture (`<slug>.<ext>` + `<slug>.meta.json`). */
function saveFailure(dir, file, msg, failure, seed) {
  fs.mkdirSync(dir, { recursive: true });
  const ext = (/\.[^.]+$/.exec(file.name) || ['.txt'])[0];
  const base = slug(`${failure.kind}-${failure.detail}`).slice(0, 50) + '-' + (require('./fuzz/mutate').hash(failure.signature) % 100000);
  const text = failure.minimised ?? failure.input;
  fs.writeFileSync(path.join(dir, base + ext), text);
  fs.writeFileSync(path.join(dir, `${base}.meta.json`), JSON.stringify({
    failure: failure.signature, detail: failure.detail, source: `${file.origin}/${file.name}`, mutation: msg.mutation, seed,
    minimised: failure.minimised !== undefined,
  }, null, 1) + '\n');
  return path.join(dir, base + ext);
}

function summaryLine(s) {
  return `fuzz (${s.mode}, seed ${s.seed}): ${s.inputs} inputs from ${s.files} files (${s.templates} templates, ${s.notTemplates} not templates, ${s.skipped} skipped), ` +
    `${s.findings} findings, ${s.fixes} fixes checked; ${s.failures.length} distinct failures, ${s.hangs.length} hangs, ${s.slow.length} inputs over 1 s ` +
    `(max ${Math.round(s.maxMs)} ms: ${s.maxMsInput}); ${(s.durationMs / 1000).toFixed(1)} s`;
}

async function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const full = argv.includes('--full');
  if (!fs.existsSync(path.join(ROOT, 'out', 'server', 'src', 'engine', 'lint.js'))) {
    console.error('fuzz: out/ is missing; run `npx tsc -p .` (or npm run build) first');
    return 2;
  }
  if (!fs.existsSync(CORPUS)) console.error(`fuzz: ${CORPUS} is not present; fuzzing the project's fixtures only`);
  const stats = await runFuzz({
    full,
    seed: arg('--seed') !== undefined ? Number(arg('--seed')) : undefined,
    perFile: arg('--per-file') !== undefined ? Number(arg('--per-file')) : undefined,
    workers: arg('--workers') !== undefined ? Number(arg('--workers')) : undefined,
    hangMs: arg('--hang-ms') !== undefined ? Number(arg('--hang-ms')) : undefined,
    saveDir: argv.includes('--no-save') ? undefined : FIXTURE_DIR,
    log: (s) => console.error(`fuzz: ${s}`),
  });
  if (argv.includes('--json')) console.log(JSON.stringify(stats, null, 1));
  for (const f of stats.failures) console.log(`  failure x${f.count}: ${f.signature}\n    first: ${f.file} ${f.mutation}`);
  for (const h of stats.hangs) console.log(`  hang: ${h.file} input #${h.index}`);
  for (const s of stats.slow.slice(0, 20)) console.log(`  slow: ${s.ms} ms ${s.input}`);
  for (const p of stats.saved) console.log(`  saved: ${path.relative(ROOT, p)}`);
  console.log(summaryLine(stats));
  if (full && stats.inputs < FULL_MINIMUM_INPUTS) {
    console.log(`fuzz: the full run made only ${stats.inputs} inputs (goal ${FULL_MINIMUM_INPUTS})`);
    return 1;
  }
  return stats.failures.length || stats.hangs.length ? 1 : 0;
}

module.exports = { runFuzz, seedFiles, summaryLine, mutationsOf, FIXTURE_DIR };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), (err) => {
    console.error(err);
    process.exitCode = 2;
  });
}
