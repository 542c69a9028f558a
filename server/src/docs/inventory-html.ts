/**
 * The encryption inventory as one self-contained HTML page (`--format html`): counts per service, the inventory
 * table, the map (inline SVG from docs/inventory-map.ts) and the findings. No external resources: inline CSS, one
 * small inline script allowed by its hash in the content-security-policy, light/dark via prefers-color-scheme.
 */
import { createHash } from 'crypto';
import { AtRest, InTransit, Inventory, InventoryStore, StoreService } from '../model/inventory';
import { Severity } from '../model/types';
import { protectionClass, renderInventorySvg, SERVICE_TITLES } from './inventory-map';

export interface ReportFinding {
  /** File as shown to the user (relative path). */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  ruleId: string;
  severity: Severity;
  message: string;
}

export interface ReportMeta {
  tool: string;
  version: string;
  /** Files checked. */
  files: number;
  /** ISO time of the run; left out of the page when absent (reproducible output). */
  generatedAt?: string;
  /** More stores than this and the map groups each service into one node. */
  collapseAbove?: number;
}

const SERVICE_ORDER: StoreService[] = ['s3', 'kinesis', 'firehose', 'athena', 'emr', 'rds', 'redshift'];

const AT_REST_LABEL: Record<AtRest, string> = {
  none: 'none',
  'sse-s3-or-aws-owned': 'SSE-S3 / AWS owned key',
  'aws-managed-kms': 'AWS managed KMS key',
  'customer-managed-kms': 'customer managed KMS key',
  'client-side': 'client-side',
  hsm: 'HSM',
  unknown: 'unknown',
};

const IN_TRANSIT_LABEL: Record<InTransit, string> = { none: 'none', optional: 'TLS optional', enforced: 'TLS enforced', unknown: 'unknown' };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa;
  --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5; --ok: #1a7f37; --ok-bg: #dafbe1; --key: #8250df; --key-bg: #fbefff; --unk-bg: #eaeef2; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23;
    --bad: #ff7b72; --bad-bg: #3c1618; --warn: #d29922; --warn-bg: #3a2c0c; --ok: #3fb950; --ok-bg: #12301c; --key: #bc8cff; --key-bg: #2a1d43; --unk-bg: #262c36; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; }
