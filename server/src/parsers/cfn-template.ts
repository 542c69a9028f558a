import {
  CfnFormat, CfnTemplate, Entry, ObjectNode, Parameter, ParseIssue, Resource, SourceFile, ValueNode,
} from '../model/types';

export function entryOf(obj: ObjectNode | undefined, key: string): Entry | undefined {
  if (!obj) return undefined;
  for (const e of obj.entries) if (e.key === key) return e;
  return undefined;
}

export function detectEol(text: string): '\n' | '\r\n' {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** Turns a parsed root mapping into the template model (sections, parameters, resources). */
export function buildTemplate(
  file: SourceFile,
  format: CfnFormat,
  root: ObjectNode | undefined,
  parseErrors: ParseIssue[],
  usesShortForm: boolean,
  indent: { size: number; tabs: boolean },
): CfnTemplate {
  const tpl: CfnTemplate = {
    kind: 'cfn', format, file, root, sections: new Map(), parameters: new Map(), conditions: new Map(),
    resources: [], resourceById: new Map(), parseErrors, usesShortForm, indent, eol: detectEol(file.text),
  };
  if (!root) return tpl;
  for (const e of root.entries) tpl.sections.set(e.key, e);
  const params = tpl.sections.get('Parameters')?.value;
  if (params?.kind === 'object') {
    for (const p of params.entries) {
      const body = p.value.kind === 'object' ? p.value : undefined;
      const type = entryOf(body, 'Type')?.value;
      const allowed = entryOf(body, 'AllowedValues')?.value;
      const param: Parameter = {
        name: p.key,
        span: p.keySpan,
        type: type?.kind === 'scalar' ? String(type.value) : undefined,
        default: entryOf(body, 'Default')?.value,
        allowedValues: allowed?.kind === 'array' ? allowed.items : undefined,
      };
      tpl.parameters.set(p.key, param);
    }
  }
  const conditions = tpl.sections.get('Conditions')?.value;
  if (conditions?.kind === 'object') for (const c of conditions.entries) tpl.conditions.set(c.key, c.value);
  const mappings = tpl.sections.get('Mappings')?.value;
  if (mappings?.kind === 'object') tpl.mappings = mappings;
  const metadata = tpl.sections.get('Metadata')?.value;
  if (metadata?.kind === 'object') tpl.metadata = metadata;
  const resources = tpl.sections.get('Resources')?.value;
  if (resources?.kind === 'object') {
    for (const r of resources.entries) {
      const res = toResource(r);
      if (!res) continue;
      tpl.resources.push(res);
      if (!tpl.resourceById.has(res.logicalId)) tpl.resourceById.set(res.logicalId, res);
    }
  }
  return tpl;
}

function toResource(e: Entry): Resource | undefined {
  if (e.value.kind !== 'object') return undefined;
  const body = e.value;
  const typeEntry = entryOf(body, 'Type');
  const typeNode = typeEntry?.value;
  if (!typeEntry || typeNode?.kind !== 'scalar' || typeof typeNode.value !== 'string') return undefined;
  const props = entryOf(body, 'Properties')?.value;
  const cond = entryOf(body, 'Condition')?.value;
  const meta = entryOf(body, 'Metadata')?.value;
  return {
    logicalId: e.key,
    logicalIdSpan: e.keySpan,
    type: typeNode.value,
    typeSpan: typeNode.span,
    span: { start: e.keySpan.start, end: body.span.end },
    body,
    properties: props?.kind === 'object' ? props : undefined,
    condition: cond?.kind === 'scalar' && typeof cond.value === 'string' ? cond.value : undefined,
    metadata: meta?.kind === 'object' ? meta : undefined,
    origin: 'cfn',
  };
}

/** Shallow structural test: is this parsed document a CloudFormation/SAM template? */
export function looksLikeTemplate(root: ValueNode | undefined): boolean {
  if (!root || root.kind !== 'object') return false;
  if (entryOf(root, 'AWSTemplateFormatVersion')) return true;
  const res = entryOf(root, 'Resources')?.value;
  if (res?.kind !== 'object') return false;
  for (const r of res.entries) {
    if (r.value.kind !== 'object') continue;
    const t = entryOf(r.value, 'Type')?.value;
    if (t?.kind === 'scalar' && typeof t.value === 'string' && /^(AWS|Alexa)::/.test(t.value)) return true;
  }
  return false;
}
