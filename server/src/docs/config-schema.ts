/**
 * The JSON schema of the project configuration file and the VS Code settings contribution, both generated from rule
 * metadata (scripts/generate-docs.js writes them; its --check mode keeps them current).
 */
import { Rule } from '../rules/types';
import { ruleDocsUrl } from '../version';

const LEVELS = ['error', 'warning', 'information', 'hint', 'off'];

function ruleProperties(rules: readonly Rule[]): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const r of rules) {
    props[r.meta.id] = {
      type: 'string',
      enum: LEVELS,
      description: `${r.meta.docs.summary} (default: ${r.meta.severity}). ${ruleDocsUrl(r.meta.id)}`,
    };
  }
  return props;
}

const KEY_POLICY = {
  type: 'string',
  enum: ['aws-managed-ok', 'customer-managed-required'],
  enumDescriptions: [
    'AWS-owned and AWS-managed keys and SSE-S3 are accepted.',
    'Every data store must use a customer-managed KMS key (turns on the cmk-required rule and its relatives).',
  ],
};

/** Schema of `.aws-encryption-lint.json` / `.yaml`: data only, unknown keys rejected. */
export function renderConfigSchema(rules: readonly Rule[]): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/aws-encryption-lint/aws-encryption-lint/blob/main/server/schemas/aws-encryption-lint.schema.json',
    title: 'AWS Encryption Lint project configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        description: 'Severity per rule id, or "off".',
        type: 'object',
        additionalProperties: false,
        properties: ruleProperties(rules),
      },
      keyPolicy: { ...KEY_POLICY, default: 'aws-managed-ok', description: 'Which KMS keys count as good enough.' },
      exclude: { type: 'array', items: { type: 'string' }, description: 'Glob patterns (relative to the project) of files not to check.' },
      maxFileSize: { type: 'number', exclusiveMinimum: 0, description: 'Files larger than this many bytes are skipped with a notice.' },
    },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** `contributes.configuration` of package.json. */
export function settingsContribution(rules: readonly Rule[]): Record<string, unknown> {
  return {
    title: 'AWS Encryption Lint',
    properties: {
      'awsEncryptionLint.enable': { type: 'boolean', default: true, description: 'Check templates, CDK apps and SDK calls for encryption problems.' },
      'awsEncryptionLint.run': {
        type: 'string',
        enum: ['onType', 'onSave'],
        default: 'onType',
        description: 'Check as you type, or only when a file is saved.',
      },
      'awsEncryptionLint.rules': {
        type: 'object',
        default: {},
        additionalProperties: false,
        properties: ruleProperties(rules),
        description: 'Severity per rule id, or "off". A project configuration file (.aws-encryption-lint.json/.yaml) wins over these.',
      },
      'awsEncryptionLint.keyPolicy': {
        ...KEY_POLICY,
        default: 'aws-managed-ok',
        description: 'Which KMS keys count as good enough. A project configuration file that sets keyPolicy wins over this.',
      },
      'awsEncryptionLint.exclude': { type: 'array', items: { type: 'string' }, default: [], description: 'Glob patterns (relative to the workspace folder) of files not to check.' },
      'awsEncryptionLint.maxFileSize': { type: 'number', default: 5000000, minimum: 1, description: 'Files larger than this many characters are skipped with a notice.' },
      'awsEncryptionLint.maxWorkspaceFiles': { type: 'number', default: 5000, minimum: 0, description: 'How many files the background workspace index reads at most.' },
      'awsEncryptionLint.trace.server': {
        type: 'string',
        enum: ['off', 'messages', 'verbose'],
        default: 'off',
        scope: 'window',
        description: 'Traces the communication between VS Code and the language server.',
      },
    },
  };
}
