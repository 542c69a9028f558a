import { Fixer, JsonPath, JsonValue } from '../../model/fixer';
import { LineIndex } from '../../model/text';
import { CfnTemplate, Entry, ObjectNode, TextEdit, ValueNode } from '../../model/types';

const INTRINSIC_KEYS = /^(Ref|Condition|Fn::[A-Za-z]+)$/;
const RESERVED_PLAIN = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

/** A plain YAML scalar is safe when it cannot be read as anything but this string. */
export function yamlString(s: string): string {
  if (s === '') return "''";
  const plainSafe = /^[A-Za-z_./][A-Za-z0-9_ ./:@*=+-]*$/.test(s)
    && !RESERVED_PLAIN.test(s) && !/[:]\s|\s#|\s$|:$/.test(s);
  if (plainSafe) return s;
  return `'${s.replace(/'/g, "''")}'`;
}

function scalarText(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return yamlString(v);
  return String(v);
}

function isIntrinsic(v: JsonValue): v is { [k: string]: JsonValue } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && INTRINSIC_KEYS.test(keys[0]);
}

export class YamlRenderer {
  constructor(private readonly unit: number, private readonly shortForm: boolean) {}

  /** Short-form tag text for an intrinsic, or undefined when it must be written as a mapping. */
  private shortIntrinsic(v: { [k: string]: JsonValue }): string | undefined {
    if (!this.shortForm) return undefined;
    const [k] = Object.keys(v);
    const arg = v[k];
    const tag = k === 'Ref' || k === 'Condition' ? `!${k}` : `!${k.slice(4)}`;
    if (k === 'Fn::GetAtt' && Array.isArray(arg) && arg.length === 2 && arg.every((a) => typeof a === 'string')) {
      return `${tag} ${arg[0]}.${arg[1]}`;
    }
    return `${tag} ${this.flow(arg)}`;
  }

  /** Inline (flow) rendering. */
  flow(v: JsonValue): string {
    if (v === null || typeof v !== 'object') return scalarText(v);
    if (Array.isArray(v)) return `[${v.map((i) => this.flow(i)).join(', ')}]`;
    if (isIntrinsic(v)) {
      const s = this.shortIntrinsic(v);
      if (s) return s;
    }
    const keys = Object.keys(v);
    if (!keys.length) return '{}';
    return `{${keys.map((k) => `${yamlString(k)}: ${this.flow(v[k])}`).join(', ')}}`;
  }

  /** Text that follows `key:` for a value whose key sits at column `col`. */
  afterKey(v: JsonValue, col: number, eol: string): string {
    if (v === null || typeof v !== 'object') return ` ${scalarText(v)}`;
    if (isIntrinsic(v)) {
      const s = this.shortIntrinsic(v);
      if (s) return ` ${s}`;
    }
    if (Array.isArray(v)) {
      if (!v.length) return ' []';
      return v.map((i) => `${eol}${' '.repeat(col + this.unit)}-${this.afterDash(i, col + this.unit, eol)}`).join('');
    }
    const keys = Object.keys(v);
    if (!keys.length) return ' {}';
    return keys.map((k) => `${eol}${' '.repeat(col + this.unit)}${yamlString(k)}:${this.afterKey(v[k], col + this.unit, eol)}`).join('');
  }

  /** Text that follows `-` for an item whose dash sits at column `col`. */
  private afterDash(v: JsonValue, col: number, eol: string): string {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || isIntrinsic(v)) {
      if (Array.isArray(v)) return ` ${this.flow(v)}`;
      const single = this.afterKey(v, col, eol);
      return single.startsWith(eol) ? ` ${this.flow(v)}` : single;
    }
    const keys = Object.keys(v);
    if (!keys.length) return ' {}';
    const inner = col + 2;
    return keys
      .map((k, i) => `${i === 0 ? ' ' : `${eol}${' '.repeat(inner)}`}${yamlString(k)}:${this.afterKey(v[k], inner, eol)}`)
      .join('');
  }
}

