import { CfnTemplate, SourceFile } from '../model/types';
import { looksLikeTemplate } from './cfn-template';
import { parseCfnJson } from './cfn-json/parse';
import { parseCfnYaml, YamlChunkCache } from './cfn-yaml/parse';
import type * as TsParser from './cdk-ts/parse';
import type * as PyParser from './cdk-py/parse';
import { CodeDocument } from '../model/code';
import { synthesize } from './cdk/synth';

export type DocumentKind = 'cfn-yaml' | 'cfn-json' | CodeKind | 'none';

/** Application / infrastructure code: CDK apps and AWS SDK calls. */
export type CodeKind = 'code-ts' | 'code-js' | 'code-py';

const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template|jsonc)$/i;

/** Extensions of code files linted for CDK constructs and SDK calls (declaration files excluded). */
export const CODE_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/i;

export function isCodeKind(kind: DocumentKind): kind is CodeKind {
  return kind === 'code-ts' || kind === 'code-js' || kind === 'code-py';
}

/** Code kind from a file name; `.d.ts` declarations are not code to lint. */
export function codeKindFromName(path: string): CodeKind | undefined {
  if (!CODE_EXTENSIONS.test(path) || /\.d\.[mc]?ts$/i.test(path)) return undefined;
  if (/\.py$/i.test(path)) return 'code-py';
  if (/\.[mc]?tsx?$/i.test(path)) return 'code-ts';
  return 'code-js';
}

/** Guesses the syntax of a file from its name and first character. */
export function kindFromName(path: string, text: string): DocumentKind {
  const code = codeKindFromName(path);
  if (code) return code;
  if (!TEMPLATE_EXTENSIONS.test(path)) return 'none';
  if (/\.jsonc?$/i.test(path)) return 'cfn-json';
  if (/\.template$/i.test(path)) return /^\s*[{[]/.test(text.replace(/^\ufeff/, '')) ? 'cfn-json' : 'cfn-yaml';
  return 'cfn-yaml';
}

/** Cheap textual test before parsing: files without these markers are never templates. */
export function mayBeTemplate(text: string): boolean {
  return /AWSTemplateFormatVersion/.test(text) || (/Resources/.test(text) && /(AWS|Alexa)::/.test(text));
}

export type DetectResult =
  | { kind: 'template'; template: CfnTemplate }
  /** Looks like a template but does not parse into one. */
  | { kind: 'broken-template'; template: CfnTemplate }
  | { kind: 'not-a-template' }
  /** A code file with CDK constructs or AWS SDK calls; `template` is its synthesised CloudFormation view. */
  | { kind: 'code'; code: CodeDocument; template: CfnTemplate };

/** Cheap textual test: code that never names a CDK or SDK module is not parsed. */
export function mayBeAwsCode(text: string): boolean {
  // The last two: the browser SDKs (v2 as a global `AWS`, the v3 bundle as `window.AWSv3`).
  return /aws-cdk-lib|@aws-cdk\/|@aws-sdk\/|aws-sdk|aws_cdk|boto3|botocore|\bnew AWS\.[A-Z]|\bAWSv3\b/.test(text);
}

/**
 * Parses a code file with the parser of its language, loaded on first use so that linting templates never loads a
 * code parser (the bundle keeps the TypeScript parser in dist/parsers-ts.js, see scripts/build.js).
 */
export function parseCode(file: SourceFile, kind: CodeKind): CodeDocument | undefined {
  switch (kind) {
    case 'code-ts':
    case 'code-js':
      return (require('./cdk-ts/parse') as typeof TsParser).parseTsCode(file);
    case 'code-py':
      // Synchronous once `ensurePythonParser()` (cdk-py/loader) has resolved; undefined (nothing reported) before.
      return (require('./cdk-py/parse') as typeof PyParser).parsePython(file);
  }
}

function detectCode(file: SourceFile, kind: CodeKind): DetectResult {
  if (!mayBeAwsCode(file.text)) return { kind: 'not-a-template' };
  const code = parseCode(file, kind);
  if (!code) return { kind: 'not-a-template' };
  // A file that mentions AWS modules but could not be parsed at all is reported (parse-error), not silently skipped.
  const unparsable = code.parseErrors.length > 0 && !code.imports.length && code.file.text.length > 0;
  if (!code.imports.length && !code.constructs.length && !code.apiCalls.length && !unparsable) return { kind: 'not-a-template' };
  return { kind: 'code', code, template: synthesize(code) };
}

/** Decides whether a YAML/JSON file is a CloudFormation template and parses it. */
export function detectAndParse(file: SourceFile, kind: DocumentKind, cache?: YamlChunkCache): DetectResult {
  if (isCodeKind(kind)) return detectCode(file, kind);
  if (kind === 'none' || !mayBeTemplate(file.text)) return { kind: 'not-a-template' };
  const template = kind === 'cfn-json' ? parseCfnJson(file) : parseCfnYaml(file, cache);
  if (looksLikeTemplate(template.root)) return { kind: 'template', template };
  // Also a one-line JSON template (`{"AWSTemplateFormatVersion": ...`).
  const declared = /^\s*(?:\{\s*)?"?AWSTemplateFormatVersion"?\s*:/m.test(file.text);
  if (template.parseErrors.length && declared) return { kind: 'broken-template', template };
  return { kind: 'not-a-template' };
}
