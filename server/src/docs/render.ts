import { Rule, RuleMeta } from '../rules/types';
import { ruleDocsUrl } from '../version';

const INPUT_NAMES: Record<string, string> = {
  'cfn-yaml': 'CloudFormation (YAML)',
  'cfn-json': 'CloudFormation (JSON)',
  'cdk-ts': 'CDK (TypeScript)',
  'cdk-py': 'CDK (Python)',
  'sdk-js': 'SDK (JavaScript)',
  'sdk-py': 'SDK (Python)',
};

const FENCE: Record<string, string> = { 'cfn-yaml': 'yaml', 'cfn-json': 'json', 'cdk-ts': 'ts', 'cdk-py': 'python', 'sdk-js': 'js', 'sdk-py': 'python' };

const TOOL_NAMES: Record<string, string> = {
  checkov: 'Checkov', cfn_nag: 'cfn_nag', 'cdk-nag': 'cdk-nag', guard: 'Guard rules registry', 'cfn-lint': 'cfn-lint', trivy: 'Trivy',
};

export function severityText(meta: RuleMeta): string {
  const graded = Object.values(meta.messages).map((m) => m.severity).filter((s): s is NonNullable<typeof s> => !!s);
  if (meta.severity === 'off') {
    return meta.keyPolicyRequiredSeverity ? `off (${meta.keyPolicyRequiredSeverity} when keyPolicy is customer-managed-required)` : 'off';
  }
  const all = [...new Set([meta.severity, ...graded])];
  return all.join(' / ');
}

/** Short description used by --list-rules, the README table and SARIF. */
export function ruleSummary(meta: RuleMeta): string {
  return meta.docs.summary;
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** The rule's documentation page, also used in hovers and `--rule`. */
export function renderRuleMarkdown(rule: Rule): string {
  const m = rule.meta;
  const out: string[] = [];
  out.push(`# ${m.id}`, '');
  out.push(`${m.docs.summary}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| Service | ${m.service} |`);
  out.push(`| Category | ${m.category} |`);
  out.push(`| Default severity | ${severityText(m)} |`);
  out.push(`| Tier | ${m.tier} |`);
  out.push(`| Inputs | ${m.inputs.map((i) => INPUT_NAMES[i]).join(', ')} |`);
  if (m.cli === false) out.push('| Reported by | the editor only (not the CLI) |');
  out.push('');
  out.push('## Why is this a problem?', '', m.docs.why, '');
  out.push('## Messages', '');
  for (const [id, msg] of Object.entries(m.messages)) out.push(`- \`${id}\`${msg.severity ? ` (${msg.severity})` : ''}: ${msg.text}`);
  out.push('');
  for (const ex of m.docs.examples) {
    out.push(`## Example (${INPUT_NAMES[ex.input]})`, '');
    const lang = FENCE[ex.input];
    const fmt = (s: string) => (lang === 'json' ? pretty(s) : s.replace(/\n$/, ''));
    out.push('Flagged:', '', '```' + lang, fmt(ex.bad), '```', '', 'Use instead:', '', '```' + lang, fmt(ex.good), '```', '');
  }
  out.push('## Fix', '');
  if (m.fix) {
    out.push(`${m.fix.title}. Safety: **${m.fix.safety}**${m.fix.replacesResource ? '; ⚠ replaces the deployed resource' : ''}.`);
    if (m.fix.note) out.push('', m.fix.note);
  } else out.push('No automatic fix.');
  out.push('');
  if (m.docs.replacementWarning) out.push('## ⚠ Replacement', '', m.docs.replacementWarning, '');
  out.push('## Equivalent rules in other tools', '');
  if (m.peers.length) {
    for (const p of m.peers) out.push(`- ${TOOL_NAMES[p.tool]} \`${p.id}\` (${p.exact ? 'exact: its suppressions also silence this rule' : 'partial'})`);
  } else out.push('None.');
  out.push('');
  out.push('## Suppress', '');
  out.push('```yaml', `# aws-encryption-lint-disable-next-line ${m.id} -- reason`, '```', '');
  out.push(`or resource Metadata: \`aws-encryption-lint: {ignore: [{id: ${m.id}, reason: ...}]}\`.`, '');
  out.push('## References', '');
  for (const r of m.docs.references) out.push(`- ${r}`);
  out.push('');
  return out.join('\n');
}

/** The rule table of the README. */
export function renderRuleTable(rules: readonly Rule[]): string {
  const rows = ['| Rule | Service | Category | Severity | Fix | Summary |', '|---|---|---|---|---|---|'];
  for (const r of rules) {
    const m = r.meta;
    const fix = m.fix ? (m.fix.replacesResource ? 'unsafe ⚠ replacement' : m.fix.safety) : '—';
    rows.push(`| [\`${m.id}\`](docs/rules/${m.id}.md) | ${m.service} | ${m.category} | ${severityText(m)} | ${fix} | ${m.docs.summary.replace(/\|/g, '\\|')} |`);
  }
  return rows.join('\n');
}

/** Plain text for `--list-rules`. */
export function renderRuleList(rules: readonly Rule[]): string {
  const w = Math.max(...rules.map((r) => r.meta.id.length));
  return rules.map((r) => `${r.meta.id.padEnd(w)}  ${r.meta.service.padEnd(8)} ${severityText(r.meta).padEnd(24)} ${r.meta.docs.summary}`).join('\n');
}

export { ruleDocsUrl };
