// Deterministic mutations of a source text for the fuzzer: every input can be rebuilt from (file, seed, index).
'use strict';

/** Small seeded PRNG (mulberry32): the same seed gives the same inputs on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * Math.max(1, n)),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

/** Stable 32-bit hash of a string (FNV-1a), to derive per-file seeds. */
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const lines = (text) => text.split('\n');

/** A line index weighted towards lines with content. */
function someLine(ls, r) {
  for (let tries = 0; tries < 5; tries++) {
    const i = r.int(ls.length);
    if (ls[i].trim()) return i;
  }
  return r.int(ls.length);
}

// Intrinsic names in short (YAML tag) and long form; a swap turns one into another with the same argument.
const SHORT_TAGS = ['!Ref', '!GetAtt', '!Sub', '!If', '!Join', '!Select', '!Split', '!FindInMap', '!Equals', '!Not', '!And', '!Or',
  '!Condition', '!Base64', '!GetAZs', '!ImportValue', '!Cidr', '!Transform', '!Foo', '!!str', '!!int', '!!binary', '!!map', '!!seq', '!!null', '!'];
const LONG_TAGS = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::If', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::Equals',
  'Fn::Not', 'Fn::And', 'Fn::Or', 'Condition', 'Fn::Base64', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Cidr', 'Fn::Transform', 'Fn::ForEach::X', 'Fn::Length', 'Fn::ToJsonString'];
const TAG_PATTERN = /!!?[A-Za-z]*|\b(?:Ref|Condition|Fn::[A-Za-z:]+)\b/g;

// Odd Unicode: lone surrogates, BOM, zero-width and direction marks, line separators, NUL, astral characters.
const ODD = ['\uD800', '\uDC00', '\uDBFF\uDBFF', '\uFEFF', '\u200B', '\u200D', '\u202E', '\u2028', '\u2029', '\u0085', '\u0000',
  '\u00A0', '\u3000', '\uFFFD', '\uFFFF', '\u{1F512}', '\u{10FFFF}', 'e\u0301', '\u201C', '\u2019', '\t', '\r', '\u000B', '\u000C'];

