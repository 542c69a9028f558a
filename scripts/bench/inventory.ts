/**
 * Item 7: the encryption inventory over the whole corpus (cfn, cdk, sdk). Lint and index every file once (as the
 * server's background index does), then time `buildInventory` on the index (what an inventory request costs) and the
 * HTML report; the goal is the build under 2 s. The lint + index time is shown for context.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderInventoryHtml } from '../../server/src/docs/inventory-html';
import { defaultConfig } from '../../server/src/engine/config';
import { buildInventory } from '../../server/src/engine/inventory';
import { lintText } from '../../server/src/engine/lint';
import { ProjectIndex } from '../../server/src/engine/project';
import { Finding } from '../../server/src/model/types';
import { ensurePythonParser } from '../../server/src/parsers/cdk-py/parse';
import { ALL_RULES } from '../../server/src/rules/registry';
import { CORPUS_KINDS, RunOptions, corpusFiles } from './common';
import { median } from './stats';

export interface InventoryResult {
  files: number;
  stores: number;
  keys: number;
  edges: number;
  /** Lint + index + project findings of every file, once. */
  indexMs: number;
  /** Median of buildInventory on the finished index. */
  buildMs: number;
  /** Median of rendering the HTML report page. */
  htmlMs: number;
  htmlBytes: number;
  runs: number;
}

export async function measureInventory(opts: RunOptions): Promise<InventoryResult> {
  await ensurePythonParser();
  const config = defaultConfig();
  const files = CORPUS_KINDS.flatMap((k) => corpusFiles(k)).filter((f) => /\.(ya?ml|json|template|ts|js|py)$/.test(f));
  const project = new ProjectIndex();
  const findings = new Map<string, Finding[]>();
  const t0 = performance.now();
  for (const f of files) {
    const uri = path.basename(f);
    const res = lintText({ uri, text: fs.readFileSync(f, 'utf8') }, { config, rules: ALL_RULES });
    if (res.template) project.update(uri, res.template);
    findings.set(uri, res.findings);
  }
  for (const uri of project.uris()) {
    findings.set(uri, [...(findings.get(uri) ?? []), ...project.findingsFor(uri, ALL_RULES, config)]);
    project.release(uri);
  }
  const indexMs = performance.now() - t0;
  opts.progress(`indexed ${files.length} files in ${(indexMs / 1000).toFixed(1)} s`);

  const runs = opts.quick ? 3 : 15;
  const build: number[] = [];
  const html: number[] = [];
  let inventory = buildInventory(project, findings); // warm-up
  let page = '';
  const reportFindings = [...findings].flatMap(([file, list]) => list.map((f) => ({ file, ruleId: f.ruleId, severity: f.severity, message: f.message })));
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    inventory = buildInventory(project, findings);
    const b = performance.now();
    page = renderInventoryHtml(inventory, reportFindings, { tool: 'aws-encryption-lint', version: 'bench', files: files.length });
    html.push(performance.now() - b);
    build.push(b - a);
  }
  opts.progress(`build median ${median(build).toFixed(1)} ms, html ${median(html).toFixed(1)} ms`);
  return {
    files: files.length, stores: inventory.stores.length, keys: inventory.keys.length, edges: inventory.edges.length,
    indexMs, buildMs: median(build), htmlMs: median(html), htmlBytes: Buffer.byteLength(page), runs,
  };
}
