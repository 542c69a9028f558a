/**
 * Item 4: the floor. For each corpus template, lint time divided by the time to only parse it with the same parser
 * (our parser: text to template model, no cache). Also the raw library parse (`yaml` / `jsonc-parser`) for reference.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseTree } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { defaultConfig } from '../../server/src/engine/config';
import { lintText } from '../../server/src/engine/lint';
import { parseCfnJson } from '../../server/src/parsers/cfn-json/parse';
import { parseCfnYaml } from '../../server/src/parsers/cfn-yaml/parse';
import { detectAndParse, kindFromName } from '../../server/src/parsers/detect';
import { ALL_RULES } from '../../server/src/rules/registry';
import { RunOptions, corpusFiles } from './common';
import { median, percentile, sum, timePerCall } from './stats';

export interface FloorFile {
  file: string;
  bytes: number;
  format: 'yaml' | 'json';
  parseMs: number;
  lintMs: number;
  libraryParseMs: number;
  ratio: number;
}

export interface FloorResult {
  files: FloorFile[];
  medianRatio: number;
  p90Ratio: number;
  worst: FloorFile;
  totalParseMs: number;
  totalLintMs: number;
  totalLibraryParseMs: number;
}

export function measureFloor(opts: RunOptions): FloorResult {
  const config = { ...defaultConfig(), maxFileSize: Number.MAX_SAFE_INTEGER };
  const candidates = corpusFiles('cfn');
  const files: FloorFile[] = [];
  const batches = opts.quick ? 3 : 5;
  const minBatchMs = opts.quick ? 2 : 4;
  candidates.forEach((abs, index) => {
    const name = path.basename(abs);
    const text = fs.readFileSync(abs, 'utf8');
    const kind = kindFromName(name, text);
    const file = { uri: name, text };
    if (detectAndParse(file, kind).kind !== 'template') return;
    const json = kind === 'cfn-json';
    const parse = json ? () => parseCfnJson(file) : () => parseCfnYaml(file);
    const lint = () => lintText(file, { config, rules: ALL_RULES, kind });
    const library = json ? () => parseTree(text, [], { allowTrailingComma: true }) : () => parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    // Interleaved so that drift (GC, CPU frequency) hits both sides alike.
    const parseTimes: number[] = [];
    const lintTimes: number[] = [];
    for (let round = 0; round < (opts.quick ? 1 : 2); round++) {
      parseTimes.push(timePerCall(parse, { batches, minBatchMs }));
      lintTimes.push(timePerCall(lint, { batches, minBatchMs }));
    }
    const parseMs = median(parseTimes);
    const lintMs = median(lintTimes);
    const libraryParseMs = timePerCall(library, { batches, minBatchMs });
    files.push({ file: name, bytes: Buffer.byteLength(text), format: json ? 'json' : 'yaml', parseMs, lintMs, libraryParseMs, ratio: lintMs / parseMs });
    if ((index + 1) % 50 === 0) opts.progress(`${index + 1}/${candidates.length} templates`);
  });
  const ratios = files.map((f) => f.ratio);
  const worst = files.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return {
    files,
    medianRatio: median(ratios),
    p90Ratio: percentile(ratios, 90),
    worst,
    totalParseMs: sum(files.map((f) => f.parseMs)),
    totalLintMs: sum(files.map((f) => f.lintMs)),
    totalLibraryParseMs: sum(files.map((f) => f.libraryParseMs)),
  };
}
