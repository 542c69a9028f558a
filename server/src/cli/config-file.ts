import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_NAMES, ConfigIssue, LintConfig, parseConfigText } from '../engine/config';

export type { ConfigIssue };
export { CONFIG_NAMES };

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

/** Reads and validates a configuration file; it can hold data only, and bad keys are reported and ignored. */
export function loadConfigFile(file: string, knownRuleIds: ReadonlySet<string>): { config: Partial<LintConfig>; issues: ConfigIssue[]; text: string } {
  const text = fs.readFileSync(file, 'utf8');
  return { ...parseConfigText(text, file, knownRuleIds), text };
}
