/**
 * Item 6: scaling. Generated templates of 100, 1,000, 5,000 and 20,000 resources (YAML and JSON) and `Fn::If`
 * chains 1 to 12 deep: lint time (parse included, no cache) per size, and the fitted exponent of time ∝ size^k.
 */
import { defaultConfig } from '../../server/src/engine/config';
import { lintText } from '../../server/src/engine/lint';
import { ALL_RULES } from '../../server/src/rules/registry';
import { RunOptions } from './common';
import { nestedIfTemplate, serviceTemplate, toJson, toYaml } from './generate';
import { fitExponent, median } from './stats';

export interface SizePoint {
  resources: number;
  bytes: number;
  lintMs: number;
  findings: number;
}

export interface DepthPoint {
  depth: number;
  bytes: number;
  lintMs: number;
  findings: number;
}

export interface ScalingResult {
  yaml: SizePoint[];
  json: SizePoint[];
  yamlExponent: number;
  jsonExponent: number;
  ifGroups: number;
  depth: DepthPoint[];
  depthExponent: number;
  /** Exponent against file size for the `Fn::If` series (the file grows with depth too). */
  depthBytesExponent: number;
}

const config = { ...defaultConfig(), maxFileSize: Number.MAX_SAFE_INTEGER };

/** Median of repeated lints, as many as fit in about `budgetMs` (at least one; a warm-up first when it is quick). */
function timeLint(uri: string, text: string, maxRuns: number, budgetMs = 8000): { ms: number; findings: number; runs: number } {
  const times: number[] = [];
  let findings = 0;
  const started = performance.now();
  for (let i = 0; i < maxRuns; i++) {
    const t = performance.now();
    const r = lintText({ uri, text }, { config, rules: ALL_RULES });
    times.push(performance.now() - t);
    findings = r.findings.length;
    if (i === 0 && times[0] < 1000 && maxRuns > 1) times.length = 0; // the first run warms up
    if (performance.now() - started > budgetMs && times.length) break;
  }
  return { ms: median(times), findings, runs: times.length };
}

export function measureScaling(opts: RunOptions): ScalingResult {
  const sizes = [100, 1000, 5000, 20000];
  const series = (format: 'yaml' | 'json'): SizePoint[] =>
    sizes.map((resources) => {
      const text = format === 'yaml' ? toYaml(serviceTemplate(resources)) : toJson(serviceTemplate(resources));
      const { ms, findings, runs } = timeLint(`scaling.${format}`, text, opts.quick ? 2 : 10);
      opts.progress(`${format} ${resources} resources (${(text.length / 1e6).toFixed(1)} MB): ${ms.toFixed(1)} ms (median of ${runs}), ${findings} findings`);
      return { resources, bytes: Buffer.byteLength(text), lintMs: ms, findings };
    });
  const yaml = series('yaml');
  const json = series('json');
  const ifGroups = 100;
  const depth: DepthPoint[] = [];
  for (let d = 1; d <= 12; d++) {
    const text = toYaml(nestedIfTemplate(d, ifGroups));
    const { ms, findings } = timeLint('nested-if.yaml', text, opts.quick ? 2 : 8, 4000);
    depth.push({ depth: d, bytes: Buffer.byteLength(text), lintMs: ms, findings });
  }
  opts.progress(`Fn::If depth 1..12 over ${ifGroups * 3} resources: ${depth[0].lintMs.toFixed(1)} ms .. ${depth[11].lintMs.toFixed(1)} ms`);
  return {
    yaml,
    json,
    yamlExponent: fitExponent(yaml.map((p) => ({ x: p.resources, y: p.lintMs }))),
    jsonExponent: fitExponent(json.map((p) => ({ x: p.resources, y: p.lintMs }))),
    ifGroups,
    depth,
    depthExponent: fitExponent(depth.map((p) => ({ x: p.depth, y: p.lintMs }))),
    depthBytesExponent: fitExponent(depth.map((p) => ({ x: p.bytes, y: p.lintMs }))),
  };
}
