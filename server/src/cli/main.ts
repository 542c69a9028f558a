import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig, LintConfig, mergeConfig } from '../engine/config';
import { fixAll } from '../engine/fixes';
import { lintText, parseErrorFinding, skippedFinding } from '../engine/lint';
import { ProjectIndex } from '../engine/project';
import { renderRuleList, renderRuleMarkdown } from '../docs/render';
import { Finding, Severity } from '../model/types';
import { ALL_RULES, KNOWN_IDS, RULES_BY_ID } from '../rules/registry';
import { TOOL_NAME, VERSION } from '../version';
import { findConfigFile, loadConfigFile } from './config-file';
import { discover } from './discover';
import { argsMayIncludePython, ensurePythonParser } from '../parsers/cdk-py/loader';
import { FileReport, formatHtml, formatJson, formatSarif, formatText } from './format';
import { buildInventory } from '../engine/inventory';

const USAGE = `Usage: ${TOOL_NAME} [options] [paths...]

Lints CloudFormation templates (YAML/JSON, SAM), CDK apps (TypeScript, Python) and AWS SDK calls
(JavaScript, boto3) for encryption at rest and in transit; workspace code is read, never executed.
Paths are files or folders (default: the current folder).

Options:
  --format text|json|sarif|html  output format (default text; html: the encryption inventory report page)
  --fail-on error|warning|information|none
                               lowest severity that makes the exit code 1 (default error)
  --fix                        apply safe fixes in place
  --unsafe-fixes               with --fix, apply unsafe fixes too
  --config FILE                project configuration (default: nearest .aws-encryption-lint.{json,yaml} upward)
  --rule ID                    print that rule's documentation
  --list-rules                 print the rule catalog
  --version                    print the version
  --help                       print this help

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error or internal failure.
`;

export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

interface Options {
  format: 'text' | 'json' | 'sarif' | 'html';
  failOn: Severity | 'none';
  fix: boolean;
  unsafeFixes: boolean;
  config?: string;
  rule?: string;
  listRules: boolean;
  paths: string[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const o: Options = { format: 'text', failOn: 'error', fix: false, unsafeFixes: false, listRules: false, paths: [] };
  const value = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      inline = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const take = (name: string) => {
      if (inline !== undefined) return inline;
      const v = value(i, name);
      i++;
      return v;
    };
    switch (a) {
      case '--help':
      case '-h':
        return 'help';
      case '--version':
        return 'version';
      case '--format': {
        const v = take(a);
        if (v !== 'text' && v !== 'json' && v !== 'sarif' && v !== 'html') throw new UsageError(`--format must be text, json, sarif or html (got "${v}")`);
        o.format = v;
        break;
      }
      case '--fail-on': {
        const v = take(a);
        if (!['error', 'warning', 'information', 'none'].includes(v)) throw new UsageError(`--fail-on must be error, warning, information or none (got "${v}")`);
        o.failOn = v as Options['failOn'];
        break;
      }
      case '--fix':
        o.fix = true;
        break;
      case '--unsafe-fixes':
        o.unsafeFixes = true;
        break;
      case '--config':
        o.config = take(a);
        break;
      case '--rule':
        o.rule = take(a);
        break;
      case '--list-rules':
        o.listRules = true;
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`Unknown option ${a}`);
        o.paths.push(a);
    }
  }
  if (o.unsafeFixes && !o.fix) throw new UsageError('--unsafe-fixes needs --fix');
  return o;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

function isBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8000);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

/** Reads one file for linting, or explains why it is skipped. */
function readCandidate(abs: string, display: string, config: LintConfig): { text?: string; finding?: Finding } {
  let size: number;
  try {
    const st = fs.statSync(abs);
    // A named pipe or a device (/dev/zero) would block or never end; only regular files are read.
    if (!st.isFile()) return { finding: skippedFinding({ uri: display, text: '' }, 'It is not a regular file (a pipe, socket or device); it was not checked.') };
    size = st.size;
  } catch (err) {
    return { finding: skippedFinding({ uri: display, text: '' }, `The file could not be read: ${(err as Error).message}.`) };
  }
  if (size > config.maxFileSize) {
    return { finding: skippedFinding({ uri: display, text: '' }, `The file is ${size} bytes, above the maxFileSize limit of ${config.maxFileSize}; it was not checked.`) };
  }
  let buf: Buffer;
  try {
    buf = fs.readFileSync(abs);
  } catch (err) {
    return { finding: skippedFinding({ uri: display, text: '' }, `The file could not be read: ${(err as Error).message}.`) };
  }
  if (isBinary(buf)) return { finding: skippedFinding({ uri: display, text: '' }, 'The file looks binary (it holds NUL bytes); it was not checked.') };
  return { text: buf.toString('utf8') };
}

