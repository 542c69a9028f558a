/**
 * The encryption map as a self-contained SVG: keys in the left column, stores in one column per service, edges for
 * "encrypts" (key → store) and data paths (store → store). Colours are CSS classes only, so a host (the VS Code
 * webview, an HTML report) themes it with its own stylesheet; every node carries `data-id` for click handling.
 * Beyond a few hundred stores each service collapses to one summary node.
 */
import { AtRest, InTransit, Inventory, InventoryKey, InventoryStore, StoreService } from '../model/inventory';

export interface MapOptions {
  /** More stores than this and each service is drawn as one summary node. */
  collapseAbove?: number;
}

export const SERVICE_TITLES: Record<StoreService, string> = {
  s3: 'S3 buckets',
  athena: 'Athena workgroups',
  emr: 'EMR',
  rds: 'RDS databases',
  kinesis: 'Kinesis streams',
  firehose: 'Firehose delivery streams',
  redshift: 'Redshift',
};

/** Columns follow the usual data flow: streams feed Firehose, which delivers to S3, which Athena and EMR read. */
const SERVICE_ORDER: StoreService[] = ['kinesis', 'firehose', 's3', 'athena', 'emr', 'rds', 'redshift'];
const AT_REST_SHORT: Record<AtRest, string> = {
  none: 'unencrypted',
  'sse-s3-or-aws-owned': 'AWS-owned key',
  'aws-managed-kms': 'KMS (AWS managed)',
  'customer-managed-kms': 'KMS (customer)',
  'client-side': 'client-side',
  hsm: 'HSM',
  unknown: 'rest ?',
};
const IN_TRANSIT_SHORT: Record<InTransit, string> = { none: 'no TLS', optional: 'TLS optional', enforced: 'TLS', unknown: 'TLS ?' };
const NODE_WIDTH = 220;
const NODE_HEIGHT = 40;
const ROW_GAP = 14;
const COLUMN_GAP = 70;
const TOP = 40;
const LEFT = 20;

