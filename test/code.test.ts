/** TypeScript/JavaScript code: parsing into the shared code model, CDK synthesis with real defaults, code fixes. */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { applyEdits } from '../server/src/engine/fixes';
import { lintText } from '../server/src/engine/lint';
import { CodeDocument } from '../server/src/model/code';
import { CfnTemplate, Finding } from '../server/src/model/types';
import { parseTsCode } from '../server/src/parsers/cdk-ts/parse';
import { synthesize } from '../server/src/parsers/cdk/synth';
import { kindFromName } from '../server/src/parsers/detect';
import { prop, str } from '../server/src/rules/support/resolve';
import { ALL_RULES } from '../server/src/rules/registry';
import { REPO } from './helpers';

function parse(text: string, uri = 'app.ts'): CodeDocument {
  return parseTsCode({ uri, text });
}

function lint(text: string, uri = 'app.ts'): Finding[] {
  return lintText({ uri, text }, { config: defaultConfig(), rules: ALL_RULES }).findings;
}

function synth(text: string, uri = 'app.ts'): CfnTemplate {
  return synthesize(parse(text, uri));
}

const ids = (fs: Finding[]) => fs.map((f) => f.ruleId).sort();

describe('code parser (TypeScript compiler API, parse only)', () => {
  it('resolves every import style of a CDK module to the same construct', () => {
    const cases: [string, string][] = [
      ["import * as s3 from 'aws-cdk-lib/aws-s3';", 'new s3.Bucket(this, "B")'],
      ["import { Bucket } from 'aws-cdk-lib/aws-s3';", 'new Bucket(this, "B")'],
      ["import { Bucket as Store } from 'aws-cdk-lib/aws-s3';", 'new Store(this, "B")'],
      ["import { aws_s3 as s3 } from 'aws-cdk-lib';", 'new s3.Bucket(this, "B")'],
      ["import * as cdk from 'aws-cdk-lib';", 'new cdk.aws_s3.Bucket(this, "B")'],
      ["const s3 = require('aws-cdk-lib/aws-s3');", 'new s3.Bucket(this, "B")'],
      ["const { Bucket } = require('aws-cdk-lib/aws-s3');", 'new Bucket(this, "B")'],
      ["import * as s3 from '@aws-cdk/aws-s3';", 'new s3.Bucket(this, "B")'],
    ];
    for (const [imp, use] of cases) {
      const doc = parse(`${imp}\n${use};\n`);
      assert.deepStrictEqual(doc.constructs.map((c) => `${c.module}.${c.className}#${c.id}`), ['aws-s3.Bucket#B'], imp);
    }
    const v1 = parse("import * as s3 from '@aws-cdk/aws-s3';\nnew s3.Bucket(this, 'B');\n");
    assert.strictEqual(v1.constructs[0].library, 'cdk-v1');
    const alpha = parse("import * as redshift from '@aws-cdk/aws-redshift-alpha';\nnew redshift.Cluster(this, 'C', {});\n");
    assert.deepStrictEqual([alpha.constructs[0].library, alpha.constructs[0].module], ['alpha', 'aws-redshift']);
  });

  it('reads props written inline, held in a const, spread from one; an unresolved spread leaves the object open', () => {
    const doc = parse([
      "import * as kinesis from 'aws-cdk-lib/aws-kinesis';",
      'const base = { shardCount: 2, encryption: kinesis.StreamEncryption.UNENCRYPTED };',
      "new kinesis.Stream(this, 'A', { ...base, retentionPeriod: undefined });",
      "new kinesis.Stream(this, 'B', base);",
      "export function make(props: any) { return new kinesis.Stream(this, 'C', { ...props }); }",
      '',
    ].join('\n'));
    const [a, b, c] = doc.constructs;
    assert.deepStrictEqual(a.props!.entries.map((e) => e.key), ['shardCount', 'encryption', 'retentionPeriod']);
    const enc = b.props!.entries.find((e) => e.key === 'encryption')!.value;
    assert.deepStrictEqual(enc.kind === 'ref' && [enc.module, ...enc.path], ['aws-kinesis', 'StreamEncryption', 'UNENCRYPTED']);
    assert.strictEqual(c.props!.open, true);
  });

  it('finds SDK clients and calls: v3 commands sent through a client, lib-storage Upload, v2 methods', () => {
    const doc = parse([
      "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';",
      "import { Upload } from '@aws-sdk/lib-storage';",
      "const AWS = require('aws-sdk');",
      "const s3 = new S3Client({ region: 'eu-west-1' });",
      "const legacy = new AWS.S3({ sslEnabled: false });",
      "export async function f(body: Buffer) {",
      "  const command = new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: body });",
      '  await s3.send(command);',
      "  await new Upload({ client: s3, params: { Bucket: 'b', Key: 'big', Body: body } }).done();",
      "  await legacy.putObject({ Bucket: 'b', Key: 'k2' }).promise();",
      '}',
      '',
    ].join('\n'));
    assert.deepStrictEqual(doc.clients.map((c) => `${c.sdk}:${c.service}:${c.variable}`), ['js-v3:s3:s3', 'js-v2:s3:legacy']);
    assert.deepStrictEqual(doc.apiCalls.map((c) => `${c.sdk}:${c.operation}:${c.client?.variable}`), ['js-v3:PutObject:s3', 'js-v3:PutObject:s3', 'js-v2:PutObject:legacy']);
    assert.deepStrictEqual(doc.apiCalls[1].params!.entries.map((e) => e.key), ['Bucket', 'Key', 'Body']);
  });

  it('never throws on broken or hostile input', () => {
    const inputs = [
      "import * as s3 from 'aws-cdk-lib/aws-s3';\nnew s3.Bucket(this, 'B', { encryption: ",
      "import * as s3 from 'aws-cdk-lib/aws-s3';\nconst a = { ...b };\nconst b = { ...a };\nnew s3.Bucket(this, 'B', a);",
      "import * as s3 from 'aws-cdk-lib/aws-s3';\nconst p = { x: " + '['.repeat(3000) + ']'.repeat(3000) + ' };\nnew s3.Bucket(this, "B", p);',
      "import * as s3 from 'aws-cdk-lib/aws-s3';\nconst b = new s3.Bucket(this, 'B', { encryptionKey: b });",
      '\u0000\u0001 import',
    ];
    for (const text of inputs) {
      const f = lint(text);
      assert.ok(f.every((x) => x.ruleId !== 'internal-error'), JSON.stringify(f.map((x) => x.message)));
    }
    // Nesting deeper than the compiler's own recursion allows is a parse error, not a crash or a silent skip.
    assert.deepStrictEqual(ids(lint(inputs[2])), ['parse-error']);
  });
});

