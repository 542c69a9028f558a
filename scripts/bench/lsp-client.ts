/**
 * A minimal LSP client for the benchmarks: starts the real server (`node dist/server.js --stdio`) and talks to it
 * with vscode-languageserver-protocol. The client declares no pull diagnostics, so the server publishes diagnostics
 * with the document version, and the bench waits for the version it sent.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import {
  createProtocolConnection,
  ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  ExitNotification,
  WorkDoneProgressCreateRequest,
  TextDocumentContentChangeEvent,
  NotificationType,
} from 'vscode-languageserver-protocol/node';
import { DIST_SERVER } from './common';

interface Waiter {
  resolve: (at: number) => void;
  timer: NodeJS.Timeout;
}

export class BenchServer {
  readonly spawnedAt: number;
  private readonly proc: ChildProcess;
  readonly connection: ProtocolConnection;
  private readonly waiters = new Map<string, Waiter[]>();
  /** Time the latest diagnostics arrived, per uri and version. */
  private readonly received = new Map<string, number>();
  private progressEnded: (() => void)[] = [];
  /** Work-done progresses the server has ended so far. */
  progressEnds = 0;
  /** window/logMessage texts, newest last. */
  readonly logs: string[] = [];
  diagnosticsCount = 0;
  /** Number of diagnostics last published per uri. */
  readonly lastDiagnostics = new Map<string, number>();
  stderr = '';

  private constructor(nodeArgs: string[]) {
    this.spawnedAt = performance.now();
    this.proc = spawn(process.execPath, [...nodeArgs, DIST_SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-20_000)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p: PublishDiagnosticsParams) => {
      const at = performance.now();
      this.diagnosticsCount++;
      this.lastDiagnostics.set(p.uri, p.diagnostics.length);
      const key = `${p.uri}#${p.version ?? 'none'}`;
      this.received.set(key, at);
      for (const w of this.waiters.get(key) ?? []) {
        clearTimeout(w.timer);
        w.resolve(at);
      }
      this.waiters.delete(key);
    });
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.onNotification(new NotificationType<{ token: unknown; value?: { kind?: string } }>('$/progress'), (p) => {
      if (p.value?.kind !== 'end') return;
      this.progressEnds++;
      for (const f of this.progressEnded.splice(0)) f();
    });
    this.connection.onNotification(new NotificationType<{ message: string }>('window/logMessage'), (p) => {
      this.logs.push(p.message);
      if (this.logs.length > 200) this.logs.shift();
    });
    this.connection.listen();
  }

  /** Spawns the server and completes the initialize handshake. */
  static async start(opts: { workspaceFolder?: string; workDoneProgress?: boolean; nodeArgs?: string[] } = {}): Promise<BenchServer> {
    if (!fs.existsSync(DIST_SERVER)) throw new Error(`${DIST_SERVER} is missing: run npm run build`);
    const s = new BenchServer(opts.nodeArgs ?? []);
    const folderUri = opts.workspaceFolder ? `file://${opts.workspaceFolder}` : null;
    await s.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: folderUri ? [{ uri: folderUri, name: 'bench' }] : null,
      capabilities: {
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: false } },
        window: { workDoneProgress: !!opts.workDoneProgress },
      },
    });
    await s.connection.sendNotification(InitializedNotification.type, {});
    return s;
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** Resolves with the arrival time of the diagnostics for that version (rejects after `timeoutMs`). */
  diagnosticsFor(uri: string, version: number, timeoutMs = 30_000): Promise<number> {
    const key = `${uri}#${version}`;
    const already = this.received.get(key);
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(`no diagnostics for ${uri} version ${version} within ${timeoutMs} ms; server stderr: ${this.stderr.slice(-500)}`));
      }, timeoutMs);
      const list = this.waiters.get(key) ?? [];
      list.push({ resolve, timer });
      this.waiters.set(key, list);
    });
  }

  /** Opens a document; resolves with ms from sending to its diagnostics. */
  async open(uri: string, languageId: string, text: string): Promise<number> {
    const wait = this.diagnosticsFor(uri, 1);
    const sent = performance.now();
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return (await wait) - sent;
  }

  /** Sends one incremental change; resolves with ms from sending to the diagnostics of that version. */
  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const wait = this.diagnosticsFor(uri, version);
    const sent = performance.now();
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    const at = await wait;
    this.received.delete(`${uri}#${version}`);
    return at - sent;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Resolves when the server ends a work-done progress (the workspace index). */
  progressEnd(timeoutMs: number): Promise<void> {
    if (this.progressEnds > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no end of progress within ${timeoutMs} ms`)), timeoutMs);
      this.progressEnded.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The server process's resident set size now (Linux /proc), in bytes. */
  rssBytes(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : NaN;
  }

  /** Peak resident set size of the server process so far (Linux /proc VmHWM), in bytes. */
  peakRssBytes(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : NaN;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // the process is killed below anyway
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 2000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.connection.dispose();
  }
}
