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
