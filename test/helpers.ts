import * as fs from 'fs';
import * as path from 'path';
import { run } from '../server/src/cli/main';

export const REPO = path.join(__dirname, '..', '..');
export const SHARED = path.join(REPO, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** Runs the CLI in-process and captures its output. */
export function cli(args: string[], cwd = REPO): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** Compares with a checked-in golden file (UPDATE_GOLDEN=1 rewrites it). */
export function golden(name: string, actual: string): { expected: string; actual: string } {
  const file = path.join(REPO, 'test', 'golden', name);
  if (UPDATE_GOLDEN || !fs.existsSync(file)) fs.writeFileSync(file, actual);
  return { expected: fs.readFileSync(file, 'utf8'), actual };
}

/** Tests that read ../shared skip with a notice where it is absent (a user's clone). */
export function sharedAvailable(ctx: Mocha.Context): boolean {
  if (fs.existsSync(CORPUS)) return true;
  console.log(`    (skipped: ${CORPUS} is not present)`);
  ctx.skip();
  return false;
}
