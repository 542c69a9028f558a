/**
 * The language server: document sync, diagnostics (pull where the client supports it, push otherwise, never both),
 * code actions, hovers, code lenses, configuration and the background workspace index. Only this folder knows LSP.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import picomatch from 'picomatch';
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  CodeLens,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  Hover,
  InitializeParams,
  InitializeResult,
  MarkupKind,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  WorkDoneProgressServerReporter,
  CodeLensRefreshRequest,
  DocumentDiagnosticReport,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Discovered, DiscoveryProblem, walkFiles } from '../cli/discover';
import { renderRuleMarkdown } from '../docs/render';
import { renderInventorySvg } from '../docs/inventory-map';
import { buildInventory } from '../engine/inventory';
import { Inventory, Location as InventoryLocation } from '../model/inventory';
import { LintConfig, parseConfigText } from '../engine/config';
import { applyEdits, fixAll } from '../engine/fixes';
import { lintText, LintResult } from '../engine/lint';
import { suppressionEdits } from '../engine/suppressions';
import { Finding } from '../model/types';
import { ProjectIndex } from '../engine/project';
import { YamlChunkCache } from '../parsers/cfn-yaml/parse';
import { DocumentKind, kindFromName } from '../parsers/detect';
import { ensurePythonParser, isPythonParserReady } from '../parsers/cdk-py/loader';
import { fixerFor } from '../parsers/fixer';
import { ALL_RULES, KNOWN_IDS, RULES_BY_ID } from '../rules/registry';
import { ruleDocsUrl, VERSION } from '../version';
import { DiagnosticData, FixData, fixTitle, fixToData, rangeOf, SOURCE, toDiagnostic } from './convert';
import { hoverAt, replacementLenses } from './hover';
import { DEFAULT_SETTINGS, EditorSettings, effectiveConfig, isConfigFile, ProjectConfigs, readSettings } from './settings';

export const FIX_ALL_KIND = 'source.fixAll.awsEncryptionLint';
export const COMMANDS = {
  showDocumentation: 'awsEncryptionLint.server.showDocumentation',
  lintWorkspace: 'awsEncryptionLint.server.lintWorkspace',
};
/** Requests the VS Code client uses; other editors get the same through the commands above. */
export const REQUESTS = {
  ruleDocumentation: 'awsEncryptionLint/ruleDocumentation',
  lintWorkspace: 'awsEncryptionLint/lintWorkspace',
  rules: 'awsEncryptionLint/rules',
  inventory: 'awsEncryptionLint/inventory',
  inventoryMap: 'awsEncryptionLint/inventoryMap',
};
/** Sent (throttled) to the VS Code client after re-lints so its inventory view refreshes. */
export const NOTIFICATIONS = { inventoryChanged: 'awsEncryptionLint/inventoryChanged' };
const INVENTORY_CHANGED_DELAY_MS = 750;

const WATCHED_GLOB = '**/*.{yaml,yml,json,jsonc,template,ts,tsx,js,mjs,cjs,py}';

interface Analysis {
  version: number;
  generation: number;
  result: LintResult;
  diagnostics: Diagnostic[];
}

interface InitOptions {
  /** The VS Code client registers `awsEncryptionLint.showRuleDocumentation`; other clients get the server command. */
  clientCommands?: boolean;
}

/** Unsaved (untitled) documents have no file name to go by: their language decides what they are. */
const KIND_BY_LANGUAGE: Record<string, DocumentKind> = {
  yaml: 'cfn-yaml',
  json: 'cfn-json',
  jsonc: 'cfn-json',
  typescript: 'code-ts',
  typescriptreact: 'code-ts',
  javascript: 'code-js',
  javascriptreact: 'code-js',
  python: 'code-py',
};

function kindOf(doc: TextDocument): DocumentKind {
  const byName = kindFromName(doc.uri, doc.getText());
  return byName !== 'none' ? byName : KIND_BY_LANGUAGE[doc.languageId] ?? 'none';
}

