import * as assert from 'assert';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { ALL_RULES } from '../server/src/rules/registry';

/** Findings of the two rules these cases are about. */
function ids(uri: string, text: string): string[] {
  return lintText({ uri, text }, { config: defaultConfig(), rules: ALL_RULES }).findings
    .filter((f) => f.ruleId === 'kinesis-stream-unencrypted' || f.ruleId === 'rds-storage-unencrypted')
    .map((f) => `${f.resource ?? ''}:${f.ruleId}`);
}

const STREAM = (name: string, extra = '') => `  ${name}:\n    Type: AWS::Kinesis::Stream\n${extra}`;

describe('suppressions', () => {
  it('our comment above a logical id silences the rule for that resource only', () => {
    const text = `Resources:\n  # aws-encryption-lint-disable-next-line kinesis-stream-unencrypted -- test fixture\n${STREAM('A')}${STREAM('B')}`;
    assert.deepStrictEqual(ids('t.yaml', text), ['B:kinesis-stream-unencrypted']);
  });

  it('our comment names several ids and ignores other rules', () => {
    const text = `Resources:\n  # aws-encryption-lint-disable-next-line s3-bucket-encryption-implicit, rds-storage-unencrypted\n${STREAM('A')}`;
    assert.deepStrictEqual(ids('t.yaml', text), ['A:kinesis-stream-unencrypted']);
    const both = `Resources:\n  # aws-encryption-lint-disable-next-line rds-storage-unencrypted, kinesis-stream-unencrypted\n${STREAM('A')}`;
    assert.deepStrictEqual(ids('t.yaml', both), []);
  });

  it('our comment above a property silences findings on that property', () => {
    const text = 'Resources:\n  A:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      # aws-encryption-lint-disable-next-line kinesis-stream-unencrypted -- migrating\n      StreamEncryption:\n        EncryptionType: NONE\n        KeyId: alias/aws/kinesis\n';
    assert.deepStrictEqual(ids('t.yaml', text), []);
  });

  it('resource and template Metadata of ours work in YAML and JSON', () => {
    const yaml = `Resources:\n${STREAM('A', '    Metadata:\n      aws-encryption-lint:\n        ignore:\n          - id: kinesis-stream-unencrypted\n            reason: test\n')}${STREAM('B')}`;
    assert.deepStrictEqual(ids('t.yaml', yaml), ['B:kinesis-stream-unencrypted']);
    const json = JSON.stringify({
      Metadata: { 'aws-encryption-lint': { ignore: [{ id: 'kinesis-stream-unencrypted', reason: 'sandbox account' }] } },
      Resources: { A: { Type: 'AWS::Kinesis::Stream' }, B: { Type: 'AWS::Kinesis::Stream' } },
    }, null, 2);
    assert.deepStrictEqual(ids('t.json', json), []);
  });

  it("honours peers' suppressions through exact peer ids only", () => {
    const meta = (m: string) => `Resources:\n${STREAM('A', `    Metadata:\n${m}`)}`;
    assert.deepStrictEqual(ids('t.yaml', meta('      checkov:\n        skip:\n          - id: CKV_AWS_43\n            comment: x\n')), []);
    assert.deepStrictEqual(ids('t.yaml', meta('      cdk_nag:\n        rules_to_suppress:\n          - id: AwsSolutions-KDS1\n            reason: x\n')), []);
    // cfn_nag W49 is only a partial equivalent (it also wants a KeyId), so it does not silence us.
    assert.deepStrictEqual(ids('t.yaml', meta('      cfn_nag:\n        rules_to_suppress:\n          - id: W49\n            reason: x\n')), ['A:kinesis-stream-unencrypted']);
    const db = 'Resources:\n  D:\n    Type: AWS::RDS::DBInstance\n    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: F27\n            reason: x\n    Properties:\n      Engine: mysql\n';
    assert.deepStrictEqual(ids('t.yaml', db), []);
    const guard = 'Resources:\n  D:\n    Type: AWS::RDS::DBInstance\n    Metadata:\n      guard:\n        SuppressedRules:\n          - RDS_STORAGE_ENCRYPTED\n    Properties:\n      Engine: mysql\n';
    assert.deepStrictEqual(ids('t.yaml', guard), []);
  });

  it('honours `# checkov:skip=` comments in the resource', () => {
    const text = `Resources:\n  A:\n    # checkov:skip=CKV_AWS_43:sandbox\n    Type: AWS::Kinesis::Stream\n${STREAM('B')}`;
    assert.deepStrictEqual(ids('t.yaml', text), ['B:kinesis-stream-unencrypted']);
  });
});

describe('suppressions in code', () => {
  const STACK = (comment: string) => `import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Stack } from 'aws-cdk-lib';
export class S extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
${comment}    new kinesis.Stream(this, 'A', {
      encryption: kinesis.StreamEncryption.UNENCRYPTED,
    });
    new kinesis.Stream(this, 'B', { encryption: kinesis.StreamEncryption.UNENCRYPTED });
  }
}
`;
  it('a // comment above a construct silences the rule for that construct only (TypeScript)', () => {
    assert.deepStrictEqual(ids('s.ts', STACK('')), ['A:kinesis-stream-unencrypted', 'B:kinesis-stream-unencrypted']);
    const text = STACK('    // aws-encryption-lint-disable-next-line kinesis-stream-unencrypted -- test stream\n');
    assert.deepStrictEqual(ids('s.ts', text), ['B:kinesis-stream-unencrypted']);
  });

  it('the suppress action writes that comment in the file syntax, and the finding goes away', () => {
    const { suppressionEdits } = require('../server/src/engine/suppressions') as typeof import('../server/src/engine/suppressions');
    const { fixerFor } = require('../server/src/parsers/fixer') as typeof import('../server/src/parsers/fixer');
    const { applyEdits } = require('../server/src/engine/fixes') as typeof import('../server/src/engine/fixes');
    const text = STACK('');
    const res = lintText({ uri: 's.ts', text }, { config: defaultConfig(), rules: ALL_RULES });
    const b = res.findings.find((f) => f.resource === 'B' && f.ruleId === 'kinesis-stream-unencrypted')!;
    const edited = applyEdits(text, suppressionEdits(res.template!, b, fixerFor(res.template!)));
    assert.match(edited, /\n {4}\/\/ aws-encryption-lint-disable-next-line kinesis-stream-unencrypted -- reason\n {4}new kinesis\.Stream\(this, 'B'/);
    assert.deepStrictEqual(ids('s.ts', edited), ['A:kinesis-stream-unencrypted']);
  });
});