describe('code documents in the engine', () => {
  it('knows code files by name; declaration files and plain code are not linted', () => {
    assert.strictEqual(kindFromName('lib/stack.ts', ''), 'code-ts');
    assert.strictEqual(kindFromName('app.mjs', ''), 'code-js');
    assert.strictEqual(kindFromName('lib/stack.d.ts', ''), 'none');
    const plain = lintText({ uri: 'util.ts', text: "export const add = (a: number, b: number) => a + b;\n" }, { config: defaultConfig(), rules: ALL_RULES });
    assert.strictEqual(plain.kind, 'not-a-template');
    const unrelated = lintText({ uri: 'x.js', text: "const fs = require('fs');\nnew fs.Stats();\n" }, { config: defaultConfig(), rules: ALL_RULES });
    assert.strictEqual(unrelated.kind, 'not-a-template');
  });

  it('findings from constructs say cdk, findings from SDK calls say sdk, and point into the source', () => {
    const text = [
      "import * as kinesis from 'aws-cdk-lib/aws-kinesis';",
      "import { S3Client } from '@aws-sdk/client-s3';",
      "new kinesis.Stream(this, 'S', { encryption: kinesis.StreamEncryption.UNENCRYPTED });",
      'new S3Client({ tls: false });',
      '',
    ].join('\n');
    const f = lint(text);
    const stream = f.find((x) => x.ruleId === 'kinesis-stream-unencrypted')!;
    const tls = f.find((x) => x.ruleId === 'sdk-tls-disabled')!;
    assert.strictEqual(stream.source, 'cdk');
    assert.strictEqual(text.slice(stream.span.start, stream.span.end), 'kinesis.Stream');
    assert.strictEqual(tls.source, 'sdk');
    assert.strictEqual(text.slice(tls.span.start, tls.span.end), 'tls: false');
  });

  it('values it cannot know are never reported', () => {
    const text = [
      "import * as s3 from 'aws-cdk-lib/aws-s3';",
      "import * as kinesis from 'aws-cdk-lib/aws-kinesis';",
      'export function make(scope: any, props: any) {',
      "  new kinesis.Stream(scope, 'S', { encryption: props.encryption });",
      "  new s3.Bucket(scope, 'B', { ...props });",
      '}',
      '',
    ].join('\n');
    assert.deepStrictEqual(ids(lint(text)), []);
  });

  it('loads the TypeScript parser only when a code file is linted', () => {
    const script = [
      `const { lintText } = require(${JSON.stringify(path.join(REPO, 'out/server/src/engine/lint'))});`,
      `const { defaultConfig } = require(${JSON.stringify(path.join(REPO, 'out/server/src/engine/config'))});`,
      `const { ALL_RULES } = require(${JSON.stringify(path.join(REPO, 'out/server/src/rules/registry'))});`,
      'const loaded = () => Object.keys(require.cache).some((k) => /node_modules[\\\\/]typescript[\\\\/]/.test(k));',
      "lintText({ uri: 't.yaml', text: 'Resources:\\n  B:\\n    Type: AWS::S3::Bucket\\n' }, { config: defaultConfig(), rules: ALL_RULES });",
      'const before = loaded();',
      "lintText({ uri: 'a.ts', text: \"import * as s3 from 'aws-cdk-lib/aws-s3';\\nnew s3.Bucket(this, 'B');\\n\" }, { config: defaultConfig(), rules: ALL_RULES });",
      'console.log(JSON.stringify([before, loaded()]));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(out.trim()), [false, true]);
  });

  it('the bundles keep the TypeScript parser out of dist/cli.js and dist/server.js', function () {
    const dist = path.join(REPO, 'dist');
    if (!fs.existsSync(path.join(dist, 'parsers-ts.js'))) {
      console.log('      (skipped: dist/ is not built)');
      this.skip();
    }
    for (const b of ['cli.js', 'server.js']) {
      const file = path.join(dist, b);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!text.includes('function createSourceFile('), `${b} bundles the TypeScript compiler`);
      assert.ok(text.includes('./parsers-ts.js'), `${b} does not load dist/parsers-ts.js`);
    }
  });
});

