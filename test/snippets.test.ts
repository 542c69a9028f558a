import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { ALL_RULES } from '../server/src/rules/registry';
import { REPO } from './helpers';

/** Expands a snippet body with its default placeholder values. */
function expand(body: string[]): string {
  return body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\\\$/g, '$') + '\n';
}

describe('snippets start every resource encrypted', () => {
  const snippets = JSON.parse(fs.readFileSync(path.join(REPO, 'snippets', 'cloudformation-yaml.json'), 'utf8')) as Record<string, { body: string[] }>;
  // Every snippet is linted beside the key and bucket snippets it refers to.
  const support = ['KMS key with rotation', 'Encrypted S3 bucket (SSE-KMS, bucket key, TLS-only policy)'];
  for (const name of Object.keys(snippets)) {
    it(name, () => {
      const parts = [name, ...support.filter((n) => n !== name)].map((n) => expand(snippets[n].body));
      const body = parts.join('').split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
      const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${body}`;
      const res = lintText({ uri: 'snippet.yaml', text }, { config: defaultConfig(), rules: ALL_RULES });
      assert.strictEqual(res.kind, 'template');
      const serious = res.findings.filter((f) => f.severity === 'error' || f.severity === 'warning' || f.category === 'input');
      assert.deepStrictEqual(serious.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }
});
