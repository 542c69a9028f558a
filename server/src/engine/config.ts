import { parse as parseYaml } from 'yaml';
import { Node as JsonNode, parseTree, ParseError } from 'jsonc-parser';
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

/** Project configuration file names, looked up from a file's folder upward (shared by the CLI and the server). */
export const CONFIG_NAMES = ['.aws-encryption-lint.json', '.aws-encryption-lint.yaml', '.aws-encryption-lint.yml'];

export interface ConfigIssue {
  message: string;
  offset: number;
}

/**
 * Plain data from a JSON tree. Keys become own properties even when they are `__proto__`, so that such a key is
 * reported as unknown instead of silently replacing the object's prototype.
 */
function jsonData(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        Object.defineProperty(out, String(k.value), { value: v ? jsonData(v) : undefined, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(jsonData);
    default:
      return node.value;
  }
}

/** Parses and validates the text of a configuration file; it can hold data only, and bad keys are reported and ignored. */
export function parseConfigText(text: string, fileName: string, knownRuleIds: ReadonlySet<string>): { config: Partial<LintConfig>; issues: ConfigIssue[] } {
  let data: unknown;
  const issues: ConfigIssue[] = [];
  if (/\.json$/i.test(fileName)) {
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, { allowTrailingComma: true });
    data = tree ? jsonData(tree) : undefined;
    for (const e of errors) issues.push({ message: `The configuration file is not valid JSON (error code ${e.error})`, offset: e.offset });
  } else {
    try {
      // Tags such as !!js/function stay plain strings (then reported as wrong types), without a warning on stderr.
      data = parseYaml(text, { maxAliasCount: 100, logLevel: 'error' });
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
  return { config, issues };
}