describe('CDK synthesis with aws-cdk-lib defaults', () => {
  const header = [
    "import * as s3 from 'aws-cdk-lib/aws-s3';",
    "import * as kinesis from 'aws-cdk-lib/aws-kinesis';",
    "import * as rds from 'aws-cdk-lib/aws-rds';",
    "import * as kms from 'aws-cdk-lib/aws-kms';",
    "import * as redshift from '@aws-cdk/aws-redshift-alpha';",
    '',
  ].join('\n');

  it('kinesis.Stream is KMS-encrypted with alias/aws/kinesis when nothing is said', () => {
    const t = synth(`${header}new kinesis.Stream(this, 'S');\n`);
    const enc = prop(t.resourceById.get('S')!.properties, 'StreamEncryption');
    assert.deepStrictEqual([str(prop(enc, 'EncryptionType')), str(prop(enc, 'KeyId'))], ['KMS', 'alias/aws/kinesis']);
  });

  it('s3.Bucket emits no BucketEncryption by default; KMS without a key gets a rotating key CDK creates', () => {
    const t = synth(`${header}new s3.Bucket(this, 'Plain');\nnew s3.Bucket(this, 'Kms', { encryption: s3.BucketEncryption.KMS });\n`);
    assert.strictEqual(prop(t.resourceById.get('Plain')!.properties, 'BucketEncryption'), undefined);
    const keys = t.resources.filter((r) => r.type === 'AWS::KMS::Key');
    assert.strictEqual(keys.length, 1);
    assert.strictEqual(prop(keys[0].properties, 'EnableKeyRotation')?.kind, 'scalar');
  });

  it('RDS storage is encrypted only with storageEncrypted or a key; ServerlessCluster always; alpha Redshift by default', () => {
    const t = synth(`${header}const k = new kms.Key(this, 'K');\nnew rds.DatabaseInstance(this, 'A', {});\nnew rds.DatabaseInstance(this, 'B', { storageEncryptionKey: k });\nnew rds.ServerlessCluster(this, 'C', {});\nnew redshift.Cluster(this, 'D', {});\n`);
    const v = (id: string, p: string) => prop(t.resourceById.get(id)!.properties, p);
    assert.strictEqual(v('A', 'StorageEncrypted'), undefined);
    assert.strictEqual((v('B', 'StorageEncrypted') as { value: unknown }).value, true);
    assert.strictEqual(v('B', 'KmsKeyId')?.kind, 'intrinsic');
    assert.strictEqual((v('C', 'StorageEncrypted') as { value: unknown }).value, true);
    assert.strictEqual((v('D', 'Encrypted') as { value: unknown }).value, true);
  });

  it('L1 props map to CloudFormation names, camelCase and acronyms alike', () => {
    const t = synth(`${header}new s3.CfnBucket(this, 'L1', { bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/x' } }] } });\n`);
    const list = prop(prop(t.resourceById.get('L1')!.properties, 'BucketEncryption'), 'ServerSideEncryptionConfiguration');
    const rule = list?.kind === 'array' ? list.items[0] : undefined;
    const byDefault = prop(rule, 'ServerSideEncryptionByDefault');
    assert.deepStrictEqual([str(prop(byDefault, 'SSEAlgorithm')), str(prop(byDefault, 'KMSMasterKeyID'))], ['aws:kms', 'alias/x']);
  });

  it('the generated CloudFormation name table matches the installed aws-cdk-lib', () => {
    execFileSync(process.execPath, [path.join(REPO, 'scripts/generate-cdk-names.js'), '--check'], { encoding: 'utf8' });
  });
});

