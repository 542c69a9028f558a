import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { parse as parseJsonc, ParseError } from 'jsonc-parser';
import { LintConfig, validateConfig } from '../engine/config';

export const CONFIG_NAMES = ['.aws-encryption-lint.json', '.aws-encryption-lint.yaml', '.aws-encryption-lint.yml'];

/** The nearest project configuration file from `dir` upward. */
export function findConfigFile(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    for (const n of CONFIG_NAMES) {
      const f = path.join(d, n);
      if (fs.existsSync(f)) return f;
    }
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

export interface ConfigIssue {
  message: string;
  offset: number;
}

/** Reads and validates a configuration file; it can hold data only, and bad keys are reported and ignored. */
export function loadConfigFile(file: string, knownRuleIds: ReadonlySet<string>): { config: Partial<LintConfig>; issues: ConfigIssue[]; text: string } {
  const text = fs.readFileSync(file, 'utf8');
  let data: unknown;
  const issues: ConfigIssue[] = [];
  if (/\.json$/i.test(file)) {
    const errors: ParseError[] = [];
    data = parseJsonc(text, errors, { allowTrailingComma: true });
    for (const e of errors) issues.push({ message: `The configuration file is not valid JSON (error code ${e.error})`, offset: e.offset });
  } else {
    try {
      data = parseYaml(text, { maxAliasCount: 100 });
    } catch (err) {
      issues.push({ message: `The configuration file is not valid YAML: ${(err as Error).message.split('\n')[0]}`, offset: 0 });
    }
  }
  const { config, problems } = validateConfig(data, knownRuleIds);
  for (const p of problems) {
    const last = p.path.split('.').pop() ?? '';
    const at = last ? text.indexOf(last) : 0;
    issues.push({ message: p.message, offset: Math.max(0, at) });
  }
  return { config, issues, text };
}
