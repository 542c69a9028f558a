/**
 * The per-language half of code fixes. A fix in code is planned once, language-neutrally (server/src/parsers/
 * code-fixer/editor.ts decides WHERE text goes: which object literal / argument list, before or after which entry,
 * whether a comma is needed), and each language only says HOW a piece of code is spelled through a CodeRenderer.
 *
 * Implementations: TypeScript/JavaScript in server/src/parsers/cdk-ts/render.ts; Python in
 * server/src/parsers/cdk-py/render.ts (written against this file).
 *
 * Conventions
 * - Property names reach the renderer in camelCase, as the TypeScript CDK and JS SDK spell them (`bucketKeyEnabled`),
 *   or in PascalCase for SDK request parameters (`ServerSideEncryption`), which every SDK spells the same way.
 *   `key()` turns them into the language's spelling (Python: `bucket_key_enabled` for CDK keyword arguments,
 *   unchanged for boto3 parameters, which stay PascalCase).
 * - Module references are already resolved to the qualifier the file uses (`s3` for `import * as s3` or
 *   `from aws_cdk import aws_s3 as s3`, '' for a named import) before rendering.
 * - Rendered text never ends with a newline and never carries the indentation of its first line; continuation
 *   lines of multi-line values are indented with `indent` + one unit of the file's style.
 */
import { CodeLanguage, CodeStyle, CdkLibrary } from '../../model/code';

/** A value to write into code. */
export type CodeExpr =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  /** An object literal (TS) / dict (Python); keys in camelCase or PascalCase (see `key`). */
  | { kind: 'object'; entries: { key: string; value: CodeExpr }[] }
  | { kind: 'array'; items: CodeExpr[] }
  /** `qualifier.path...` e.g. `s3.BucketEncryption.KMS`; with qualifier '' just `BucketEncryption.KMS`. */
  | { kind: 'member'; qualifier: string; path: string[] }
  /** Construction of a construct: TS `new kms.Key(this, 'Key', { enableKeyRotation: true })`,
   *  Python `kms.Key(self, "Key", enable_key_rotation=True)`. `props` render as the language passes props. */
  | { kind: 'construct'; qualifier: string; className: string; id: string; props: { key: string; value: CodeExpr }[] }
  /** A call of a member: `firehose.StreamEncryption.awsOwnedKey()` (Python renders the last segment snake_case). */
  | { kind: 'call'; qualifier: string; path: string[]; args: CodeExpr[] }
  /** Text already in the target language (used sparingly, e.g. an existing expression moved elsewhere). */
  | { kind: 'raw'; text: string };

/** How the entries of an object are written: TS object literal / Python dict, or Python keyword arguments. */
export type EntryContext = 'object' | 'kwargs';

/** Whose name a key is: a CDK construct prop (language-specific case) or an AWS API parameter (PascalCase everywhere). */
export type KeyKind = 'cdk' | 'api';

export interface CodeRenderer {
  readonly language: CodeLanguage;
  /** The spelling of a property name in this language for `kind` ('cdk': camelCase → snake_case in Python). */
  key(name: string, kind: KeyKind): string;
  /** One entry: TS `key: value`, Python dict `'key': value`, Python kwargs `key=value`. `valueText` is rendered. */
  entry(key: string, valueText: string, context: EntryContext, style: CodeStyle): string;
  /** An expression. `indent` is the indentation of the line the value starts on; `keyKind` applies to object keys. */
  value(expr: CodeExpr, indent: string, style: CodeStyle, keyKind: KeyKind): string;
  /**
   * A props argument for a call that has none (appended after the last argument, the editor adds the separator):
   * TS `{ enforceSSL: true }`, Python keyword arguments `enforce_ssl=True` (joined by ', '). `entries` are rendered
   * entries; `multiline` asks for one entry per line at `indent` + one unit.
   */
  propsArgument(entries: string[], indent: string, style: CodeStyle, multiline: boolean): string;
  /** Tells whether a props argument renders as keyword arguments (Python) rather than an object literal (TS). */
  readonly propsAsKwargs: boolean;
  /**
   * An import statement that binds `local` to a CDK module (`aws-kms`, normalised as in ConstructCall.module):
   * TS `import * as kms from 'aws-cdk-lib/aws-kms';` (v1: `@aws-cdk/aws-kms`, alpha: `@aws-cdk/aws-kms-alpha`),
   * Python `from aws_cdk import aws_kms as kms`. Without trailing newline.
   */
  importStatement(module: string, local: string, library: CdkLibrary, style: CodeStyle): string;
  /** The conventional local name for a module (`aws-kms` → `kms`). */
  moduleAlias(module: string): string;
  /** The line-comment token (`//`, `#`), for suppression comments. */
  readonly lineComment: string;
}

/** Helpers to build CodeExpr values tersely. */
export const expr = {
  str: (value: string): CodeExpr => ({ kind: 'string', value }),
  num: (value: number): CodeExpr => ({ kind: 'number', value }),
  bool: (value: boolean): CodeExpr => ({ kind: 'boolean', value }),
  member: (qualifier: string, ...path: string[]): CodeExpr => ({ kind: 'member', qualifier, path }),
  obj: (entries: Record<string, CodeExpr>): CodeExpr => ({ kind: 'object', entries: Object.entries(entries).map(([key, value]) => ({ key, value })) }),
};

/** camelCase → snake_case the way jsii does (`enforceSSL` → `enforce_ssl`, `minimumTLSVersion` → `minimum_tls_version`). */
export function snakeCase(camel: string): string {
  return camel
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** snake_case → camelCase (`storage_encrypted` → `storageEncrypted`); camelCase input is returned unchanged. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
