/**
 * Item 2: against cdk-nag in the same process and run. For each CloudFormation corpus template:
 * - cdk-nag: `cloudformation-include` loads the template into a stack, the AwsSolutions pack runs as an aspect,
 *   `app.synth()` with aws-cdk-lib's own validation turned off (construct-tree validation skipped, L1 property
 *   validators made non-throwing, no nag report files). Timed twice: the whole pipeline, and the pack's own
 *   `visit` calls alone (the rules only, without loading or synthesis).
 * - ours: read the file, parse, run every rule (`lintText`, no cache).
 * Ratios are per template (cdk-nag / ours), summarised by their median, and of the summed times.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IConstruct } from 'constructs';
import { defaultConfig } from '../../server/src/engine/config';
import { lintText } from '../../server/src/engine/lint';
import { detectAndParse, kindFromName } from '../../server/src/parsers/detect';
import { ALL_RULES } from '../../server/src/rules/registry';
import { RunOptions, corpusFiles, tempDir } from './common';
import { median, sum, timePerCall } from './stats';

export interface PeerFile {
  file: string;
  bytes: number;
  oursMs: number;
  nagPipelineMs: number;
  nagRulesMs: number;
  nagMessages: number;
  ourFindings: number;
}

export interface PeerResult {
  runsPerTemplate: number;
  templates: number;
  compared: number;
  failedInCdk: { file: string; error: string }[];
  files: PeerFile[];
  median: { oursMs: number; nagPipelineMs: number; nagRulesMs: number };
  total: { oursMs: number; nagPipelineMs: number; nagRulesMs: number };
  /** Median over templates of (cdk-nag time / our time). */
  medianRatioPipeline: number;
  medianRatioRules: number;
  minRatioPipeline: number;
  cdkLoadMs: number;
}

type Cdk = typeof import('aws-cdk-lib');
type Include = typeof import('aws-cdk-lib/cloudformation-include');
type Nag = typeof import('cdk-nag');

export function measurePeer(opts: RunOptions): PeerResult {
  let t = performance.now();
  /* eslint-disable @typescript-eslint/no-var-requires */
  const cdk = require('aws-cdk-lib') as Cdk;
  const { CfnInclude } = require('aws-cdk-lib/cloudformation-include') as Include;
  const { AwsSolutionsChecks } = require('cdk-nag') as Nag;
  const cdkLoadMs = performance.now() - t;
  // aws-cdk-lib's L1 property validators throw on templates CloudFormation itself accepts (or that use macros);
  // the comparison is about the encryption checks, so they may report but not abort the synthesis.
  cdk.ValidationResult.prototype.assertSuccess = function assertSuccess(): void {};
  process.removeAllListeners('warning'); // aws-cdk-lib's yaml warns about unknown tags (`!Rain::...`)
  process.on('warning', () => undefined);
  const outdir = tempDir('cdk-nag');

  const runNag = (file: string): { pipelineMs: number; rulesMs: number; messages: number } => {
    let rulesMs = 0;
    const start = performance.now();
    const app = new cdk.App({ outdir, analyticsReporting: false });
    // The legacy synthesizer adds no BootstrapVersion parameter, which CDK-synthesised templates already declare.
    const stack = new cdk.Stack(app, 'Bench', { synthesizer: new cdk.LegacyStackSynthesizer() });
    new CfnInclude(stack, 'Template', { templateFile: file });
    const pack = new AwsSolutionsChecks({ verbose: false, reports: false });
    cdk.Aspects.of(app).add({
      visit(node: IConstruct) {
        const s = performance.now();
        try {
          pack.visit(node);
        } finally {
          rulesMs += performance.now() - s;
        }
      },
    });
    const assembly = app.synth({ skipValidation: true });
    const pipelineMs = performance.now() - start;
    const messages = assembly.stacks.reduce((n, s) => n + s.messages.filter((m) => /AwsSolutions-/.test(String(m.entry.data))).length, 0);
    return { pipelineMs, rulesMs, messages };
  };

  const config = defaultConfig();
  const templates = corpusFiles('cfn').filter((abs) => {
    const text = fs.readFileSync(abs, 'utf8');
    return detectAndParse({ uri: abs, text }, kindFromName(abs, text)).kind === 'template';
  });
  const runs = opts.quick ? 1 : 3;
  opts.progress(`aws-cdk-lib + cdk-nag loaded in ${cdkLoadMs.toFixed(0)} ms; ${templates.length} templates, ${runs} runs each`);
  // Warm-up: the first synthesis initialises aws-cdk-lib's lazy modules.
  try {
    runNag(templates[0]);
  } catch {
    // reported below
  }
  const files: PeerFile[] = [];
  const failedInCdk: { file: string; error: string }[] = [];
  templates.forEach((abs, index) => {
    const name = path.basename(abs);
    const pipeline: number[] = [];
    const rules: number[] = [];
    let messages = 0;
    try {
      for (let i = 0; i < runs; i++) {
        const r = runNag(abs);
        pipeline.push(r.pipelineMs);
        rules.push(r.rulesMs);
        messages = r.messages;
      }
    } catch (err) {
      failedInCdk.push({ file: name, error: String(err instanceof Error ? err.message : err).split('\n')[0].slice(0, 160) });
      return;
    }
    let findings = 0;
    const oursMs = timePerCall(
      () => {
        const text = fs.readFileSync(abs, 'utf8');
        findings = lintText({ uri: name, text }, { config, rules: ALL_RULES }).findings.length;
      },
      { batches: opts.quick ? 3 : 7, minBatchMs: 5 },
    );
    files.push({ file: name, bytes: fs.statSync(abs).size, oursMs, nagPipelineMs: median(pipeline), nagRulesMs: median(rules), nagMessages: messages, ourFindings: findings });
    if ((index + 1) % 25 === 0) opts.progress(`${index + 1}/${templates.length} templates`);
  });
  fs.rmSync(outdir, { recursive: true, force: true });
  const ratiosPipeline = files.map((f) => f.nagPipelineMs / f.oursMs);
  return {
    runsPerTemplate: runs,
    templates: templates.length,
    compared: files.length,
    failedInCdk,
    files,
    median: { oursMs: median(files.map((f) => f.oursMs)), nagPipelineMs: median(files.map((f) => f.nagPipelineMs)), nagRulesMs: median(files.map((f) => f.nagRulesMs)) },
    total: { oursMs: sum(files.map((f) => f.oursMs)), nagPipelineMs: sum(files.map((f) => f.nagPipelineMs)), nagRulesMs: sum(files.map((f) => f.nagRulesMs)) },
    medianRatioPipeline: median(ratiosPipeline),
    medianRatioRules: median(files.map((f) => f.nagRulesMs / f.oursMs)),
    minRatioPipeline: Math.min(...ratiosPipeline),
    cdkLoadMs,
  };
}
