import { Node as JNode, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { CfnTemplate, Entry, ParseIssue, SourceFile, ValueNode } from '../../model/types';
import { buildTemplate } from '../cfn-template';
import { isLongFormIntrinsic } from '../cfn-yaml/convert';

const MAX_DEPTH = 2000;

function convert(n: JNode, depth: number): ValueNode {
  const span = { start: n.offset, end: n.offset + n.length };
  if (depth > MAX_DEPTH) return { kind: 'unknown', span, reason: 'nesting too deep' };
  switch (n.type) {
    case 'object': {
      const entries: Entry[] = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k) continue;
        const value: ValueNode = v ? convert(v, depth + 1) : { kind: 'scalar', span: { start: k.offset + k.length, end: k.offset + k.length }, value: null, style: 'plain' };
        entries.push({ key: String(k.value), keySpan: { start: k.offset, end: k.offset + k.length }, value });
      }
      if (entries.length === 1 && isLongFormIntrinsic(entries[0].key)) {
        return { kind: 'intrinsic', span, fn: entries[0].key, arg: entries[0].value, short: false };
      }
      return { kind: 'object', span, entries, flow: true };
    }
    case 'array':
      return { kind: 'array', span, items: (n.children ?? []).map((c) => convert(c, depth + 1)), flow: true };
    case 'string':
      return { kind: 'scalar', span, value: n.value as string, style: 'double' };
    case 'number':
    case 'boolean':
    case 'null':
      return { kind: 'scalar', span, value: n.value as number | boolean | null, style: 'plain' };
    default:
      return { kind: 'unknown', span, reason: `unsupported JSON node ${n.type}` };
  }
}

export function detectJsonIndent(text: string): { size: number; tabs: boolean } {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return { size: 2, tabs: false };
  if (m[1].startsWith('\t')) return { size: 1, tabs: true };
  return { size: Math.min(8, m[1].length), tabs: false };
}

export function parseCfnJson(file: SourceFile): CfnTemplate {
  const errors: ParseError[] = [];
  let tree: ReturnType<typeof parseTree>;
  try {
    tree = parseTree(file.text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (err) {
    // jsonc-parser recurses per nesting level: thousands of levels overflow the stack.
    if (!(err instanceof RangeError)) throw err;
    const tooDeep: ParseIssue = { message: 'JSON: the document nests too deeply to read (thousands of levels)', span: { start: 0, end: Math.min(1, file.text.length) } };
    return buildTemplate(file, 'json', undefined, [tooDeep], false, detectJsonIndent(file.text));
  }
  const issues: ParseIssue[] = errors.map((e) => ({
    message: `JSON: ${printParseErrorCode(e.error)}`,
    // An error at the end of the text (a truncated file) must not point past it.
    span: { start: Math.min(e.offset, file.text.length), end: Math.min(file.text.length, e.offset + Math.max(1, e.length)) },
  }));
  const root = tree ? convert(tree, 0) : undefined;
  return buildTemplate(file, 'json', root?.kind === 'object' ? root : undefined, issues, false, detectJsonIndent(file.text));
}
