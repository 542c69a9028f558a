/**
 * The encryption inventory engine: the fixture workspace test/fixtures/inventory/workspace as data (every store, its
 * protection and key, the edges) against expected.json next to it (UPDATE_GOLDEN=1 rewrites it: review the diff),
 * service defaults one by one, odd input, and the whole ../shared/corpus (hang guard only).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { buildInventory, inventoryForFiles } from '../server/src/engine/inventory';
import { ProjectIndex } from '../server/src/engine/project';
import { Inventory } from '../server/src/model/inventory';
import { SourceFile } from '../server/src/model/types';
import { ensurePythonParser } from '../server/src/parsers/cdk-py/parse';
import { CORPUS, REPO, sharedAvailable, UPDATE_GOLDEN } from './helpers';

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'inventory');
const WORKSPACE = path.join(FIXTURE, 'workspace');

function readWorkspace(dir: string): SourceFile[] {
  return fs.readdirSync(dir).sort().map((f) => ({ uri: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** The inventory as reviewable data: what a reader of the table and map sees, without spans. */
function asData(inv: Inventory) {
  return {
    counts: inv.counts,
    stores: inv.stores.map((s) => ({
      id: s.id, kind: s.kind, label: s.label, origin: s.origin, atRest: s.atRest, inTransit: s.inTransit, key: s.keyId ?? null,
      findings: s.findings.map((f) => f.ruleId).sort(),
    })),
    keys: inv.keys.map((k) => ({ id: k.id, label: k.label, kind: k.kind, rotation: k.rotation, findings: (k.findings ?? []).map((f) => f.ruleId).sort() })),
    edges: inv.edges.map((e) => `${e.from} -${e.relation}-> ${e.to}${e.unprotected ? ' (unprotected)' : ''}`).sort(),
  };
}

function inventoryOf(files: Record<string, string>): Inventory {
  return inventoryForFiles(Object.entries(files).map(([uri, text]) => ({ uri, text })), defaultConfig()).inventory;
}

function store(inv: Inventory, logicalId: string) {
  const s = inv.stores.find((x) => x.id.endsWith(`#${logicalId}`));
  assert.ok(s, `store ${logicalId} in ${inv.stores.map((x) => x.id).join(', ')}`);
  return s;
}

