/** Renders the measurements as docs/benchmarks.md. */
import type { CliThroughputResult } from './cli-throughput';
import type { MachineInfo } from './common';
import type { LatencyResult } from './editor-latency';
import type { FloorResult } from './floor';
import type { Item } from './main';
import type { PeerResult } from './peer-cdk-nag';
import type { ScalingResult } from './scaling';
import type { MemoryResult } from './server-memory';
import type { InventoryResult } from './inventory';

const MB = 1024 * 1024;

export function ms(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 1000) return `${(n / 1000).toFixed(2)} s`;
  if (n >= 100) return `${n.toFixed(0)} ms`;
  if (n >= 10) return `${n.toFixed(1)} ms`;
  if (n >= 1) return `${n.toFixed(2)} ms`;
  return `${n.toFixed(3)} ms`;
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
const x = (ratio: number, digits = 2) => (Number.isFinite(ratio) ? `${ratio.toFixed(digits)}×` : 'n/a');
const pct = (f: number) => `${f >= 0 ? '+' : ''}${(f * 100).toFixed(1)}%`;
const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : '**not met**');
const int = (n: number) => n.toLocaleString('en-US');
const code = (s: string) => `\`${s}\``;

interface GoalRow {
  item: string;
  goal: string;
  measured: string;
  ok: boolean | undefined;
}

export interface PageMeta {
  quick: boolean;
  totalSeconds: number;
}