describe('code fixes keep the file style and add imports', () => {
  it('adds `import * as kms` for a key the fix creates, with the file\'s quotes and no semicolons', () => {
    const text = [
      'import * as kinesis from "aws-cdk-lib/aws-kinesis"',
      '',
      'export function build(scope: any) {',
      '  new kinesis.Stream(scope, "Events", {',
      '    encryption: kinesis.StreamEncryption.KMS,',
      '  })',
      '}',
      '',
    ].join('\n');
    const f = lint(text).find((x) => x.ruleId === 'kms-key-rotation-disabled')!;
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.ok(fixed.includes('import * as kms from "aws-cdk-lib/aws-kms"\n'), fixed);
    assert.ok(fixed.includes('    encryptionKey: new kms.Key(this, "EventsKey", { enableKeyRotation: true }),\n'), fixed);
    assert.ok(!/;\s*$/m.test(fixed), 'no semicolons were added');
    const again = lint(fixed);
    assert.deepStrictEqual(again.filter((x) => x.ruleId === 'kms-key-rotation-disabled' || x.ruleId === 'parse-error'), []);
  });

  it('edits props held in a const where they are written', () => {
    const text = "import * as rds from 'aws-cdk-lib/aws-rds';\nconst props = { engine: rds.DatabaseInstanceEngine.MYSQL };\nnew rds.DatabaseInstance(this, 'Db', props);\n";
    const f = lint(text).find((x) => x.ruleId === 'rds-storage-unencrypted')!;
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.ok(fixed.includes('const props = { engine: rds.DatabaseInstanceEngine.MYSQL, storageEncrypted: true };'), fixed);
  });

  it('offers no fix when a CloudFormation edit has no code equivalent (never half a fix)', () => {
    const text = "import * as redshift from '@aws-cdk/aws-redshift-alpha';\nnew redshift.Cluster(this, 'C', { encrypted: false });\n";
    const f = lint(text).find((x) => x.ruleId === 'redshift-cluster-unencrypted')!;
    assert.deepStrictEqual(f.fixes.map((x) => x.edits.every((e) => e.span.start >= 0)), f.fixes.map(() => true));
    assert.ok(f.fixes.every((x) => !/KmsKeyId/.test(x.title)), 'the KMS-key variant needs a key resource CDK code cannot get from this fix');
  });
});
