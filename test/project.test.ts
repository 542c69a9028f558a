/**
 * Project (cross-resource) fixtures: test/fixtures/projects/<rule-id>/<case>/ holds a small workspace of templates
 * and expected.json (`[{"file", "ruleId", "line"}]`, 1-based lines, only findings of <rule-id>). Every file is linted
 * per file and through the project index, as the CLI does.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { ProjectIndex } from '../server/src/engine/project';
import { LineIndex } from '../server/src/model/text';
import { CfnTemplate, Finding } from '../server/src/model/types';
import { ALL_RULES, RULES_BY_ID } from '../server/src/rules/registry';
import { parseCfnYaml } from '../server/src/parsers/cfn-yaml/parse';
import { ensurePythonParser, isPythonParserReady, pythonParserError } from '../server/src/parsers/cdk-py/parse';

export const PROJECT_FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'projects');
/** Templates and code files (CDK apps, SDK calls in TypeScript, JavaScript and Python) of a fixture workspace. */
const WORKSPACE_FILE = /\.(ya?ml|json|template|ts|js|py)$/;

interface ExpectedProjectFinding {
  file: string;
  ruleId: string;
  line: number;
}

export function projectCases(ruleId: string): { name: string; dir: string }[] {
  const dir = path.join(PROJECT_FIXTURES, ruleId);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((d) => fs.statSync(path.join(dir, d)).isDirectory()).map((name) => ({ name, dir: path.join(dir, name) }));
}

/** Lints a fixture workspace: per-file findings plus project findings, per file name. */
function lintWorkspace(dir: string): { file: string; text: string; findings: Finding[] }[] {
  const config = defaultConfig();
  const index = new ProjectIndex();
  const files = fs.readdirSync(dir).filter((f) => WORKSPACE_FILE.test(f) && f !== 'expected.json').sort();
  const out = files.map((file) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const res = lintText({ uri: file, text }, { config, rules: ALL_RULES });
    index.update(file, res.template);
    return { file, text, findings: res.findings };
  });
  for (const o of out) o.findings.push(...index.findingsFor(o.file, ALL_RULES, config));
  return out;
}

describe('project fixtures (cross-resource rules)', () => {
  before(async function () {
    // Python fixtures need tree-sitter's WebAssembly, loaded once before the synchronous linting.
    this.timeout(60_000);
    await ensurePythonParser();
    assert.ok(isPythonParserReady(), `Python parser failed to load: ${pythonParserError()}`);
  });

  for (const rule of ALL_RULES) {
    const cases = projectCases(rule.meta.id);
    if (!cases.length) continue;
    describe(rule.meta.id, () => {
      for (const c of cases) {
        it(c.name, () => {
          const results = lintWorkspace(c.dir);
          const actual = results.flatMap((r) => {
            const lines = new LineIndex(r.text);
            return r.findings
              .filter((f) => f.ruleId === rule.meta.id || f.category === 'input')
              .map((f) => ({ file: r.file, ruleId: f.ruleId, line: lines.positionAt(f.span.start).line + 1 }));
          });
          const expected: ExpectedProjectFinding[] = JSON.parse(fs.readFileSync(path.join(c.dir, 'expected.json'), 'utf8'));
          const key = (x: ExpectedProjectFinding) => `${x.file}:${x.line}:${x.ruleId}`;
          assert.deepStrictEqual(actual.map(key).sort(), expected.map(key).sort());
          for (const r of results) {
            for (const f of r.findings.filter((x) => x.ruleId === rule.meta.id)) {
              assert.ok(f.message.length > 20 && !/\{\w+\}/.test(f.message), `message has unfilled placeholders: ${f.message}`);
              for (const rel of f.related ?? []) assert.ok(results.some((x) => x.file === rel.uri), `related location in a file of the workspace: ${rel.uri}`);
            }
          }
        });
      }
    });
  }

  it('every project fixture folder names a rule and each case has expected.json', () => {
    for (const id of fs.readdirSync(PROJECT_FIXTURES)) {
      assert.ok(RULES_BY_ID.has(id), `project fixture folder ${id} names no rule`);
      for (const c of projectCases(id)) assert.ok(fs.existsSync(path.join(c.dir, 'expected.json')), `${id}/${c.name} has no expected.json`);
    }
  });

  it('every advanced rule that lists a code input has a project fixture with a finding in a code file', () => {
    const CODE_FILE = /\.(ts|js|py)$/;
    for (const rule of ALL_RULES.filter((r) => r.meta.tier === 'advanced' && r.meta.inputs.some((i) => i.startsWith('cdk') || i.startsWith('sdk')))) {
      const inCode = projectCases(rule.meta.id).some((c) => (JSON.parse(fs.readFileSync(path.join(c.dir, 'expected.json'), 'utf8')) as ExpectedProjectFinding[])
        .some((e) => e.ruleId === rule.meta.id && CODE_FILE.test(e.file)));
      assert.ok(inCode, `${rule.meta.id}: no project fixture with a finding in a code file`);
    }
  });

  it('every advanced rule has a project fixture with a finding and a near miss without one', () => {
    for (const rule of ALL_RULES.filter((r) => r.meta.tier === 'advanced')) {
      const cases = projectCases(rule.meta.id);
      const counts = cases.map((c) => (JSON.parse(fs.readFileSync(path.join(c.dir, 'expected.json'), 'utf8')) as ExpectedProjectFinding[]).filter((e) => e.ruleId === rule.meta.id).length);
      assert.ok(counts.some((n) => n > 0), `${rule.meta.id}: no positive project fixture`);
      assert.ok(counts.some((n) => n === 0), `${rule.meta.id}: no near-miss project fixture`);
    }
  });
});

