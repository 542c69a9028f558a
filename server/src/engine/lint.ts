import { Finding, Fix, Origin, Severity, SourceFile } from '../model/types';
import { DocumentKind, detectAndParse, kindFromName } from '../parsers/detect';
import { YamlChunkCache } from '../parsers/cfn-yaml/parse';
import { fixerFor } from '../parsers/fixer';
import { CfnTemplate } from '../model/types';
import { CfnRuleContext, CodeRuleContext, ReportOptions, Rule } from '../rules/types';
import { CodeDocument } from '../model/code';
import { isFixable } from '../model/fixer';
import { CodeEditor } from '../parsers/code-fixer/editor';
import { rendererFor } from '../parsers/code-fixer/cdk-fixer';
import { describeConditions } from '../rules/support/resolve';
import { LintConfig, RuleLevel } from './config';
import { collectSuppressions, isSuppressed } from './suppressions';

export interface LintResult {
  /** What the file turned out to be. */
  kind: 'template' | 'not-a-template' | 'skipped';
  findings: Finding[];
  template?: CfnTemplate;
  /** For a code file: the parsed code (the template is its synthesised CloudFormation view). */
  code?: CodeDocument;
}

export function formatMessage(text: string, data: ReportOptions['data'], conditions: string[] | undefined): string {
  let msg = text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = data?.[k];
    return v === undefined ? `{${k}}` : String(v);
  });
  const cond = describeConditions(conditions ?? []);
  if (cond) msg = msg.endsWith('.') ? `${msg.slice(0, -1)}${cond}.` : msg + cond;
  return msg;
}

/** The level a rule's finding gets under the configuration; `off` drops it. */
export function effectiveLevel(rule: Rule, messageSeverity: Severity | undefined, config: LintConfig): RuleLevel {
  const override = config.rules[rule.meta.id];
  if (override) return override;
  if (rule.meta.severity === 'off') {
    const whenRequired = rule.meta.keyPolicyRequiredSeverity;
    return whenRequired && config.keyPolicy === 'customer-managed-required' ? whenRequired : 'off';
  }
  return messageSeverity ?? rule.meta.severity;
}

function inputFinding(file: SourceFile, ruleId: 'parse-error' | 'file-skipped' | 'internal-error', severity: Severity, message: string, start = 0, end = 0): Finding {
  return { ruleId, severity, category: 'input', source: 'cfn', uri: file.uri, span: { start, end }, message, fixes: [] };
}

export function skippedFinding(file: SourceFile, message: string): Finding {
  return inputFinding(file, 'file-skipped', 'information', message);
}

export function parseErrorFinding(file: SourceFile, message: string, start = 0, end = 0): Finding {
  return inputFinding(file, 'parse-error', 'error', message, start, end);
}

/** The finding a rule's report becomes under the configuration; undefined when the configuration turns it off. */
export function findingFromReport(rule: Rule, o: ReportOptions, config: LintConfig, uri: string, defaultSource: Origin): Finding | undefined {
  const m = rule.meta.messages[o.messageId];
  if (!m) throw new Error(`rule ${rule.meta.id} has no message ${o.messageId}`);
  const level = effectiveLevel(rule, o.severity ?? m.severity, config);
  if (level === 'off') return undefined;
  return {
    ruleId: rule.meta.id,
    severity: level,
    category: rule.meta.category,
    service: rule.meta.service,
    source: o.source ?? defaultSource,
    uri,
    span: o.span,
    message: formatMessage(m.text, o.data, o.conditions),
    resource: typeof o.resource === 'string' ? o.resource : o.resource?.logicalId,
    fixes: (o.fixes ?? []).filter((f: Fix) => isFixable(f.edits)),
    related: o.related,
  };
}

