// The encryption map SVG (server/src/docs/inventory-map.ts) over hand-made inventories: nodes with data-id, classes by
// protection, unprotected paths marked, escaping, and collapsing of large inventories. The SVG is also parsed as
// XML-ish markup by counting balanced tags, so a host can embed it as is.
import * as assert from 'assert';
import { protectionClass, renderInventorySvg } from '../server/src/docs/inventory-map';
import { Inventory, InventoryStore, StoreService } from '../server/src/model/inventory';

const URI = 'file:///ws/data-lake.yaml';

function store(id: string, service: StoreService, over: Partial<InventoryStore> = {}): InventoryStore {
  return {
    id: `${URI}#${id}`,
    service,
    kind: service === 's3' ? 'S3 bucket' : 'Kinesis stream',
    label: id,
    origin: 'cfn',
    atRest: 'customer-managed-kms',
    inTransit: 'enforced',
    atRestDetail: '',
    inTransitDetail: '',
    findings: [],
    location: { uri: URI, span: { start: 0, end: 1 } },
    ...over,
  };
}

function inventoryOf(stores: InventoryStore[], extra: Partial<Inventory> = {}): Inventory {
  const counts = { s3: 0, athena: 0, emr: 0, rds: 0, kinesis: 0, firehose: 0, redshift: 0 } as Record<StoreService, number>;
  for (const s of stores) counts[s.service]++;
  return { stores, keys: [], edges: [], counts, ...extra };
}

function dataIds(svg: string): string[] {
  return [...svg.matchAll(/<g class="node[^"]*" data-id="([^"]*)"/g)].map((m) => m[1]);
}

describe('encryption map SVG', () => {
  it('draws every store and key as a node with its id, coloured by protection', () => {
    const inventory = inventoryOf([
      store('Raw', 's3', { atRest: 'none', inTransit: 'optional', keyId: undefined }),
      store('Curated', 's3', { keyId: 'key:file:///ws/data-lake.yaml#DataKey' }),
      store('Events', 'kinesis', { atRest: 'aws-managed-kms', inTransit: 'optional' }),
    ], {
      keys: [{ id: 'key:file:///ws/data-lake.yaml#DataKey', label: 'DataKey', kind: 'customer-managed', rotation: 'off' }],
      edges: [{ from: `${URI}#Events`, to: `${URI}#Raw`, relation: 'delivers', unprotected: true }],
    });
    const svg = renderInventorySvg(inventory);
    assert.deepStrictEqual(dataIds(svg).sort(), [`${URI}#Curated`, `${URI}#Events`, `${URI}#Raw`, 'key:file:///ws/data-lake.yaml#DataKey'].sort());
    assert.match(svg, /class="node store protection-unprotected" data-id="file:\/\/\/ws\/data-lake.yaml#Raw"/);
    assert.match(svg, /class="node store protection-protected" data-id="file:\/\/\/ws\/data-lake.yaml#Curated"/);
    assert.match(svg, /class="node store protection-partial" data-id="file:\/\/\/ws\/data-lake.yaml#Events"/);
    assert.match(svg, /class="node key key-customer-managed rotation-off"/);
    assert.match(svg, /S3 buckets \(2\)/);
    assert.match(svg, /Kinesis streams \(1\)/);
    // The key encrypts Curated; the delivery path to the unencrypted bucket is highlighted.
    assert.match(svg, /class="edge edge-encrypts" data-from="key:file:\/\/\/ws\/data-lake.yaml#DataKey" data-to="file:\/\/\/ws\/data-lake.yaml#Curated"/);
    assert.match(svg, /class="edge edge-delivers unprotected" data-from="file:\/\/\/ws\/data-lake.yaml#Events"/);
    assert.strictEqual((svg.match(/<g[ >]/g) ?? []).length, (svg.match(/<\/g>/g) ?? []).length, 'balanced groups');
  });

  it('escapes labels and ids and never emits scripts or remote references', () => {
    const hostile = store('<script>alert(1)</script>', 's3', { label: '"><img src=x onerror=alert(1)>' });
    const svg = renderInventorySvg(inventoryOf([hostile]));
    assert.ok(!svg.includes('<script'), 'no script element');
    assert.ok(!svg.includes('<img'), 'no injected element');
    assert.ok(!/https?:\/\//.test(svg.replace('http://www.w3.org/2000/svg', '')), 'no remote reference');
    assert.match(svg, /data-id="file:\/\/\/ws\/data-lake.yaml#&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  it('collapses each service to one node beyond the threshold, and keeps edges between the groups', () => {
    const stores = Array.from({ length: 40 }, (_, i) => store(`B${i}`, 's3', { atRest: i % 2 ? 'none' : 'customer-managed-kms' }));
    stores.push(store('S', 'kinesis'));
    const svg = renderInventorySvg(inventoryOf(stores, { edges: [{ from: `${URI}#S`, to: `${URI}#B1`, relation: 'delivers', unprotected: true }] }),
      { collapseAbove: 10 });
    assert.deepStrictEqual(dataIds(svg), ['group:kinesis', 'group:s3'], 'streams come before the buckets they feed');
    assert.match(svg, /40 S3 buckets/);
    assert.match(svg, /20 unprotected/);
    assert.match(svg, /data-from="group:kinesis" data-to="group:s3"/);
  });

  it('says so when there is nothing to draw', () => {
    assert.match(renderInventorySvg(inventoryOf([])), /No data stores found/);
  });

  it('classifies protection', () => {
    assert.strictEqual(protectionClass('none', 'enforced'), 'unprotected');
    assert.strictEqual(protectionClass('hsm', 'none'), 'unprotected');
    assert.strictEqual(protectionClass('sse-s3-or-aws-owned', 'enforced'), 'partial');
    assert.strictEqual(protectionClass('client-side', 'enforced'), 'protected');
    assert.strictEqual(protectionClass('unknown', 'unknown'), 'unknown');
  });
});
