// The inventory requests of the real server (dist/server.js) over stdio: awsEncryptionLint/inventory covers closed
// files from the workspace index (with their findings) and open documents as edited, awsEncryptionLint/inventoryMap
// returns the SVG with a definition per node, and awsEncryptionLint/inventoryChanged follows a re-lint.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Inventory, Location } from '../server/src/model/inventory';
import { pathToUri, TestClient } from './lsp/client';

const CLOSED = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ClosedKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: false
  ClosedBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt ClosedKey.Arn
`;

const OPEN = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  OpenStream:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
`;

describe('inventory requests over stdio', function () {
  this.timeout(60000);
  let c: TestClient;
  let dir: string;
  let changed = 0;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ael-inv-'));
    fs.writeFileSync(path.join(dir, 'closed.yaml'), CLOSED);
    c = new TestClient({ rootPath: dir, clientCommands: true });
    c.conn.onNotification('awsEncryptionLint/inventoryChanged', () => {
      changed++;
    });
    await c.start();
  });
  after(async () => {
    await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists closed files\' stores and keys with their findings, and open documents as edited', async () => {
    const openUri = pathToUri(path.join(dir, 'open.yaml'));
    c.open(openUri, OPEN);
    await c.diagnostics(openUri, () => true);
    const inventory = (await c.conn.sendRequest('awsEncryptionLint/inventory')) as Inventory;
    const labels = inventory.stores.map((s) => s.label).sort();
    assert.deepStrictEqual(labels, ['ClosedBucket', 'OpenStream']);
    assert.strictEqual(inventory.counts.s3, 1);
    assert.strictEqual(inventory.counts.kinesis, 1);
    const stream = inventory.stores.find((s) => s.label === 'OpenStream')!;
    assert.strictEqual(stream.location.uri, openUri);
    assert.strictEqual(stream.atRest, 'none');
    assert.ok(stream.findings.some((f) => f.ruleId === 'kinesis-stream-unencrypted'), 'the open stream carries its finding');
    const bucket = inventory.stores.find((s) => s.label === 'ClosedBucket')!;
    assert.ok(bucket.keyId, 'the bucket names its key');
    const key = inventory.keys.find((k) => k.id === bucket.keyId);
    assert.ok(key, 'the key is in the inventory');
    assert.strictEqual(key.rotation, 'off');
  });

  it('returns the map SVG with a node and a definition per store, and notifies after a change', async () => {
    const reply = (await c.conn.sendRequest('awsEncryptionLint/inventoryMap')) as { svg: string; locations: Record<string, Location> };
    assert.match(reply.svg, /^<svg /);
    const ids = [...reply.svg.matchAll(/<g class="node[^"]*" data-id="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    const stores = ids.filter((id) => !id.startsWith('key:'));
    assert.strictEqual(stores.length, 2, `two store nodes (got ${ids.join(', ')})`);
    for (const id of stores) assert.ok(reply.locations[id]?.uri, `${id} has a definition`);

    const before = changed;
    const openUri = pathToUri(path.join(dir, 'open.yaml'));
    c.change(openUri, 2, [{ text: OPEN.replace('ShardCount: 1', 'ShardCount: 2\n      StreamEncryption:\n        EncryptionType: KMS\n        KeyId: alias/aws/kinesis') }]);
    await c.diagnostics(openUri, (p) => p.version === 2);
    const deadline = Date.now() + 10_000;
    while (changed === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(changed > before, 'inventoryChanged is sent after the re-lint');
    const inventory = (await c.conn.sendRequest('awsEncryptionLint/inventory')) as Inventory;
    assert.strictEqual(inventory.stores.find((s) => s.label === 'OpenStream')!.atRest, 'aws-managed-kms');
  });
});
