import { Fixer } from '../model/fixer';
import { CfnTemplate, Category, Finding, Fix, FixSafety, RelatedLocation, Resource, Service, Severity, Span } from '../model/types';

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
  fix?: { title: string; safety: FixSafety; replacesResource: boolean; note?: string };
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

export interface Rule {
  meta: RuleMeta;
  /** Resource types the rule reads; the engine skips templates without any of them. */
  resourceTypes?: string[];
  checkCfn?(ctx: CfnRuleContext): void;
}

export type { Finding };