// Key lookups in large objects (a Resources section with thousands of entries) go through an index, so that
// fixing every resource stays linear; the first entry of a duplicated key wins, as with a scan.
const ENTRY_INDEX = new WeakMap<ObjectNode, Map<string, Entry>>();
function entryByKey(obj: ObjectNode, key: string): Entry | undefined {
  if (obj.entries.length < 32) return obj.entries.find((x) => x.key === key);
  let index = ENTRY_INDEX.get(obj);
  if (!index) {
    index = new Map();
    for (const e of obj.entries) if (!index.has(e.key)) index.set(e.key, e);
    ENTRY_INDEX.set(obj, index);
  }
  return index.get(key);
}

/** Finds the node at `path`, and how far the path exists. */
export function walk(root: ValueNode | undefined, path: JsonPath): { node?: ValueNode; entry?: Entry; depth: number; parent?: ValueNode } {
  let node: ValueNode | undefined = root;
  let entry: Entry | undefined;
  let parent: ValueNode | undefined;
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    if (!node) return { depth: i - 1, parent };
    if (typeof p === 'number') {
      if (node.kind !== 'array' || p >= node.items.length) return { node, entry, depth: i, parent };
      parent = node;
      node = node.items[p];
      entry = undefined;
    } else {
      if (node.kind !== 'object') return { node, entry, depth: i, parent };
      const e: Entry | undefined = entryByKey(node, p);
      if (!e) return { node, entry, depth: i, parent };
      parent = node;
      entry = e;
      node = e.value;
    }
  }
  return { node, entry, depth: path.length, parent };
}

/** Wraps `value` in the objects/arrays that `keys` name. */
export function nest(keys: JsonPath, value: JsonValue): JsonValue {
  let v = value;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i];
    v = typeof k === 'number' ? [v] : { [k]: v };
  }
  return v;
}

export class YamlFixer implements Fixer {
  private lineIndex?: LineIndex;
  private readonly r: YamlRenderer;
  private readonly text: string;

  constructor(private readonly tpl: CfnTemplate) {
    this.text = tpl.file.text;
    this.r = new YamlRenderer(tpl.indent.size, tpl.usesShortForm);
  }

  /** Built on first use: most lint runs on a keystroke produce no fix edits that need it. */
  private get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  private col(offset: number): number {
    return this.lines.positionAt(offset).character;
  }

  /** Offset at the end of the line holding the last character of `node`. */
  private endOfLastLine(endOffset: number): number {
    let e = endOffset;
    while (e > 0 && /\s/.test(this.text[e - 1])) e--;
    return this.lines.lineEnd(this.lines.positionAt(Math.max(0, e - 1)).line);
  }

  private insertEntry(obj: ObjectNode, key: string, value: JsonValue): TextEdit[] {
    if (obj.flow || obj.entries.length === 0) {
      const inner = `${yamlString(key)}: ${this.r.flow(value)}`;
      const close = this.text.lastIndexOf('}', obj.span.end);
      if (close < obj.span.start) return [];
      const empty = obj.entries.length === 0;
      return [{ span: { start: close, end: close }, newText: empty ? inner : `, ${inner}` }];
    }
    const first = obj.entries[0];
    const col = this.col(first.keySpan.start);
    const last = obj.entries[obj.entries.length - 1];
    const at = this.endOfLastLine(last.value.span.end > last.keySpan.end ? last.value.span.end : last.keySpan.end);
    const eol = this.tpl.eol;
    return [{ span: { start: at, end: at }, newText: `${eol}${' '.repeat(col)}${yamlString(key)}:${this.r.afterKey(value, col, eol)}` }];
  }