function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const yamlCaches = new Map<string, YamlChunkCache>();
  const projectConfigs = new ProjectConfigs(KNOWN_IDS);
  /** Cross-file index: open documents keep their trees, closed ones only the entries other files' rules need. */
  const project = new ProjectIndex();
  /** Findings of closed files pushed by "Lint workspace", so that opening such a file can clear them. */
  const pushedClosed = new Set<string>();
  let settings: EditorSettings = DEFAULT_SETTINGS;
  let generation = 0;
  let pullMode = false;
  let canConfigure = false;
  let canWatch = false;
  let canProgress = false;
  let canWorkspaceFolders = false;
  let canRefreshLenses = false;
  let clientCommands = false;
  let workspaceFolders: string[] = [];
  let workspaceLinted = false;
  let indexCancel: { cancelled: boolean } | undefined;
  /** The index run in progress (the inventory waits for it), and whether one has finished. */
  let indexRun: Promise<unknown> | undefined;
  let indexedOnce = false;
  /** Last findings of each closed, indexed file (the index keeps only entries), for the inventory. */
  const closedFindings = new Map<string, Finding[]>();
  let inventoryTimer: NodeJS.Timeout | undefined;
  /** Settles once settings are loaded and the first index run is started (an early inventory request waits for it). */
  let markInitialized: () => void = () => undefined;
  const initialized = new Promise<void>((resolve) => (markInitialized = resolve));

  const log = (msg: string) => connection.console.log(`[aws-encryption-lint] ${msg}`);

  /** Runs a handler; a failure is logged and answered with the fallback, never a dead server. */
  function guard<T>(name: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      log(`${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return fallback;
    }
  }

  function workspaceFolderOf(fsPath: string): string | undefined {
    return workspaceFolders.filter((f) => fsPath === f || fsPath.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  function isExcluded(fsPath: string, config: LintConfig): boolean {
    if (!config.exclude.length) return false;
    const base = workspaceFolderOf(fsPath) ?? path.dirname(fsPath);
    const rel = path.relative(base, fsPath).split(path.sep).join('/');
    return excludeMatcher(config.exclude)(rel);
  }

  /** Exclude globs are compiled once per list, not on every lint (they change only with the configuration). */
  const excludeMatchers = new Map<string, (path: string) => boolean>();
  function excludeMatcher(globs: string[]): (path: string) => boolean {
    const key = globs.join('\u0000');
    let m = excludeMatchers.get(key);
    if (!m) excludeMatchers.set(key, (m = picomatch(globs, { dot: true })));
    return m;
  }

  function configFor(uri: string): LintConfig {
    const p = fsPathOf(uri);
    return effectiveConfig(settings, p ? projectConfigs.forFile(p) : undefined);
  }

  /** Lints one document version (cached by version and configuration generation). */
  function analyse(doc: TextDocument): Analysis {
    const cached = analyses.get(doc.uri);
    if (cached && cached.version === doc.version && cached.generation === generation) return cached;
    if (kindOf(doc) === 'code-py' && !isPythonParserReady()) {
      loadPythonParser();
      return { version: doc.version, generation, result: { kind: 'not-a-template', findings: [] }, diagnostics: [] };
    }
    const analysis = computeAnalysis(doc);
    analyses.set(doc.uri, analysis);
    return analysis;
  }

  function computeAnalysis(doc: TextDocument): Analysis {
    const empty: Analysis = { version: doc.version, generation, result: { kind: 'not-a-template', findings: [] }, diagnostics: [] };
    if (!settings.enable) return empty;
    const fsPath = fsPathOf(doc.uri);
    if (fsPath && isConfigFile(fsPath)) return { ...empty, diagnostics: configFileDiagnostics(doc, fsPath) };
    const config = configFor(doc.uri);
    if (fsPath && isExcluded(fsPath, config)) return empty;
    let cache = yamlCaches.get(doc.uri);
    if (!cache) yamlCaches.set(doc.uri, (cache = new YamlChunkCache()));
    const result = lintText({ uri: doc.uri, text: doc.getText() }, { config, rules: ALL_RULES, cache, kind: kindOf(doc) });
    indexDocument(doc.uri, result);
    inventoryChanged();
    const diagnostics = result.findings.map((f) => toDiagnostic(doc, f));
    return { version: doc.version, generation, result, diagnostics };
  }

  /** tree-sitter loads asynchronously, once, on the first Python file; open Python files are linted when it is ready. */
  let pythonLoading = false;
  function loadPythonParser(): void {
    if (pythonLoading) return;
    pythonLoading = true;
    void ensurePythonParser().then(() => {
      if (!isPythonParserReady()) {
        log('the Python parser could not be loaded; Python files are not checked');
        return;
      }
      if (pullMode) void connection.languages.diagnostics.refresh().catch(() => undefined);
      else for (const d of documents.all()) if (kindOf(d) === 'code-py') schedule(d.uri);
    });
  }

  /** Updates the project index with a document and re-publishes the open documents whose findings depend on it. */
  function indexDocument(uri: string, result: LintResult | undefined): void {
    guard('project index', undefined, () => {
      const before = project.dependents(uri);
      project.update(uri, result?.template);
      const affected = new Set([...before, ...project.dependents(uri)]);
      affected.delete(uri);
      const open = [...affected].filter((u) => documents.get(u));
      if (!open.length) return;
      if (pullMode) void connection.languages.diagnostics.refresh().catch(() => undefined);
      else for (const u of open) schedule(u);
    });
  }

  /** A document's diagnostics: its own findings (cached per version) plus the cross-file ones, always fresh. */
  function diagnosticsOf(doc: TextDocument, a: Analysis): Diagnostic[] {
    if (!a.result.template) return a.diagnostics;
    const extra = guard('project findings', [] as Finding[], () => project.findingsFor(doc.uri, ALL_RULES, configFor(doc.uri)));
    if (!extra.length) return a.diagnostics;
    return [...a.diagnostics, ...extra.map((f) => toDiagnostic(doc, f, { textOf: otherDocument }))];
  }

  /** Text of a document named by a related location: the editor's copy if open, else the file on disk. */
  function otherDocument(uri: string): TextDocument | undefined {
    const open = documents.get(uri);
    if (open) return open;
    // Publishing runs on every keystroke: a closed file is read once, until the watcher says it changed.
    const cached = closedTexts.get(uri);
    if (cached) return cached;
    const fsPath = fsPathOf(uri);
    if (!fsPath) return undefined;
    try {
      const doc = TextDocument.create(uri, 'plaintext', 0, fs.readFileSync(fsPath, 'utf8'));
      closedTexts.set(uri, doc);
      return doc;
    } catch {
      return undefined;
    }
  }
  const closedTexts = new Map<string, TextDocument>();

  /** Problems of a project configuration file are shown on the file itself. */
  function configFileDiagnostics(doc: TextDocument, fsPath: string): Diagnostic[] {
    // The editor's (possibly unsaved) text is checked, not the copy on disk.
    const { issues } = parseConfigText(doc.getText(), fsPath, KNOWN_IDS);
    return issues.map((i) => ({
      range: rangeOf(doc, { start: i.offset, end: i.offset + 1 }),
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: 'parse-error',
      message: i.message,
    }));
  }

  // ---- scheduling: every change is linted; a newer version replaces queued work for older ones ----
  const pending = new Set<string>();
  let drainScheduled = false;

  function schedule(uri: string): void {
    pending.add(uri);
    if (drainScheduled) return;
    drainScheduled = true;
    setImmediate(drain);
  }

  function drain(): void {
    drainScheduled = false;
    const uris = [...pending];
    pending.clear();
    for (const uri of uris) {
      const doc = documents.get(uri);
      if (!doc) continue;
      guard('diagnostics', undefined, () => {
        const a = analyse(doc);
        // A change that arrived while linting makes this result stale: the next drain handles it.
        if (documents.get(uri)?.version !== a.version) return;
        if (!pullMode) void connection.sendDiagnostics({ uri, version: a.version, diagnostics: diagnosticsOf(doc, a) });
      });
    }
    if (uris.length) inventoryChanged();
  }

  /** Tells the VS Code client, at most once per delay, that the inventory may have changed. */
  function inventoryChanged(): void {
    if (!clientCommands || inventoryTimer) return;
    inventoryTimer = setTimeout(() => {
      inventoryTimer = undefined;
      void connection.sendNotification(NOTIFICATIONS.inventoryChanged).catch(() => undefined);
    }, INVENTORY_CHANGED_DELAY_MS);
  }

  function relintAll(): void {
    generation++;
    if (pullMode) void connection.languages.diagnostics.refresh().catch(() => undefined);
    else for (const d of documents.all()) schedule(d.uri);
    if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  // ---- lifecycle ----
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullMode = !!caps.textDocument?.diagnostic;
    canConfigure = !!caps.workspace?.configuration;
    canWatch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canProgress = !!caps.window?.workDoneProgress;
    canWorkspaceFolders = !!caps.workspace?.workspaceFolders;
    canRefreshLenses = !!caps.workspace?.codeLens?.refreshSupport;
    clientCommands = !!(params.initializationOptions as InitOptions | undefined)?.clientCommands;
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => fsPathOf(f.uri)).filter((p): p is string => !!p);
    if (!workspaceFolders.length && params.rootUri) {
      const root = fsPathOf(params.rootUri);
      if (root) workspaceFolders = [root];
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: pullMode ? { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: false } : undefined,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [COMMANDS.showDocumentation, COMMANDS.lintWorkspace] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'aws-encryption-lint', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    void (async () => {
      if (canConfigure) {
        await loadSettings();
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'awsEncryptionLint' }).catch(() => undefined);
      }
      if (canWorkspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((e) => {
          for (const r of e.removed) workspaceFolders = workspaceFolders.filter((f) => f !== fsPathOf(r.uri));
          for (const a of e.added) {
            const p = fsPathOf(a.uri);
            if (p) workspaceFolders.push(p);
          }
          void indexWorkspace(false);
        });
      }
      if (canWatch) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: WATCHED_GLOB }, { globPattern: '**/.aws-encryption-lint.{json,yaml,yml}' }],
        }).catch(() => undefined);
      }
      relintAll();
      setTimeout(() => {
        void indexWorkspace(false);
        markInitialized();
      }, 0);
    })().catch(() => markInitialized());
  });

  async function loadSettings(): Promise<void> {
    try {
      const raw = await connection.workspace.getConfiguration('awsEncryptionLint');
      settings = readSettings(raw, KNOWN_IDS);
    } catch (err) {
      log(`reading settings failed: ${(err as Error).message}`);
    }
  }

  connection.onDidChangeConfiguration((change) => {
    void (async () => {
      if (canConfigure) await loadSettings();
      else settings = readSettings((change.settings as { awsEncryptionLint?: unknown } | undefined)?.awsEncryptionLint, KNOWN_IDS);
      relintAll();
    })();
  });

  // ---- documents ----
  documents.onDidOpen((e) => {
    closedTexts.delete(e.document.uri);
    if (pushedClosed.delete(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    schedule(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    if (settings.run === 'onType') schedule(e.document.uri);
  });
  documents.onDidSave((e) => {
    const fsPath = fsPathOf(e.document.uri);
    if (fsPath && isConfigFile(fsPath)) {
      projectConfigs.clear();
      relintAll();
    }
    if (settings.run === 'onSave') {
      analyses.delete(e.document.uri);
      schedule(e.document.uri);
    }
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    closedTexts.delete(uri);
    // The inventory keeps the closed file's last findings (the workspace lint below replaces them with the disk's).
    const last = analyses.get(uri);
    if (last?.result.template) closedFindings.set(uri, last.result.findings);
    analyses.delete(uri);
    yamlCaches.delete(uri);
    pending.delete(uri);
    project.release(uri);
    if (!pullMode || workspaceLinted) {
      const fsPath = fsPathOf(uri);
      const fromDisk = workspaceLinted && fsPath ? lintClosedFile(fsPath) : undefined;
      if (fromDisk?.length) pushedClosed.add(uri);
      void connection.sendDiagnostics({ uri, diagnostics: fromDisk ?? [] });
    }
  });

  connection.languages.diagnostics.on(async (params, token: CancellationToken) => {
    const empty: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return empty;
    return guard('pull diagnostics', empty, (): DocumentDiagnosticReport => {
      if (settings.run === 'onSave') {
        const last = analyses.get(doc.uri);
        if (last && last.generation === generation) return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(doc, last) };
      }
      return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(doc, analyse(doc)) };
    });
  });

  // ---- code actions ----
  connection.onCodeAction((params: CodeActionParams) =>
    guard('code actions', [] as CodeAction[], () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !settings.enable) return [];
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
      const actions: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        for (const diag of params.context.diagnostics) {
          const data = diag.data as DiagnosticData | undefined;
          if (diag.source !== SOURCE || !data || data.uri !== doc.uri) continue;
          // A fix is computed for the version its diagnostic came from. Once the text has moved on, that fix is
          // refused; only a finding of the same rule at the very same place in the current version lends its own.
          const fixes = data.version === doc.version ? data.fixes : currentFixes(doc, diag, data.ruleId);
          if (!fixes) continue;
          fixes.forEach((fix, i) => {
            actions.push({
              title: fixTitle(fix),
              kind: CodeActionKind.QuickFix,
              diagnostics: [diag],
              isPreferred: i === 0 && fix.safety === 'safe',
              edit: { changes: { [doc.uri]: fix.edits } },
            });
          });
          const suppress = suppressEditsFor(doc, diag, data);
          if (suppress.length) {
            actions.push({
              title: `Suppress ${data.ruleId} for this resource`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diag],
              edit: { changes: { [doc.uri]: suppress } },
            });
          }
          if (RULES_BY_ID.has(data.ruleId)) {
            actions.push({
              title: `Show documentation for ${data.ruleId}`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diag],
              command: clientCommands
                ? { title: `Show documentation for ${data.ruleId}`, command: 'awsEncryptionLint.showRuleDocumentation', arguments: [data.ruleId] }
                : { title: `Show documentation for ${data.ruleId}`, command: COMMANDS.showDocumentation, arguments: [data.ruleId] },
            });
          }
        }
      }
      if (only && wants(FIX_ALL_KIND) && only.some((k) => k !== CodeActionKind.QuickFix)) {
        const fixAll = fixAllAction(doc);
        if (fixAll) actions.push(fixAll);
      }
      return actions;
    }),
  );

  function currentFixes(doc: TextDocument, diag: Diagnostic, ruleId: string): FixData[] | undefined {
    const start = doc.offsetAt(diag.range.start);
    const end = doc.offsetAt(diag.range.end);
    const f = analyse(doc).result.findings.find((x) => x.ruleId === ruleId && x.span.start === start && x.span.end === end);
    return f?.fixes.map((x) => fixToData(doc, x));
  }

  /** The suppression comment or Metadata entry is built only when asked for, from the analysed version. */
  function suppressEditsFor(doc: TextDocument, diag: Diagnostic, data: DiagnosticData): TextEdit[] {
    const a = analyses.get(doc.uri);
    const tpl = a?.result.template;
    if (!a || !tpl || a.version !== data.version) return [];
    const start = doc.offsetAt(diag.range.start);
    const end = doc.offsetAt(diag.range.end);
    const finding = a.result.findings.find((f) => f.ruleId === data.ruleId && f.span.start === start && f.span.end === end)
      ?? guard('project findings', [] as Finding[], () => project.findingsFor(doc.uri, ALL_RULES, configFor(doc.uri)))
        .find((f) => f.ruleId === data.ruleId && f.span.start === start && f.span.end === end);
    if (!finding || finding.category === 'input') return [];
    return suppressionEdits(tpl, finding, fixerFor(tpl)).map((e) => ({ range: rangeOf(doc, e.span), newText: e.newText }));
  }

  /** Safe fixes to a fixed point (several new resources at one place take a pass each), as one minimal edit. */
  function fixAllAction(doc: TextDocument): CodeAction | undefined {
    const text = doc.getText();
    const config = configFor(doc.uri);
    const kind = kindOf(doc);
    const relint = (t: string) => lintText({ uri: doc.uri, text: t }, { config, rules: ALL_RULES, kind }).findings;
    const result = fixAll(text, analyse(doc).result.findings, relint, false, 20);
    if (result.text === text) return undefined;
    // The smallest single replacement between the two texts: common prefix and suffix stay untouched.
    let start = 0;
    while (start < text.length && start < result.text.length && text[start] === result.text[start]) start++;
    let endOld = text.length;
    let endNew = result.text.length;
    while (endOld > start && endNew > start && text[endOld - 1] === result.text[endNew - 1]) {
      endOld--;
      endNew--;
    }
    const edit: TextEdit = { range: rangeOf(doc, { start, end: endOld }), newText: result.text.slice(start, endNew) };
    return { title: 'Fix all aws-encryption-lint problems', kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: [edit] } } };
  }

  // ---- hover and code lens ----
  connection.onHover((params) =>
    guard('hover', null as Hover | null, () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !settings.enable) return null;
      const a = analyse(doc);
      const offset = doc.offsetAt(params.position);
      const hit = hoverAt(a.result, offset);
      if (!hit) return null;
      return { contents: { kind: MarkupKind.Markdown, value: hit.markdown }, range: rangeOf(doc, hit.span) };
    }),
  );

  connection.onCodeLens((params) =>
    guard('code lens', [] as CodeLens[], () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !settings.enable) return [];
      if (configFor(doc.uri).rules['rds-encryption-change-replacement'] === 'off') return [];
      const lenses = replacementLenses(analyse(doc).result);
      return lenses.map((l) => ({
        range: rangeOf(doc, l.span),
        command: clientCommands
          ? { title: l.title, command: 'awsEncryptionLint.showRuleDocumentation', arguments: ['rds-encryption-change-replacement'] }
          : { title: l.title, command: COMMANDS.showDocumentation, arguments: ['rds-encryption-change-replacement'] },
      }));
    }),
  );

  // ---- commands and requests ----
  connection.onExecuteCommand(async (params) => {
    try {
      if (params.command === COMMANDS.showDocumentation) {
        const id = String(params.arguments?.[0] ?? '');
        if (RULES_BY_ID.has(id)) await connection.window.showDocument({ uri: ruleDocsUrl(id), external: true });
      } else if (params.command === COMMANDS.lintWorkspace) {
        return await indexWorkspace(true);
      }
    } catch (err) {
      log(`command ${params.command} failed: ${(err as Error).message}`);
    }
    return null;
  });

  connection.onRequest(REQUESTS.ruleDocumentation, (p: { ruleId: string }) =>
    guard('rule documentation', null as { markdown: string; url: string } | null, () => {
      const rule = RULES_BY_ID.get(p?.ruleId);
      return rule ? { markdown: renderRuleMarkdown(rule), url: ruleDocsUrl(rule.meta.id) } : null;
    }),
  );
  connection.onRequest(REQUESTS.lintWorkspace, async () => indexWorkspace(true));
  connection.onRequest(REQUESTS.rules, () => ALL_RULES.map((r) => ({ id: r.meta.id, summary: r.meta.docs.summary })));

  // ---- workspace index ----
  function lintClosedFile(fsPath: string): Diagnostic[] {
    const uri = pathToFileURL(fsPath).toString();
    const config = configFor(uri);
    if (isExcluded(fsPath, config)) return [];
    let text: string;
    try {
      const st = fs.statSync(fsPath);
      if (st.size > config.maxFileSize) return [];
      text = fs.readFileSync(fsPath, 'utf8');
    } catch {
      return [];
    }
    if (text.includes('\u0000')) return [];
    const doc = TextDocument.create(uri, 'plaintext', 0, text);
    const result = lintText({ uri, text }, { config, rules: ALL_RULES });
    indexDocument(uri, result);
    const cross = guard('project findings', [] as Finding[], () => project.findingsFor(uri, ALL_RULES, config));
    project.release(uri);
    const all = [...result.findings, ...cross];
    if (all.length || closedFindings.has(uri)) closedFindings.set(uri, all);
    return all.map((f: Finding) => toDiagnostic(doc, f, { textOf: otherDocument }));
  }

  /**
   * Reads the workspace in the background, a file at a time between which edits are served. With `publish`, the
   * findings of closed files are published too ("Lint workspace"). A new run cancels the one in progress.
   */
  function indexWorkspace(publish: boolean): Promise<{ files: number; findings: number; cancelled: boolean }> {
    const run = runIndex(publish);
    indexRun = run;
    void run.finally(() => {
      if (indexRun === run) indexRun = undefined;
    }).catch(() => undefined);
    return run;
  }

  async function runIndex(publish: boolean): Promise<{ files: number; findings: number; cancelled: boolean }> {
    if (indexCancel) indexCancel.cancelled = true;
    const token = { cancelled: false };
    indexCancel = token;
    if (publish) workspaceLinted = true;
    let progress: WorkDoneProgressServerReporter | undefined;
    if (canProgress) {
      try {
        progress = await connection.window.createWorkDoneProgress();
        progress.begin('AWS Encryption Lint', 0, 'Indexing the workspace', true);
      } catch {
        progress = undefined;
      }
    }
    let files = 0;
    let findings = 0;
    try {
      const found: string[] = [];
      for (const folder of workspaceFolders) {
        const out = { files: [] as Discovered[], problems: [] as DiscoveryProblem[] };
        // The walk pauses after each folder so that edits and requests are served while a large tree is read.
        for (const _ of walkFiles([folder], folder, settings.exclude, out)) {
          if (token.cancelled || out.files.length + found.length > settings.maxWorkspaceFiles) break;
          await new Promise((r) => setImmediate(r));
        }
        found.push(...out.files.map((f) => f.absolute));
      }
      const limited = found.slice(0, settings.maxWorkspaceFiles);
      if (limited.some((f) => /\.py$/i.test(f))) await ensurePythonParser();
      if (found.length > limited.length) log(`workspace has ${found.length} candidate files; indexing the first ${limited.length} (awsEncryptionLint.maxWorkspaceFiles)`);
      for (let i = 0; i < limited.length; i++) {
        if (token.cancelled || progress?.token.isCancellationRequested) {
          token.cancelled = true;
          break;
        }
        const fsPath = limited[i];
        const uri = pathToFileURL(fsPath).toString();
        files++;
        if (!documents.get(uri)) {
          const diags = guard('index', [] as Diagnostic[], () => lintClosedFile(fsPath));
          findings += diags.length;
          if (publish) {
            if (diags.length) pushedClosed.add(uri);
            void connection.sendDiagnostics({ uri, diagnostics: diags });
          }
        } else {
          const open = documents.get(uri)!;
          findings += diagnosticsOf(open, analyse(open)).length;
        }
        if (i % 8 === 7) {
          progress?.report(Math.round((100 * (i + 1)) / limited.length), `${i + 1}/${limited.length} files`);
          await new Promise((r) => setImmediate(r)); // let edits and requests through
        }
      }
    } finally {
      progress?.done();
      if (indexCancel === token) indexCancel = undefined;
    }
    log(`workspace index: ${files} files, ${findings} findings${token.cancelled ? ' (cancelled)' : ''}`);
    if (!token.cancelled) indexedOnce = true;
    inventoryChanged();
    // Cross-file findings of open documents may have changed with what the index now knows.
    if (pullMode) void connection.languages.diagnostics.refresh().catch(() => undefined);
    else for (const d of documents.all()) schedule(d.uri);
    return { files, findings, cancelled: token.cancelled };
  }

  connection.onDidChangeWatchedFiles((e) =>
    guard('watched files', undefined, () => {
      let configChanged = false;
      for (const change of e.changes) {
        closedTexts.delete(change.uri);
        const fsPath = fsPathOf(change.uri);
        if (!fsPath) continue;
        if (isConfigFile(fsPath)) {
          configChanged = true;
          continue;
        }
        if (documents.get(change.uri)) continue; // the editor's text is the truth for open files
        if (change.type === FileChangeType.Deleted) {
          indexDocument(change.uri, undefined);
          project.remove(change.uri);
          closedFindings.delete(change.uri);
          if (pushedClosed.delete(change.uri)) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        } else if (!workspaceLinted) {
          guard('index', undefined, () => lintClosedFile(fsPath));
        } else {
          const diags = lintClosedFile(fsPath);
          if (diags.length) pushedClosed.add(change.uri);
          else pushedClosed.delete(change.uri);
          void connection.sendDiagnostics({ uri: change.uri, diagnostics: diags });
        }
      }
      if (configChanged) {
        projectConfigs.clear();
        relintAll();
      }
      inventoryChanged();
    }),
  );

  // ---- encryption inventory ----
  /** The workspace inventory, once the background index has read the workspace. */
  async function currentInventory(): Promise<Inventory> {
    await initialized;
    while (indexRun) await indexRun.catch(() => undefined);
    if (!indexedOnce) await indexWorkspace(false);
    const findingsByUri = new Map(closedFindings);
    for (const doc of documents.all()) {
      const a = analyses.get(doc.uri);
      if (!a) continue;
      const cross = a.result.template ? guard('project findings', [] as Finding[], () => project.findingsFor(doc.uri, ALL_RULES, configFor(doc.uri))) : [];
      findingsByUri.set(doc.uri, [...a.result.findings, ...cross]);
    }
    return buildInventory(project, findingsByUri);
  }

  connection.onRequest(REQUESTS.inventory, async () => currentInventory());
  connection.onRequest(REQUESTS.inventoryMap, async () => {
    const inventory = await currentInventory();
    const locations: Record<string, InventoryLocation> = {};
    for (const s of inventory.stores) locations[s.id] = s.location;
    for (const k of inventory.keys) if (k.location) locations[k.id] = k.location;
    return { svg: renderInventorySvg(inventory), locations };
  });

  documents.listen(connection);
  connection.listen();
}

/** Applies LSP text edits to a text (for tests and fix-all checks). */
export function applyLspEdits(doc: TextDocument, edits: TextEdit[]): string {
  return applyEdits(doc.getText(), edits.map((e) => ({ span: { start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end) }, newText: e.newText })));
}
