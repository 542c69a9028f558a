import { TextEdit, ValueNode } from './types';

/** A JSON-like value to write; intrinsics are written in long form (`{Ref: X}`) and rendered per file. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type JsonPath = (string | number)[];

/** Builds minimal text edits in the syntax of one document. Every edit is computed against the current text. */
export interface Fixer {
  /** Adds or replaces the value at `path` (from the template root), creating missing parents. */
  set(path: JsonPath, value: JsonValue): TextEdit[];
  /** Replaces one node with a value. */
  replace(node: ValueNode, value: JsonValue): TextEdit[];
  /** Appends an item to the array at `path`, creating the array when missing. */
  append(path: JsonPath, value: JsonValue): TextEdit[];
  /** Removes the entry at `path`. */
  remove(path: JsonPath): TextEdit[];
  /** Adds a resource at the end of the Resources section. */
  addResource(logicalId: string, body: JsonValue): TextEdit[];
}

export const ref = (logicalId: string): JsonValue => ({ Ref: logicalId });
export const getAtt = (logicalId: string, attr: string): JsonValue => ({ 'Fn::GetAtt': [logicalId, attr] });
export const sub = (s: string): JsonValue => ({ 'Fn::Sub': s });

/**
 * An edit a Fixer returns when the requested change cannot be written in its syntax (e.g. a CloudFormation property
 * with no CDK equivalent). Its span is invalid on purpose: the engine drops any fix that contains it.
 */
export const UNFIXABLE_EDIT: TextEdit = Object.freeze({ span: Object.freeze({ start: -1, end: -1 }), newText: '' }) as TextEdit;

export function isFixable(edits: TextEdit[]): boolean {
  return edits.length > 0 && edits.every((e) => e.span.start >= 0);
}
