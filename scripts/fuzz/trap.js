// Preloaded with `node --require` by the security test: every network, child-process and code-evaluation API fails
// loudly, and loading a module from the linted workspace is reported. Each use is appended to $TRAP_LOG (the linter
// may catch the thrown error; the log still tells) and printed to stderr.
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const LOG = process.env.TRAP_LOG;
const WORKSPACE = process.env.TRAP_WORKSPACE ? path.resolve(process.env.TRAP_WORKSPACE) : undefined;

function report(what) {
  const stack = (new Error().stack || '').split('\n').slice(3, 9).join('\n');
  const line = `TRAPPED ${what} (pid ${process.pid})\n${stack}\n`;
  if (LOG) fs.appendFileSync(LOG, line);
  process.stderr.write(line);
}

function trap(obj, name, label) {
  if (!obj || typeof obj[name] !== 'function') return;
  obj[name] = function trapped() {
    report(label);
    throw new Error(`${label} is forbidden here: the linter never opens connections, starts processes or evaluates code`);
  };
}

const net = require('net');
for (const n of ['connect', 'createConnection', 'createServer']) trap(net, n, `net.${n}`);
trap(net.Socket.prototype, 'connect', 'net.Socket.connect');
for (const mod of ['http', 'https']) {
  const m = require(mod);
  for (const n of ['request', 'get', 'createServer']) trap(m, n, `${mod}.${n}`);
}
const http2 = require('http2');
for (const n of ['connect', 'createServer', 'createSecureServer']) trap(http2, n, `http2.${n}`);
const tls = require('tls');
for (const n of ['connect', 'createServer']) trap(tls, n, `tls.${n}`);
const dns = require('dns');
for (const n of Object.keys(dns)) if (/^(lookup|resolve)/.test(n)) trap(dns, n, `dns.${n}`);
for (const n of Object.keys(dns.promises)) if (/^(lookup|resolve)/.test(n)) trap(dns.promises, n, `dns.promises.${n}`);
trap(require('dgram'), 'createSocket', 'dgram.createSocket');
const cp = require('child_process');
for (const n of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) trap(cp, n, `child_process.${n}`);
const vm = require('vm');
for (const n of ['runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction', 'Script']) trap(vm, n, `vm.${n}`);
trap(globalThis, 'fetch', 'fetch');
trap(globalThis, 'WebSocket', 'WebSocket');
trap(globalThis, 'eval', 'indirect eval');

// Modules resolved inside the workspace: the linter reads workspace files as text, it never loads them.
if (WORKSPACE) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    const file = resolve.call(this, request, parent, ...rest);
    if (typeof file === 'string' && (file === WORKSPACE || file.startsWith(WORKSPACE + path.sep))) report(`require of a workspace file: ${file}`);
    return file;
  };
}
