/** A small LSP test client that drives the real server (dist/server.js) over stdio. */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import {
  createProtocolConnection,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { REPO } from '../helpers';

export const SERVER = path.join(REPO, 'dist', 'server.js');

export interface ClientOptions {
  /** Announce pull diagnostics support (VS Code does; Neovim 0.7 and eglot do not). */
  pull?: boolean;
  settings?: Record<string, unknown>;
  rootPath?: string;
  clientCommands?: boolean;
}

export class TestClient {
  readonly conn: ProtocolConnection;
  private readonly proc: ChildProcess;
  settings: Record<string, unknown>;
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private waiters: (() => void)[] = [];
  readonly logs: string[] = [];
  stderr = '';

  constructor(private readonly opts: ClientOptions = {}) {
    this.settings = opts.settings ?? {};
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = this.published.get(p.uri) ?? [];
      list.push(p);
      this.published.set(p.uri, list);
      this.wake();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.wake();
      return null;
    });
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.listen();
  }

  refreshes = 0;

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async start(): Promise<void> {
    const root = this.opts.rootPath ?? REPO;
    const exited = new Promise<never>((_, reject) => this.proc.once('exit', (code) => reject(new Error(`server exited with ${code}: ${this.stderr}`))));
    await Promise.race([exited, this.initialize(root)]);
    await this.conn.sendNotification(InitializedNotification.type, {});
  }

  private async initialize(root: string): Promise<void> {
    await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToUri(root),
      workspaceFolders: [{ uri: pathToUri(root), name: 'root' }],
      initializationOptions: { clientCommands: this.opts.clientCommands ?? false },
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          diagnostic: this.opts.pull ? { dynamicRegistration: false } : undefined,
          hover: { contentFormat: ['markdown'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        },
        workspace: { configuration: true, diagnostics: { refreshSupport: true } },
      },
    });
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): void {
    void this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    void this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    void this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { awsEncryptionLint: settings } });
  }

  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.get(uri) ?? [];
  }

  /** Waits for a publication for `uri` matching `accept` (the latest such one), with a hang guard. */
  async diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 15000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = [...this.publishedFor(uri)].reverse().find(accept);
      if (hit) return hit.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} matching the condition; got ${JSON.stringify(this.publishedFor(uri).map((p) => [p.version, p.diagnostics.length]))}\n${this.stderr}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.conn.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.conn.dispose();
    this.proc.kill();
  }

  get alive(): boolean {
    return this.proc.exitCode === null && !this.proc.killed;
  }
}

export function pathToUri(p: string): string {
  return require('url').pathToFileURL(p).toString();
}
