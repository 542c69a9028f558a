// The encryption inventory inside the real VS Code extension host: the "Encryption inventory" tree view (through the
// provider the extension returns from activate()), opening a definition from it, and the "Show encryption map" webview.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import type { InventoryNode } from '../../../client/src/inventory-tree';

const EXTENSION_ID = 'aws-encryption-lint.aws-encryption-lint';

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The selected lines and the one above (a store's span may start at its logical id or at its Type). */
function definitionText(editor: vscode.TextEditor): string {
  const { start, end } = editor.selection;
  return editor.document.getText(new vscode.Range(Math.max(0, start.line - 1), 0, end.line + 1, 0));
}

describe('encryption inventory in the VS Code extension host', function () {
  let api: ExtensionApi;

  before(async function () {
    this.timeout(120_000);
    const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(extension, 'the extension is loaded');
    api = await extension.activate();
    assert.ok(api?.inventoryTree, 'activate() returns the inventory tree provider');
  });

  it('contributes the view and its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['awsEncryptionLint.showMap', 'awsEncryptionLint.refreshInventory', 'awsEncryptionLint.openInventoryLocation']) {
      assert.ok(commands.includes(c), `${c} is registered`);
    }
    // Revealing the view makes the workbench ask the provider for its children, as a user opening it would.
    await vscode.commands.executeCommand('awsEncryptionLint.inventory.focus');
  });

  it('lists the example workspace\'s stores grouped by service with counts, and opens a store\'s definition', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('awsEncryptionLint.refreshInventory');
    const tree = api.inventoryTree;
    const groups = await until('the service groups', async () => {
      const children = await tree.getChildren();
      return children.some((c) => c.type === 'service') ? children : undefined;
    });
    const byLabel = new Map(groups.map((g) => [labelOf(tree.getTreeItem(g)), g]));
    const s3Label = [...byLabel.keys()].find((l) => l.startsWith('S3 buckets ('));
    assert.ok(s3Label, `an S3 group is listed (got ${[...byLabel.keys()].join(', ')})`);
    const s3 = byLabel.get(s3Label)!;
    const buckets = await tree.getChildren(s3);
    assert.strictEqual(s3Label, `S3 buckets (${buckets.length})`, 'the header counts its stores');
    const bucketItems = buckets.map((b) => ({ node: b, item: tree.getTreeItem(b) }));
    const names = bucketItems.map((b) => labelOf(b.item));
    for (const expected of ['RawBucket', 'CuratedBucket']) assert.ok(names.includes(expected), `${expected} is listed (got ${names.join(', ')})`);
    const athena = [...byLabel.keys()].find((l) => l.startsWith('Athena workgroups ('));
    assert.ok(athena, 'the Athena workgroup of the example is listed');

    // Each store describes its protection; the example's raw bucket relies on defaults, the curated one uses the key.
    const raw = bucketItems.find((b) => labelOf(b.item) === 'RawBucket' && b.node.type === 'store'
      && path.basename(vscode.Uri.parse(b.node.store.location.uri).fsPath) === 'data-lake.yaml')!;
    assert.ok(raw, 'RawBucket of data-lake.yaml is listed');
    assert.match(String(raw.item.description), /·/, 'at rest and in transit are in the description');
    assert.ok(raw.item.iconPath instanceof vscode.ThemeIcon, 'the store has a theme icon');
    const curated = bucketItems.find((b) => labelOf(b.item) === 'CuratedBucket')!;
    const curatedChildren = await tree.getChildren(curated.node);
    const kinds = curatedChildren.map((c: InventoryNode) => c.type);
    assert.ok(kinds.includes('finding') || kinds.includes('key'), `CuratedBucket shows its key or findings (got ${kinds.join(', ')})`);

    // A click runs the item's command: the definition opens with the store selected.
    const command = raw.item.command;
    assert.ok(command, 'the store item has a click command');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await until('the definition editor', () => {
      const active = vscode.window.activeTextEditor;
      return active && path.basename(active.document.uri.fsPath) === 'data-lake.yaml' ? active : undefined;
    });
    const selected = definitionText(editor);
    assert.match(selected, /RawBucket/, `the selection is on the store's definition (got ${JSON.stringify(selected)})`);
  });

  it('shows the encryption map in a webview with one node per store, and a node click opens its definition', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('awsEncryptionLint.showMap');
    const panel = await until('the map panel', () => api.mapPanel());
    assert.strictEqual(panel.panel.title, 'Encryption map');
    assert.match(panel.lastSvg, /^<svg /, 'the panel received the SVG');
    const ids = [...panel.lastSvg.matchAll(/data-id="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(ids.length >= 3, `the SVG has data-id nodes (got ${ids.length})`);
    assert.match(panel.panel.webview.html, /default-src 'none'/, 'the webview has a strict content security policy');
    // The webview's script runs under that policy and reports how many nodes it sees.
    const ready = await until('the webview script', () => panel.received.find((m) => m.type === 'ready'), 60_000);
    assert.ok((ready.nodes ?? 0) >= 3, `the webview shows the nodes (got ${ready.nodes})`);

    const rawId = ids.find((id) => id.endsWith('data-lake.yaml#RawBucket'));
    assert.ok(rawId, `RawBucket is a node (got ${ids.slice(0, 10).join(', ')})`);
    await panel.openNode(rawId);
    const mapEditor = await until('the definition editor', () => {
      const active = vscode.window.activeTextEditor;
      return active && path.basename(active.document.uri.fsPath) === 'data-lake.yaml' ? active : undefined;
    });
    assert.match(definitionText(mapEditor), /RawBucket/, 'the selection is on the store\'s definition');
    panel.panel.dispose();
    assert.strictEqual(api.mapPanel(), undefined, 'the panel is gone once closed');
  });
});
