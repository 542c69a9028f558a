import { CollectionTag, parseDocument, ScalarTag, Tags } from 'yaml';
import { CfnTemplate, Entry, ObjectNode, ParseIssue, SourceFile, Span, ValueNode } from '../../model/types';
import { buildTemplate } from '../cfn-template';
import { Converter, SHORT_FORM_TAGS } from './convert';

/** What one independently parsed piece of the text gave, with spans relative to the piece. */
interface ChunkResult {
  entries: Entry[];
  errors: ParseIssue[];
  usesShortForm: boolean;
  /** The piece refers to an anchor defined elsewhere: it cannot be parsed alone. */
  needsWholeDocument: boolean;
}

/**
 * Remembers the parse of each top-level section and resource block by its text, so that an edit
 * re-parses only the block it touched. One cache per open document.
 */
export class YamlChunkCache {
  private current = new Map<string, ChunkResult>();
  private next = new Map<string, ChunkResult>();
  hits = 0;
  misses = 0;

  get(text: string): ChunkResult | undefined {
    const r = this.current.get(text) ?? this.next.get(text);
    if (r) this.next.set(text, r);
    return r;
  }

  set(text: string, r: ChunkResult): void {
    this.next.set(text, r);
  }

  /** Drops every block the last parse did not use. */
  commit(): void {
    this.current = this.next;
    this.next = new Map();
  }
}

/**
 * CloudFormation's short-form tags, declared so that the yaml package accepts them as they are. Undeclared, each
 * use builds a "tag unavailable" warning — an Error with a captured stack — about a sixth of the parse time of templates
 * full of `!Ref` and `!If`. The nodes come out the same: the tag name kept, the value untouched. (Passed as a function:
 * the yaml package appends an array's tags one concat at a time, on every parse.)
 */
const CFN_TAGS: (ScalarTag | CollectionTag)[] = [...SHORT_FORM_TAGS.keys()].flatMap((tag): (ScalarTag | CollectionTag)[] => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' },
  { tag, collection: 'map' },
]);

// uniqueKeys off: the yaml package compares each key with every earlier one; the Converter checks in linear time.
const PARSE_OPTIONS = { prettyErrors: false, keepSourceTokens: false, uniqueKeys: false, customTags: (tags: Tags): Tags => tags.concat(CFN_TAGS) } as const;

function parsePiece(text: string): ChunkResult {
  const doc = parseDocument(text, PARSE_OPTIONS);
  const conv = new Converter(doc, text, 0);
  const root = conv.convert(doc.contents);
  const errors: ParseIssue[] = doc.errors.map((e) => ({
    // The yaml package turns a stack overflow on thousands of nesting levels into this error; say what it means.
    message: /call stack/i.test(e.message) ? 'The document nests too deeply to read (thousands of levels)' : e.message.split('\n')[0],
    // An error at the end of the text (a truncated file) must not point past it.
    span: { start: Math.min(e.pos[0], text.length), end: Math.min(text.length, Math.max(e.pos[1], e.pos[0] + 1)) },
  }));
  for (const d of conv.duplicateKeys) errors.push({ message: 'Map keys must be unique', span: d });
  errors.sort((a, b) => a.span.start - b.span.start);
  if (conv.budgetExceeded) errors.push({ message: 'YAML alias expansion or nesting exceeds the limit; the excess was not read', span: root.span });
  const needsWholeDocument = conv.missingAnchor || doc.errors.some((e) => /anchor/i.test(e.message));
  const entries = root.kind === 'object' ? root.entries : [];
  return { entries, errors, usesShortForm: conv.usesShortForm, needsWholeDocument };
}

interface Piece {
  start: number;
  end: number;
}

interface Layout {
  sections: Piece[];
  /** Index in `sections` of the Resources section split into blocks, with its header key span. */
  resources?: { index: number; keySpan: Span; blocks: Piece[] };
}