describe('project index (incremental)', () => {
  const dir = path.join(PROJECT_FIXTURES, 'firehose-s3-kms-permissions', 'positive');
  const parse = (file: string, text?: string): CfnTemplate => parseCfnYaml({ uri: file, text: text ?? fs.readFileSync(path.join(dir, file), 'utf8') });
  const ruleOnly = [RULES_BY_ID.get('firehose-s3-kms-permissions')!];

  it('a finding on the delivery stream disappears when the role in another file gains the KMS permissions', () => {
    const index = new ProjectIndex();
    index.update('stream.yaml', parse('stream.yaml'));
    index.update('roles.yaml', parse('roles.yaml'));
    const before = index.findingsFor('stream.yaml', ruleOnly, defaultConfig());
    assert.strictEqual(before.length, 1);
    assert.deepStrictEqual(before[0].related?.map((r) => r.uri), ['roles.yaml', 'stream.yaml']);
    assert.deepStrictEqual(index.dependents('roles.yaml'), ['stream.yaml']);

    const roles = fs.readFileSync(path.join(dir, 'roles.yaml'), 'utf8');
    const granted = roles.replace("Resource: ['arn:aws:s3:::example-archive', 'arn:aws:s3:::example-archive/*']",
      "Resource: ['arn:aws:s3:::example-archive', 'arn:aws:s3:::example-archive/*']\n              - Effect: Allow\n                Action: kms:*\n                Resource: '*'");
    assert.notStrictEqual(granted, roles);
    index.update('roles.yaml', parse('roles.yaml', granted));
    assert.deepStrictEqual(index.findingsFor('stream.yaml', ruleOnly, defaultConfig()), []);

    // Renaming the role: the stream no longer finds it, and it stays a dependent through the old name.
    index.update('roles.yaml', parse('roles.yaml', roles.replace('RoleName: firehose-delivery', 'RoleName: other-role')));
    assert.deepStrictEqual(index.dependents('roles.yaml'), ['stream.yaml']);
    assert.deepStrictEqual(index.findingsFor('stream.yaml', ruleOnly, defaultConfig()), []);

    index.update('roles.yaml', parse('roles.yaml', roles));
    assert.strictEqual(index.findingsFor('stream.yaml', ruleOnly, defaultConfig()).length, 1);
    index.remove('roles.yaml');
    assert.deepStrictEqual(index.findingsFor('stream.yaml', ruleOnly, defaultConfig()), []);
  });

  it('re-indexing one document leaves the entries of the others untouched; released documents keep entries only', () => {
    const index = new ProjectIndex();
    index.update('stream.yaml', parse('stream.yaml'));
    index.update('roles.yaml', parse('roles.yaml'));
    const streamEntries = index.document('stream.yaml');
    index.update('roles.yaml', parse('roles.yaml'));
    assert.strictEqual(index.document('stream.yaml'), streamEntries, 'stream.yaml was not re-indexed');
    index.release('roles.yaml');
    assert.strictEqual(index.document('roles.yaml')!.roles.length, 1);
    assert.deepStrictEqual(index.findingsFor('roles.yaml', ALL_RULES, defaultConfig()), [], 'a released document has no tree to report on');
    assert.strictEqual(index.findingsFor('stream.yaml', ruleOnly, defaultConfig()).length, 1, 'its entries still serve other files');
  });

  it('never throws on odd input', () => {
    const index = new ProjectIndex();
    for (const text of ['Resources: [', 'Resources:\n  X:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies: !If [C, [], []]\n', 'Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: "{not json"\n']) {
      index.update('odd.yaml', parseCfnYaml({ uri: 'odd.yaml', text }));
      index.findingsFor('odd.yaml', ALL_RULES, defaultConfig());
    }
    index.update('none.yaml', undefined);
    assert.deepStrictEqual(index.findingsFor('none.yaml', ALL_RULES, defaultConfig()), []);
  });
});

