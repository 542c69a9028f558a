/**
 * The HTML inventory report (`--format html`): self-contained (no external resources, CSP), opened in headless
 * Debian Chromium (playwright-core) to check its map nodes, its script under the CSP and a screenshot saved to
 * test/e2e/artifacts/inventory-report.png. Skips the browser part with a notice only when Chromium is absent.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { renderInventoryHtml } from '../server/src/docs/inventory-html';
import { defaultConfig } from '../server/src/engine/config';
import { inventoryForFiles } from '../server/src/engine/inventory';
import { Inventory, InventoryStore } from '../server/src/model/inventory';
import { launchChromium } from './e2e/host';
import { artifactsDir, chromiumBin } from './e2e/paths';
import { cli, REPO } from './helpers';

const WORKSPACE = path.join(REPO, 'test', 'fixtures', 'inventory', 'workspace');

function fixtureInventory(): Inventory {
  const files = fs.readdirSync(WORKSPACE).sort().map((f) => ({ uri: f, text: fs.readFileSync(path.join(WORKSPACE, f), 'utf8') }));
  return inventoryForFiles(files, defaultConfig()).inventory;
}

/** Every URL-ish attribute or CSS url() in the page: a self-contained page has none that leave it. */
function externalReferences(html: string): string[] {
  const refs = [...html.matchAll(/\b(?:src|href|action)\s*=\s*"([^"]*)"/g)].map((m) => m[1]);
  refs.push(...[...html.matchAll(/url\(\s*['"]?([^'")]*)/g)].map((m) => m[1]));
  refs.push(...[...html.matchAll(/@import/g)].map(() => '@import'));
  return refs.filter((r) => !r.startsWith('#') && !r.startsWith('data:'));
}

describe('encryption inventory HTML report', () => {
  it('is one self-contained page: CSP, inline style and script, no external resource', () => {
    const inv = fixtureInventory();
    const html = renderInventoryHtml(inv, [], { tool: 'aws-encryption-lint', version: '0', files: 3 });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.deepStrictEqual(externalReferences(html), []);
    assert.doesNotMatch(html, /<link\b|<script [^>]*src=|<iframe|<img /);
    assert.match(html, /prefers-color-scheme: dark/);
    for (const s of inv.stores) assert.ok(html.includes(`<tr data-id="${s.id}"`), `table row for ${s.id}`);
    assert.strictEqual(html, renderInventoryHtml(inv, [], { tool: 'aws-encryption-lint', version: '0', files: 3 }), 'deterministic');
  });

  it('escapes names from the workspace', () => {
    const inv = fixtureInventory();
    const evil: InventoryStore = { ...inv.stores[0], id: 'x#<script>alert(1)</script>', label: '<img src=x onerror=alert(1)>' };
    const html = renderInventoryHtml({ ...inv, stores: [evil] }, [{ file: '<b>.yaml', ruleId: 'r', severity: 'error', message: '"><script>' }], { tool: 't', version: '0', files: 1 });
    assert.doesNotMatch(html, /<script>alert|<img src=x|"><script>|<b>\.yaml/);
  });

  it('groups each service into one node beyond a few hundred stores, with a note', () => {
    const inv = fixtureInventory();
    const many: InventoryStore[] = [];
    for (let i = 0; i < 400; i++) many.push({ ...inv.stores[0], id: `big.yaml#Bucket${i}`, label: `bucket-${i}` });
    const html = renderInventoryHtml({ ...inv, stores: many, counts: { ...inv.counts, s3: 400 } }, [], { tool: 't', version: '0', files: 1 });
    assert.match(html, /id="collapsed-note"/);
    assert.match(html, /data-id="group:s3"/);
    assert.doesNotMatch(html, /<g class="node[^"]*" data-id="big\.yaml#Bucket1"/);
    assert.strictEqual((html.match(/<tr data-id="big\.yaml#Bucket/g) ?? []).length, 400, 'the table still lists every store');
  });

  it('is what the CLI prints for --format html', () => {
    const r = cli(['--format', 'html', '--fail-on', 'none', '.'], WORKSPACE);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<!DOCTYPE html>/);
    assert.match(r.stdout, /data-id="data\.yaml#DataBucket"/);
    assert.match(r.stdout, /<table id="findings">/);
    assert.match(r.stdout, /data\.yaml:\d+<\/code><\/td><td>[^<]+<\/td><td><code>rds-storage-unencrypted/);
  });

  it('renders in headless Chromium: a map node per store, the script runs under the CSP, screenshot saved', async function () {
    this.timeout(120_000);
    if (!fs.existsSync(chromiumBin)) {
      console.log(`    (skipped: Chromium not found at ${chromiumBin}; \`node out/test/e2e/install.js\` installs it)`);
      this.skip();
    }
    const inv = fixtureInventory();
    const r = cli(['--format', 'html', '--fail-on', 'none', '.'], WORKSPACE);
    fs.mkdirSync(artifactsDir, { recursive: true });
    const page = path.join(artifactsDir, 'inventory-report.html');
    fs.writeFileSync(page, r.stdout);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      const tab = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      tab.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      tab.on('pageerror', (e) => problems.push(e.message));
      tab.on('request', (q) => { if (!q.url().startsWith('file:') && !q.url().startsWith('data:')) requests.push(q.url()); });
      await tab.goto(pathToFileURL(page).href);
      const nodeIds = await tab.$$eval('svg g.node[data-id]', (els) => els.map((e) => e.getAttribute('data-id')));
      for (const s of inv.stores) assert.ok(nodeIds.includes(s.id), `map node for ${s.id}`);
      for (const k of inv.keys) assert.ok(nodeIds.includes(k.id), `map node for ${k.id}`);
      assert.ok(await tab.$$eval('svg path.edge.unprotected', (els) => els.length) >= 1, 'unprotected edges drawn');
      // The inline script is allowed by its hash: clicking a node selects its table row.
      await tab.click('svg g.node[data-id="data.yaml#Orders"]');
      assert.strictEqual(await tab.$eval('#inventory tr.selected', (e) => e.getAttribute('data-id')), 'data.yaml#Orders');
      await tab.fill('#filter', 'kinesis stream');
      const visible = await tab.$$eval('#inventory tbody tr', (rows) => rows.filter((row) => !(row as unknown as { hidden: boolean }).hidden).length);
      assert.strictEqual(visible, inv.stores.filter((s) => s.service === 'kinesis').length);
      await tab.fill('#filter', '');
      assert.deepStrictEqual(problems, [], 'no console errors, no CSP violations');
      assert.deepStrictEqual(requests, [], 'no network requests');
      await tab.$eval('#map', (e) => { e.scrollLeft = 0; e.scrollTop = 0; });
      const shot = path.join(artifactsDir, 'inventory-report.png');
      await tab.screenshot({ path: shot, fullPage: true });
      await tab.emulateMedia({ colorScheme: 'dark' });
      const dark = path.join(artifactsDir, 'inventory-report-dark.png');
      await tab.screenshot({ path: dark, fullPage: true });
      assert.ok(fs.statSync(shot).size > 10_000);
      console.log(`      screenshots: ${shot}, ${dark}`);
    } finally {
      await browser.close();
    }
  });
});
