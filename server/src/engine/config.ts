import { Severity } from '../model/types';
import { RuleSettings } from '../rules/types';

export type RuleLevel = Severity | 'off';

/** Configuration after merging editor settings, the project file and defaults. */
export interface LintConfig extends RuleSettings {
  rules: Record<string, RuleLevel>;
  exclude: string[];
  maxFileSize: number;
}

export const DEFAULT_MAX_FILE_SIZE = 5_000_000;

export function defaultConfig(): LintConfig {
  return { rules: {}, keyPolicy: 'aws-managed-ok', exclude: [], maxFileSize: DEFAULT_MAX_FILE_SIZE };
}

export const SEVERITIES: RuleLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface ConfigProblem {
  message: string;
  /** Dotted path of the offending key, e.g. `rules.foo`. */
  path: string;
}

/** Validates data read from a project configuration file; bad keys are reported and ignored. */
export function validateConfig(data: unknown, knownRuleIds: ReadonlySet<string>): { config: Partial<LintConfig>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: Partial<LintConfig> = {};
  if (data === null || data === undefined) return { config, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ message: 'The configuration must be an object', path: '' });
    return { config, problems };
  }
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    switch (key) {
      case 'rules': {
        if (!value || typeof value !== 'object' || Array.isArray(value)) {
          problems.push({ message: '"rules" must map rule ids to a severity or "off"', path: 'rules' });
          break;
        }
        const rules: Record<string, RuleLevel> = {};
        for (const [id, level] of Object.entries(value as Record<string, unknown>)) {
          if (!knownRuleIds.has(id)) problems.push({ message: `Unknown rule id "${id}"`, path: `rules.${id}` });
          else if (typeof level !== 'string' || !SEVERITIES.includes(level as RuleLevel)) {
            problems.push({ message: `Rule "${id}" must be one of ${SEVERITIES.join(', ')}`, path: `rules.${id}` });
          } else rules[id] = level as RuleLevel;
        }
        config.rules = rules;
        break;
      }
      case 'keyPolicy':
        if (value === 'aws-managed-ok' || value === 'customer-managed-required') config.keyPolicy = value;
        else problems.push({ message: '"keyPolicy" must be "aws-managed-ok" or "customer-managed-required"', path: 'keyPolicy' });
        break;
      case 'exclude':
        if (Array.isArray(value) && value.every((v) => typeof v === 'string')) config.exclude = value as string[];
        else problems.push({ message: '"exclude" must be a list of glob strings', path: 'exclude' });
        break;
      case 'maxFileSize':
        if (typeof value === 'number' && Number.isFinite(value) && value > 0) config.maxFileSize = value;
        else problems.push({ message: '"maxFileSize" must be a positive number of bytes', path: 'maxFileSize' });
        break;
      case '$schema':
        break;
      default:
        problems.push({ message: `Unknown configuration key "${key}"`, path: key });
    }
  }
  return { config, problems };
}

export function mergeConfig(base: LintConfig, over: Partial<LintConfig>): LintConfig {
  return {
    rules: { ...base.rules, ...(over.rules ?? {}) },
    keyPolicy: over.keyPolicy ?? base.keyPolicy,
    exclude: [...base.exclude, ...(over.exclude ?? [])],
    maxFileSize: over.maxFileSize ?? base.maxFileSize,
  };
}
