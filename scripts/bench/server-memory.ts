/**
 * Item 5: server memory. RSS of the server process (Linux /proc) after it indexed the whole corpus as a workspace
 * folder (cfn, cdk, sdk, labeled), and over 10,000 edits of the long corpus template (each edit waits for its
 * diagnostics): growth from the RSS after the first 500 edits (warm-up) to the RSS after the last.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CORPUS, MB, RunOptions } from './common';
import { LONG_CORPUS_TEMPLATE, typingPlan } from './editor-latency';
import { BenchServer } from './lsp-client';
import { median } from './stats';

export interface MemoryResult {
  index: { runs: number; filesIndexed?: number; indexMs: number; rssBytes: number; peakRssBytes: number; allRss: number[] };
  edits: {
    document: string;
    count: number;
    warmup: number;
    baselineRssBytes: number;
    finalRssBytes: number;
    peakRssBytes: number;
    growth: number;
    samples: { edits: number; rssBytes: number }[];
    medianEditMs: number;
  };
}

async function indexRun(): Promise<{ indexMs: number; rss: number; peak: number; files?: number }> {
  const server = await BenchServer.start({ workspaceFolder: CORPUS, workDoneProgress: true });
  try {
    await server.progressEnd(300_000);
    const indexMs = performance.now() - server.spawnedAt;
    await new Promise((r) => setTimeout(r, 500)); // let the last published messages go out
    const m = server.logs.map((l) => /workspace index: (\d+) files/.exec(l)).find((x) => x);
    return { indexMs, rss: server.rssBytes(), peak: server.peakRssBytes(), files: m ? Number(m[1]) : undefined };
  } finally {
    await server.stop();
  }
}

export async function measureMemory(opts: RunOptions): Promise<MemoryResult> {
  const runs = opts.quick ? 1 : 3;
  const idx: Awaited<ReturnType<typeof indexRun>>[] = [];
  for (let i = 0; i < runs; i++) {
    idx.push(await indexRun());
    opts.progress(`workspace index ${i + 1}/${runs}: ${idx[i].files ?? '?'} files in ${idx[i].indexMs.toFixed(0)} ms, RSS ${(idx[i].rss / MB).toFixed(0)} MB (peak ${(idx[i].peak / MB).toFixed(0)} MB)`);
  }

  const count = opts.quick ? 1000 : 10_000;
  const warmup = opts.quick ? 100 : 500;
  const text = fs.readFileSync(path.join(CORPUS, LONG_CORPUS_TEMPLATE), 'utf8');
  const plan = typingPlan(text, count);
  const server = await BenchServer.start();
  const samples: { edits: number; rssBytes: number }[] = [];
  const latencies: number[] = [];
  let baseline = 0;
  try {
    const uri = `file:///bench/${path.basename(LONG_CORPUS_TEMPLATE)}`;
    await server.open(uri, 'yaml', text);
    samples.push({ edits: 0, rssBytes: server.rssBytes() });
    let version = 1;
    for (let i = 0; i < plan.length; i++) {
      const k = plan[i];
      latencies.push(await server.change(uri, ++version, [{ range: { start: { line: k.line, character: k.character }, end: { line: k.line, character: k.character } }, text: k.text }]));
      const done = i + 1;
      if (done === warmup) baseline = server.rssBytes();
      if (done % (count / 10) === 0 || done === warmup) {
        samples.push({ edits: done, rssBytes: server.rssBytes() });
        if (done % (count / 10) === 0) opts.progress(`${done}/${count} edits, RSS ${(server.rssBytes() / MB).toFixed(0)} MB`);
      }
    }
    const finalRss = server.rssBytes();
    return {
      index: {
        runs,
        filesIndexed: idx[0].files,
        indexMs: median(idx.map((r) => r.indexMs)),
        rssBytes: median(idx.map((r) => r.rss)),
        peakRssBytes: median(idx.map((r) => r.peak)),
        allRss: idx.map((r) => r.rss),
      },
      edits: {
        document: path.basename(LONG_CORPUS_TEMPLATE),
        count,
        warmup,
        baselineRssBytes: baseline,
        finalRssBytes: finalRss,
        peakRssBytes: server.peakRssBytes(),
        growth: finalRss / baseline - 1,
        samples: samples.sort((a, b) => a.edits - b.edits),
        medianEditMs: median(latencies),
      },
    };
  } finally {
    await server.stop();
  }
}
