/**
 * Python → CodeDocument: CDK apps (aws_cdk v2, v1, alpha modules) and boto3 calls, read with tree-sitter (no Python
 * is run). `parsePython` is synchronous once `ensurePythonParser()` (loader.ts) has resolved; before that it
 * returns undefined and the caller reports nothing for the file.
 */
import { CodeDocument, CodeImport, CodeStyle } from '../../model/code';
import { ParseIssue, SourceFile } from '../../model/types';
import { Boto3Extractor } from '../sdk-py/boto3';
import { PythonAnalysis, normaliseCdkModule } from './analysis';
import { ensurePythonParser, parsePythonTree } from './loader';
import { registerRenderer } from '../code-fixer/cdk-fixer';
import { pyRenderer } from './render';
import { PyNode, copyTree, field, namedChildren, walk } from './syntax';

export { ensurePythonParser, isPythonParserReady, pythonParserError } from './loader';

const MAX_RECOVERED_ERRORS = 20;
/** Python packages of the AWS SDK, including async wrappers and the boto3 type stubs (`mypy_boto3_s3`). */
const SDK_PACKAGES = /^(boto3|botocore|aioboto3|aiobotocore|mypy_boto3_\w+|types_aiobotocore_\w+)$/;
const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

registerRenderer(pyRenderer);

/**
 * Parses a Python file into the shared code model. Undefined while the parser is not loaded: the first call starts
 * loading it in the background (adapters that must not miss findings await `ensurePythonParser()` first).
 * Never throws on bad input.
 */
export function parsePython(file: SourceFile): CodeDocument | undefined {
  const tree = parsePythonTree(file.text);
  if (!tree) {
    void ensurePythonParser();
    return undefined;
  }
  let root: PyNode;
  try {
    root = copyTree(tree);
  } finally {
    tree.delete();
  }
  return buildDocument(file, root);
}

export function buildDocument(file: SourceFile, root: PyNode): CodeDocument {
  const a = new PythonAnalysis(file.text, root);
  a.collectConstructs();
  const boto3 = new Boto3Extractor(a);
  // Files that import neither boto3/botocore nor... anything still get scanned: receivers passed in as parameters
  // (`def handler(s3_client)`) are common in SDK code.
  boto3.run();
  const doc: CodeDocument = {
    kind: 'code',
    language: 'python',
    file,
    imports: codeImports(a),
    constructs: a.constructs,
    clients: boto3.clients,
    apiCalls: boto3.apiCalls,
    parseErrors: [],
    style: styleOf(a),
    importInsertAt: importInsertAt(a),
  };
  if (root.broken) doc.recoveredErrors = recoveredErrors(root, file.text);
  return doc;
}

function codeImports(a: PythonAnalysis): CodeImport[] {
  const out: CodeImport[] = [];
  for (const i of a.importStatements) {
    const span = a.span(i.node);
    const [top, second] = i.path;
    if (top === 'aws_cdk') {
      if (second && /^[a-z]/.test(second)) {
        const { module, library } = normaliseCdkModule(second, a.v1);
        // `from aws_cdk import aws_s3 as s3` / `import aws_cdk.aws_s3 as s3` bind the module; longer paths a member.
        const imported = i.path.length > 2 ? i.path.slice(2).join('.') : undefined;
        out.push({ module, library, local: i.local, imported, span });
      } else {
        const imported = i.path.length > 1 ? i.path.slice(1).join('.') : undefined;
        out.push({ module: 'core', library: a.v1 ? 'cdk-v1' : 'aws-cdk-lib', local: i.local, imported, span });
      }
    } else if (SDK_PACKAGES.test(top)) {
      const imported = i.path.length > i.moduleLength ? i.path.slice(i.moduleLength).join('.') : undefined;
      out.push({ module: i.path.slice(0, i.moduleLength).join('.'), local: i.local, imported, span });
    }
  }
  return out;
}

function styleOf(a: PythonAnalysis): CodeStyle {
  const src = a.src;
  let single = 0;
  let double = 0;
  let indent: { size: number; tabs: boolean } | undefined;
  walk(a.root, (n) => {
    if (n.type === 'string_start') {
      const t = src.slice(n.start, n.end);
      if (t.endsWith('"""') || t.endsWith("'''")) return; // docstrings follow their own convention
      if (t.endsWith("'")) single++;
      else if (t.endsWith('"')) double++;
    } else if (!indent && n.type === 'block' && n.parent) {
      const inner = lineIndent(src, n.start);
      const outer = lineIndent(src, n.parent.start);
      if (inner !== undefined && outer !== undefined && inner.length > outer.length && inner.startsWith(outer)) {
        const unit = inner.slice(outer.length);
        indent = unit.includes('\t') ? { size: 1, tabs: true } : { size: unit.length, tabs: false };
      }
    }
  });
  const eolAt = src.indexOf('\n');
  return {
    quote: single > double ? "'" : '"',
    semicolons: false,
    indent: indent ?? { size: 4, tabs: false },
    eol: eolAt > 0 && src.charCodeAt(eolAt - 1) === 13 ? '\r\n' : '\n',
  };
}

/** The whitespace before the first character of the line holding `offset`, if only whitespace precedes it. */
function lineIndent(src: string, offset: number): string | undefined {
  const lineStart = src.lastIndexOf('\n', offset - 1) + 1;
  const before = src.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** After the last import of the file's leading import block (after the module docstring when there is none). */
function importInsertAt(a: PythonAnalysis): number {
  let at = 0;
  const statements = namedChildren(a.root);
  for (const [i, st] of statements.entries()) {
    if (IMPORT_TYPES.has(st.type)) at = st.end;
    else if (i === 0 && st.type === 'expression_statement' && namedChildren(st)[0]?.type === 'string') at = st.end;
    else if (isGuardedImport(st)) at = st.end;
    else if (at > 0 || i > 0) break;
  }
  return at;
}

/** `try: import x except ImportError: ...` and `if TYPE_CHECKING:` blocks of imports belong to the import block. */
function isGuardedImport(st: PyNode): boolean {
  if (st.type !== 'try_statement' && st.type !== 'if_statement') return false;
  const body = field(st, 'body') ?? field(st, 'consequence');
  return !!body && namedChildren(body).length > 0 && namedChildren(body).every((c) => IMPORT_TYPES.has(c.type));
}

function recoveredErrors(root: PyNode, src: string): ParseIssue[] {
  const out: ParseIssue[] = [];
  walk(root, (n) => {
    if (out.length >= MAX_RECOVERED_ERRORS) return false;
    if (!n.broken) return false;
    if (n.type === 'ERROR') {
      out.push({ message: `Python syntax error near '${src.slice(n.start, Math.min(n.end, n.start + 30)).split('\n')[0]}'`, span: { start: n.start, end: n.end } });
      return false;
    }
    if (n.end === n.start && n.children.length === 0) {
      out.push({ message: `Python syntax error: missing '${n.type}'`, span: { start: n.start, end: n.end } });
    }
    return true;
  });
  return out;
}
