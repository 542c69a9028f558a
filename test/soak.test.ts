/**
 * The short LSP soak (scripts/soak.js) inside `npm test`: random edits with interleaved hovers, code actions and
 * cancelled requests against the real server over stdio. `npm run soak` runs the full 10,000 edits.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './helpers';

interface SoakStats {
  edits: number;
  hovers: number;
  codeActions: number;
  cancelled: number;
  cancelledAnswered: number;
  requestsAnswered: number;
  requestErrors: string[];
  publications: number;
  checkpoints: number;
  problems: string[];
  rss: number[];
  rssChange?: number;
  serverAlive: boolean;
}

const soak = require(path.join(REPO, 'scripts', 'soak.js')) as {
  runSoak(o: Record<string, unknown>): Promise<SoakStats>;
  summaryLine(s: SoakStats): string;
};

describe('LSP soak (short run of scripts/soak.js)', function () {
  this.timeout(300_000);

  it('2,000 random edits with hovers, code actions and cancellations: the server stays up, answers everything, diagnostics follow the latest version, memory stays within ±10%', async function () {
    if (!fs.existsSync(path.join(REPO, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run npm run build first');
    const stats = await soak.runSoak({ edits: 2000, seed: 7, checkpointEvery: 100 });
    console.log(`    ${soak.summaryLine(stats)}`);
    assert.deepStrictEqual(stats.problems, []);
    assert.deepStrictEqual(stats.requestErrors, []);
    assert.ok(stats.serverAlive, 'the server is still running');
    assert.strictEqual(stats.edits, 2000);
    assert.strictEqual(stats.cancelledAnswered, stats.cancelled, 'every cancelled request got an answer or a cancellation error');
    assert.ok(stats.hovers > 0 && stats.codeActions > 0 && stats.cancelled > 0);
    assert.strictEqual(stats.checkpoints, 20);
    if (stats.rssChange === undefined) console.log('    (notice: no memory samples on this platform)');
    else assert.ok(Math.abs(stats.rssChange) <= 0.1, `resident memory changed by ${(stats.rssChange * 100).toFixed(1)}%`);
  });
});