export function renderPage(machine: MachineInfo, results: Partial<Record<Item, unknown>>, errors: Partial<Record<Item, string>>, meta: PageMeta): string {
  const cli = results.cli as CliThroughputResult | undefined;
  const peer = results.peer as PeerResult | undefined;
  const lat = results.latency as LatencyResult | undefined;
  const floor = results.floor as FloorResult | undefined;
  const mem = results.memory as MemoryResult | undefined;
  const scal = results.scaling as ScalingResult | undefined;
  const inv = results.inventory as InventoryResult | undefined;
  const goals: GoalRow[] = [];
  const body: string[] = [];
  const missing = (item: Item) => (errors[item] ? `Not measured: ${errors[item]}.` : 'Not measured in this run.');

  // 1
  body.push('## 1. CLI throughput over the corpus', '');
  if (cli) {
    body.push(
      `One CLI process (\`node dist/cli.js cfn cdk sdk --format json\`, cwd \`../shared/corpus\`), timed from spawn to exit, ${cli.runs} runs after a warm-up run; median shown. Peak RSS from the process's own \`resourceUsage().maxRSS\`.`,
      '',
      '| wall time | files checked / in corpus | files per second | findings | peak RSS |',
      '|---|---|---|---|---|',
      `| ${ms(cli.medianWallMs)} | ${cli.filesChecked} / ${cli.filesInCorpus} | ${cli.filesPerSecond.toFixed(0)} | ${cli.findings} | ${mb(cli.medianPeakRssBytes)} |`,
      '',
      'Per kind (one process per folder, median of its runs; "checked" counts the files the CLI recognised and linted):',
      '',
      '| kind | files in corpus | files checked | findings | wall time |',
      '|---|---|---|---|---|',
      ...cli.perKind.map((k) => `| ${k.kind} | ${k.filesInCorpus} | ${k.filesChecked} | ${k.findings} | ${ms(k.wallMs)} |`),
      '',
    );
    goals.push({ item: '1. CLI, whole corpus', goal: '≤ 5 s', measured: `${ms(cli.medianWallMs)} (${cli.filesChecked} files, ${cli.filesPerSecond.toFixed(0)} files/s, peak RSS ${mb(cli.medianPeakRssBytes)})`, ok: cli.medianWallMs <= 5000 });
  } else {
    body.push(missing('cli'), '');
    goals.push({ item: '1. CLI, whole corpus', goal: '≤ 5 s', measured: '—', ok: undefined });
  }

  // 2
  body.push('## 2. Against cdk-nag (same process, same run)', '');
  if (peer) {
    const slowest = [...peer.files].sort((a, b) => b.oursMs - a.oursMs).slice(0, 5);
    body.push(
      `For each CloudFormation corpus template: **cdk-nag** — \`cloudformation-include\` loads it into a stack, the \`AwsSolutionsChecks\` pack runs as an aspect, \`app.synth({ skipValidation: true })\` with aws-cdk-lib's L1 property validators made non-throwing and no report files; timed as the whole pipeline and, separately, as the pack's own \`visit\` calls (its rules alone). **Ours** — read the file, parse, run every rule (\`lintText\`, no cache). cdk-nag: median of ${peer.runsPerTemplate} runs per template; ours: median of batched runs. Loading aws-cdk-lib and cdk-nag (${ms(peer.cdkLoadMs)}) is not counted.`,
      '',
      `Templates compared: ${peer.compared} of ${peer.templates} (${peer.failedInCdk.length} could not be loaded by \`cloudformation-include\`).`,
      '',
      '| per template | ours | cdk-nag pipeline | cdk-nag rules alone |',
      '|---|---|---|---|',
      `| median time | ${ms(peer.median.oursMs)} | ${ms(peer.median.nagPipelineMs)} | ${ms(peer.median.nagRulesMs)} |`,
      `| sum over templates | ${ms(peer.total.oursMs)} | ${ms(peer.total.nagPipelineMs)} | ${ms(peer.total.nagRulesMs)} |`,
      `| ratio cdk-nag / ours, median over templates | 1× | ${x(peer.medianRatioPipeline, 0)} | ${x(peer.medianRatioRules, 0)} |`,
      `| ratio of the sums | 1× | ${x(peer.total.nagPipelineMs / peer.total.oursMs, 0)} | ${x(peer.total.nagRulesMs / peer.total.oursMs, 0)} |`,
      '',
      `Smallest per-template pipeline ratio: ${x(peer.minRatioPipeline, 0)}. Our slowest templates:`,
      '',
      '| template | bytes | ours | cdk-nag pipeline | cdk-nag rules |',
      '|---|---|---|---|---|',
      ...slowest.map((f) => `| ${code(f.file)} | ${int(f.bytes)} | ${ms(f.oursMs)} | ${ms(f.nagPipelineMs)} | ${ms(f.nagRulesMs)} |`),
      '',
    );
    if (peer.failedInCdk.length) {
      body.push('Not loadable by `cloudformation-include` (left out of the comparison):', '', ...peer.failedInCdk.map((f) => `- ${code(f.file)}: ${f.error.replace(/\|/g, '\\|')}`), '');
    }
    goals.push({ item: '2. Faster than cdk-nag', goal: '≥ 100× per template', measured: `median ${x(peer.medianRatioPipeline, 0)} (pipeline), ${x(peer.medianRatioRules, 0)} (its rules alone)`, ok: peer.medianRatioPipeline >= 100 });
  } else {
    body.push(missing('peer'), '');
    goals.push({ item: '2. Faster than cdk-nag', goal: '≥ 100× per template', measured: '—', ok: undefined });
  }

  // 3
  body.push('## 3. Editor latency through the real server', '');
  if (lat) {
    body.push(
      'The language server (`node dist/server.js --stdio`) driven over stdio by a vscode-languageserver-protocol client that has no pull diagnostics (so the server publishes them with the document version). 200 single-line edits sent one at a time as incremental `didChange` — ten letters typed into each of twenty values spread over the file — each timed from sending the change to receiving the diagnostics of that version. Median over sessions (fresh server each) of each session\'s percentile.',
      '',
      '| document | lines | diagnostics | open → diagnostics | edit p50 | edit p95 | edit max | goal p95 |',
      '|---|---|---|---|---|---|---|---|',
      ...lat.docs.map((d) => `| ${code(d.name)} | ${int(d.lines)} | ${d.diagnosticsAtOpen} | ${ms(d.openMs)} | ${ms(d.p50)} | ${ms(d.p95)} | ${ms(d.max)} | ${d.lines > 1000 ? '≤ 25 ms' : '≤ 5 ms'} |`),
      '',
      'Cold start (process spawn → first diagnostics of the opened document):',
      '',
      '| document | lines | runs | median | all |',
      '|---|---|---|---|---|',
      ...lat.coldStart.map((c) => `| ${code(c.doc)} | ${int(c.lines)} | ${c.runs} | ${ms(c.medianMs)} | ${c.allMs.map((v) => v.toFixed(0)).join(', ')} ms |`),
      '',
    );
    body.push(
      lat.activation
        ? `Extension activation in the VS Code host: ${lat.activation.activationMs === null ? 'the extension was already active' : ms(lat.activation.activationMs)}${lat.activation.vscodeVersion ? ` (VS Code ${lat.activation.vscodeVersion})` : ''}, read from \`${lat.activation.source}\` written by the editor-host tests.`
        : 'Extension activation in the VS Code host: not measured here — the editor-host tests (`test/e2e`) measure it; run them with `AEL_E2E_RESULT_FILE=test/e2e/artifacts/activation.json` and the bench reports the figure from that file.',
      '',
    );
    for (const d of lat.docs) {
      const goal = d.lines > 1000 ? 25 : 5;
      goals.push({ item: `3. Edit latency, ${d.name} (${int(d.lines)} lines)`, goal: `p95 ≤ ${goal} ms`, measured: `p50 ${ms(d.p50)}, p95 ${ms(d.p95)}, max ${ms(d.max)}`, ok: d.p95 <= goal });
    }
    const cold = lat.coldStart[0];
    goals.push({ item: '3. Cold start', goal: '≤ 400 ms', measured: lat.coldStart.map((c) => `${ms(c.medianMs)} (${int(c.lines)} lines)`).join(', '), ok: cold ? cold.medianMs <= 400 : undefined });
    const act = lat.activation?.activationMs;
    goals.push({ item: '3. Extension activation', goal: '≤ 150 ms', measured: act === undefined || act === null ? 'from the editor-host tests (not available)' : ms(act), ok: typeof act === 'number' ? act <= 150 : undefined });
  } else {
    body.push(missing('latency'), '');
    goals.push({ item: '3. Edit latency', goal: 'p95 ≤ 25 ms long, ≤ 5 ms short', measured: '—', ok: undefined });
  }

  // 4
  body.push('## 4. The floor: lint time / parse time', '');
  if (floor) {
    const top = [...floor.files].sort((a, b) => b.ratio - a.ratio).slice(0, 8);
    body.push(
      `For each of the ${floor.files.length} corpus templates: the time of a full lint (\`lintText\`: detect, parse, all rules, suppressions; no cache) divided by the time to only parse it with the same parser (\`parseCfnYaml\` / \`parseCfnJson\`, text to template model). Each time is a median of batched runs, interleaved. The library column is the bare \`yaml\` \`parseDocument\` / \`jsonc-parser\` \`parseTree\`, for reference.`,
      '',
      '| median ratio | 90th percentile | worst | sum of lint times | sum of parse times | sum of library parses |',
      '|---|---|---|---|---|---|',
      `| ${x(floor.medianRatio)} | ${x(floor.p90Ratio)} | ${x(floor.worst.ratio)} (${code(floor.worst.file)}) | ${ms(floor.totalLintMs)} | ${ms(floor.totalParseMs)} | ${ms(floor.totalLibraryParseMs)} |`,
      '',
      'Highest ratios:',
      '',
      '| template | format | bytes | parse | lint | ratio |',
      '|---|---|---|---|---|---|',
      ...top.map((f) => `| ${code(f.file)} | ${f.format} | ${int(f.bytes)} | ${ms(f.parseMs)} | ${ms(f.lintMs)} | ${x(f.ratio)} |`),
      '',
    );
    goals.push({ item: '4. Lint / parse, median file', goal: '≤ 1.5×', measured: x(floor.medianRatio), ok: floor.medianRatio <= 1.5 });
    goals.push({ item: '4. Lint / parse, worst file', goal: '≤ 3×', measured: `${x(floor.worst.ratio)} (${floor.worst.file})`, ok: floor.worst.ratio <= 3 });
  } else {
    body.push(missing('floor'), '');
    goals.push({ item: '4. Lint / parse', goal: '≤ 1.5× median, ≤ 3× worst', measured: '—', ok: undefined });
  }

  // 5
  body.push('## 5. Server memory', '');
  if (mem) {
    body.push(
      `Resident set size of the server process (from \`/proc/<pid>/status\`). Index: the server started with \`../shared/corpus\` as its workspace folder and \`window.workDoneProgress\`; measured when the indexing progress ended (${mem.index.filesIndexed ?? '?'} files; median of ${mem.index.runs} runs). Edits: ${int(mem.edits.count)} single-character edits of ${code(mem.edits.document)}, each waiting for its diagnostics; growth from the RSS after ${mem.edits.warmup} edits (warm-up) to the RSS after the last.`,
      '',
      '| after indexing the corpus | indexing time | peak while indexing | before edits (after warm-up) | after edits | growth | peak | median edit |',
      '|---|---|---|---|---|---|---|---|',
      `| ${mb(mem.index.rssBytes)} | ${ms(mem.index.indexMs)} | ${mb(mem.index.peakRssBytes)} | ${mb(mem.edits.baselineRssBytes)} | ${mb(mem.edits.finalRssBytes)} | ${pct(mem.edits.growth)} | ${mb(mem.edits.peakRssBytes)} | ${ms(mem.edits.medianEditMs)} |`,
      '',
      `RSS over the edits: ${mem.edits.samples.map((s) => `${int(s.edits)}: ${mb(s.rssBytes)}`).join(' · ')}`,
      '',
    );
    goals.push({ item: '5. RSS after indexing the corpus', goal: '≤ 200 MB', measured: mb(mem.index.rssBytes), ok: mem.index.rssBytes <= 200 * MB });
    goals.push({ item: `5. RSS growth over ${int(mem.edits.count)} edits`, goal: '≤ 10%', measured: `${pct(mem.edits.growth)} (${mb(mem.edits.baselineRssBytes)} → ${mb(mem.edits.finalRssBytes)})`, ok: mem.edits.growth <= 0.1 });
  } else {
    body.push(missing('memory'), '');
    goals.push({ item: '5. Server memory', goal: '≤ 200 MB; ≤ 10% growth', measured: '—', ok: undefined });
  }

  // 6
  body.push('## 6. Scaling', '');
  if (scal) {
    body.push(
      'Generated templates (resources of the seven services plus KMS keys, every other group of ten unencrypted), linted in one process (`lintText`, no cache, `maxFileSize` lifted — the 20,000-resource files are above the 5 MB default). Median of repeated runs. The exponent k is the least-squares fit of time ∝ size^k on a log-log scale: 1 is linear.',
      '',
      '| resources | YAML bytes | YAML lint | JSON bytes | JSON lint | findings |',
      '|---|---|---|---|---|---|',
      ...scal.yaml.map((p, i) => `| ${int(p.resources)} | ${int(p.bytes)} | ${ms(p.lintMs)} | ${int(scal.json[i].bytes)} | ${ms(scal.json[i].lintMs)} | ${int(p.findings)} |`),
      `| **fitted exponent** | | **${scal.yamlExponent.toFixed(2)}** | | **${scal.jsonExponent.toFixed(2)}** | |`,
      '',
      `\`Fn::If\` chains: ${scal.ifGroups * 3} resources (S3 bucket encryption, RDS \`StorageEncrypted\`, Kinesis \`StreamEncryption\`), each property an \`Fn::If\` nested d deep over distinct conditions.`,
      '',
      '| depth | ' + scal.depth.map((p) => p.depth).join(' | ') + ' |',
      '|---|' + scal.depth.map(() => '---').join('|') + '|',
      '| lint | ' + scal.depth.map((p) => ms(p.lintMs)).join(' | ') + ' |',
      '| KB | ' + scal.depth.map((p) => (p.bytes / 1024).toFixed(0)).join(' | ') + ' |',
      '',
      `Fitted exponent against depth: **${scal.depthExponent.toFixed(2)}**; against file size: **${scal.depthBytesExponent.toFixed(2)}**.`,
      '',
    );
    const linear = (k: number) => k <= 1.15;
    goals.push({ item: '6. Scaling with resources', goal: 'linear (k ≈ 1)', measured: `k = ${scal.yamlExponent.toFixed(2)} YAML, ${scal.jsonExponent.toFixed(2)} JSON; 20,000 resources: ${ms(scal.yaml[scal.yaml.length - 1].lintMs)} YAML`, ok: linear(scal.yamlExponent) && linear(scal.jsonExponent) });
    goals.push({ item: '6. Scaling with `Fn::If` depth', goal: 'linear (k ≈ 1)', measured: `k = ${scal.depthExponent.toFixed(2)} (depth), ${scal.depthBytesExponent.toFixed(2)} (bytes)`, ok: linear(scal.depthBytesExponent) && linear(scal.depthExponent) });
  } else {
    body.push(missing('scaling'), '');
    goals.push({ item: '6. Scaling', goal: 'linear', measured: '—', ok: undefined });
  }

  // 7
  body.push(...inventorySection(inv, missing('inventory')));
  goals.push(inventoryGoal(inv));

  const head = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (scripts/bench/) — do not edit by hand. Figures are medians over repeated runs; comparisons are ratios measured in the same run. Goals are from issue 6 and are meant for a 2-core machine.${meta.quick ? ' **Quick run: fewer repetitions, figures are indicative only.**' : ''}`,
    '',
    '| | |',
    '|---|---|',
    `| date | ${machine.date} |`,
    `| machine | ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB |`,
    `| system | ${machine.os}, Node ${machine.node}; load average ${machine.loadAverage} at the start${machine.loadAverage > machine.cores ? ' — **the machine was busy with other work: figures are inflated and noisy**' : ''} |`,
    `| commit | ${machine.commit} |`,
    `| versions | ${Object.entries(machine.versions).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    `| bench duration | ${meta.totalSeconds.toFixed(0)} s |`,
    '',
    '## Against the goals',
    '',
    '| measurement | goal | measured | |',
    '|---|---|---|---|',
    ...goals.map((g) => `| ${g.item} | ${g.goal} | ${g.measured} | ${verdict(g.ok)} |`),
    '',
  ];
  return [...head, ...body].join('\n').replace(/\n{3,}/g, '\n\n');
}