/** Splits a block-style template into top-level sections and Resources into blocks; undefined when unsure. */
export function splitTemplate(text: string): Layout | undefined {
  const sections: Piece[] = [];
  const lineStarts: number[] = [];
  let pos = 0;
  while (pos <= text.length) {
    lineStarts.push(pos);
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break;
    pos = nl + 1;
  }
  let sawContent = false;
  for (const ls of lineStarts) {
    const c = text.charCodeAt(ls);
    if (ls >= text.length) break;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (!sawContent && lineHasContent(text, ls)) return undefined;
      continue;
    }
    if (c === 35) continue; // comment
    if (c === 0xfeff) return undefined;
    const lineEnd = endOfLine(text, ls);
    const line = text.slice(ls, lineEnd);
    if (!sawContent && /^---\s*(#.*)?\r?$/.test(line)) continue; // a leading document marker
    if (line.startsWith('---') || line.startsWith('...') || line.startsWith('%') || !/^[^\s#\-?{[\]}&*!|>'"%@`][^:]*:(\s|$)/.test(line)) {
      // Quoted keys, flow style, directives, document markers: parse the whole document.
      if (!/^("[^"]*"|'[^']*'):(\s|$)/.test(line)) return undefined;
    }
    sawContent = true;
    if (sections.length) sections[sections.length - 1].end = ls;
    sections.push({ start: ls, end: text.length });
  }
  if (!sections.length) return undefined;
  const layout: Layout = { sections };
  sections.forEach((s, index) => {
    const header = text.slice(s.start, endOfLine(text, s.start));
    const m = /^(Resources)\s*:\s*(#.*)?$/.exec(header.replace(/\r$/, ''));
    if (!m) return;
    const blocks = splitBlocks(text, endOfLine(text, s.start) + 1, s.end);
    if (blocks) layout.resources = { index, keySpan: { start: s.start, end: s.start + 'Resources'.length }, blocks };
  });
  return layout;
}

function lineHasContent(text: string, ls: number): boolean {
  const line = text.slice(ls, endOfLine(text, ls)).trim();
  return line.length > 0 && !line.startsWith('#');
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** Splits the body of Resources at each line indented like its first key. */
function splitBlocks(text: string, from: number, to: number): Piece[] | undefined {
  const blocks: Piece[] = [];
  let childIndent = -1;
  let ls = from;
  while (ls < to) {
    const le = Math.min(endOfLine(text, ls), to);
    let i = ls;
    while (i < le && text.charCodeAt(i) === 32) i++;
    const indent = i - ls;
    const c = text.charCodeAt(i);
    const blank = i >= le || c === 13 || c === 35;
    if (!blank) {
      if (text.charCodeAt(i) === 9) return undefined;
      if (childIndent < 0) childIndent = indent;
      if (indent < childIndent) return undefined;
      if (indent === childIndent) {
        if (c === 45 || c === 123 || c === 91 || c === 38 || c === 42 || c === 63) return undefined; // - { [ & * ?
        if (blocks.length) blocks[blocks.length - 1].end = ls;
        blocks.push({ start: ls, end: to });
      }
    }
    ls = le + 1;
  }
  return blocks.length ? blocks : undefined;
}

function shiftSpan(s: Span, d: number): Span {
  return { start: s.start + d, end: s.end + d };
}

function shiftNode(n: ValueNode, d: number): ValueNode {
  switch (n.kind) {
    case 'object':
      return { ...n, span: shiftSpan(n.span, d), entries: n.entries.map((e) => shiftEntry(e, d)) };
    case 'array':
      return { ...n, span: shiftSpan(n.span, d), items: n.items.map((i) => shiftNode(i, d)) };
    case 'intrinsic':
      return { ...n, span: shiftSpan(n.span, d), arg: shiftNode(n.arg, d) };
    default:
      return { ...n, span: shiftSpan(n.span, d) };
  }
}

function shiftEntry(e: Entry, d: number): Entry {
  return { key: e.key, keySpan: shiftSpan(e.keySpan, d), value: shiftNode(e.value, d) };
}

/** Parses a piece through the cache and places its result at `offset`. */
function pieceAt(text: string, piece: Piece, cache: YamlChunkCache | undefined): ChunkResult {
  const src = text.slice(piece.start, piece.end);
  let r = cache?.get(src);
  if (!r) {
    r = parsePiece(src);
    if (cache) {
      cache.misses++;
      cache.set(src, r);
    }
  } else cache!.hits++;
  if (piece.start === 0) return r;
  return {
    ...r,
    entries: r.entries.map((e) => shiftEntry(e, piece.start)),
    errors: r.errors.map((e) => ({ message: e.message, span: shiftSpan(e.span, piece.start) })),
  };
}

function detectYamlIndent(text: string): { size: number; tabs: boolean } {
  const m = /\n( +)\S/.exec(text);
  const size = m ? m[1].length : 2;
  return { size: size === 4 ? 4 : size >= 1 && size <= 8 ? size : 2, tabs: false };
}

export function parseWhole(file: SourceFile): CfnTemplate {
  const r = parsePiece(file.text);
  const root: ObjectNode | undefined = r.entries.length
    ? { kind: 'object', span: { start: r.entries[0].keySpan.start, end: file.text.length }, entries: r.entries, flow: false }
    : undefined;
  return buildTemplate(file, 'yaml', root, r.errors, r.usesShortForm, detectYamlIndent(file.text));
}

/** Parses a YAML template; with a cache, unchanged sections and resource blocks are not parsed again. */
export function parseCfnYaml(file: SourceFile, cache?: YamlChunkCache): CfnTemplate {
  const text = file.text;
  const layout = splitTemplate(text);
  if (!layout) return fallback(file, cache);
  const entries: Entry[] = [];
  const errors: ParseIssue[] = [];
  let shortForm = false;
  for (let i = 0; i < layout.sections.length; i++) {
    const section = layout.sections[i];
    if (layout.resources && layout.resources.index === i) {
      const resEntries: Entry[] = [];
      for (const b of layout.resources.blocks) {
        const r = pieceAt(text, b, cache);
        if (r.needsWholeDocument) return fallback(file, cache);
        resEntries.push(...r.entries);
        errors.push(...r.errors);
        shortForm ||= r.usesShortForm;
      }
      const blocks = layout.resources.blocks;
      const value: ObjectNode = {
        kind: 'object',
        span: { start: blocks[0].start, end: trimEnd(text, blocks[blocks.length - 1].end) },
        entries: resEntries,
        flow: false,
      };
      entries.push({ key: 'Resources', keySpan: layout.resources.keySpan, value });
      continue;
    }
    const r = pieceAt(text, section, cache);
    if (r.needsWholeDocument) return fallback(file, cache);
    entries.push(...r.entries);
    errors.push(...r.errors);
    shortForm ||= r.usesShortForm;
  }
  cache?.commit();
  const root: ObjectNode = { kind: 'object', span: { start: layout.sections[0].start, end: text.length }, entries, flow: false };
  return buildTemplate(file, 'yaml', root, errors, shortForm, detectYamlIndent(text));
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}

function fallback(file: SourceFile, cache: YamlChunkCache | undefined): CfnTemplate {
  const t = parseWhole(file);
  cache?.commit();
  return t;
}
