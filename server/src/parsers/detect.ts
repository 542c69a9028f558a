import { CfnTemplate, SourceFile } from '../model/types';
import { looksLikeTemplate } from './cfn-template';
import { parseCfnJson } from './cfn-json/parse';
import { parseCfnYaml, YamlChunkCache } from './cfn-yaml/parse';

export type DocumentKind = 'cfn-yaml' | 'cfn-json' | 'none';

const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template|jsonc)$/i;

/** Guesses the syntax of a file from its name and first character. */
export function kindFromName(path: string, text: string): DocumentKind {
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
  | { kind: 'not-a-template' };

/** Decides whether a YAML/JSON file is a CloudFormation template and parses it. */
export function detectAndParse(file: SourceFile, kind: DocumentKind, cache?: YamlChunkCache): DetectResult {
  if (kind === 'none' || !mayBeTemplate(file.text)) return { kind: 'not-a-template' };
  const template = kind === 'cfn-json' ? parseCfnJson(file) : parseCfnYaml(file, cache);
  if (looksLikeTemplate(template.root)) return { kind: 'template', template };
  const declared = /^\s*"?AWSTemplateFormatVersion"?\s*:/m.test(file.text);
  if (template.parseErrors.length && declared) return { kind: 'broken-template', template };
  return { kind: 'not-a-template' };
}
