import * as fs from 'fs';
import * as path from 'path';
import ignore, { Ignore } from 'ignore';
import picomatch from 'picomatch';

const SKIPPED_DIRS = new Set(['node_modules', 'cdk.out', '.git']);
// Templates, and code that may hold CDK constructs or AWS SDK calls (declaration files are skipped).
const CANDIDATE = /^(?!.*\.d\.[mc]?ts$).*\.(ya?ml|json|template|ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/i;

export interface Discovered {
  /** Path for output: as given, or relative to the current folder. */
  display: string;
  absolute: string;
}

export interface DiscoveryProblem {
  display: string;
  message: string;
}

interface Layer {
  dir: string;
  ig: Ignore;
}

function readGitignore(dir: string): Ignore | undefined {
  const file = path.join(dir, '.gitignore');
  try {
    return ignore().add(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function ignoredBy(layers: Layer[], abs: string, isDir: boolean): boolean {
  for (const l of layers) {
    const rel = path.relative(l.dir, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (l.ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/**
 * Walks files and folders: .gitignore honoured, node_modules, cdk.out and .git skipped, symlinked folders not
 * followed. A generator that pauses after each folder, so that the language server can walk a large workspace a
 * little at a time between edits; `discover` runs it to the end.
 */
export function* walkFiles(
  inputs: string[],
  cwd: string,
  exclude: string[],
  out: { files: Discovered[]; problems: DiscoveryProblem[] },
): Generator<void, void, void> {
  const { files, problems } = out;
  const isExcluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  const display = (abs: string) => {
    const rel = path.relative(cwd, abs);
    return rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : abs;
  };
  const seen = new Set<string>();

  function* walk(dir: string, layers: Layer[]): Generator<void, void, void> {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return; // symlink loop
    seen.add(real);
    const ig = readGitignore(dir);
    const here = ig ? [...layers, { dir, ig }] : layers;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ display: display(dir), message: `The folder could not be read: ${(err as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    yield;
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const rel = display(abs);
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(e.name) || ignoredBy(here, abs, true) || isExcluded(rel) || isExcluded(`${rel}/`)) continue;
        yield* walk(abs, here);
      } else if ((e.isFile() || e.isSymbolicLink()) && CANDIDATE.test(e.name)) {
        if (ignoredBy(here, abs, false) || isExcluded(rel)) continue;
        if (e.isSymbolicLink()) {
          try {
            if (!fs.statSync(abs).isFile()) continue;
          } catch {
            problems.push({ display: rel, message: 'The symbolic link points nowhere' });
            continue;
          }
        }
        files.push({ display: rel, absolute: abs });
      }
    }
  }

  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      problems.push({ display: input, message: 'No such file or folder' });
      continue;
    }
    if (st.isDirectory()) yield* walk(abs, []);
    else files.push({ display: path.isAbsolute(input) ? input : input.split(path.sep).join('/'), absolute: abs });
  }
}

export function discover(inputs: string[], cwd: string, exclude: string[]): { files: Discovered[]; problems: DiscoveryProblem[] } {
  const out = { files: [] as Discovered[], problems: [] as DiscoveryProblem[] };
  for (const _ of walkFiles(inputs, cwd, exclude, out)) {
    // run to the end
  }
  return out;
}