/** Each family returns a mutated text; `r` is the PRNG. */
const FAMILIES = {
  byteFlip(text, r) {
    const buf = Buffer.from(text, 'utf8');
    if (!buf.length) return '\u0001';
    const flips = 1 + r.int(4);
    for (let k = 0; k < flips; k++) buf[r.int(buf.length)] ^= 1 << r.int(8);
    return buf.toString('utf8');
  },
  byteSet(text, r) {
    const buf = Buffer.from(text, 'utf8');
    if (!buf.length) return '\u00ff';
    buf[r.int(buf.length)] = r.pick([0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xe2, 0xef, 0xf0, 0xff, 0x22, 0x27, 0x3a, 0x2d, 0x7b, 0x5b, 0x26, 0x2a, 0x21, 0x7c, 0x3e, 0x23]);
    return buf.toString('utf8');
  },
  lineDelete(text, r) {
    const ls = lines(text);
    const i = someLine(ls, r);
    ls.splice(i, 1 + (r.next() < 0.3 ? r.int(8) : 0));
    return ls.join('\n');
  },
  lineDuplicate(text, r) {
    const ls = lines(text);
    const i = someLine(ls, r);
    const n = 1 + (r.next() < 0.3 ? r.int(6) : 0);
    ls.splice(i, 0, ...ls.slice(i, i + n));
    return ls.join('\n');
  },
  lineSwap(text, r) {
    const ls = lines(text);
    const i = someLine(ls, r);
    const j = Math.min(ls.length - 1, Math.max(0, i + r.int(7) - 3));
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return ls.join('\n');
  },
  indentShift(text, r) {
    const ls = lines(text);
    const i = someLine(ls, r);
    const n = 1 + (r.next() < 0.5 ? 0 : r.int(10));
    const how = r.pick(['in1', 'in2', 'out1', 'out2', 'tab']);
    for (let k = i; k < Math.min(ls.length, i + n); k++) {
      if (how === 'in1') ls[k] = ' ' + ls[k];
      else if (how === 'in2') ls[k] = '  ' + ls[k];
      else if (how === 'out1') ls[k] = ls[k].replace(/^ /, '');
      else if (how === 'out2') ls[k] = ls[k].replace(/^ {1,2}/, '');
      else ls[k] = ls[k].replace(/^ {2}/, '\t');
    }
    return ls.join('\n');
  },
  tagSwap(text, r) {
    const matches = [...text.matchAll(TAG_PATTERN)].filter((m) => m[0].length > 1 || m[0] === '!');
    if (!matches.length) {
      const ls = lines(text);
      const i = someLine(ls, r);
      ls[i] = ls[i].replace(/:\s/, `: ${r.pick(SHORT_TAGS)} `);
      return ls.join('\n');
    }
    const m = r.pick(matches);
    const replacement = m[0].startsWith('!') ? r.pick(SHORT_TAGS) : r.pick(LONG_TAGS);
    return text.slice(0, m.index) + replacement + text.slice(m.index + m[0].length);
  },
  oddUnicode(text, r) {
    const ch = r.pick(ODD);
    const where = r.next();
    if (where < 0.15) return ch + text;
    if (where < 0.25) return text + ch;
    if (where < 0.35) {
      // split a surrogate pair or a line ending
      const at = r.int(text.length);
      return text.slice(0, at) + ch + ch + text.slice(at);
    }
    const at = r.int(text.length + 1);
    return text.slice(0, at) + ch + text.slice(at);
  },
  bom(text, r) {
    return r.next() < 0.7 ? '\uFEFF' + text : '\uFEFF\uFEFF' + text.replace(/\n/, '\n\uFEFF');
  },
  lineEndings(text, r) {
    const how = r.pick(['crlf', 'cr', 'mixed', 'trailing-cr']);
    if (how === 'crlf') return text.replace(/\r?\n/g, '\r\n');
    if (how === 'cr') return text.replace(/\r?\n/g, '\r');
    if (how === 'trailing-cr') return text + '\r';
    return text.replace(/\n/g, () => (r.next() < 0.5 ? '\r\n' : '\n'));
  },
  structure(text, r) {
    const ls = lines(text);
    const i = someLine(ls, r);
    const line = ls[i];
    const indent = /^\s*/.exec(line)[0];
    const insert = r.pick([
      `${indent}<<: *anchor`, `${indent}key: &anchor value`, `${indent}*anchor`, `${indent}? complex`, `${indent}- item`,
      `${indent}%YAML 1.2`, '---', '...', `${indent}"Properties": {`, `${indent}}`, `${indent}]`, `${indent}[`, `${indent}"x": ,`,
      `${indent}Properties:`, `${indent}Type: AWS::S3::Bucket`, `${indent}Fn::If: [C, !Ref AWS::NoValue]`, `${indent}# aws-encryption-lint-disable`,
      `${indent}|`, `${indent}>-`, `${indent}"`, `${indent}'`, `${indent}{{{{`, `${indent}${'['.repeat(200)}`,
    ]);
    ls.splice(i + (r.next() < 0.5 ? 0 : 1), 0, insert);
    return ls.join('\n');
  },
  splice(text, r) {
    // Cut a random slice out, or paste a slice elsewhere.
    if (!text.length) return text;
    const a = r.int(text.length);
    const len = 1 + r.int(Math.min(200, text.length - a));
    if (r.next() < 0.5) return text.slice(0, a) + text.slice(a + len);
    const at = r.int(text.length);
    return text.slice(0, at) + text.slice(a, a + len) + text.slice(at);
  },
};

const FAMILY_NAMES = Object.keys(FAMILIES);

/**
 * The inputs made from one file: truncation at each twentieth of its length, then `perFile` random mutations that
 * cycle through the families (every fourth stacks two or three of them).
 */
function* mutationsOf(text, fileName, seed, perFile) {
  for (let k = 0; k < 20; k++) {
    yield { mutation: `truncate-${k}/20`, text: text.slice(0, Math.floor((text.length * k) / 20)) };
  }
  const r = rng(seed ^ hash(fileName));
  for (let i = 0; i < perFile; i++) {
    const stack = i % 4 === 3 ? 2 + r.int(2) : 1;
    let out = text;
    const names = [];
    for (let s = 0; s < stack; s++) {
      const name = s === 0 ? FAMILY_NAMES[i % FAMILY_NAMES.length] : r.pick(FAMILY_NAMES);
      out = FAMILIES[name](out, r);
      names.push(name);
    }
    yield { mutation: `${names.join('+')}#${i}`, text: out };
  }
}

module.exports = { rng, hash, mutationsOf, FAMILY_NAMES, FAMILIES };
