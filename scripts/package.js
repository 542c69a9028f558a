#!/usr/bin/env node
// `npm run package`: builds the VSIX from the esbuild bundles with @vscode/vsce.
// vsce walks every file under its folder before applying .vscodeignore, and this repository also holds large
// gitignored caches (the e2e editor hosts), so the allow-listed top-level entries are first copied into a temporary
// staging folder; .vscodeignore (an allow-list) then decides file by file there, as it would in the repository.
// Usage: node scripts/package.js [--out <file.vsix>] [--no-build]
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outFile = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(root, `${manifest.name}-${manifest.version}.vsix`));
const MAX_BYTES = 5 * 1024 * 1024;

function allowListedTopLevelEntries() {
  const lines = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split(/\r?\n/);
  const entries = new Set(['package.json', '.vscodeignore']);
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('!')) continue;
    entries.add(trimmed.slice(1).replace(/^\//, '').split('/')[0]);
  }
  return [...entries].filter((entry) => !entry.includes('*') && fs.existsSync(path.join(root, entry)));
}

function main() {
  if (!args.includes('--no-build')) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { stdio: 'inherit', cwd: root });
  }
  for (const bundle of [manifest.main, ...Object.values(manifest.bin || {})]) {
    if (!fs.existsSync(path.join(root, bundle))) throw new Error(`missing bundle ${bundle}: the build did not produce it`);
  }
  // A private folder per run: parallel test runs package at the same time.
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-encryption-lint-vsix-'));
  for (const entry of allowListedTopLevelEntries()) {
    fs.cpSync(path.join(root, entry), path.join(staging, entry), { recursive: true });
  }
  const vsce = require.resolve('@vscode/vsce/vsce');
  // No public repository URL yet: relative README links stay as they are rather than being rewritten to one.
  const vsceArgs = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', outFile];
  if (!fs.existsSync(path.join(root, 'LICENSE')) && !fs.existsSync(path.join(root, 'LICENSE.md'))) vsceArgs.push('--skip-license');
  try {
    execFileSync(process.execPath, vsceArgs, { stdio: 'inherit', cwd: staging });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const size = fs.statSync(outFile).size;
  console.log(`VSIX: ${path.relative(process.cwd(), outFile)} ${(size / 1024).toFixed(0)} KiB`);
  if (size >= MAX_BYTES) throw new Error(`VSIX is ${size} bytes; it must stay under 5 MB`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
