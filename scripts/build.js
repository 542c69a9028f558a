#!/usr/bin/env node
// Bundles the CLI, the language server and the VS Code client with esbuild into dist/.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const watch = process.argv.includes('--watch');
const entries = [
  { in: 'server/src/cli/main.ts', out: 'dist/cli.js', shebang: true },
  { in: 'server/src/lsp/main.ts', out: 'dist/server.js', shebang: true },
  { in: 'client/src/extension.ts', out: 'dist/client/extension.js', external: ['vscode'] },
];

async function main() {
  for (const e of entries) {
    if (!fs.existsSync(path.join(root, e.in))) continue;
    const options = {
      entryPoints: [path.join(root, e.in)],
      outfile: path.join(root, e.out),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      mainFields: ['module', 'main'],
      sourcemap: true,
      minify: false,
      external: e.external ?? [],
      banner: e.shebang ? { js: '#!/usr/bin/env node' } : undefined,
      logLevel: 'warning',
    };
    if (watch) await (await esbuild.context(options)).watch();
    else await esbuild.build(options);
    if (e.shebang) fs.chmodSync(path.join(root, e.out), 0o755);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
