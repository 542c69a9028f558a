/**
 * Loads tree-sitter (WebAssembly, no native module) and its Python grammar, once and only when a Python file is
 * linted. Loading is asynchronous; parsing afterwards is synchronous, so the synchronous engine can use it:
 * adapters `await ensurePythonParser()` before linting `.py` files, and `parsePythonTree` returns undefined until
 * then (the engine then reports nothing for the file instead of blocking).
 *
 * The two `.wasm` files are looked up next to the running bundle first (scripts/build.js copies them into dist/,
 * the VSIX ships them), then in node_modules above this file (the out/ test build).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Parser, Tree } from 'web-tree-sitter';

const RUNTIME_WASM = { pkg: 'web-tree-sitter', file: 'tree-sitter.wasm' };
const PYTHON_WASM = { pkg: 'tree-sitter-python', file: 'tree-sitter-python.wasm' };

let parser: Parser | undefined;
let loading: Promise<void> | undefined;
let loadError: string | undefined;

/** Where a wasm file is: beside the bundle (dist/), else in the nearest node_modules/<pkg>/. */
export function locateWasm(pkg: string, file: string, from = __dirname): string | undefined {
  const candidates = [path.join(from, file), path.join(from, 'wasm', file)];
  for (let dir = from; ; ) {
    candidates.push(path.join(dir, 'node_modules', pkg, file));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return candidates.find((c) => fs.existsSync(c));
}

async function load(): Promise<void> {
  const runtimeWasm = locateWasm(RUNTIME_WASM.pkg, RUNTIME_WASM.file);
  const pythonWasm = locateWasm(PYTHON_WASM.pkg, PYTHON_WASM.file);
  if (!runtimeWasm || !pythonWasm) {
    loadError = `the Python grammar files (${RUNTIME_WASM.file}, ${PYTHON_WASM.file}) were not found next to ${__dirname}`;
    return;
  }
  // Required here rather than imported at the top so that nothing of tree-sitter runs unless a .py file is linted.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('web-tree-sitter') as typeof import('web-tree-sitter');
  await ts.Parser.init({ locateFile: () => runtimeWasm, wasmBinary: fs.readFileSync(runtimeWasm) } as object);
  const language = await ts.Language.load(new Uint8Array(fs.readFileSync(pythonWasm)));
  const p = new ts.Parser();
  p.setLanguage(language);
  parser = p;
}

/**
 * Loads the Python parser if needed. Never rejects: on failure `pythonParserError()` says why and
 * `parsePythonTree` keeps returning undefined.
 */
export function ensurePythonParser(): Promise<void> {
  if (!loading) {
    loading = load().catch((err: unknown) => {
      loadError = err instanceof Error ? err.message : String(err);
    });
  }
  return loading;
}

export function isPythonParserReady(): boolean {
  return parser !== undefined;
}

/** Why the parser could not be loaded, if it could not. */
export function pythonParserError(): string | undefined {
  return loadError;
}

/** Parses Python text; undefined until `ensurePythonParser()` has completed successfully. The caller deletes the tree. */
export function parsePythonTree(text: string): Tree | undefined {
  if (!parser) return undefined;
  return parser.parse(text) ?? undefined;
}

/**
 * Whether a command line may lint Python files: a `.py` path, a folder, or no path at all (the current folder).
 * The CLI loads the parser only then, so linting templates never loads tree-sitter.
 */
export function argsMayIncludePython(argv: readonly string[], cwd: string): boolean {
  const paths = argv.filter((a) => !a.startsWith('-'));
  if (!paths.length) return true;
  return paths.some((p) => {
    if (/\.py$/i.test(p)) return true;
    try {
      return fs.statSync(path.resolve(cwd, p)).isDirectory();
    } catch {
      return false;
    }
  });
}
