/** Hover and code-lens content for a linted document: the docs layer renders, this file only picks. */
import { findingsAt, hoverAt as docsHoverAt, hoverForFindings, replacementTargets } from '../docs/hover';
import { hoverForCode } from '../docs/code-hover';
import { LintResult } from '../engine/lint';
import { Span } from '../model/types';
import { RULES_BY_ID } from '../rules/registry';

/** Findings under the cursor come first (what is wrong here), then the mechanism the property sets. */
export function hoverAt(result: LintResult, offset: number): { markdown: string; span: Span } | undefined {
  const findings = result.findings.filter((f) => f.category !== 'input');
  if (result.template && result.code) {
    const here = findingsAt(findings, offset);
    const findingsMd = here.length ? hoverForFindings(here, RULES_BY_ID) : undefined;
    const mechanism = hoverForCode(result.template, result.code, offset);
    if (findingsMd && mechanism) return { markdown: `${findingsMd}\n\n---\n\n${mechanism.markdown}`, span: mechanism.span };
    if (findingsMd) return { markdown: findingsMd, span: here[0].span };
    return mechanism;
  }
  if (result.template) return docsHoverAt(result.template, offset, findings, RULES_BY_ID);
  const here = findingsAt(findings, offset);
  const markdown = here.length ? hoverForFindings(here, RULES_BY_ID) : undefined;
  return markdown ? { markdown, span: here[0].span } : undefined;
}

export function replacementLenses(result: LintResult): { span: Span; title: string }[] {
  if (!result.template) return [];
  return replacementTargets(result.template).map((t) => ({ span: t.span, title: `⚠ ${t.message}` }));
}
