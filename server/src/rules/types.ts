import { Fixer } from '../model/fixer';
import { CodeDocument } from '../model/code';
import type { CodeEditor } from '../parsers/code-fixer/editor';
import { ProjectView } from '../model/project';
import { CfnTemplate, Category, Finding, Fix, FixSafety, Origin, RelatedLocation, Resource, Service, Severity, Span } from '../model/types';

export type InputKind = 'cfn-yaml' | 'cfn-json' | 'cdk-ts' | 'cdk-py' | 'sdk-js' | 'sdk-py';

export interface PeerId {
  tool: 'checkov' | 'cfn_nag' | 'cdk-nag' | 'guard' | 'cfn-lint' | 'trivy';
  id: string;
  /** Exact equivalents suppress our rule when a team suppressed theirs; partial ones only inform. */
  exact: boolean;
}

export interface RuleExample {
  input: InputKind;
  bad: string;
  good: string;
}

export interface RuleMeta {
  id: string;
  service: Service;
  category: Category;
  tier: 'core' | 'advanced';
  /** Default severity; `off` means the rule runs only when configuration turns it on. */
  severity: Severity | 'off';
  /** For an `off` rule: its severity when the project sets keyPolicy: customer-managed-required. */
  keyPolicyRequiredSeverity?: Severity;
  /** Messages by id: one sentence with `{placeholders}`, optionally with their own default severity. */
  messages: Record<string, { text: string; severity?: Severity }>;
  /**
   * `followUps`: ids of rules whose findings applying the fix may bring out (a more specific rule hands over to a
   * general one, or the fix adds a resource that another rule then checks); the fix-safety test allows exactly these.
   */
  fix?: { title: string; safety: FixSafety; replacesResource: boolean; note?: string; followUps?: string[] };
  hoverTopic: string;
  inputs: InputKind[];
  /** Whether the CLI reports it (editor-only rules say false). */
  cli?: boolean;
  docs: {
    summary: string;
    why: string;
    examples: RuleExample[];
    references: string[];
    replacementWarning?: string;
  };
  peers: PeerId[];
}

export interface ReportOptions {
  messageId: string;
  data?: Record<string, string | number | boolean | undefined>;
  span: Span;
  resource?: Resource | string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** Condition branches the finding depends on, named in the message. */
  conditions?: string[];
  severity?: Severity;
  /** Findings from code rules: 'sdk' for AWS SDK calls, 'cdk' for constructs (default: the document's origin). */
  source?: Origin;
}

export interface RuleSettings {
  keyPolicy: 'aws-managed-ok' | 'customer-managed-required';
}

export interface CfnRuleContext {
  template: CfnTemplate;
  fixer: Fixer;
  settings: RuleSettings;
  report(opts: ReportOptions): void;
}

/**
 * Context of a code rule: the parsed code (SDK clients and calls, constructs), the CloudFormation view synthesised
 * from its constructs, and a language-neutral editor for fixes (undefined when the language has no renderer).
 */
export interface CodeRuleContext {
  code: CodeDocument;
  template: CfnTemplate;
  editor?: CodeEditor;
  settings: RuleSettings;
  report(opts: ReportOptions): void;
}

/** Context of a project (cross-resource, cross-file) rule: it reports findings located in `template`'s file. */
export interface ProjectRuleContext extends CfnRuleContext {
  uri: string;
  project: ProjectView;
}

export interface Rule {
  meta: RuleMeta;
  /** Resource types the rule reads; the engine skips templates without any of them. */
  resourceTypes?: string[];
  checkCfn?(ctx: CfnRuleContext): void;
  /** Rules that read application/infrastructure code directly (SDK calls, CDK-only props): run on code files. */
  checkCode?(ctx: CodeRuleContext): void;
  /** Cross-resource rules: run by the project index (engine/project.ts) for one file at a time. */
  checkProject?(ctx: ProjectRuleContext): void;
}

export type { Finding };