describe('encryption inventory (engine)', () => {
  before(async () => {
    await ensurePythonParser();
  });

  it('lists the fixture workspace as expected.json says (stores, protection, keys, edges)', () => {
    const actual = JSON.stringify(asData(inventoryForFiles(readWorkspace(WORKSPACE), defaultConfig()).inventory), null, 1) + '\n';
    const file = path.join(FIXTURE, 'expected.json');
    if (UPDATE_GOLDEN) fs.writeFileSync(file, actual);
    assert.strictEqual(actual, fs.readFileSync(file, 'utf8'));
  });

  it('every store points at its logical id and carries the findings of that resource', () => {
    const files = readWorkspace(WORKSPACE);
    const { inventory } = inventoryForFiles(files, defaultConfig());
    for (const s of inventory.stores) {
      if (!s.location.uri) continue; // buckets named outside the workspace
      const text = files.find((f) => f.uri === s.location.uri)!.text;
      const at = text.slice(s.location.span.start, s.location.span.end);
      // Templates: the logical id; CDK code: the construct (`new s3.Bucket(...)` points at `s3.Bucket`).
      if (s.origin === 'cfn') assert.strictEqual(at.replace(/"/g, ''), s.id.split('#')[1]);
      else assert.ok(/^(s3|kinesis)\.(Bucket|Stream)$/.test(at), `${s.id} points at "${at}"`);
      for (const f of s.findings) assert.strictEqual(f.location.uri, s.location.uri);
    }
    assert.ok(store(inventory, 'Orders').findings.some((f) => f.ruleId === 'rds-storage-unencrypted'));
  });

  it('uses today\'s service defaults', () => {
    const inv = inventoryOf({
      't.yaml': `Resources:
  Plain:
    Type: AWS::S3::Bucket
  Stream:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 1 }
  Db:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: mysql, DBInstanceClass: db.t3.micro, AllocatedStorage: '20' }
  Pg:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, EngineVersion: '16.3', StorageEncrypted: true, DBInstanceClass: db.t3.micro, AllocatedStorage: '20' }
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties: { ClusterType: single-node, NodeType: ra3.large, DBName: dev, MasterUsername: a, ManageMasterPassword: true }
  Direct:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties: { DeliveryStreamType: DirectPut }
  Wg:
    Type: AWS::Athena::WorkGroup
    Properties: { Name: wg }
`,
    });
    assert.deepStrictEqual([store(inv, 'Plain').atRest, store(inv, 'Plain').inTransit], ['sse-s3-or-aws-owned', 'optional']);
    assert.deepStrictEqual([store(inv, 'Stream').atRest, store(inv, 'Stream').inTransit], ['none', 'enforced']);
    assert.deepStrictEqual([store(inv, 'Db').atRest, store(inv, 'Db').inTransit], ['none', 'optional']);
    const pg = store(inv, 'Pg');
    assert.deepStrictEqual([pg.atRest, pg.inTransit, pg.keyId], ['aws-managed-kms', 'enforced', 'key:alias/aws/rds'], 'PostgreSQL 15+ forces SSL by default');
    assert.deepStrictEqual([store(inv, 'Warehouse').atRest, store(inv, 'Warehouse').inTransit], ['sse-s3-or-aws-owned', 'enforced']);
    assert.strictEqual(store(inv, 'Direct').atRest, 'none');
    assert.deepStrictEqual([store(inv, 'Wg').atRest, store(inv, 'Wg').inTransit], ['sse-s3-or-aws-owned', 'enforced']);
    assert.deepStrictEqual(inv.counts, { s3: 1, athena: 1, emr: 0, rds: 2, kinesis: 1, firehose: 1, redshift: 1 });
    assert.deepStrictEqual(inv.keys.map((k) => `${k.id} ${k.kind} ${k.rotation}`), ['key:alias/aws/rds aws-managed on']);
  });

  it('joins stores across files by physical name (TLS policy, replica, Firehose destination, result bucket outside)', () => {
    const inv = inventoryOf({
      'a.yaml': `Resources:
  Landing:
    Type: AWS::S3::Bucket
    Properties: { BucketName: landing-zone }
  Source:
    Type: AWS::RDS::DBInstance
    Properties: { DBInstanceIdentifier: src, Engine: mysql, StorageEncrypted: true, DBInstanceClass: db.t3.micro, AllocatedStorage: '20' }
`,
      'b.yaml': `Resources:
  LandingPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: landing-zone
      PolicyDocument:
        Statement:
          - { Effect: Deny, Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::landing-zone', 'arn:aws:s3:::landing-zone/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }
  Replica:
    Type: AWS::RDS::DBInstance
    Properties: { SourceDBInstanceIdentifier: src, DBInstanceClass: db.t3.micro }
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      S3DestinationConfiguration: { BucketARN: 'arn:aws:s3:::landing-zone', RoleARN: 'arn:aws:iam::111122223333:role/r' }
  Wg:
    Type: AWS::Athena::WorkGroup
    Properties:
      Name: wg
      WorkGroupConfiguration: { ResultConfiguration: { OutputLocation: 's3://elsewhere-results/q/' } }
`,
    });
    const landing = store(inv, 'Landing');
    assert.strictEqual(landing.inTransit, 'enforced');
    assert.strictEqual(store(inv, 'Replica').atRest, 'aws-managed-kms', 'a replica has its source\'s encryption');
    const edges = inv.edges.map((e) => `${e.from} ${e.relation} ${e.to} ${e.unprotected}`);
    assert.ok(edges.includes('a.yaml#Source replicates b.yaml#Replica false'), edges.join('\n'));
    assert.ok(edges.includes('b.yaml#Delivery delivers a.yaml#Landing false'), 'the destination bucket has at least SSE-S3 and Firehose delivers over TLS');
    assert.ok(edges.includes('b.yaml#Wg results s3://elsewhere-results false'), edges.join('\n'));
    assert.strictEqual(inv.stores.find((s) => s.id === 's3://elsewhere-results')?.atRest, 'sse-s3-or-aws-owned');
  });

  it('counts TLS as enforced only when the deny covers the bucket and its objects', () => {
    const policy = (resource: string) => `Resources:
  B:
    Type: AWS::S3::Bucket
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: ${resource}
            Condition: { Bool: { 'aws:SecureTransport': false } }
`;
    assert.strictEqual(store(inventoryOf({ 'o.yaml': policy("!Sub '${B.Arn}/*'") }), 'B').inTransit, 'optional');
    assert.strictEqual(store(inventoryOf({ 'b.yaml': policy("[!GetAtt B.Arn, !Sub '${B.Arn}/*']") }), 'B').inTransit, 'enforced');
    const both = store(inventoryOf({ 'w.yaml': policy("'*'") }), 'B');
    assert.strictEqual(both.inTransit, 'enforced');
    assert.ok(!both.findings.some((f) => f.ruleId === 's3-bucket-policy-no-secure-transport'), 'agrees with the rule');
  });

  it('reads CDK code through its synthesised view', () => {
    const inv = inventoryOf({
      'app.ts': `import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
const app = new cdk.App();
const stack = new cdk.Stack(app, 'S');
new s3.Bucket(stack, 'Logs', { enforceSSL: true, encryption: s3.BucketEncryption.KMS_MANAGED });
new kinesis.Stream(stack, 'Events');
`,
    });
    const cdkStores = inv.stores.filter((s) => s.origin === 'cdk');
    assert.ok(cdkStores.length >= 1, JSON.stringify(inv.stores.map((s) => [s.id, s.origin])));
    const bucket = inv.stores.find((s) => s.service === 's3' && s.location.uri === 'app.ts');
    assert.ok(bucket);
    assert.strictEqual(bucket.atRest, 'aws-managed-kms');
    const text = 'new s3.Bucket(stack, \'Logs\'';
    assert.ok(bucket.location.span.end > 0 && bucket.location.span.start < 400, text);
  });

  it('never throws on odd input and keeps counts consistent', () => {
    const inv = inventoryOf({
      'bad.yaml': 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [1, 2\n',
      'weird.json': '{"Resources": {"K": {"Type": "AWS::Kinesis::Stream", "Properties": {"StreamEncryption": {"Fn::If": ["C", {"KeyId": "x"}, {"Ref": "AWS::NoValue"}]}}}}}',
      'empty.yaml': '',
      'text.txt': 'hello',
    });
    const total = Object.values(inv.counts).reduce((a, b) => a + b, 0);
    assert.strictEqual(total, inv.stores.length);
    assert.deepStrictEqual(buildInventory(new ProjectIndex(), new Map()), { stores: [], keys: [], edges: [], counts: { s3: 0, athena: 0, emr: 0, rds: 0, kinesis: 0, firehose: 0, redshift: 0 } });
  });

  it('builds the inventory of the whole ../shared/corpus without crashing (hang guard)', function () {
    this.timeout(600_000);
    if (!sharedAvailable(this)) return;
    const files: SourceFile[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ya?ml|json|template|ts|js|py)$/.test(e.name)) files.push({ uri: path.relative(CORPUS, p), text: fs.readFileSync(p, 'utf8') });
      }
    };
    walk(CORPUS);
    const { inventory } = inventoryForFiles(files, defaultConfig());
    const total = Object.values(inventory.counts).reduce((a, b) => a + b, 0);
    assert.strictEqual(total, inventory.stores.length);
    assert.ok(inventory.stores.length > 100, `only ${inventory.stores.length} stores in the corpus`);
    const ids = new Set([...inventory.stores.map((s) => s.id), ...inventory.keys.map((k) => k.id)]);
    for (const e of inventory.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `edge ${e.from} -> ${e.to} has both ends`);
    // The inventory agrees with the rules on the same stores (a finding never sits on a store shown as protected).
    const agrees: Record<string, (s: Inventory['stores'][number]) => boolean> = {
      's3-bucket-policy-no-secure-transport': (s) => s.inTransit !== 'enforced',
      'rds-storage-unencrypted': (s) => s.atRest === 'none' || s.atRest === 'unknown',
      'kinesis-stream-unencrypted': (s) => s.atRest === 'none',
      'firehose-sse-disabled': (s) => s.atRest === 'none',
      'emr-cluster-no-security-configuration': (s) => s.atRest === 'none',
      'rds-ssl-not-enforced': (s) => s.inTransit !== 'enforced',
      'redshift-require-ssl': (s) => s.inTransit !== 'enforced',
    };
    const disagreements = inventory.stores.flatMap((s) => s.findings.filter((f) => agrees[f.ruleId] && !agrees[f.ruleId](s)).map((f) => `${s.id} ${s.atRest}/${s.inTransit}: ${f.ruleId}`));
    assert.deepStrictEqual(disagreements, []);
    console.log(`      corpus inventory: ${files.length} files, ${inventory.stores.length} stores, ${inventory.keys.length} keys, ${inventory.edges.length} edges`);
  });
});