/** Runs the rules over one template. Never throws: a failing rule becomes an `internal-error` finding. */
export function lintTemplate(tpl: CfnTemplate, rules: readonly Rule[], config: LintConfig): Finding[] {
  const findings: Finding[] = [];
  const file = tpl.file;
  if (tpl.parseErrors.length) {
    const e = tpl.parseErrors[0];
    const more = tpl.parseErrors.length > 1 ? ` (${tpl.parseErrors.length - 1} more problems follow)` : '';
    findings.push(parseErrorFinding(file, `The ${tpl.format === 'code' ? 'file' : 'template'} does not parse: ${e.message.replace(/\.$/, '')}${more}.`, e.span.start, e.span.end));
  }
  const fixer = fixerFor(tpl);
  const types = new Set(tpl.resources.map((r) => r.type));
  for (const rule of rules) {
    if (!rule.checkCfn || rule.meta.cli === false) continue;
    if (effectiveLevel(rule, undefined, config) === 'off') continue;
    if (rule.resourceTypes && !rule.resourceTypes.some((t) => types.has(t))) continue;
    const ctx: CfnRuleContext = {
      template: tpl,
      fixer,
      settings: { keyPolicy: config.keyPolicy },
      report(o: ReportOptions) {
        const f = findingFromReport(rule, o, config, file.uri, tpl.format === 'code' ? 'cdk' : 'cfn');
        if (f) findings.push(f);
      },
    };
    try {
      rule.checkCfn(ctx);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      findings.push(inputFinding(file, 'internal-error', 'warning', `Rule ${rule.meta.id} failed on this file and was skipped: ${reason}.`));
    }
  }
  if (tpl.code) findings.push(...lintCodeRules(tpl, rules, config));
  const suppressions = collectSuppressions(tpl, rules);
  const kept = suppressions.length ? findings.filter((f) => f.category === 'input' || !isSuppressed(f, suppressions)) : findings;
  return kept.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
}

export interface LintTextOptions {
  config: LintConfig;
  rules: readonly Rule[];
  cache?: YamlChunkCache;
  kind?: DocumentKind;
}

/** Lints a document's text: detects what it is, parses and checks it. Never throws. */
export function lintText(file: SourceFile, opts: LintTextOptions): LintResult {
  try {
    if (file.text.length > opts.config.maxFileSize) {
      return { kind: 'skipped', findings: [skippedFinding(file, `The file is ${file.text.length} characters long, above the maxFileSize limit of ${opts.config.maxFileSize}; it was not checked.`)] };
    }
    const kind = opts.kind ?? kindFromName(file.uri, file.text);
    const d = detectAndParse(file, kind, opts.cache);
    if (d.kind === 'not-a-template') return { kind: 'not-a-template', findings: [] };
    if (d.kind === 'code') return { kind: 'template', template: d.template, code: d.code, findings: lintTemplate(d.template, opts.rules, opts.config) };
    return { kind: 'template', template: d.template, findings: lintTemplate(d.template, opts.rules, opts.config) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { kind: 'template', findings: [inputFinding(file, 'internal-error', 'warning', `The file could not be checked: ${reason}.`)] };
  }
}

/** Runs the rules that read code directly (SDK calls, CDK-only props) over a code file. Never throws. */
function lintCodeRules(tpl: CfnTemplate, rules: readonly Rule[], config: LintConfig): Finding[] {
  const code = tpl.code!;
  const findings: Finding[] = [];
  const renderer = rendererFor(code.language);
  const editor = renderer ? new CodeEditor(code, renderer) : undefined;
  for (const rule of rules) {
    if (!rule.checkCode || rule.meta.cli === false) continue;
    if (effectiveLevel(rule, undefined, config) === 'off') continue;
    const ctx: CodeRuleContext = {
      code,
      template: tpl,
      editor,
      settings: { keyPolicy: config.keyPolicy },
      report(o: ReportOptions) {
        const f = findingFromReport(rule, o, config, code.file.uri, 'sdk');
        if (f) findings.push(editor ? { ...f, fixes: f.fixes.map((x) => ({ ...x, edits: editor.eol(x.edits) })) } : f);
      },
    };
    try {
      rule.checkCode(ctx);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      findings.push(inputFinding(code.file, 'internal-error', 'warning', `Rule ${rule.meta.id} failed on this file and was skipped: ${reason}.`));
    }
  }
  return findings;
}