describe('project index (code documents)', () => {
  before(async function () {
    this.timeout(60_000);
    await ensurePythonParser();
  });
  const config = defaultConfig();
  const lint = (uri: string, text: string) => lintText({ uri, text }, { config, rules: ALL_RULES });
  const dir = path.join(PROJECT_FIXTURES, 'athena-unsupported-source-encryption', 'sdk-js-sse-c-writer');
  const ruleOnly = [RULES_BY_ID.get('athena-unsupported-source-encryption')!];

  it('an SDK writer and a template reader depend on each other through the bucket name; fixing the writer clears the reader', () => {
    const index = new ProjectIndex();
    const writer = fs.readFileSync(path.join(dir, 'writer.ts'), 'utf8');
    index.update('glue.yaml', lint('glue.yaml', fs.readFileSync(path.join(dir, 'glue.yaml'), 'utf8')).template);
    index.update('writer.ts', lint('writer.ts', writer).template);
    assert.deepStrictEqual(index.dependents('writer.ts'), ['glue.yaml']);
    const before = index.findingsFor('glue.yaml', ruleOnly, config);
    assert.strictEqual(before.length, 1);
    assert.deepStrictEqual(before[0].related?.map((r) => r.uri), ['writer.ts']);
    const kms = writer.replace("SSECustomerAlgorithm: 'AES256',\n    SSECustomerKey: customerKey,", "ServerSideEncryption: 'aws:kms',");
    assert.notStrictEqual(kms, writer);
    index.update('writer.ts', lint('writer.ts', kms).template);
    assert.deepStrictEqual(index.dependents('writer.ts'), ['glue.yaml'], 'still a dependent through the previous names');
    assert.deepStrictEqual(index.findingsFor('glue.yaml', ruleOnly, config), []);
  });

  it('accepts a bare CodeDocument (indexed through its synthesised view)', () => {
    const index = new ProjectIndex();
    const res = lint('writer.ts', fs.readFileSync(path.join(dir, 'writer.ts'), 'utf8'));
    index.update('writer.ts', res.code);
    assert.strictEqual(index.document('writer.ts')!.objectWrites.length, 1);
    assert.strictEqual(index.document('writer.ts')!.objectWrites[0].bucket, 'raw-events');
  });

  it('reads CDK roles with their statements and grants; unreadable statements make the role unknown, never granted', () => {
    const head = "import * as iam from 'aws-cdk-lib/aws-iam';\nimport * as kinesis from 'aws-cdk-lib/aws-kinesis';\nimport * as kms from 'aws-cdk-lib/aws-kms';\n"
      + "const key = new kms.Key(this, 'K', {});\nconst stream = new kinesis.Stream(this, 'S', { encryptionKey: key });\n"
      + "const role = new iam.Role(this, 'R', { roleName: 'writer', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });\n";
    const index = new ProjectIndex();
    index.update('a.ts', lint('a.ts', head + "role.addToPolicy(new iam.PolicyStatement({ actions: ['kinesis:PutRecord'], resources: [stream.streamArn] }));\nkey.grantDecrypt(role);\n").template);
    const role = index.document('a.ts')!.roles[0];
    assert.strictEqual(role.name, 'writer');
    assert.deepStrictEqual(role.statements.map((s) => [s.actions, s.resources.map((r) => (r.kind === 'local' ? r.logicalId : r.kind))]), [[['kinesis:putrecord'], ['S']], [['kms:decrypt'], ['K']]]);
    assert.ok(index.document('a.ts')!.names.includes('role:writer'));
    // A statement built elsewhere cannot be read: the role may hold anything, so no verdict says "missing".
    index.update('b.ts', lint('b.ts', head + 'const st = makeStatement();\nrole.addToPolicy(st);\n').template);
    const b = index.document('b.ts')!;
    assert.ok(b.roles[0].statements[0].unknown);
    assert.strictEqual(index.roleCanUseKey(b.roles[0], b.keys[0], ['kms:GenerateDataKey']).verdict, 'unknown');
  });

  it('never throws on odd code', () => {
    const index = new ProjectIndex();
    const odd = [
      "import * as iam from 'aws-cdk-lib/aws-iam';\nconst r = new iam.Role(this, 'R', {});\nr.addToPolicy(new iam.PolicyStatement({ actions: ['kms:*'",
      "import * as iam from 'aws-cdk-lib/aws-iam';\nconst r = new iam.Role(this, 'R', {});\nr.addToPolicy(new iam.PolicyStatement({ actions: [')'], resources: ['*' /* ] */] }));\nx.grantRead(r, ",
      "import boto3\ns3 = boto3.client('s3')\ns3.put_object(Bucket=, SSECustomerKey=k\n",
      "import { AthenaClient, StartQueryExecutionCommand } from '@aws-sdk/client-athena';\nnew AthenaClient({}).send(new StartQueryExecutionCommand({ QueryString: 's3://' }));\n",
      // Many unbalanced calls: the argument scan stays linear (the suite's timeout is the hang guard).
      "import * as iam from 'aws-cdk-lib/aws-iam';\nconst role = new iam.Role(this, 'R', {});\n" + 'x.grantRead(role, '.repeat(20_000),
    ];
    odd.forEach((text, i) => {
      const uri = i === 2 ? 'odd.py' : 'odd.ts';
      index.update(uri, lint(uri, text).template);
      index.findingsFor(uri, ALL_RULES, config);
    });
  });
});