.meta, .note { color: var(--muted); }
.counts { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 16px; padding: 0; list-style: none; }
.counts li { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 120px; }
.counts b { display: block; font-size: 20px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { position: sticky; top: 0; background: var(--card); }
tr.selected td { outline: 2px solid var(--key); outline-offset: -2px; }
.pill { display: inline-block; padding: 0 8px; border-radius: 10px; white-space: nowrap; }
.p-bad { background: var(--bad-bg); color: var(--bad); } .p-warn { background: var(--warn-bg); color: var(--warn); }
.p-ok { background: var(--ok-bg); color: var(--ok); } .p-unk { background: var(--unk-bg); color: var(--muted); }
.detail { color: var(--muted); font-size: 12px; }
.map { overflow: auto; border: 1px solid var(--line); border-radius: 8px; background: var(--card); max-height: 80vh; }
.map svg { display: block; width: 100%; min-width: 900px; height: auto; } /* scales with the page; scrolls below 900 px */
.map .column-title { fill: var(--muted); font-size: 12px; font-weight: 600; }
.map .node rect { stroke-width: 1.5; fill: var(--unk-bg); stroke: var(--line); }
.map .node text { fill: var(--fg); font-size: 12px; } .map .node .detail { fill: var(--muted); font-size: 10px; }
.map .protection-unprotected rect { fill: var(--bad-bg); stroke: var(--bad); }
.map .protection-partial rect { fill: var(--warn-bg); stroke: var(--warn); }
.map .protection-protected rect { fill: var(--ok-bg); stroke: var(--ok); }
.map .key rect { fill: var(--key-bg); stroke: var(--key); } .map .rotation-off rect { stroke-dasharray: 4 3; }
.map .node { cursor: pointer; } .map .node.selected rect { stroke-width: 3; }
.map .edge { fill: none; stroke: var(--muted); stroke-width: 1.3; opacity: .8; }
.map .edge-encrypts { stroke: var(--key); stroke-dasharray: 2 3; }
.map .edge.unprotected { stroke: var(--bad); stroke-width: 2.5; opacity: 1; }
.map .arrow { fill: var(--muted); }
.legend { display: flex; gap: 14px; flex-wrap: wrap; margin: 8px 0; }
.sev-error { color: var(--bad); } .sev-warning { color: var(--warn); } .sev-information, .sev-hint { color: var(--muted); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
input[type=search] { padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); min-width: 260px; }
`;

// Clicking a map node selects its table row; the search box filters the table. No network, no eval.
const SCRIPT = `
(function () {
  var rows = document.querySelectorAll('#inventory tbody tr');
  function select(id) {
    document.querySelectorAll('.selected').forEach(function (e) { e.classList.remove('selected'); });
    rows.forEach(function (r) { if (r.getAttribute('data-id') === id) { r.classList.add('selected'); r.scrollIntoView({ block: 'center' }); } });
    document.querySelectorAll('.map .node').forEach(function (n) { if (n.getAttribute('data-id') === id) n.classList.add('selected'); });
  }
  document.querySelectorAll('.map .node').forEach(function (n) {
    n.addEventListener('click', function () { select(n.getAttribute('data-id')); });
    n.addEventListener('keydown', function (e) { if (e.key === 'Enter') select(n.getAttribute('data-id')); });
  });
  var q = document.getElementById('filter');
  if (q) q.addEventListener('input', function () {
    var t = q.value.toLowerCase();
    rows.forEach(function (r) { r.hidden = t !== '' && r.textContent.toLowerCase().indexOf(t) < 0; });
  });
})();
`;

function atRestPill(a: AtRest): string {
  const cls = a === 'none' ? 'p-bad' : a === 'unknown' ? 'p-unk' : a === 'sse-s3-or-aws-owned' ? 'p-warn' : 'p-ok';
  return `<span class="pill ${cls}">${esc(AT_REST_LABEL[a])}</span>`;
}

function inTransitPill(t: InTransit): string {
  const cls = t === 'none' ? 'p-bad' : t === 'unknown' ? 'p-unk' : t === 'optional' ? 'p-warn' : 'p-ok';
  return `<span class="pill ${cls}">${esc(IN_TRANSIT_LABEL[t])}</span>`;
}

function storeRow(s: InventoryStore, inventory: Inventory): string {
  const key = s.keyId ? inventory.keys.find((k) => k.id === s.keyId) : undefined;
  const keyCell = key ? `${esc(key.label)}<div class="detail">${esc(key.kind)}</div>` : '<span class="detail">—</span>';
  const rotation = key ? (key.rotation === 'not-applicable' ? 'n/a' : key.rotation) : '—';
  const where = s.location.uri ? `<div class="detail"><code>${esc(s.location.uri)}</code></div>` : '';
  const findings = s.findings.length
    ? s.findings.map((f) => `<div class="sev-${f.severity}"><code>${esc(f.ruleId)}</code></div>`).join('')
    : '<span class="detail">none</span>';
  return `<tr data-id="${esc(s.id)}" class="protection-${protectionClass(s.atRest, s.inTransit)}">`
    + `<td>${esc(s.label)}${where}</td><td>${esc(s.kind)}<div class="detail">${esc(s.origin)}</div></td>`
    + `<td>${atRestPill(s.atRest)}<div class="detail">${esc(s.atRestDetail)}</div></td>`
    + `<td>${inTransitPill(s.inTransit)}<div class="detail">${esc(s.inTransitDetail)}</div></td>`
    + `<td>${keyCell}</td><td>${esc(rotation)}</td><td>${findings}</td></tr>`;
}

function keysTable(inventory: Inventory): string {
  if (!inventory.keys.length) return '<p class="note">No KMS keys.</p>';
  const uses = (id: string) => inventory.stores.filter((s) => s.keyId === id).length;
  const rows = inventory.keys.map((k) => `<tr data-id="${esc(k.id)}"><td>${esc(k.label)}${k.location ? `<div class="detail"><code>${esc(k.location.uri)}</code></div>` : ''}</td>`
    + `<td>${esc(k.kind)}</td><td>${esc(k.rotation === 'not-applicable' ? 'n/a' : k.rotation)}</td><td>${uses(k.id)}</td>`
    + `<td>${(k.findings ?? []).map((f) => `<div class="sev-${f.severity}"><code>${esc(f.ruleId)}</code></div>`).join('') || '<span class="detail">none</span>'}</td></tr>`).join('\n');
  return `<table id="keys"><thead><tr><th>Key</th><th>Kind</th><th>Rotation</th><th>Stores</th><th>Findings</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** Renders the report page. Deterministic for the same input (no time unless meta.generatedAt is given). */
export function renderInventoryHtml(inventory: Inventory, findings: ReportFinding[], meta: ReportMeta): string {
  const collapseAbove = meta.collapseAbove ?? 300;
  const collapsed = inventory.stores.length > collapseAbove;
  const unprotectedEdges = inventory.edges.filter((e) => e.unprotected).length;
  const unprotectedStores = inventory.stores.filter((s) => protectionClass(s.atRest, s.inTransit) === 'unprotected').length;
  const bySeverity = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;

  const counts = SERVICE_ORDER.filter((s) => inventory.counts[s] > 0)
    .map((s) => `<li data-service="${s}"><b>${inventory.counts[s]}</b>${esc(SERVICE_TITLES[s])}</li>`).join('');
  const rows = inventory.stores.map((s) => storeRow(s, inventory)).join('\n');
  const findingRows = findings.map((f) => `<tr><td class="sev-${f.severity}">${esc(f.severity)}</td>`
    + `<td><code>${esc(f.file)}${f.line ? `:${f.line}` : ''}</code></td><td>${esc(f.message)}</td><td><code>${esc(f.ruleId)}</code></td></tr>`).join('\n');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Encryption inventory — ${esc(meta.tool)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Encryption inventory</h1>
<div class="meta">${esc(meta.tool)} ${esc(meta.version)} · ${meta.files} file${meta.files === 1 ? '' : 's'} checked · ${inventory.stores.length} data store${inventory.stores.length === 1 ? '' : 's'} · ${inventory.keys.length} KMS key${inventory.keys.length === 1 ? '' : 's'} · ${findings.length} finding${findings.length === 1 ? '' : 's'} (${bySeverity('error')} errors, ${bySeverity('warning')} warnings)${meta.generatedAt ? ` · ${esc(meta.generatedAt)}` : ''}</div>
<ul class="counts" id="counts">${counts || '<li><b>0</b>data stores</li>'}</ul>
<p class="note">${unprotectedStores} store${unprotectedStores === 1 ? '' : 's'} without protection at rest or in transit; ${unprotectedEdges} unprotected data path${unprotectedEdges === 1 ? '' : 's'}.</p>
</header>
<main>
<h2>Map</h2>
<div class="legend"><span class="pill p-ok">protected</span><span class="pill p-warn">partly protected</span><span class="pill p-bad">unprotected</span><span class="pill p-unk">unknown</span><span class="detail">Red lines: data paths into an unprotected store or without TLS. Dashed: key encrypts store.</span></div>
${collapsed ? `<p class="note" id="collapsed-note">${inventory.stores.length} stores: each service is grouped into one node. The table below lists every store.</p>` : ''}
<div class="map" id="map">${renderInventorySvg(inventory, { collapseAbove })}</div>
<h2>Data stores</h2>
<p><input type="search" id="filter" placeholder="Filter stores" aria-label="Filter stores"></p>
<table id="inventory">
<thead><tr><th>Store</th><th>Kind</th><th>At rest</th><th>In transit</th><th>Key</th><th>Rotation</th><th>Findings</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>KMS keys</h2>
${keysTable(inventory)}
<h2>Findings</h2>
${findings.length ? `<table id="findings"><thead><tr><th>Severity</th><th>Location</th><th>Message</th><th>Rule</th></tr></thead><tbody>
${findingRows}
</tbody></table>` : '<p class="note" id="findings">No findings.</p>'}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
