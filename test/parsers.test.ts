import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCfnJson } from '../server/src/parsers/cfn-json/parse';
import { parseCfnYaml, parseWhole, YamlChunkCache } from '../server/src/parsers/cfn-yaml/parse';
import { detectAndParse, kindFromName } from '../server/src/parsers/detect';
import { IntrinsicNode, ValueNode } from '../server/src/model/types';
import { valuesAt, str } from '../server/src/rules/support/resolve';
import { CORPUS, sharedAvailable } from './helpers';

function strip(n: ValueNode | undefined): unknown {
  if (!n) return undefined;
  switch (n.kind) {
    case 'object':
      return Object.fromEntries(n.entries.map((e) => [e.key, strip(e.value)]));
    case 'array':
      return n.items.map(strip);
    case 'scalar':
      return n.value;
    case 'intrinsic':
      return { [n.fn]: strip(n.arg) };
    default:
      return `<${n.reason}>`;
  }
}

describe('CloudFormation YAML parser', () => {
  const TAGS = [
    ['!Ref X', { Ref: 'X' }],
    ['!GetAtt A.Arn', { 'Fn::GetAtt': 'A.Arn' }],
    ['!GetAtt [A, Arn]', { 'Fn::GetAtt': ['A', 'Arn'] }],
    ["!Sub '${A}-x'", { 'Fn::Sub': '${A}-x' }],
    ["!Sub ['x-${V}', {V: !Ref P}]", { 'Fn::Sub': ['x-${V}', { V: { Ref: 'P' } }] }],
    ['!If [C, a, !Ref AWS::NoValue]', { 'Fn::If': ['C', 'a', { Ref: 'AWS::NoValue' }] }],
    ['!Join [",", [a, b]]', { 'Fn::Join': [',', ['a', 'b']] }],
    ['!Select [0, !GetAZs ""]', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ['!Split [",", a]', { 'Fn::Split': [',', 'a'] }],
    ['!FindInMap [M, K, V]', { 'Fn::FindInMap': ['M', 'K', 'V'] }],
    ['!Base64 x', { 'Fn::Base64': 'x' }],
    ['!Cidr [10.0.0.0/16, 2, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }],
    ['!ImportValue shared-key', { 'Fn::ImportValue': 'shared-key' }],
    ['!Equals [a, b]', { 'Fn::Equals': ['a', 'b'] }],
    ['!And [!Condition A, !Not [!Condition B]]', { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Not': [{ Condition: 'B' }] }] }],
    ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } }],
  ] as const;
  for (const [src, expected] of TAGS) {
    it(`reads ${src.split(' ')[0]} (${src})`, () => {
      const t = parseCfnYaml({ uri: 't.yaml', text: `Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      V: ${src}\n` });
      assert.deepStrictEqual(t.parseErrors, []);
      assert.deepStrictEqual(strip(t.resources[0].properties!.entries[0].value), expected);
      assert.ok(t.usesShortForm);
    });
  }

  it('reads long-form intrinsics as intrinsics and keeps spans covering the short-form tag', () => {
    const text = 'Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      A: {Ref: X}\n      B: !Ref Y\n';
    const t = parseCfnYaml({ uri: 't.yaml', text });
    const [a, b] = t.resources[0].properties!.entries;
    assert.strictEqual(a.value.kind, 'intrinsic');
    assert.strictEqual((a.value as IntrinsicNode).short, false);
    assert.strictEqual(text.slice(b.value.span.start, b.value.span.end), '!Ref Y');
  });

  it('expands anchors and aliases but bounds alias bombs', () => {
    const ok = parseCfnYaml({ uri: 't.yaml', text: 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: &p\n      X: 1\n  B:\n    Type: AWS::S3::Bucket\n    Properties: *p\n' });
    assert.deepStrictEqual(strip(ok.resources[1].properties), { X: 1 });
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const bomb = `Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n${levels.map((l) => `      ${l}`).join('\n')}\n`;
    const t0 = Date.now();
    const t = parseCfnYaml({ uri: 'bomb.yaml', text: bomb });
    assert.ok(Date.now() - t0 < 10_000);
    assert.ok(t.parseErrors.some((e) => /alias|limit/i.test(e.message)));
  });

  it('recovers from an error in one resource block and still reads the others', () => {
    const text = 'Resources:\n  Bad:\n    Type: AWS::S3::Bucket\n    Properties: [unclosed\n  Good:\n    Type: AWS::Kinesis::Stream\n';
    const t = parseCfnYaml({ uri: 't.yaml', text });
    assert.ok(t.parseErrors.length > 0);
    assert.ok(t.resourceById.has('Good'));
  });

  it('re-parses only the touched block when given a cache, with the same result as a full parse', () => {
    const blocks = Array.from({ length: 50 }, (_, i) => `  B${i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b-${i}\n`).join('');
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${blocks}Outputs:\n  O:\n    Value: !Ref B1\n`;
    const cache = new YamlChunkCache();
    parseCfnYaml({ uri: 't.yaml', text }, cache);
    const before = cache.misses;
    const edited = text.replace('b-25', 'b-twenty-five');
    const t = parseCfnYaml({ uri: 't.yaml', text: edited }, cache);
    assert.strictEqual(cache.misses - before, 1, 'only the edited resource block is parsed again');
    assert.deepStrictEqual(strip(t.root), strip(parseWhole({ uri: 't.yaml', text: edited }).root));
    assert.strictEqual(edited.slice(t.resourceById.get('B30')!.logicalIdSpan.start, t.resourceById.get('B30')!.logicalIdSpan.end), 'B30');
  });

  it('gives the same model chunked and whole on every corpus YAML template', function () {
    if (!sharedAvailable(this)) return;
    const dir = path.join(CORPUS, 'cfn');
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      if (kindFromName(f, text) !== 'cfn-yaml') continue;
      const whole = parseWhole({ uri: f, text });
      if (whole.parseErrors.length) continue;
      assert.deepStrictEqual(strip(parseCfnYaml({ uri: f, text }).root), strip(whole.root), f);
    }
  });
});

describe('CloudFormation JSON parser', () => {
  it('tolerates comments and keeps positions', () => {
    const text = '{\n  // a comment\n  "Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"A": {"Fn::GetAtt": ["X", "Arn"]}}}}\n}\n';
    const t = parseCfnJson({ uri: 't.json', text });
    assert.deepStrictEqual(t.parseErrors, []);
    const k = t.resourceById.get('K')!;
    assert.strictEqual(text.slice(k.logicalIdSpan.start, k.logicalIdSpan.end), '"K"');
    assert.deepStrictEqual(strip(k.properties), { A: { 'Fn::GetAtt': ['X', 'Arn'] } });
  });
});

describe('template detection', () => {
  const cases: [string, string, boolean][] = [
    ['k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', false],
    ['ci.yml', 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n', false],
    ['package.json', '{"name": "x", "scripts": {"build": "tsc"}}', false],
    ['tsconfig.json', '{"compilerOptions": {"strict": true}}', false],
    ['other.yaml', 'Resources:\n  X:\n    Type: Custom::Thing\n', false],
    ['sam.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n', true],
    ['plain.template', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}', true],
    ['yaml.template', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n', true],
  ];
  for (const [name, text, isTemplate] of cases) {
    it(`${isTemplate ? 'reads' : 'leaves alone'} ${name}`, () => {
      assert.strictEqual(detectAndParse({ uri: name, text }, kindFromName(name, text)).kind === 'template', isTemplate);
    });
  }
  it('keeps a template that does not fully parse, with its parse errors', () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X: [\n';
    const d = detectAndParse({ uri: 'b.yaml', text }, 'cfn-yaml');
    assert.ok(d.kind !== 'not-a-template' && d.template.parseErrors.length > 0);
  });
  it('reports a declared template whose root does not parse at all as broken', () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\n  - : [\n';
    assert.notStrictEqual(detectAndParse({ uri: 'b.yaml', text }, 'cfn-yaml').kind, 'not-a-template');
  });
});

describe('value resolution', () => {
  const text = [
    'Parameters:',
    '  Algo:',
    '    Type: String',
    '    Default: aws:kms',
    '  NoDefault:',
    '    Type: String',
    'Conditions:',
    '  Prod: !Equals [!Ref AWS::AccountId, "1"]',
    'Resources:',
    '  B:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      A: !Ref Algo',
    '      N: !Ref NoDefault',
    '      C: !If [Prod, x, !Ref AWS::NoValue]',
    '',
  ].join('\n');
  const t = parseCfnYaml({ uri: 't.yaml', text });
  const props = t.resources[0].properties;
  it('takes a parameter Default and marks it', () => {
    const [o] = valuesAt(t, props, ['A']);
    assert.strictEqual(str(o.node), 'aws:kms');
    assert.strictEqual(o.viaParameter, 'Algo');
  });
  it('treats a parameter without Default as unknown', () => {
    assert.strictEqual(valuesAt(t, props, ['N'])[0].node?.kind, 'unknown');
  });
  it('judges Fn::If branch by branch, naming the condition, with AWS::NoValue as absent', () => {
    const out = valuesAt(t, props, ['C']);
    assert.deepStrictEqual(out.map((o) => [str(o.node), o.conditions]), [['x', ['Prod']], [undefined, ['!Prod']]]);
  });
  it('stays bounded with Fn::If nested 12 deep', () => {
    let v = 'leaf';
    for (let i = 0; i < 12; i++) v = `!If [C${i}, ${v.startsWith('!') ? `[${v}]`.slice(1, -1) : v}, other${i}]`;
    const deep = parseCfnYaml({ uri: 'd.yaml', text: `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: ${v}\n` });
    const out = valuesAt(deep, deep.resources[0].properties, ['X']);
    assert.ok(out.length <= 64);
  });
});
