/**
 * Plain data for application and infrastructure code (CDK apps, AWS SDK calls), shared by the TypeScript/JavaScript
 * and the Python parsers. Both parsers produce exactly these shapes; everything downstream (CDK synthesis onto
 * CloudFormation resources, SDK rules, code fixes) is language-neutral.
 */
import { ParseIssue, Span, SourceFile } from './types';

export type CodeLanguage = 'typescript' | 'javascript' | 'python';

/** A value as written in code. Keys of objects are as written (camelCase in TS, snake_case kwargs in Python). */
export type CodeValue = CodeObject | CodeArray | CodeScalar | CodeRef | CodeCall | CodeNew | CodeUnknown;

export interface CodeObject {
  kind: 'object';
  span: Span;
  entries: CodeEntry[];
  /** Python keyword arguments (`f(a=1)`) rather than a dict/object literal. */
  kwargs?: boolean;
  /** A spread (`...base`, `**base`) that could not be resolved: the object may hold more keys than listed. */
  open?: boolean;
}

export interface CodeEntry {
  key: string;
  keySpan: Span;
  value: CodeValue;
  /** H3: the entry as written here, key to value (`key: ENC` / `key=ENC`). `value.span` points at the resolved value,
   *  which may sit elsewhere (a const's initializer); fixes that insert or remove entries use this span. */
  entrySpan?: Span;
}

export interface CodeArray {
  kind: 'array';
  span: Span;
  items: CodeValue[];
}

export interface CodeScalar {
  kind: 'scalar';
  span: Span;
  value: string | number | boolean | null;
  /** Quote character used for a string literal, so fixes can keep the file's style. */
  quote?: '"' | "'" | '`';
}

/**
 * A dotted name such as `s3.BucketEncryption.KMS` or `BucketEncryption.KMS`. `module` is set when the first segment
 * resolves to an import of a CDK/SDK module (normalised like ConstructCall.module), and `path` then excludes the
 * import alias: `s3.BucketEncryption.KMS` → module 'aws-s3', path ['BucketEncryption', 'KMS'].
 */
export interface CodeRef {
  kind: 'ref';
  span: Span;
  module?: string;
  path: string[];
}

/** A call such as `kms.Alias.fromAliasName(this, 'A', 'alias/x')` or `Duration.days(7)`. */
export interface CodeCall {
  kind: 'call';
  span: Span;
  callee: CodeRef;
  args: CodeValue[];
}

/** A `new X(...)` (TS) or constructor call (Python) that is itself a construct. */
export interface CodeNew {
  kind: 'new';
  span: Span;
  construct: ConstructCall;
}

/** An expression we do not evaluate (function call result, parameter, arithmetic...): never reported on. */
export interface CodeUnknown {
  kind: 'unknown';
  span: Span;
  text: string;
}

export type CdkLibrary = 'aws-cdk-lib' | 'cdk-v1' | 'alpha';

/** One instantiation of a CDK construct from an AWS module. */
export interface ConstructCall {
  library: CdkLibrary;
  /** Normalised module name: 'aws-s3', 'aws-rds', 'aws-kinesisfirehose', 'aws-redshift', 'aws-kms', ... */
  module: string;
  /** Class name as exported by the module: 'Bucket', 'CfnBucket', 'DatabaseInstance', ... */
  className: string;
  /** The construct id argument when it is a literal string. */
  id?: string;
  /** The variable or attribute the construct is assigned to (`const b = new ...`, `self.b = ...`). */
  variable?: string;
  /** The whole call expression. */
  span: Span;
  /** The class reference (`s3.Bucket`), where findings about defaults point. */
  calleeSpan: Span;
  /** The props argument (TS third argument; Python keyword arguments), resolved through consts and spreads. */
  props?: CodeObject;
  /** Offset just before the closing parenthesis, where a props argument is inserted when there is none. */
  argsEnd: number;
  /** Text used in this file to reach the module (`s3` for `s3.Bucket`, '' for a named import). */
  qualifier: string;
}

export type SdkFlavor = 'js-v3' | 'js-v2' | 'boto3';

/** A client of an AWS service (`new S3Client({...})`, `new AWS.S3()`, `boto3.client('s3')`). */
export interface SdkClient {
  sdk: SdkFlavor;
  /** Lower-case service name as boto3 spells it: 's3', 'rds', 'kinesis', 'firehose', 'athena', 'emr', 'redshift'... */
  service: string;
  variable?: string;
  /** Constructor options / keyword arguments (TLS settings, endpoint, region). */
  config?: CodeObject;
  span: Span;
}

/** One AWS API operation invoked through an SDK. */
export interface ApiCall {
  sdk: SdkFlavor;
  service: string;
  /** API name in PascalCase as in the AWS API reference: 'PutObject', 'CreateDBInstance', 'StartQueryExecution'. */
  operation: string;
  /** Request parameters with their API (PascalCase) names. For boto3 `upload_file(..., ExtraArgs={...})` and
   *  lib-storage `Upload({params})`, the object holding the request parameters. */
  params?: CodeObject;
  /** The client the call goes through, when known. */
  client?: SdkClient;
  span: Span;
  /** Offset where a params object/kwargs would be inserted when `params` is absent. */
  argsEnd: number;
  /** Python (H4): boto3 managed transfers (`upload_file`, `upload_fileobj`, `download_file`, `copy`) take their
   *  request parameters in this keyword argument's dict (`ExtraArgs`): a fix adding the first parameter writes
   *  `ExtraArgs={...}` at `argsEnd` rather than bare keyword arguments. */
  paramsKeyword?: string;
}

export interface CodeStyle {
  quote: '"' | "'";
  /** TS/JS: statements end with `;`. */
  semicolons: boolean;
  indent: { size: number; tabs: boolean };
  eol: '\n' | '\r\n';
}

export interface CodeImport {
  /** Normalised module ('aws-s3', or SDK package such as '@aws-sdk/client-s3', 'boto3'). */
  module: string;
  library?: CdkLibrary;
  /** Local name bound by the import (`s3`, `Bucket`), or '' for side-effect imports. */
  local: string;
  /** The imported name for named imports (`Bucket` in `import { Bucket as B }`), absent for namespace imports. */
  imported?: string;
  span: Span;
}

/** A parsed code file. Only what the rules need is kept; the syntax tree stays inside the parser. */
export interface CodeDocument {
  kind: 'code';
  language: CodeLanguage;
  file: SourceFile;
  imports: CodeImport[];
  constructs: ConstructCall[];
  clients: SdkClient[];
  apiCalls: ApiCall[];
  parseErrors: ParseIssue[];
  /** Python (H4): syntax errors tree-sitter recovered from. Not reported: the file is linted on what was recovered,
   *  half-typed calls read as open (nothing reported missing), and Python tooling already shows syntax errors. */
  recoveredErrors?: ParseIssue[];
  /** H3: places that turn TLS certificate verification off outside SDK client options (JS `rejectUnauthorized: false`
   *  in an https agent, `NODE_TLS_REJECT_UNAUTHORIZED = '0'`). `object` holds `entry` when it can be removed. boto3's
   *  `verify=False` is read from SdkClient.config instead. */
  tlsVerifyOff?: { span: Span; what: string; object?: CodeObject; entry?: CodeEntry }[];
  style: CodeStyle;
  /** Offset after the last import statement, where a new import goes. */
  importInsertAt: number;
}
