/** Kept equal to package.json's version by a test. */
export const VERSION = '0.1.0';
export const TOOL_NAME = 'aws-encryption-lint';
/** The one place rule documentation URLs are built from (LSP codeDescription, SARIF helpUri, hovers). */
export const REPOSITORY_URL = 'https://github.com/aws-encryption-lint/aws-encryption-lint';
export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}
