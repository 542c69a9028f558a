// Mocha's dot reporter plus one plain closing line ("tests: N passed, N failed, N skipped") that CI reads.
const Mocha = require('mocha');

class Reporter extends Mocha.reporters.Dot {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const s = this.stats;
      process.stdout.write(`tests: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
    });
  }
}

module.exports = Reporter;
