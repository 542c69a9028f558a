/**
 * Item 3: editor latency through the real server over stdio. Three documents (the 8,925-line media2cloud backend
 * stack, an equally long generated template with many findings, a 300-line generated one); 200 single-line edits,
 * one at a time, typed as keystrokes (ten characters on each of twenty lines spread over the file); measured from
 * sending `didChange` to receiving the diagnostics for that version. Cold start: process spawn to first diagnostics.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ACTIVATION_FILE, CORPUS, RunOptions } from './common';
import { countLines, yamlTemplateOfLines } from './generate';
import { BenchServer } from './lsp-client';
import { median, percentile } from './stats';

export const LONG_CORPUS_TEMPLATE = 'cfn/aws-solutions__media2cloud__deployment__media2cloud-backend-stack.yaml';

export interface Keystroke {
  line: number;
  character: number;
  text: string;
}

const FIXED_KEYS = /^(Type|Condition|DependsOn|Ref|Version|AWSTemplateFormatVersion|Transform|DeletionPolicy|UpdateReplacePolicy)$/;
const YAML_VALUE = /^(\s*(?:-\s+)?)([A-Za-z][A-Za-z0-9]*):\s+(['"]?)[A-Za-z]/;
const JSON_VALUE = /^(\s*)"([A-Za-z][A-Za-z0-9]*)"\s*:\s*(")[A-Za-z]/;

/**
 * `count` keystrokes: `perLine` letters typed one after another into the values of lines spread evenly over the
 * document (string values of ordinary properties, so the document keeps its structure).
 */
export function typingPlan(text: string, count: number, perLine = 10): Keystroke[] {
  const lines = text.split('\n');
  const candidates: { line: number; character: number }[] = [];
  lines.forEach((l, i) => {
    const m = YAML_VALUE.exec(l) ?? JSON_VALUE.exec(l);
    if (!m || FIXED_KEYS.test(m[2])) return;
    candidates.push({ line: i, character: m[0].length }); // just after the value's first letter
  });
  if (!candidates.length) throw new Error('no line to edit');
  const targets = Math.ceil(count / perLine);
  const plan: Keystroke[] = [];
  for (let t = 0; t < targets && plan.length < count; t++) {
    const c = candidates[Math.floor(((t + 0.5) * candidates.length) / targets)];
    for (let k = 0; k < perLine && plan.length < count; k++) plan.push({ line: c.line, character: c.character + k, text: String.fromCharCode(97 + ((t + k) % 26)) });
  }
  return plan;
}

export interface LatencyDoc {
  name: string;
  lines: number;
  openMs: number;
  diagnosticsAtOpen: number;
  edits: number;
  /** Median over sessions of each session's percentile. */
  p50: number;
  p95: number;
  max: number;
  sessions: { p50: number; p95: number; max: number }[];
}

export interface LatencyResult {
  docs: LatencyDoc[];
  coldStart: { doc: string; lines: number; runs: number; medianMs: number; allMs: number[] }[];
  activation?: { activationMs: number | null; source: string; vscodeVersion?: string };
}

function readActivation(): LatencyResult['activation'] {
  const file = process.env.AEL_ACTIVATION_FILE ?? ACTIVATION_FILE;
  if (!fs.existsSync(file)) return undefined;
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { activationMs?: number | null; vscodeVersion?: string };
    return { activationMs: data.activationMs ?? null, source: path.relative(process.cwd(), file), vscodeVersion: data.vscodeVersion };
  } catch {
    return undefined;
  }
}

async function session(name: string, text: string, plan: Keystroke[]): Promise<{ openMs: number; diagnosticsAtOpen: number; latencies: number[] }> {
  const server = await BenchServer.start();
  try {
    const uri = `file:///bench/${name}`;
    const openMs = await server.open(uri, 'yaml', text);
    const diagnosticsAtOpen = server.lastDiagnostics.get(uri) ?? 0;
    const latencies: number[] = [];
    let version = 1;
    for (const k of plan) {
      latencies.push(await server.change(uri, ++version, [{ range: { start: { line: k.line, character: k.character }, end: { line: k.line, character: k.character } }, text: k.text }]));
    }
    return { openMs, diagnosticsAtOpen, latencies };
  } finally {
    await server.stop();
  }
}

export async function measureLatency(opts: RunOptions): Promise<LatencyResult> {
  const corpusText = fs.readFileSync(path.join(CORPUS, LONG_CORPUS_TEMPLATE), 'utf8');
  const corpusLines = countLines(corpusText);
  const docs: { name: string; text: string }[] = [
    { name: path.basename(LONG_CORPUS_TEMPLATE), text: corpusText },
    { name: `generated-${corpusLines}-lines.yaml`, text: yamlTemplateOfLines(corpusLines, { allUnencrypted: true }) },
    { name: 'generated-300-lines.yaml', text: yamlTemplateOfLines(300, { allUnencrypted: true }) },
  ];
  const edits = 200;
  const sessions = opts.quick ? 1 : 3;
  const results: LatencyDoc[] = [];
  for (const d of docs) {
    const plan = typingPlan(d.text, edits);
    const per: { p50: number; p95: number; max: number }[] = [];
    let openMs: number[] = [];
    let diagnosticsAtOpen = 0;
    const docStarted = performance.now();
    // Up to `sessions` sessions, fewer when one is slow (the bench must stay under ten minutes).
    for (let s = 0; s < sessions && (s === 0 || performance.now() - docStarted < 40_000); s++) {
      const r = await session(d.name, d.text, plan);
      openMs.push(r.openMs);
      diagnosticsAtOpen = r.diagnosticsAtOpen;
      per.push({ p50: percentile(r.latencies, 50), p95: percentile(r.latencies, 95), max: Math.max(...r.latencies) });
      opts.progress(`${d.name}: session ${s + 1}: open ${r.openMs.toFixed(0)} ms, edits p50 ${per[s].p50.toFixed(1)} / p95 ${per[s].p95.toFixed(1)} / max ${per[s].max.toFixed(1)} ms`);
    }
    results.push({
      name: d.name,
      lines: countLines(d.text),
      openMs: median(openMs),
      diagnosticsAtOpen,
      edits,
      p50: median(per.map((p) => p.p50)),
      p95: median(per.map((p) => p.p95)),
      max: median(per.map((p) => p.max)),
      sessions: per,
    });
    openMs = [];
  }
  const coldStart: LatencyResult['coldStart'] = [];
  for (const d of [docs[2], docs[0]]) {
    const runs = opts.quick ? 1 : 5;
    const all: number[] = [];
    for (let i = 0; i < runs; i++) {
      const server = await BenchServer.start();
      const uri = `file:///bench/${d.name}`;
      const wait = server.diagnosticsFor(uri, 1);
      await server.open(uri, 'yaml', d.text);
      all.push((await wait) - server.spawnedAt);
      await server.stop();
    }
    coldStart.push({ doc: d.name, lines: countLines(d.text), runs, medianMs: median(all), allMs: all });
    opts.progress(`cold start with ${d.name}: median ${median(all).toFixed(0)} ms`);
  }
  return { docs: results, coldStart, activation: readActivation() };
}
