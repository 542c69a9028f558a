/**
 * The "Encryption inventory" tree view: stores grouped by service, each with its protection at rest and in transit,
 * its KMS key and its findings. The server builds the inventory (awsEncryptionLint/inventory); this only shows it.
 */
import * as vscode from 'vscode';
import type { Inventory, InventoryFinding, InventoryKey, InventoryStore, Location, StoreService } from '../../server/src/model/inventory';

export const OPEN_LOCATION_COMMAND = 'awsEncryptionLint.openInventoryLocation';

const SERVICE_ORDER: StoreService[] = ['s3', 'kinesis', 'firehose', 'athena', 'emr', 'rds', 'redshift'];
const SERVICE_TITLES: Record<StoreService, string> = {
  s3: 'S3 buckets',
  athena: 'Athena workgroups',
  emr: 'EMR',
  rds: 'RDS databases',
  kinesis: 'Kinesis streams',
  firehose: 'Firehose delivery streams',
  redshift: 'Redshift',
};

export type InventoryNode =
  | { type: 'service'; service: StoreService; stores: InventoryStore[] }
  | { type: 'store'; store: InventoryStore }
  | { type: 'key'; key: InventoryKey | undefined; keyId: string }
  | { type: 'finding'; finding: InventoryFinding }
  | { type: 'message'; text: string };

/** Same verdict as the map (docs/inventory-map.ts), repeated here so the client bundle stays free of server code. */
export function protectionOf(store: InventoryStore): 'unprotected' | 'partial' | 'protected' | 'unknown' {
  const { atRest, inTransit } = store;
  if (atRest === 'none' || inTransit === 'none') return 'unprotected';
  if (atRest === 'unknown' && inTransit === 'unknown') return 'unknown';
  if (atRest === 'sse-s3-or-aws-owned' || inTransit === 'optional' || atRest === 'unknown' || inTransit === 'unknown') return 'partial';
  return 'protected';
}

const PROTECTION_ICONS = {
  unprotected: new vscode.ThemeIcon('unlock', new vscode.ThemeColor('errorForeground')),
  partial: new vscode.ThemeIcon('shield', new vscode.ThemeColor('editorWarning.foreground')),
  protected: new vscode.ThemeIcon('lock', new vscode.ThemeColor('testing.iconPassed')),
  unknown: new vscode.ThemeIcon('question', new vscode.ThemeColor('descriptionForeground')),
};

const AT_REST_TEXT: Record<InventoryStore['atRest'], string> = {
  none: 'unencrypted',
  'sse-s3-or-aws-owned': 'AWS-owned key',
  'aws-managed-kms': 'AWS-managed KMS',
  'customer-managed-kms': 'customer-managed KMS',
  'client-side': 'client-side',
  hsm: 'HSM',
  unknown: 'at rest unknown',
};
const IN_TRANSIT_TEXT: Record<InventoryStore['inTransit'], string> = {
  none: 'no TLS',
  optional: 'TLS optional',
  enforced: 'TLS enforced',
  unknown: 'TLS unknown',
};

export function describeStore(store: InventoryStore): string {
  return `${AT_REST_TEXT[store.atRest]} · ${IN_TRANSIT_TEXT[store.inTransit]}`;
}

function openCommand(location: Location | undefined, title: string): vscode.Command | undefined {
  return location ? { command: OPEN_LOCATION_COMMAND, title, arguments: [location] } : undefined;
}

/** Opens a document at an inventory location (offsets are converted with the document's own text). */
export async function openLocation(location: Location): Promise<vscode.TextEditor | undefined> {
  if (!location?.uri) return undefined;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.uri));
  const range = new vscode.Range(document.positionAt(location.span.start), document.positionAt(location.span.end));
  return vscode.window.showTextDocument(document, { selection: range, preview: true });
}

export class InventoryTreeProvider implements vscode.TreeDataProvider<InventoryNode> {
  private readonly changed = new vscode.EventEmitter<InventoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private inventory: Inventory | undefined;
  private loading: Promise<Inventory | undefined> | undefined;
  private error: string | undefined;

  constructor(private readonly fetchInventory: () => Promise<Inventory | undefined>) {}

  /** Drops the cached inventory; the view asks again when it is visible. */
  refresh(): void {
    this.inventory = undefined;
    this.loading = undefined;
    this.changed.fire(undefined);
  }

