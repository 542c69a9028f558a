/**
 * A plain JavaScript copy of the tree-sitter syntax tree. Every property read on a web-tree-sitter node crosses into
 * WebAssembly; copying the tree once with a cursor and then working on plain objects is several times faster and
 * lets the wasm tree be freed at once.
 */
import type { Tree } from 'web-tree-sitter';

export interface PyNode {
  type: string;
  /** UTF-16 offsets, as everywhere in the model. */
  start: number;
  end: number;
  named: boolean;
  /** The grammar field this node fills in its parent (`function`, `arguments`, `left`...). */
  field: string | null;
  /** The node or one of its descendants is an ERROR node or a MISSING token inserted by error recovery. */
  broken: boolean;
  children: PyNode[];
  parent?: PyNode;
}

export function copyTree(tree: Tree): PyNode {
  // Each cursor property read crosses into wasm: ask about MISSING tokens only when the tree has errors at all.
  const mayHaveErrors = tree.rootNode.hasError;
  const cursor = tree.walk();
  const root: PyNode = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, named: true, field: null, broken: false, children: [] };
  const stack: PyNode[] = [root];
  // Depth-first walk; `stack` mirrors the cursor's ancestors.
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const parent = stack[stack.length - 1];
      const type = cursor.nodeType;
      const missing = mayHaveErrors && cursor.nodeIsMissing;
      const node: PyNode = {
        type,
        start: cursor.startIndex,
        end: cursor.endIndex,
        named: cursor.nodeIsNamed,
        field: cursor.currentFieldName,
        broken: missing || type === 'ERROR',
        children: [],
        parent,
      };
      parent.children.push(node);
      if (node.broken) for (let a: PyNode | undefined = parent; a && !a.broken; a = a.parent) a.broken = true;
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) break;
        stack.pop();
        if (stack.length === 0) break;
      }
      if (stack.length === 0 || cursor.currentDepth === 0) break;
    }
  }
  cursor.delete();
  return root;
}

/** The child filling a grammar field. */
export function field(node: PyNode, name: string): PyNode | undefined {
  return node.children.find((c) => c.field === name);
}

export function fields(node: PyNode, name: string): PyNode[] {
  return node.children.filter((c) => c.field === name);
}

/** Named children, without comments. */
export function namedChildren(node: PyNode): PyNode[] {
  return node.children.filter((c) => c.named && c.type !== 'comment');
}

export function text(src: string, node: PyNode): string {
  return src.slice(node.start, node.end);
}

/** Visits every node in document order; return false from `visit` to skip a node's children. */
export function walk(node: PyNode, visit: (n: PyNode) => boolean | void): void {
  const stack: PyNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}
