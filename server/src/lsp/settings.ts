/** Editor settings (`awsEncryptionLint.*`) and the project configuration file, merged into a LintConfig. */
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_NAMES, ConfigIssue, defaultConfig, LintConfig, parseConfigText, RuleLevel, SEVERITIES } from '../engine/config';

export interface EditorSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: Record<string, RuleLevel>;
  keyPolicy: 'aws-managed-ok' | 'customer-managed-required';
  exclude: string[];
  maxFileSize: number;
  /** Upper bound of files the background workspace index reads. */
  maxWorkspaceFiles: number;
}

export const DEFAULT_SETTINGS: EditorSettings = {
  enable: true,
  run: 'onType',
  rules: {},
  keyPolicy: 'aws-managed-ok',
  exclude: [],
  maxFileSize: defaultConfig().maxFileSize,
  maxWorkspaceFiles: 5000,
};

/** Accepts what `workspace/configuration` returned; anything malformed falls back to the default. */
export function readSettings(raw: unknown, knownRuleIds: ReadonlySet<string>): EditorSettings {
  const s = { ...DEFAULT_SETTINGS, rules: {} as Record<string, RuleLevel> };
  if (!raw || typeof raw !== 'object') return s;
  const r = raw as Record<string, unknown>;
  if (typeof r.enable === 'boolean') s.enable = r.enable;
  if (r.run === 'onType' || r.run === 'onSave') s.run = r.run;
  if (r.keyPolicy === 'aws-managed-ok' || r.keyPolicy === 'customer-managed-required') s.keyPolicy = r.keyPolicy;
  if (Array.isArray(r.exclude)) s.exclude = r.exclude.filter((x): x is string => typeof x === 'string');
  if (typeof r.maxFileSize === 'number' && r.maxFileSize > 0) s.maxFileSize = r.maxFileSize;
  if (typeof r.maxWorkspaceFiles === 'number' && r.maxWorkspaceFiles >= 0) s.maxWorkspaceFiles = Math.floor(r.maxWorkspaceFiles);
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
      if (knownRuleIds.has(id) && SEVERITIES.includes(level as RuleLevel)) s.rules[id] = level as RuleLevel;
    }
  }
  return s;
}

export interface ProjectConfig {
  file: string;
  config: Partial<LintConfig>;
  issues: ConfigIssue[];
  text: string;
}

/**
 * The project file is the team's contract and wins over a person's editor settings (README: editor settings <
 * configuration file < suppressions in the source); excludes add up.
 */
export function effectiveConfig(settings: EditorSettings, project: ProjectConfig | undefined): LintConfig {
  const fromProject = project?.config ?? {};
  return {
    rules: { ...settings.rules, ...(fromProject.rules ?? {}) },
    keyPolicy: fromProject.keyPolicy ?? settings.keyPolicy,
    exclude: [...(fromProject.exclude ?? []), ...settings.exclude],
    maxFileSize: fromProject.maxFileSize ?? settings.maxFileSize,
  };
}

export function isConfigFile(fsPath: string): boolean {
  return CONFIG_NAMES.includes(path.basename(fsPath));
}

/** Finds and reads the nearest project configuration file upward from a folder, caching per folder. */
export class ProjectConfigs {
  private readonly byDir = new Map<string, ProjectConfig | undefined>();

  constructor(private readonly knownRuleIds: ReadonlySet<string>) {}

  forFile(fsPath: string): ProjectConfig | undefined {
    return this.forDir(path.dirname(fsPath));
  }

  private forDir(dir: string): ProjectConfig | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    let found: ProjectConfig | undefined;
    for (const name of CONFIG_NAMES) {
      const file = path.join(dir, name);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      found = { file, text, ...parseConfigText(text, file, this.knownRuleIds) };
      break;
    }
    if (!found) {
      const up = path.dirname(dir);
      found = up !== dir ? this.forDir(up) : undefined;
    }
    this.byDir.set(dir, found);
    return found;
  }

  /** Every config file read so far, for diagnostics on the config files themselves. */
  all(): ProjectConfig[] {
    return [...new Set([...this.byDir.values()].filter((c): c is ProjectConfig => !!c))];
  }

  clear(): void {
    this.byDir.clear();
  }
}
