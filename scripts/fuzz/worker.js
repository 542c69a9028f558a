// Fuzz worker thread: mutates the files the main thread hands it, checks each input, minimises new failures.
'use strict';
const fs = require('fs');
const { parentPort, workerData } = require('worker_threads');
const { loadEngine, checkInput, signature } = require('./check');
const { mutationsOf } = require('./mutate');
const { minimise } = require('./minimise');

const engineReady = loadEngine();
const minimisedSignatures = new Set();

async function fuzzFile(job) {
  const engine = await engineReady;
  const text = fs.readFileSync(job.path, 'utf8');
  let index = -1;
  for (const input of mutationsOf(text, job.name, workerData.seed, workerData.perFile)) {
    index++;
    if (index < job.skip) continue;
    parentPort.postMessage({ type: 'start', fileIdx: job.fileIdx, index });
    const t0 = performance.now();
    const r = await checkInput(engine, job.name, input.text);
    const ms = performance.now() - t0;
    const msg = { type: 'done', fileIdx: job.fileIdx, index, mutation: input.mutation, ms, findings: r.findings, fixes: r.fixes, kind: r.kind };
    if (r.failure) {
      const sig = signature(r.failure);
      msg.failure = { ...r.failure, signature: sig };
      if (workerData.minimise && !minimisedSignatures.has(sig)) {
        minimisedSignatures.add(sig);
        const sameFailure = async (t) => {
          const again = await checkInput(engine, job.name, t);
          return !!again.failure && signature(again.failure) === sig;
        };
        msg.failure.minimised = await minimise(input.text, sameFailure, workerData.minimiseChecks, () =>
          parentPort.postMessage({ type: 'start', fileIdx: job.fileIdx, index, minimising: true }));
      }
      msg.failure.input = input.text.length <= 200_000 ? input.text : undefined;
    }
    parentPort.postMessage(msg);
  }
  parentPort.postMessage({ type: 'file-done', fileIdx: job.fileIdx });
}

parentPort.on('message', (job) => {
  fuzzFile(job).catch((err) => parentPort.postMessage({ type: 'worker-error', fileIdx: job.fileIdx, detail: String(err && err.stack) }));
});