/** Section 7 (also used to add the figures to an existing page without re-running the other items). */
export function inventorySection(inv: InventoryResult | undefined, missing: string): string[] {
  const out = ['## 7. Encryption inventory over the corpus', ''];
  if (!inv) return [...out, missing, ''];
  return [
    ...out,
    `Every corpus file (cfn, cdk, sdk) linted and indexed once in one process (${ms(inv.indexMs)}, the background index's work), then \`buildInventory\` on the index and the HTML report (\`--format html\`) rendered, ${inv.runs} runs; medians shown.`,
    '',
    '| files | stores | keys | edges | build inventory | render HTML | HTML size |',
    '|---|---|---|---|---|---|---|',
    `| ${int(inv.files)} | ${int(inv.stores)} | ${int(inv.keys)} | ${int(inv.edges)} | ${ms(inv.buildMs)} | ${ms(inv.htmlMs)} | ${(inv.htmlBytes / 1024).toFixed(0)} KB |`,
    '',
  ];
}

export function inventoryGoal(inv: InventoryResult | undefined): GoalRow {
  return inv
    ? { item: '7. Inventory of the whole corpus', goal: '< 2 s', measured: `${ms(inv.buildMs)} build (+ ${ms(inv.htmlMs)} HTML) for ${int(inv.stores)} stores; the lint + index it starts from: ${ms(inv.indexMs)}`, ok: inv.buildMs + inv.htmlMs < 2000 }
    : { item: '7. Inventory of the whole corpus', goal: '< 2 s', measured: '—', ok: undefined };
}
