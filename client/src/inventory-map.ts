/**
 * "Show encryption map": a webview panel showing the SVG the server renders (awsEncryptionLint/inventoryMap).
 * Strict content security policy (nothing remote, style and script by nonce), theme colours from --vscode-* variables;
 * a click on a node posts its id back and the extension opens the definition.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { Location } from '../../server/src/model/inventory';

export interface InventoryMapReply {
  svg: string;
  /** Node id → definition, for the nodes that have one. */
  locations: Record<string, Location>;
}

const STYLE = `
body { margin: 0; padding: 12px; color: var(--vscode-foreground); background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
.legend { display: flex; gap: 16px; margin-bottom: 8px; align-items: center; }
.legend span::before { content: ''; display: inline-block; width: 10px; height: 10px; margin-right: 4px; border: 2px solid; vertical-align: middle; }
.legend .unprotected::before { border-color: var(--vscode-errorForeground); }
.legend .partial::before { border-color: var(--vscode-editorWarning-foreground); }
.legend .protected::before { border-color: var(--vscode-testing-iconPassed); }
.legend .key::before { border-color: var(--vscode-symbolIcon-keyForeground, var(--vscode-foreground)); }
svg text { fill: var(--vscode-foreground); font-family: var(--vscode-font-family); }
svg .column-title { font-weight: bold; }
svg .detail { fill: var(--vscode-descriptionForeground); font-size: 11px; }
svg .label { font-size: 12px; }
svg .node rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-panel-border); stroke-width: 2; }
svg .node { cursor: pointer; }
svg .node:hover rect, svg .node:focus rect { stroke: var(--vscode-focusBorder); }
svg .protection-unprotected rect { stroke: var(--vscode-errorForeground); }
svg .protection-partial rect { stroke: var(--vscode-editorWarning-foreground); }
svg .protection-protected rect { stroke: var(--vscode-testing-iconPassed); }
svg .key rect { stroke: var(--vscode-symbolIcon-keyForeground, var(--vscode-foreground)); stroke-dasharray: 4 2; }
svg .rotation-off rect { stroke: var(--vscode-editorWarning-foreground); }
svg .edge { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.5; opacity: 0.7; }
svg .edge-encrypts { stroke-dasharray: 2 3; opacity: 0.45; }
svg .edge.unprotected { stroke: var(--vscode-errorForeground); stroke-width: 2.5; stroke-dasharray: 6 3; opacity: 1; }
svg .arrow { fill: var(--vscode-descriptionForeground); }
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
function nodeOf(target) { return target && target.closest ? target.closest('[data-id]') : null; }
document.addEventListener('click', (event) => {
  const node = nodeOf(event.target);
  if (node) vscode.postMessage({ type: 'open', id: node.getAttribute('data-id') });
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' && event.key !== ' ') return;
  const node = nodeOf(event.target);
  if (node) vscode.postMessage({ type: 'open', id: node.getAttribute('data-id') });
});
vscode.postMessage({ type: 'ready', nodes: document.querySelectorAll('[data-id]').length });
`;

export function mapHtml(svg: string, cspSource: string, nonce: string): string {
  void cspSource; // nothing is loaded from the extension: the SVG is inline
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Encryption map</title><style nonce="${nonce}">${STYLE}</style></head>
<body><div class="legend"><span class="unprotected">unprotected</span><span class="partial">partly protected</span>`
    + `<span class="protected">protected</span><span class="key">KMS key</span></div>
${svg}
<script nonce="${nonce}">${SCRIPT}</script></body></html>`;
}

/** One panel at a time; showing it again reveals and refreshes it. */
export class InventoryMapPanel {
  static current: InventoryMapPanel | undefined;
  static readonly viewType = 'awsEncryptionLint.map';
  /** Messages received from the webview (tests read them). */
  readonly received: { type: string; id?: string; nodes?: number }[] = [];
  private locations: Record<string, Location> = {};
  /** The inventory changed while the panel was hidden: redraw when it shows again. */
  private stale = false;
  lastSvg = '';

  private constructor(readonly panel: vscode.WebviewPanel, private readonly fetchMap: () => Promise<InventoryMapReply | undefined>,
    private readonly open: (location: Location) => Thenable<unknown>) {
    panel.onDidDispose(() => {
      if (InventoryMapPanel.current === this) InventoryMapPanel.current = undefined;
    });
    panel.onDidChangeViewState(() => {
      if (panel.visible && this.stale) void this.refresh();
    });
    panel.webview.onDidReceiveMessage((message: { type: string; id?: string; nodes?: number }) => {
      this.received.push(message);
      if (message.type === 'open' && typeof message.id === 'string') {
        const location = this.locations[message.id];
        if (location) void this.open(location);
      }
    });
  }

  static async show(fetchMap: () => Promise<InventoryMapReply | undefined>, open: (location: Location) => Thenable<unknown>): Promise<InventoryMapPanel> {
    if (InventoryMapPanel.current) {
      InventoryMapPanel.current.panel.reveal();
    } else {
      const panel = vscode.window.createWebviewPanel(InventoryMapPanel.viewType, 'Encryption map', vscode.ViewColumn.Beside,
        { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false });
      InventoryMapPanel.current = new InventoryMapPanel(panel, fetchMap, open);
    }
    await InventoryMapPanel.current.refresh();
    return InventoryMapPanel.current;
  }

  /** After a re-lint: redraw now if visible (replacing the page resets scrolling, so hidden panels wait). */
  inventoryChanged(): void {
    if (this.panel.visible) void this.refresh();
    else this.stale = true;
  }

  async refresh(): Promise<void> {
    this.stale = false;
    let reply: InventoryMapReply | undefined;
    try {
      reply = await this.fetchMap();
    } catch (err) {
      reply = { svg: `<p>The encryption map is unavailable: ${String(err instanceof Error ? err.message : err).replace(/[<&]/g, '')}</p>`, locations: {} };
    }
    if (!reply) return;
    this.locations = reply.locations;
    this.lastSvg = reply.svg;
    this.panel.webview.html = mapHtml(reply.svg, this.panel.webview.cspSource, randomBytes(16).toString('base64'));
  }

  /** Acts as if the node with this id was clicked (tests; keyboard users have Enter in the webview). */
  openNode(id: string): Thenable<unknown> | undefined {
    const location = this.locations[id];
    return location ? this.open(location) : undefined;
  }
}
