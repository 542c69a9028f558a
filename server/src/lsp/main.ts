/**
 * Entry of the language server (`aws-encryption-lint-server --stdio`, or `--node-ipc` when VS Code starts it).
 * The transport is chosen from the command line by vscode-languageserver.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

if (process.argv.includes('--version')) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  process.stdout.write(`${require('../version').VERSION}\n`);
} else {
  const hasTransport = process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  if (!hasTransport) {
    process.stderr.write('Usage: aws-encryption-lint-server --stdio\n(Language server for AWS Encryption Lint; configure your editor to start it with --stdio.)\n');
    process.exit(2);
  }
  startServer(createConnection(ProposedFeatures.all));
}
