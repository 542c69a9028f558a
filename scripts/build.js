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
  { in: 'client/src/extension.ts', out: 'dist/client/extension.js', external: ['vscode'], minify: true },
  // The TypeScript/JavaScript code parser (with the `typescript` compiler) is a bundle of its own, required by
  // dist/cli.js and dist/server.js only when a code file is linted, so startup never loads it.
  { in: 'server/src/parsers/cdk-ts/parse.ts', out: 'dist/parsers-ts.js' },
];

/** In the CLI and server bundles, `require('./cdk-ts/parse')` loads dist/parsers-ts.js at run time. */
const lazyParsers = {
  name: 'lazy-parsers',
  setup(build) {
    build.onResolve({ filter: /^\.\/cdk-ts\/parse$/ }, (args) => (
      /parsers[\\/]detect\.ts$/.test(args.importer) ? { path: './parsers-ts.js', external: true } : undefined
    ));
  },
};

/** tree-sitter's runtime and the Python grammar (WebAssembly) sit beside the bundles, which load them on first .py file. */
const wasmFiles = [
  'node_modules/web-tree-sitter/tree-sitter.wasm',
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
];

function copyWasm() {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  for (const f of wasmFiles) fs.copyFileSync(path.join(root, f), path.join(root, 'dist', path.basename(f)));
}

async function main() {
  copyWasm();
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
      // The client is minified: VS Code parses it on activation, and activation must stay cheap.
      minify: e.minify ?? false,
      external: e.external ?? [],
      plugins: e.out === 'dist/parsers-ts.js' ? [] : [lazyParsers],
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