/** One protection class per store: drives the node colour. */
export function protectionClass(atRest: AtRest, inTransit: InTransit): 'unprotected' | 'partial' | 'protected' | 'unknown' {
  if (atRest === 'none' || inTransit === 'none') return 'unprotected';
  if (atRest === 'unknown' && inTransit === 'unknown') return 'unknown';
  if (atRest === 'sse-s3-or-aws-owned' || inTransit === 'optional' || atRest === 'unknown' || inTransit === 'unknown') return 'partial';
  return 'protected';
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface Placed {
  id: string;
  x: number;
  y: number;
}

function nodeSvg(id: string, x: number, y: number, cls: string, title: string, subtitle: string, tooltip: string): string {
  return `<g class="node ${cls}" data-id="${escapeXml(id)}" tabindex="0" role="button" transform="translate(${x},${y})">`
    + `<title>${escapeXml(tooltip)}</title>`
    + `<rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"/>`
    + `<text class="label" x="8" y="16">${escapeXml(truncate(title, 32))}</text>`
    + `<text class="detail" x="8" y="32">${escapeXml(truncate(subtitle, 38))}</text></g>`;
}

function keyNode(key: InventoryKey, x: number, y: number): string {
  const rotation = key.rotation === 'not-applicable' ? '' : `, rotation ${key.rotation}`;
  const cls = `key key-${key.kind}${key.rotation === 'off' ? ' rotation-off' : ''}`;
  return nodeSvg(key.id, x, y, cls, key.label, `${key.kind}${rotation}`, `KMS key ${key.label} (${key.kind}${rotation})`);
}

function storeNode(store: InventoryStore, x: number, y: number): string {
  const cls = `store protection-${protectionClass(store.atRest, store.inTransit)}${store.findings.length ? ' has-findings' : ''}`;
  const findings = store.findings.length ? ` · ${store.findings.length} ⚠` : '';
  const tooltip = `${store.kind} ${store.label}\nAt rest: ${store.atRestDetail || store.atRest}\nIn transit: ${store.inTransitDetail || store.inTransit}`;
  return nodeSvg(store.id, x, y, cls, store.label, `${AT_REST_SHORT[store.atRest]} · ${IN_TRANSIT_SHORT[store.inTransit]}${findings}`, tooltip);
}

/** Renders the inventory as an SVG document fragment (`<svg>…</svg>`), without styles or scripts. */
export function renderInventorySvg(inventory: Inventory, options: MapOptions = {}): string {
  const collapse = inventory.stores.length > (options.collapseAbove ?? 300);
  const placed = new Map<string, Placed>();
  const nodes: string[] = [];
  const headers: string[] = [];
  let x = LEFT;
  let maxY = TOP;

  const keys = inventory.keys;
  if (keys.length) {
    headers.push(`<text class="column-title" x="${x}" y="${TOP - 14}">KMS keys (${keys.length})</text>`);
    let y = TOP;
    for (const key of collapse ? [] : keys) {
      nodes.push(keyNode(key, x, y));
      placed.set(key.id, { id: key.id, x, y });
      y += NODE_HEIGHT + ROW_GAP;
    }
    if (collapse) {
      nodes.push(nodeSvg('group:keys', x, y, 'group key', `${keys.length} KMS keys`, 'collapsed', `${keys.length} KMS keys`));
      for (const key of keys) placed.set(key.id, { id: 'group:keys', x, y });
      y += NODE_HEIGHT + ROW_GAP;
    }
    maxY = Math.max(maxY, y);
    x += NODE_WIDTH + COLUMN_GAP;
  }

  for (const service of SERVICE_ORDER) {
    const stores = inventory.stores.filter((s) => s.service === service);
    if (!stores.length) continue;
    headers.push(`<text class="column-title" x="${x}" y="${TOP - 14}">${escapeXml(SERVICE_TITLES[service])} (${stores.length})</text>`);
    let y = TOP;
    if (collapse) {
      const unprotected = stores.filter((s) => protectionClass(s.atRest, s.inTransit) === 'unprotected').length;
      const cls = `group store protection-${unprotected ? 'unprotected' : 'partial'}`;
      nodes.push(nodeSvg(`group:${service}`, x, y, cls, `${stores.length} ${SERVICE_TITLES[service]}`, `${unprotected} unprotected`,
        `${stores.length} ${SERVICE_TITLES[service]}, ${unprotected} unprotected`));
      for (const s of stores) placed.set(s.id, { id: `group:${service}`, x, y });
      y += NODE_HEIGHT + ROW_GAP;
    } else {
      for (const store of stores) {
        nodes.push(storeNode(store, x, y));
        placed.set(store.id, { id: store.id, x, y });
        y += NODE_HEIGHT + ROW_GAP;
      }
    }
    maxY = Math.max(maxY, y);
    x += NODE_WIDTH + COLUMN_GAP;
  }

  // Edges: key → store for every store with a key, then the engine's data paths; collapsed duplicates drawn once.
  const edges: string[] = [];
  const drawn = new Set<string>();
  const edge = (fromId: string, toId: string, relation: string, unprotected: boolean) => {
    const a = placed.get(fromId);
    const b = placed.get(toId);
    if (!a || !b || a.id === b.id) return;
    const signature = `${a.id}->${b.id}:${relation}:${unprotected}`;
    if (drawn.has(signature)) return;
    drawn.add(signature);
    const [x1, y1] = a.x <= b.x ? [a.x + NODE_WIDTH, a.y + NODE_HEIGHT / 2] : [a.x, a.y + NODE_HEIGHT / 2];
    const [x2, y2] = a.x < b.x ? [b.x, b.y + NODE_HEIGHT / 2] : a.x === b.x ? [b.x + NODE_WIDTH, b.y + NODE_HEIGHT / 2] : [b.x + NODE_WIDTH, b.y + NODE_HEIGHT / 2];
    const bend = a.x === b.x ? 40 : (x2 - x1) / 2;
    const path = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
    edges.push(`<path class="edge edge-${escapeXml(relation)}${unprotected ? ' unprotected' : ''}" data-from="${escapeXml(a.id)}" `
      + `data-to="${escapeXml(b.id)}" d="${path}" marker-end="url(#arrow)"><title>${escapeXml(relation)}${unprotected ? ' (unprotected)' : ''}</title></path>`);
  };
  for (const store of inventory.stores) if (store.keyId) edge(store.keyId, store.id, 'encrypts', false);
  for (const e of inventory.edges) edge(e.from, e.to, e.relation, e.unprotected);

  const width = Math.max(x, LEFT + NODE_WIDTH) + LEFT;
  const height = maxY + ROW_GAP;
  const empty = inventory.stores.length || keys.length ? '' : `<text class="empty" x="${LEFT}" y="${TOP}">No data stores found.</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="encryption-map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
    + '<path d="M0,0 L10,5 L0,10 z" class="arrow"/></marker></defs>'
    + headers.join('') + `<g class="edges">${edges.join('')}</g><g class="nodes">${nodes.join('')}</g>${empty}</svg>`;
}
