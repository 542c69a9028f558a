// Entry point the VS Code extension host loads (extensionTestsPath): runs every *.e2e.js file next to this one with
// mocha inside the host. Files are not named *.test.js so the repository's own mocha run never loads them (they
// import 'vscode', which exists only inside the host).
import * as fs from 'fs';
import * as path from 'path';

export function run(): Promise<void> {
  // mocha 12's package entry is ESM; its CommonJS build is what an extension host can require everywhere.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const MochaClass = require('mocha/lib/mocha.cjs') as typeof import('mocha');
  const mocha = new MochaClass({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  const only = process.env.AEL_E2E_GREP;
  if (only) mocha.grep(only);
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
