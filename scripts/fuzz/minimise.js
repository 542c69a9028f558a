// Shrinks a failing input while it still fails the same way (chunk removal over lines, then characters).
'use strict';

/** Removes chunks of `units` (halving the chunk size) while `stillFails(joined)` holds; returns the smallest units. */
async function shrinkUnits(units, join, stillFails, budget) {
  let chunk = Math.max(1, Math.floor(units.length / 2));
  while (chunk >= 1 && budget.left > 0) {
    let removedAny = false;
    for (let at = 0; at < units.length && budget.left > 0; ) {
      const candidate = units.slice(0, at).concat(units.slice(at + chunk));
      budget.left--;
      if (candidate.length < units.length && (await stillFails(join(candidate)))) {
        units = candidate;
        removedAny = true;
      } else at += chunk;
    }
    if (!removedAny || chunk > 1) chunk = chunk === 1 ? 0 : Math.floor(chunk / 2);
  }
  return units;
}

/**
 * Minimises `text` under the predicate `stillFails(text) -> Promise<boolean>`, calling it at most `maxChecks` times.
 * `onProgress` is called now and then so that a watchdog knows the work goes on.
 */
async function minimise(text, stillFails, maxChecks = 3000, onProgress = () => {}) {
  const budget = { left: maxChecks };
  let checks = 0;
  const counted = async (t) => {
    if (++checks % 50 === 0) onProgress(checks);
    return stillFails(t);
  };
  const lineUnits = await shrinkUnits(text.split(/(?<=\n)/), (u) => u.join(''), counted, budget);
  let out = lineUnits.join('');
  if (out.length <= 4000) {
    const chars = await shrinkUnits([...out], (u) => u.join(''), counted, budget);
    out = chars.join('');
  }
  return out;
}

module.exports = { minimise };
