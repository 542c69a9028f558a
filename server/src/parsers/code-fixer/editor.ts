/**
 * Language-neutral text edits on a CodeDocument: add, replace or remove an entry of an object literal / keyword
 * arguments, add a props argument, add an import. Where text goes is decided here; how it is spelled comes from the
 * language's CodeRenderer. Every edit keeps the file's indentation, quotes, semicolons and trailing commas.
 */
import { CdkLibrary, CodeDocument, CodeEntry, CodeObject, CodeValue } from '../../model/code';
import { Span, TextEdit } from '../../model/types';
import { camelCase, CodeExpr, CodeRenderer, KeyKind, snakeCase } from './render';

export class CodeEditor {
  private readonly text: string;

  constructor(readonly doc: CodeDocument, readonly renderer: CodeRenderer) {
    this.text = doc.file.text;
  }

  /** New text with the file's line endings (renderers and this editor write `\n`). */
  eol(edits: TextEdit[]): TextEdit[] {
    if (this.doc.style.eol === '\n') return edits;
    return edits.map((e) => ({ span: e.span, newText: e.newText.replace(/\r?\n/g, '\r\n') }));
  }

  /** The leading whitespace of the line holding `offset`. */
  lineIndent(offset: number): string {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(lineStart))![0];
  }

  private unit(): string {
    return this.doc.style.indent.tabs ? '\t' : ' '.repeat(this.doc.style.indent.size || 2);
  }

  private within(span: Span, outer: Span): boolean {
    return span.start >= outer.start && span.end <= outer.end;
  }

  /** Entries written inside this object (not those merged in from a spread of another object). */
  ownEntries(obj: CodeObject): CodeEntry[] {
    return obj.entries.filter((e) => this.within(e.keySpan, obj.span));
  }

  /** Where an entry ends as written in its object (its value may have been resolved from elsewhere). */
  entryEnd(e: CodeEntry): number {
    return e.entrySpan?.end ?? e.value.span.end;
  }

  findEntry(obj: CodeObject, key: string): CodeEntry | undefined {
    // snake_case comparison also matches Python names of acronym props (`enforce_ssl` ~ `enforceSSL`).
    return obj.entries.find((e) => e.key === key || camelCase(e.key) === camelCase(key) || snakeCase(e.key) === snakeCase(key));
  }

  render(expr: CodeExpr, atOffset: number, keyKind: KeyKind): string {
    return this.renderer.value(expr, this.lineIndent(atOffset), this.doc.style, keyKind);
  }

  /** Replaces a value in place. */
  replaceValue(v: CodeValue, expr: CodeExpr, keyKind: KeyKind = 'cdk'): TextEdit[] {
    return [{ span: v.span, newText: this.render(expr, v.span.start, keyKind) }];
  }

  /** Sets `key` in an object: replaces its value when present, otherwise inserts an entry. */
  setEntry(obj: CodeObject, key: string, expr: CodeExpr, keyKind: KeyKind = 'cdk'): TextEdit[] {
    const existing = this.findEntry(obj, key);
    if (existing) return this.replaceValue(existing.value, expr, keyKind);
    return this.insertEntry(obj, key, expr, keyKind);
  }

  insertEntry(obj: CodeObject, key: string, expr: CodeExpr, keyKind: KeyKind = 'cdk'): TextEdit[] {
    const ctx = obj.kwargs ? 'kwargs' : 'object';
    const name = this.renderer.key(key, keyKind);
    const own = this.ownEntries(obj);
    const multiline = this.text.slice(obj.span.start, obj.span.end).includes('\n');
    const last = own[own.length - 1];
    if (last) {
      const indent = multiline ? this.lineIndent(last.keySpan.start) : this.lineIndent(obj.span.start);
      const entry = this.renderer.entry(name, this.renderer.value(expr, indent, this.doc.style, keyKind), ctx, this.doc.style);
      const after = this.entryEnd(last);
      const comma = /^[ \t]*,/.exec(this.text.slice(after));
      if (comma) {
        // A trailing comma stays a trailing comma.
        const at = after + comma[0].length;
        const trailing = !/^\s*[^\s)\]}]/.test(this.text.slice(at).replace(/^\s*(#|\/\/)[^\n]*/, ''));
        if (trailing) return [{ span: { start: at, end: at }, newText: multiline ? `\n${indent}${entry},` : ` ${entry},` }];
      }
      return [{ span: { start: after, end: after }, newText: multiline ? `,\n${indent}${entry}` : `, ${entry}` }];
    }
    if (obj.kwargs) return []; // keyword arguments without any written: the caller adds a props argument instead
    // No entry written here: `{}` or only spreads. Insert before the closing brace.
    const close = obj.span.end - 1;
    let i = close - 1;
    while (i > obj.span.start && /\s/.test(this.text[i])) i--;
    const baseIndent = this.lineIndent(obj.span.start);
    if (i === obj.span.start) {
      const entry = this.renderer.entry(name, this.renderer.value(expr, baseIndent, this.doc.style, keyKind), ctx, this.doc.style);
      return [{ span: { start: obj.span.start + 1, end: close }, newText: ` ${entry} ` }];
    }
    const indent = multiline ? baseIndent + this.unit() : baseIndent;
    const entry = this.renderer.entry(name, this.renderer.value(expr, indent, this.doc.style, keyKind), ctx, this.doc.style);
    const sep = this.text[i] === ',' ? '' : ',';
    return [{ span: { start: i + 1, end: i + 1 }, newText: multiline ? `${sep}\n${indent}${entry}` : `${sep} ${entry}` }];
  }

  /** Inserts several entries at once (one edit), in order. */
  insertEntries(obj: CodeObject, entries: { key: string; value: CodeExpr }[], keyKind: KeyKind = 'cdk'): TextEdit[] {
    const parts = entries.map((x) => this.insertEntry(obj, x.key, x.value, keyKind));
    if (parts.some((p) => p.length !== 1)) return [];
    if (parts.length === 1) return parts[0];
    const first = parts[0][0];
    const emptyObject = !obj.kwargs && !this.ownEntries(obj).length && this.text.slice(obj.span.start + 1, obj.span.end - 1).trim() === '';
    if (emptyObject) return [{ span: first.span, newText: ` ${parts.map((p) => p[0].newText.trim()).join(', ')} ` }];
    return [{ span: first.span, newText: parts.map((p) => p[0].newText).join('') }];
  }

  /** Removes an entry written in this object, with its comma and, on its own line, the whole line. */
  removeEntry(obj: CodeObject, key: string): TextEdit[] {
    const e = this.findEntry(obj, key);
    if (!e || !this.within(e.keySpan, obj.span)) return [];
    const own = this.ownEntries(obj);
    const idx = own.indexOf(e);
    let start = e.keySpan.start;
    let end = this.entryEnd(e);
    const comma = /^[ \t]*,/.exec(this.text.slice(end));
    if (comma) end += comma[0].length;
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const nl = this.text.indexOf('\n', end);
    const restOfLine = this.text.slice(end, nl < 0 ? this.text.length : nl);
    if (/^\s*$/.test(this.text.slice(lineStart, start)) && /^\s*$/.test(restOfLine) && nl >= 0) {
      // Own line: remove it; a now-trailing comma before it stays valid in TS/Python.
      if (!comma && idx > 0) {
        const prev = own[idx - 1];
        const prevComma = /^[ \t]*,/.exec(this.text.slice(this.entryEnd(prev)));
        if (prevComma) return [{ span: { start: this.entryEnd(prev), end: nl }, newText: '' }];
      }
      return [{ span: { start: lineStart, end: nl + 1 }, newText: '' }];
    }
    if (comma) {
      const ws = /^[ \t]*/.exec(this.text.slice(end))![0];
      return [{ span: { start, end: end + ws.length }, newText: '' }];
    }
    if (idx > 0) start = this.entryEnd(own[idx - 1]);
    else if (obj.kwargs) {
      // Python keyword arguments (H4): the first one may follow positional arguments; take the comma before it.
      const before = /,[ \t]*$/.exec(this.text.slice(obj.span.start + 1, start));
      if (before) start = obj.span.start + 1 + before.index;
    }
    return [{ span: { start, end }, newText: '' }];
  }

  /** Adds a props argument to a call without one, at `argsEnd` (after the last argument). */
  addPropsArgument(argsEnd: number, hasArgs: boolean, entries: { key: string; value: CodeExpr }[], keyKind: KeyKind = 'cdk'): TextEdit[] {
    const indent = this.lineIndent(argsEnd);
    const ctx = this.renderer.propsAsKwargs ? 'kwargs' : 'object';
    const rendered = entries.map((x) => this.renderer.entry(this.renderer.key(x.key, keyKind), this.renderer.value(x.value, indent + this.unit(), this.doc.style, keyKind), ctx, this.doc.style));
    const multiline = rendered.join(', ').length > 60;
    const arg = this.renderer.propsArgument(rendered, indent, this.doc.style, multiline);
    return [{ span: { start: argsEnd, end: argsEnd }, newText: hasArgs ? `, ${arg}` : arg }];
  }

  /**
   * The qualifier to reach `name` of a CDK module: the file's namespace import, a named import of `name` (''), or a
   * new namespace import (its edit goes into `edits`).
   */
  qualifierFor(module: string, library: CdkLibrary, name: string, edits: TextEdit[]): string {
    for (const imp of this.doc.imports) {
      if (imp.module !== module) continue;
      if (imp.imported === undefined && imp.local) return imp.local;
      if (imp.imported === name) return '';
    }
    let alias = this.renderer.moduleAlias(module);
    const taken = new Set(this.doc.imports.map((i) => i.local));
    for (let n = 2; taken.has(alias) || new RegExp(`\\b(const|let|var|def|class)\\s+${alias}\\b`).test(this.text); n++) alias = `${this.renderer.moduleAlias(module)}${n}`;
    const stmt = this.renderer.importStatement(module, alias, library, this.doc.style);
    const eol = this.doc.style.eol;
    const at = this.doc.importInsertAt;
    edits.push({ span: { start: at, end: at }, newText: at === 0 ? `${stmt}${eol}` : `${eol}${stmt}` });
    return alias;
  }
}
