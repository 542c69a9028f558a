import { Fixer, JsonPath, JsonValue } from '../../model/fixer';
import { LineIndex } from '../../model/text';
import { CfnTemplate, ObjectNode, TextEdit, ValueNode } from '../../model/types';
import { nest, walk } from '../cfn-yaml/fixer';

/** JSON edits that touch only the inserted or replaced text, in the file's indentation. */
export class JsonFixer implements Fixer {
  private lineIndex?: LineIndex;
  private readonly text: string;
  private readonly unit: string;

  constructor(private readonly tpl: CfnTemplate) {
    this.text = tpl.file.text;
    this.unit = tpl.indent.tabs ? '\t' : ' '.repeat(tpl.indent.size || 2);
  }

  /** Built on first use: most lint runs on a keystroke produce no fix edits that need it. */
  private get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  private lineIndentAt(offset: number): string {
    const ls = this.lines.lineStart(this.lines.positionAt(offset).line);
    const m = /^[ \t]*/.exec(this.text.slice(ls, offset));
    return m ? m[0] : '';
  }

  private onOneLine(node: ValueNode): boolean {
    return this.lines.positionAt(node.span.start).line === this.lines.positionAt(node.span.end).line;
  }

  /** Pretty JSON whose continuation lines start at `indent`. */
  private render(value: JsonValue, indent: string): string {
    return JSON.stringify(value, null, this.unit).split('\n').join(`${this.tpl.eol}${indent}`);
  }

  private compact(value: JsonValue): string {
    return JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "');
  }

  private insertEntry(obj: ObjectNode, key: string, value: JsonValue): TextEdit[] {
    const k = JSON.stringify(key);
    if (obj.entries.length === 0) {
      const close = obj.span.end - 1;
      return [{ span: { start: close, end: close }, newText: `${k}: ${this.compact(value)}` }];
    }
    const last = obj.entries[obj.entries.length - 1];
    if (this.onOneLine(obj)) {
      return [{ span: { start: last.value.span.end, end: last.value.span.end }, newText: `, ${k}: ${this.compact(value)}` }];
    }
    const indent = this.lineIndentAt(obj.entries[0].keySpan.start);
    return [{ span: { start: last.value.span.end, end: last.value.span.end }, newText: `,${this.tpl.eol}${indent}${k}: ${this.render(value, indent)}` }];
  }

  set(path: JsonPath, value: JsonValue): TextEdit[] {
    const w = walk(this.tpl.root, path);
    if (w.depth === path.length && w.node) return this.replace(w.node, value);
    const at = w.node;
    const rest = path.slice(w.depth);
    if (at?.kind === 'object' && typeof rest[0] === 'string') return this.insertEntry(at, rest[0], nest(rest.slice(1), value));
    return [];
  }

  replace(node: ValueNode, value: JsonValue): TextEdit[] {
    if (value === null || typeof value !== 'object') return [{ span: node.span, newText: JSON.stringify(value) }];
    return [{ span: node.span, newText: this.render(value, this.lineIndentAt(node.span.start)) }];
  }

  append(path: JsonPath, value: JsonValue): TextEdit[] {
    const w = walk(this.tpl.root, path);
    if (w.depth !== path.length || w.node?.kind !== 'array') return this.set(path, [value]);
    const arr = w.node;
    if (!arr.items.length) return [{ span: { start: arr.span.end - 1, end: arr.span.end - 1 }, newText: this.compact(value) }];
    const last = arr.items[arr.items.length - 1];
    if (this.onOneLine(arr)) return [{ span: { start: last.span.end, end: last.span.end }, newText: `, ${this.compact(value)}` }];
    const indent = this.lineIndentAt(arr.items[0].span.start);
    return [{ span: { start: last.span.end, end: last.span.end }, newText: `,${this.tpl.eol}${indent}${this.render(value, indent)}` }];
  }

  /** Deletes the entry and one neighbouring comma; nothing else is re-formatted. */
  remove(path: JsonPath): TextEdit[] {
    const w = walk(this.tpl.root, path);
    const obj = w.parent;
    const e = w.entry;
    if (w.depth !== path.length || !e || obj?.kind !== 'object') return [];
    const i = obj.entries.indexOf(e);
    const prev = obj.entries[i - 1];
    const next = obj.entries[i + 1];
    if (prev) return [{ span: { start: prev.value.span.end, end: e.value.span.end }, newText: '' }];
    if (next) return [{ span: { start: e.keySpan.start, end: next.keySpan.start }, newText: '' }];
    return [{ span: { start: obj.span.start + 1, end: obj.span.end - 1 }, newText: '' }];
  }

  addResource(logicalId: string, body: JsonValue): TextEdit[] {
    const res = this.tpl.sections.get('Resources')?.value;
    if (res?.kind !== 'object') return [];
    return this.insertEntry(res, logicalId, body);
  }
}
