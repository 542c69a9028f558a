/** Plain data shared by every layer. Offsets are UTF-16 code units, as LSP uses. */
import type { CodeDocument } from './code';

export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type Category = 'at-rest' | 'in-transit' | 'key-management' | 'compatibility' | 'input';
export type Service = 's3' | 'athena' | 'emr' | 'rds' | 'firehose' | 'kinesis' | 'redshift' | 'kms' | 'sdk';
export type Origin = 'cfn' | 'cdk' | 'sdk';

export type ValueNode = ObjectNode | ArrayNode | ScalarNode | IntrinsicNode | UnknownNode;

export interface ObjectNode {
  kind: 'object';
  span: Span;
  entries: Entry[];
  /** Written in flow style (`{...}` in YAML); JSON objects are always flow. */
  flow: boolean;
}

export interface Entry {
  key: string;
  keySpan: Span;
  value: ValueNode;
}

export interface ArrayNode {
  kind: 'array';
  span: Span;
  items: ValueNode[];
  flow: boolean;
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode {
  kind: 'scalar';
  span: Span;
  value: ScalarValue;
  /** How the scalar was written, so that a fix can keep the file's quoting. */
  style: 'plain' | 'single' | 'double' | 'block';
}

/** A CloudFormation intrinsic function, in short (`!Ref x`) or long (`{Ref: x}`) form. */
export interface IntrinsicNode {
  kind: 'intrinsic';
  span: Span;
  /** Long-form name: `Ref`, `Condition`, `Fn::GetAtt`, `Fn::If`, ... */
  fn: string;
  arg: ValueNode;
  short: boolean;
}

/** A value the parser could not represent (alias expansion budget exceeded, unsupported syntax). */
export interface UnknownNode {
  kind: 'unknown';
  span: Span;
  reason: string;
}

export interface ParseIssue {
  message: string;
  span: Span;
}

export interface Parameter {
  name: string;
  span: Span;
  type?: string;
  default?: ValueNode;
  allowedValues?: ValueNode[];
}

export interface Resource {
  logicalId: string;
  logicalIdSpan: Span;
  type: string;
  typeSpan: Span;
  /** The whole resource entry, from its logical id to the end of its body. */
  span: Span;
  body: ObjectNode;
  properties?: ObjectNode;
  condition?: string;
  metadata?: ObjectNode;
  origin: Origin;
}

export interface SourceFile {
  uri: string;
  text: string;
}

/** 'code': the CloudFormation view synthesised from a CDK app (see `CfnTemplate.code`). */
export type CfnFormat = 'yaml' | 'json' | 'code';

/** A parsed CloudFormation (or SAM) template. */
export interface CfnTemplate {
  kind: 'cfn';
  format: CfnFormat;
  file: SourceFile;
  root?: ObjectNode;
  sections: Map<string, Entry>;
  parameters: Map<string, Parameter>;
  conditions: Map<string, ValueNode>;
  mappings?: ObjectNode;
  metadata?: ObjectNode;
  resources: Resource[];
  resourceById: Map<string, Resource>;
  parseErrors: ParseIssue[];
  /** True when the file writes intrinsics with YAML tags (`!Ref`), so fixes do the same. */
  usesShortForm: boolean;
  /** Indentation unit detected in the file (YAML: 2 or 4; JSON: spaces per level or tab). */
  indent: { size: number; tabs: boolean };
  eol: '\n' | '\r\n';
  /** For format 'code': the parsed code document the resources were synthesised from. */
  code?: CodeDocument;
}

export interface TextEdit {
  span: Span;
  newText: string;
}

export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  safety: FixSafety;
  replacesResource: boolean;
  edits: TextEdit[];
}

export interface RelatedLocation {
  uri: string;
  span: Span;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  category: Category;
  service?: Service;
  source: Origin;
  uri: string;
  span: Span;
  message: string;
  resource?: string;
  fixes: Fix[];
  related?: RelatedLocation[];
}