export function run(argv: string[], io: CliIo): number {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${TOOL_NAME}: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (opts === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (opts === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (opts.listRules) {
    io.stdout(renderRuleList(ALL_RULES) + '\n');
    return 0;
  }
  if (opts.rule) {
    const rule = RULES_BY_ID.get(opts.rule);
    if (!rule) {
      io.stderr(`${TOOL_NAME}: unknown rule "${opts.rule}" (see --list-rules)\n`);
      return 2;
    }
    io.stdout(renderRuleMarkdown(rule));
    return 0;
  }

  const started = Date.now();
  let config = defaultConfig();
  const reports: FileReport[] = [];
  const configFile = opts.config ? path.resolve(io.cwd, opts.config) : findConfigFile(io.cwd);
  if (opts.config && !fs.existsSync(configFile!)) {
    io.stderr(`${TOOL_NAME}: configuration file ${opts.config} not found\n`);
    return 2;
  }
  if (configFile) {
    const loaded = loadConfigFile(configFile, KNOWN_IDS);
    config = mergeConfig(config, loaded.config);
    if (loaded.issues.length) {
      const display = path.relative(io.cwd, configFile) || configFile;
      reports.push({
        display,
        text: loaded.text,
        findings: loaded.issues.map((i) => parseErrorFinding({ uri: display, text: loaded.text }, `${i.message}; it was ignored.`, i.offset, i.offset)),
      });
    }
  }

  const { files, problems } = discover(opts.paths.length ? opts.paths : ['.'], io.cwd, config.exclude);
  for (const p of problems) {
    if (p.message === 'No such file or folder') {
      io.stderr(`${TOOL_NAME}: ${p.display}: ${p.message}\n`);
      return 2;
    }
    reports.push({ display: p.display, text: '', findings: [skippedFinding({ uri: p.display, text: '' }, `${p.message}.`)] });
  }

  let checked = 0;
  // Every template of the run forms one project: cross-resource rules run after per-file linting.
  const project = new ProjectIndex();
  const projectFiles: { display: string; text: string; findings: Finding[] }[] = [];
  let fixedCount = 0;
  let fixedFiles = 0;
  for (const f of files) {
    const read = readCandidate(f.absolute, f.display, config);
    if (read.finding) {
      reports.push({ display: f.display, text: '', findings: [read.finding] });
      continue;
    }
    let text = read.text!;
    let res = lintText({ uri: f.display, text }, { config, rules: ALL_RULES });
    if (res.kind === 'not-a-template') continue;
    checked++;
    if (opts.fix) {
      // To a fixed point, so that a second --fix changes nothing; a pass whose result does not parse is dropped.
      const done = fixAll(text, res.findings, (next) => lintText({ uri: f.display, text: next }, { config, rules: ALL_RULES }).findings, opts.unsafeFixes);
      const applied = done.applied;
      if (applied) {
        text = done.text;
        res = { ...res, findings: done.findings };
        fs.writeFileSync(f.absolute, text);
        fixedCount += applied;
        fixedFiles++;
      }
    }
    if (res.template) {
      project.update(f.display, res.template);
      const entry = { display: f.display, text, findings: res.findings };
      projectFiles.push(entry);
      reports.push(entry);
    } else if (res.findings.length) reports.push({ display: f.display, text, findings: res.findings });
  }
  for (const entry of projectFiles) {
    const extra = project.findingsFor(entry.display, ALL_RULES, config);
    if (extra.length) entry.findings = [...entry.findings, ...extra].sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  }
  for (let i = reports.length - 1; i >= 0; i--) if (!reports[i].findings.length) reports.splice(i, 1);
  if (opts.fix) io.stderr(`${TOOL_NAME}: applied ${fixedCount} fix${fixedCount === 1 ? '' : 'es'} in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'}\n`);

  const summary = { files: checked, durationMs: Date.now() - started };
  if (opts.format === 'json') io.stdout(formatJson(reports, summary));
  else if (opts.format === 'sarif') io.stdout(formatSarif(reports, ALL_RULES));
  else if (opts.format === 'html') io.stdout(formatHtml(reports, buildInventory(project, new Map(reports.map((r) => [r.display, r.findings]))), summary));
  else io.stdout(formatText(reports, summary));

  if (opts.failOn === 'none') return 0;
  const threshold = RANK[opts.failOn];
  return reports.some((r) => r.findings.some((f) => RANK[f.severity] >= threshold)) ? 1 : 0;
}

if (require.main === module) {
  // Python files need tree-sitter's WebAssembly loaded (asynchronously) before the synchronous run; see cdk-py/loader.
  const argv = process.argv.slice(2);
  const ready = argsMayIncludePython(argv, process.cwd()) ? ensurePythonParser() : Promise.resolve();
  void ready.then(() => {
    let code: number;
    try {
      code = run(argv, {
        cwd: process.cwd(),
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
      });
    } catch (err) {
      process.stderr.write(`${TOOL_NAME}: internal failure: ${err instanceof Error ? err.stack : String(err)}\n`);
      code = 2;
    }
    process.exitCode = code;
  });
}
