// Preloaded with `node -r` into a timed child process: on exit, writes the process's peak resident set size
// (bytes) to the file named by BENCH_PEAK_RSS_FILE. Keeps the timed program itself unchanged.
import * as fs from 'fs';

const target = process.env.BENCH_PEAK_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
    } catch {
      // The measurement is lost, the program's exit is not changed.
    }
  });
}
