// Preloaded into the language server by the soak (`node --expose-gc --require`): SIGUSR2 runs a full garbage
// collection, so that memory samples measure what the server keeps, not garbage not yet collected.
'use strict';
if (typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    global.gc();
  });
}