  /** The current inventory, fetched once per refresh (tests and the map use it too). */
  async current(): Promise<Inventory | undefined> {
    if (this.inventory) return this.inventory;
    if (!this.loading) {
      this.loading = this.fetchInventory().then(
        (inv) => {
          this.inventory = inv;
          this.error = undefined;
          return inv;
        },
        (err: unknown) => {
          this.error = err instanceof Error ? err.message : String(err);
          this.loading = undefined;
          return undefined;
        },
      );
    }
    return this.loading;
  }

  async getChildren(node?: InventoryNode): Promise<InventoryNode[]> {
    if (!node) {
      const inventory = await this.current();
      if (!inventory) return [{ type: 'message', text: this.error ? `Inventory unavailable: ${this.error}` : 'Inventory not available yet' }];
      if (!inventory.stores.length) return [{ type: 'message', text: 'No data stores found in the workspace' }];
      return SERVICE_ORDER.map((service) => ({ type: 'service' as const, service, stores: inventory.stores.filter((s) => s.service === service) }))
        .filter((g) => g.stores.length > 0);
    }
    if (node.type === 'service') return [...node.stores].sort((a, b) => a.label.localeCompare(b.label)).map((store) => ({ type: 'store' as const, store }));
    if (node.type === 'store') {
      const children: InventoryNode[] = [];
      if (node.store.keyId) {
        const key = this.inventory?.keys.find((k) => k.id === node.store.keyId);
        children.push({ type: 'key', key, keyId: node.store.keyId });
      }
      for (const finding of node.store.findings) children.push({ type: 'finding', finding });
      return children;
    }
    return [];
  }

  getTreeItem(node: InventoryNode): vscode.TreeItem {
    switch (node.type) {
      case 'service': {
        const count = this.inventory?.counts?.[node.service] ?? node.stores.length;
        const item = new vscode.TreeItem(`${SERVICE_TITLES[node.service]} (${count})`, vscode.TreeItemCollapsibleState.Expanded);
        const unprotected = node.stores.filter((s) => protectionOf(s) === 'unprotected').length;
        item.description = unprotected ? `${unprotected} unprotected` : undefined;
        item.id = `service:${node.service}`;
        item.contextValue = 'service';
        return item;
      }
      case 'store': {
        const { store } = node;
        const expandable = store.keyId || store.findings.length;
        const item = new vscode.TreeItem(store.label, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        const protection = protectionOf(store);
        item.id = `store:${store.id}`;
        item.description = describeStore(store);
        item.tooltip = new vscode.MarkdownString(`**${store.kind}** \`${store.label}\` (${store.origin})\n\n`
          + `- At rest: ${store.atRestDetail || AT_REST_TEXT[store.atRest]}\n- In transit: ${store.inTransitDetail || IN_TRANSIT_TEXT[store.inTransit]}`
          + (store.findings.length ? `\n- ${store.findings.length} finding(s)` : ''));
        item.iconPath = PROTECTION_ICONS[protection];
        item.contextValue = `store.${protection}`;
        item.resourceUri = undefined;
        item.command = openCommand(store.location, 'Open definition');
        return item;
      }
      case 'key': {
        const key = node.key;
        const label = key ? `Key ${key.label}` : `Key ${node.keyId}`;
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
        if (key) {
          const rotation = key.rotation === 'not-applicable' ? '' : ` · rotation ${key.rotation}`;
          item.description = `${key.kind}${rotation}`;
          item.iconPath = new vscode.ThemeIcon('key', key.rotation === 'off' ? new vscode.ThemeColor('editorWarning.foreground') : undefined);
          item.command = openCommand(key.location, 'Open key definition');
        } else {
          item.iconPath = new vscode.ThemeIcon('key');
        }
        item.contextValue = 'key';
        return item;
      }
      case 'finding': {
        const { finding } = node;
        const item = new vscode.TreeItem(finding.message, vscode.TreeItemCollapsibleState.None);
        item.description = finding.ruleId;
        item.tooltip = `${finding.ruleId} (${finding.severity}): ${finding.message}`;
        item.iconPath = new vscode.ThemeIcon(finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info',
          new vscode.ThemeColor(finding.severity === 'error' ? 'errorForeground' : finding.severity === 'warning' ? 'editorWarning.foreground' : 'editorInfo.foreground'));
        item.command = openCommand(finding.location, 'Open finding');
        item.contextValue = 'finding';
        return item;
      }
      case 'message':
        return new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    }
  }
}
