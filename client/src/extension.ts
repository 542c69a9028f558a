/**
 * The VS Code side, kept thin: it starts the language server, registers commands and shows a finding count.
 * All analysis happens in the server.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { Inventory } from '../../server/src/model/inventory';
import { InventoryMapPanel, InventoryMapReply } from './inventory-map';
import { InventoryTreeProvider, OPEN_LOCATION_COMMAND, openLocation } from './inventory-tree';

const SOURCE = 'aws-encryption-lint';
let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;
let inventoryTree: InventoryTreeProvider | undefined;

/** What activate() returns: hooks for the editor-host tests (the view's provider and the map panel). */
export interface ExtensionApi {
  inventoryTree: InventoryTreeProvider;
  mapPanel: () => InventoryMapPanel | undefined;
}

async function whenClientRunning(): Promise<LanguageClient | undefined> {
  if (!client) return undefined;
  // Requests sent before the server finished starting would fail; the client's own start promise is awaited.
  for (let i = 0; i < 600 && client && !client.isRunning(); i++) await new Promise((r) => setTimeout(r, 100));
  return client?.isRunning() ? client : undefined;
}

async function requestInventory(): Promise<Inventory | undefined> {
  const running = await whenClientRunning();
  return running?.sendRequest<Inventory>('awsEncryptionLint/inventory');
}

async function requestMap(): Promise<InventoryMapReply | undefined> {
  const running = await whenClientRunning();
  return running?.sendRequest<InventoryMapReply>('awsEncryptionLint/inventoryMap');
}

const DOCUMENT_SELECTOR: LanguageClientOptions['documentSelector'] = [
  ...['yaml', 'json', 'jsonc', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python'].flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]),
  { scheme: 'file', pattern: '**/*.template' },
];

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: { clientCommands: true },
    outputChannelName: 'AWS Encryption Lint',
  };
  return new LanguageClient('awsEncryptionLint', 'AWS Encryption Lint', serverOptions, clientOptions);
}

function updateStatus(): void {
  if (!statusItem) return;
  let errors = 0;
  let others = 0;
  for (const [, diags] of vscode.languages.getDiagnostics()) {
    for (const d of diags) {
      // Hints are not listed in the Problems view either.
      if (d.source !== SOURCE || d.severity === vscode.DiagnosticSeverity.Hint) continue;
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else others++;
    }
  }
  statusItem.text = `$(shield) ${errors + others}`;
  statusItem.tooltip = `AWS Encryption Lint: ${errors} errors, ${others} other findings in open and indexed files`;
}

async function showRuleDocumentation(ruleId?: string): Promise<void> {
  if (!client) return;
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    const rules = await client.sendRequest<{ id: string; summary: string }[]>('awsEncryptionLint/rules');
    const pick = await vscode.window.showQuickPick(rules.map((r) => ({ label: r.id, detail: r.summary })), { placeHolder: 'Rule' });
    id = pick?.label;
  }
  if (!id) return;
  const docs = await client.sendRequest<{ markdown: string; url: string } | null>('awsEncryptionLint/ruleDocumentation', { ruleId: id });
  if (!docs) return;
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: docs.markdown });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  client = createClient(context);
  const tree = (inventoryTree = new InventoryTreeProvider(requestInventory));
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'AWS Encryption Lint';
  statusItem.command = 'workbench.actions.view.problems';
  updateStatus();
  statusItem.show();
  context.subscriptions.push(
    statusItem,
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.commands.registerCommand('awsEncryptionLint.lintWorkspace', async () => {
      const r = await client?.sendRequest<{ files: number; findings: number }>('awsEncryptionLint/lintWorkspace');
      if (r) void vscode.window.showInformationMessage(`AWS Encryption Lint: ${r.findings} findings in ${r.files} files.`);
    }),
    vscode.commands.registerCommand('awsEncryptionLint.showRuleDocumentation', showRuleDocumentation),
    vscode.commands.registerCommand('awsEncryptionLint.restartServer', async () => client?.restart()),
    vscode.window.registerTreeDataProvider('awsEncryptionLint.inventory', tree),
    vscode.commands.registerCommand('awsEncryptionLint.refreshInventory', () => {
      tree.refresh();
      void InventoryMapPanel.current?.refresh();
    }),
    vscode.commands.registerCommand(OPEN_LOCATION_COMMAND, openLocation),
    vscode.commands.registerCommand('awsEncryptionLint.showMap', async () => InventoryMapPanel.show(requestMap, openLocation)),
  );
  // The server says when a re-lint may have changed the inventory (throttled); the view and map fetch it again.
  context.subscriptions.push(client.onNotification('awsEncryptionLint/inventoryChanged', () => {
    inventoryTree?.refresh();
    InventoryMapPanel.current?.inventoryChanged();
  }));
  // Activation returns at once; the server starts in the background (its first diagnostics follow on their own).
  client.start().catch((err: unknown) => {
    void vscode.window.showErrorMessage(`AWS Encryption Lint could not start its language server: ${err instanceof Error ? err.message : String(err)}`);
  });
  return { inventoryTree: tree, mapPanel: () => InventoryMapPanel.current };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