  set(path: JsonPath, value: JsonValue): TextEdit[] {
    const w = walk(this.tpl.root, path);
    if (w.depth === path.length && w.node) {
      // An object or list under a block-style key is written in block style, like its neighbours.
      const complex = value !== null && typeof value === 'object' && !this.r.flow(value).startsWith('!');
      if (complex && w.entry && w.parent?.kind === 'object' && !w.parent.flow) {
        const colon = this.text.indexOf(':', w.entry.keySpan.end);
        const col = this.col(w.entry.keySpan.start);
        return [{ span: { start: colon, end: w.node.span.end }, newText: `:${this.r.afterKey(value, col, this.tpl.eol)}` }];
      }
      return this.replace(w.node, value);
    }
    const at = w.node;
    const rest = path.slice(w.depth);
    if (!at) return [];
    if (at.kind === 'object' && typeof rest[0] === 'string') {
      return this.insertEntry(at, rest[0], nest(rest.slice(1), value));
    }
    if (at.kind === 'scalar' && at.value === null) return this.replace(at, nest(rest, value));
    return [];
  }

  replace(node: ValueNode, value: JsonValue): TextEdit[] {
    if (node.kind === 'scalar' && node.value === null && node.span.start === node.span.end) {
      // `Key:` with nothing after it: write the value after the colon.
      return [{ span: node.span, newText: ` ${this.r.flow(value)}` }];
    }
    if (node.kind === 'scalar' && typeof value === 'string' && (node.style === 'single' || node.style === 'double')) {
      const q = node.style === 'single' ? "'" : '"';
      const body = node.style === 'single' ? value.replace(/'/g, "''") : JSON.stringify(value).slice(1, -1);
      return [{ span: node.span, newText: `${q}${body}${q}` }];
    }
    return [{ span: node.span, newText: this.r.flow(value) }];
  }

  append(path: JsonPath, value: JsonValue): TextEdit[] {
    const w = walk(this.tpl.root, path);
    if (w.depth !== path.length || !w.node) return this.set(path, [value]);
    const arr = w.node;
    if (arr.kind !== 'array') return [];
    if (arr.flow || arr.items.length === 0) {
      const close = this.text.lastIndexOf(']', arr.span.end);
      if (close < arr.span.start) return [];
      return [{ span: { start: close, end: close }, newText: `${arr.items.length ? ', ' : ''}${this.r.flow(value)}` }];
    }
    const firstItem = arr.items[0];
    const dash = this.text.lastIndexOf('-', firstItem.span.start);
    const col = this.col(dash);
    const lastItem = arr.items[arr.items.length - 1];
    const at = this.endOfLastLine(lastItem.span.end);
    const eol = this.tpl.eol;
    // A one-item list rendered for a key one level up puts its dash in the column of the existing dashes.
    const asList = this.r.afterKey([value], col - this.tpl.indent.size, eol);
    return [{ span: { start: at, end: at }, newText: asList }];
  }

  remove(path: JsonPath): TextEdit[] {
    const w = walk(this.tpl.root, path);
    if (w.depth !== path.length || !w.entry || !w.parent || w.parent.kind !== 'object') return [];
    const e = w.entry;
    if (w.parent.flow) {
      const siblings = w.parent.entries;
      const i = siblings.indexOf(e);
      if (siblings[i + 1]) return [{ span: { start: e.keySpan.start, end: siblings[i + 1].keySpan.start }, newText: '' }];
      if (siblings[i - 1]) return [{ span: { start: siblings[i - 1].value.span.end, end: e.value.span.end }, newText: '' }];
      return [{ span: { start: e.keySpan.start, end: e.value.span.end }, newText: '' }];
    }
    // Block style: delete the entry's whole lines.
    const startLine = this.lines.positionAt(e.keySpan.start).line;
    const endLine = this.lines.positionAt(this.endOfLastLine(Math.max(e.value.span.end, e.keySpan.end))).line;
    const start = this.lines.lineStart(startLine);
    const end = endLine + 1 < this.lines.lineCount ? this.lines.lineStart(endLine + 1) : this.text.length;
    return [{ span: { start, end }, newText: '' }];
  }

  addResource(logicalId: string, body: JsonValue): TextEdit[] {
    const resources = this.tpl.sections.get('Resources');
    if (!resources || resources.value.kind !== 'object') return [];
    return this.insertEntry(resources.value, logicalId, body);
  }
}
