/**
 * The Fixer of a CDK app: rules write fixes as CloudFormation edits on the synthesised template; this turns them into
 * edits of construct props. L1 constructs map paths 1:1 (CloudFormation names → CDK prop names); L2 constructs go
 * through a per-construct table (e.g. BucketEncryption SSE-S3 → `encryption: s3.BucketEncryption.S3_MANAGED`).
 * A CloudFormation edit with no code equivalent yields no edits, so the rule's fix is simply not offered.
 */
import { CodeLanguage, CodeObject, CodeValue, ConstructCall } from '../../model/code';
import { Fixer, JsonPath, JsonValue, UNFIXABLE_EDIT } from '../../model/fixer';
import { CfnTemplate, Resource, TextEdit, ValueNode } from '../../model/types';
import { cdkName, L2_TYPES, ResourceOrigin, Synthesis, synthesisOf } from '../cdk/synth';
import { jsRenderer, tsRenderer } from '../cdk-ts/render';
import { CodeEditor } from './editor';
import { CodeExpr, CodeRenderer } from './render';

const RENDERERS = new Map<CodeLanguage, CodeRenderer>([['typescript', tsRenderer], ['javascript', jsRenderer]]);

/** Plugs in a language's renderer (the Python parser registers its own). */
export function registerRenderer(r: CodeRenderer): void {
  RENDERERS.set(r.language, r);
}

export function rendererFor(language: CodeLanguage): CodeRenderer | undefined {
  return RENDERERS.get(language);
}

type PropOp = { key: string; value?: CodeExpr };

/**
 * Returned for a CloudFormation edit that has no equivalent in the code: an edit no text can take (negative offsets).
 * The engine drops every fix that holds one (see UNFIXABLE_EDIT in model/fixer.ts), so a rule's fix is offered whole
 * or not at all.
 */
const UNFIXABLE: TextEdit[] = [UNFIXABLE_EDIT];

export class CdkFixer implements Fixer {
  private readonly s: Synthesis | undefined;
  private readonly editor: CodeEditor | undefined;

  constructor(private readonly tpl: CfnTemplate) {
    this.s = synthesisOf(tpl);
    const r = tpl.code && rendererFor(tpl.code.language);
    this.editor = r && tpl.code ? new CodeEditor(tpl.code, r) : undefined;
  }

  private target(path: JsonPath): { r: Resource; o: ResourceOrigin; rest: JsonPath } | undefined {
    if (path[0] !== 'Resources' || typeof path[1] !== 'string' || path[2] !== 'Properties') return undefined;
    const r = this.tpl.resourceById.get(path[1]);
    const o = r && this.s?.origins.get(r);
    return r && o ? { r, o, rest: path.slice(3) } : undefined;
  }

  set(path: JsonPath, value: JsonValue): TextEdit[] {
    return this.edit(path, value, 'set');
  }

  replace(node: ValueNode, value: JsonValue): TextEdit[] {
    const at = this.s?.nodePaths.get(node);
    if (!at) return UNFIXABLE;
    return this.edit(['Resources', at.resource.logicalId, 'Properties', ...at.path], value, 'set');
  }

  append(path: JsonPath, value: JsonValue): TextEdit[] {
    return this.edit(path, value, 'append');
  }

  remove(path: JsonPath): TextEdit[] {
    return this.edit(path, null, 'remove');
  }

  addResource(_logicalId: string, body: JsonValue): TextEdit[] {
    // A new KMS key: L2 constructs create their own (a reference to it then fails to translate, spoiling L1 fixes).
    if (isObj(body) && body.Type === 'AWS::KMS::Key') return [];
    // A bucket policy that only denies insecure transport is `enforceSSL: true` on an L2 bucket.
    if (!isObj(body) || body.Type !== 'AWS::S3::BucketPolicy' || !isObj(body.Properties)) return UNFIXABLE;
    const ref = body.Properties.Bucket;
    const id = isObj(ref) && typeof ref.Ref === 'string' ? ref.Ref : undefined;
    const r = id ? this.tpl.resourceById.get(id) : undefined;
    const o = r && this.s?.origins.get(r);
    if (!o || o.l1 || L2_TYPES[key(o.construct)] !== 'bucket') return UNFIXABLE;
    const edits = this.applyOps(o.construct, [{ key: 'enforceSSL', value: { kind: 'boolean', value: true } }]);
    return edits.length ? this.editor!.eol(edits) : UNFIXABLE;
  }

  private edit(path: JsonPath, value: JsonValue, op: 'set' | 'append' | 'remove'): TextEdit[] {
    if (!this.editor) return UNFIXABLE;
    const t = this.target(path);
    if (!t) return UNFIXABLE;
    try {
      let edits: TextEdit[];
      if (t.o.l1) edits = this.editL1(t.o.construct, t.rest, value, op);
      else if (op === 'append') edits = [];
      else {
        const ops = this.translateL2(t.o, t.rest, op === 'remove' ? undefined : value);
        edits = ops ? this.applyOps(t.o.implicitKeyOf ?? t.o.construct, ops) : [];
      }
      // A CloudFormation edit with no code equivalent spoils the whole fix: never offer half of it.
      return edits.length ? this.editor.eol(edits) : UNFIXABLE;
    } catch {
      return UNFIXABLE;
    }
  }

  // ---- L1 ------------------------------------------------------------------------------------------------------

  private editL1(c: ConstructCall, rest: JsonPath, value: JsonValue, op: 'set' | 'append' | 'remove'): TextEdit[] {
    const ed = this.editor!;
    const edits: TextEdit[] = [];
    const toExpr = (v: JsonValue) => this.jsonToExpr(c, v, edits);
    if (!c.props) {
      if (op === 'remove' || !rest.length || typeof rest[0] !== 'string') return [];
      const v = toExpr(nest(rest.slice(1), op === 'append' ? [value] : value, c.module));
      return v ? [...ed.addPropsArgument(c.argsEnd, true, [{ key: cdkName(c.module, rest[0]), value: v }]), ...edits] : [];
    }
    let cur: CodeValue = c.props;
    for (let i = 0; i < rest.length; i++) {
      const seg = rest[i];
      const last = i === rest.length - 1;
      if (typeof seg === 'number') {
        if (cur.kind !== 'array' || !cur.items[seg]) return [];
        if (last && op === 'set') {
          const v = toExpr(value);
          return v ? [...ed.replaceValue(cur.items[seg], v), ...edits] : [];
        }
        cur = cur.items[seg];
        continue;
      }
      if (cur.kind !== 'object' || cur.open) return [];
      const name = cdkName(c.module, seg);
      const obj: CodeObject = cur;
      const e = ed.findEntry(obj, name);
      if (!e) {
        if (op === 'remove') return [];
        const v = toExpr(nest(rest.slice(i + 1), op === 'append' ? [value] : value, c.module));
        return v ? [...ed.insertEntry(obj, name, v), ...edits] : [];
      }
      if (last) {
        if (op === 'remove') return ed.removeEntry(obj, name);
        if (op === 'append') {
          if (e.value.kind !== 'array') return [];
          const v = toExpr(value);
          if (!v) return [];
          const items = e.value.items;
          const text = ed.render(v, e.keySpan.start, 'cdk');
          const at = items.length ? items[items.length - 1].span.end : e.value.span.start + 1;
          return [{ span: { start: at, end: at }, newText: items.length ? `, ${text}` : text }, ...edits];
        }
        const v = toExpr(value);
        return v ? [...ed.replaceValue(e.value, v), ...edits] : [];
      }
      cur = e.value;
    }
    return [];
  }

  /** JSON (CloudFormation names, intrinsics) → code: keys in CDK spelling, Ref/GetAtt to constructs of the file. */
  private jsonToExpr(c: ConstructCall, v: JsonValue, edits: TextEdit[]): CodeExpr | undefined {
    if (v === null) return { kind: 'null' };
    if (typeof v === 'string') return { kind: 'string', value: v };
    if (typeof v === 'number') return { kind: 'number', value: v };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v };
    if (Array.isArray(v)) {
      const items = v.map((x) => this.jsonToExpr(c, x, edits));
      return items.every(Boolean) ? { kind: 'array', items: items as CodeExpr[] } : undefined;
    }
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Fn::GetAtt')) return this.referenceExpr(v);
    if (keys.some((k) => k.startsWith('Fn::'))) return undefined;
    const entries: { key: string; value: CodeExpr }[] = [];
    for (const k of keys) {
      const x = this.jsonToExpr(c, v[k], edits);
      if (!x) return undefined;
      entries.push({ key: /^[A-Z][A-Za-z0-9]*$/.test(k) ? cdkName(c.module, k) : k, value: x });
    }
    return { kind: 'object', entries };
  }

  /** `{Ref: Key}` / `{Fn::GetAtt: [Key, Arn]}` for a construct held in a variable: `key.keyArn` / `key.keyId`. */
  private referenceExpr(v: { [k: string]: JsonValue }): CodeExpr | undefined {
    const id = typeof v.Ref === 'string' ? v.Ref : Array.isArray(v['Fn::GetAtt']) ? v['Fn::GetAtt'][0] : undefined;
    const r = typeof id === 'string' ? this.tpl.resourceById.get(id) : undefined;
    const o = r && this.s?.origins.get(r);
    if (!o || o.implicitKeyOf || !o.construct.variable) return undefined;
    const variable = this.variableExpr(o.construct);
    if (r!.type === 'AWS::KMS::Key') return { kind: 'raw', text: `${variable}.${v.Ref ? 'keyId' : 'keyArn'}` };
    if (o.l1) return { kind: 'raw', text: v.Ref ? `${variable}.ref` : `${variable}.attrArn` };
    return undefined;
  }

  private variableExpr(c: ConstructCall): string {
    const decl = new RegExp(`\\b(const|let|var)\\s+${c.variable}\\b`).test(this.tpl.file.text);
    const self = this.tpl.code?.language === 'python' ? 'self' : 'this';
    return decl ? c.variable! : `${self}.${c.variable}`;
  }

  // ---- L2 ------------------------------------------------------------------------------------------------------

  private member(c: ConstructCall, edits: TextEdit[], ...path: string[]): CodeExpr {
    const q = this.editor!.qualifierFor(c.module, c.library, path[0], edits);
    return { kind: 'member', qualifier: q, path };
  }

  /** CloudFormation edit on an L2 construct → prop operations, or undefined when there is no code equivalent. */
  private translateL2(o: ResourceOrigin, rest: JsonPath, value: JsonValue | undefined): PropOp[] | undefined {
    const c = o.construct;
    const pending: TextEdit[] = [];
    const p = rest.join('.');
    const ops = ((): PropOp[] | undefined => {
      if (o.implicitKeyOf) {
        if (p !== 'EnableKeyRotation' || value !== true) return undefined;
        const owner = o.implicitKeyOf;
        const kmsQ = this.editor!.qualifierFor('aws-kms', owner.library === 'alpha' ? 'aws-cdk-lib' : owner.library, 'Key', pending);
        const id = `${owner.id ?? owner.variable ?? 'Encryption'}Key`.replace(/[^A-Za-z0-9]/g, '');
        const newKey: CodeExpr = { kind: 'construct', qualifier: kmsQ, className: 'Key', id, props: [{ key: 'enableKeyRotation', value: { kind: 'boolean', value: true } }] };
        if (L2_TYPES[key(owner)] === 'delivery-stream') {
          const q = this.editor!.qualifierFor(owner.module, owner.library, 'StreamEncryption', pending);
          return [{ key: 'encryption', value: { kind: 'call', qualifier: q, path: ['StreamEncryption', 'customerManagedKey'], args: [newKey] } }];
        }
        return [{ key: 'encryptionKey', value: newKey }];
      }
      switch (L2_TYPES[key(c)]) {
        case 'bucket': return this.bucketOps(c, rest, value, pending);
        case 'stream':
          if ((p === 'StreamEncryption' && isObj(value) && value.EncryptionType === 'KMS') || (p === 'StreamEncryption.EncryptionType' && value === 'KMS')) {
            return [{ key: 'encryption', value: this.member(c, pending, 'StreamEncryption', 'MANAGED') }];
          }
          return undefined;
        case 'key':
          if (p === 'EnableKeyRotation') return [{ key: 'enableKeyRotation', value: value === undefined ? undefined : { kind: 'boolean', value: value === true } }];
          return undefined;
        case 'db-instance': case 'db-cluster':
          if (p === 'StorageEncrypted' && typeof value === 'boolean') return [{ key: 'storageEncrypted', value: { kind: 'boolean', value } }];
          return undefined;
        case 'redshift-cluster':
          if (p === 'Encrypted' && typeof value === 'boolean') return [{ key: 'encrypted', value: { kind: 'boolean', value } }];
          return undefined;
        case 'delivery-stream':
          if (p === 'DeliveryStreamEncryptionConfigurationInput' && value === undefined) return [{ key: 'encryption' }];
          if (p === 'DeliveryStreamEncryptionConfigurationInput' && isObj(value) && value.KeyType === 'AWS_OWNED_CMK') {
            const q = this.editor!.qualifierFor(c.module, c.library, 'StreamEncryption', pending);
            return [{ key: 'encryption', value: { kind: 'call', qualifier: q, path: ['StreamEncryption', 'awsOwnedKey'], args: [] } }];
          }
          return undefined;
        default:
          return undefined;
      }
    })();
    if (!ops) return undefined;
    this.pendingImports.push(...pending);
    return ops;
  }

  private pendingImports: TextEdit[] = [];

  private bucketOps(c: ConstructCall, rest: JsonPath, value: JsonValue | undefined, pending: TextEdit[]): PropOp[] | undefined {
    const last = rest[rest.length - 1];
    const enc = (algorithm: unknown): CodeExpr | undefined => {
      const m = algorithm === 'AES256' ? 'S3_MANAGED' : algorithm === 'aws:kms' ? 'KMS' : algorithm === 'aws:kms:dsse' ? 'DSSE' : undefined;
      return m ? this.member(c, pending, 'BucketEncryption', m) : undefined;
    };
    if (rest.length === 1 && last === 'BucketEncryption' && isObj(value)) {
      const rule = Array.isArray(value.ServerSideEncryptionConfiguration) ? value.ServerSideEncryptionConfiguration[0] : undefined;
      if (!isObj(rule) || !isObj(rule.ServerSideEncryptionByDefault)) return undefined;
      const e = enc(rule.ServerSideEncryptionByDefault.SSEAlgorithm);
      if (!e) return undefined;
      const ops: PropOp[] = [{ key: 'encryption', value: e }];
      const keyArn = rule.ServerSideEncryptionByDefault.KMSMasterKeyID;
      if (keyArn !== undefined) {
        const k = isObj(keyArn) ? this.referenceKeyVariable(keyArn) : undefined;
        if (k) ops.push({ key: 'encryptionKey', value: { kind: 'raw', text: k } });
      }
      if (rule.BucketKeyEnabled === true) ops.push({ key: 'bucketKeyEnabled', value: { kind: 'boolean', value: true } });
      return ops;
    }
    if (last === 'SSEAlgorithm' && value !== undefined) {
      const e = enc(value);
      return e ? [{ key: 'encryption', value: e }] : undefined;
    }
    if (last === 'BucketKeyEnabled') return [{ key: 'bucketKeyEnabled', value: typeof value === 'boolean' ? { kind: 'boolean', value } : undefined }];
    if (last === 'KMSMasterKeyID' && value === undefined) return [{ key: 'encryptionKey' }];
    if (rest.includes('BlockedEncryptionTypes') && Array.isArray(value ?? null) || (last === 'EncryptionType' && Array.isArray(value))) {
      const items = (value as JsonValue[]).map((x) => this.member(c, pending, 'BlockedEncryptionType', x === 'SSE-C' ? 'SSE_C' : String(x)));
      return [{ key: 'blockedEncryptionTypes', value: { kind: 'array', items } }];
    }
    if (rest.includes('BlockedEncryptionTypes') && value === undefined) return [{ key: 'blockedEncryptionTypes' }];
    return undefined;
  }

  private referenceKeyVariable(v: { [k: string]: JsonValue }): string | undefined {
    const e = this.referenceExpr(v);
    return e?.kind === 'raw' ? e.text.replace(/\.(keyArn|keyId)$/, '') : undefined;
  }

  private applyOps(c: ConstructCall, ops: PropOp[]): TextEdit[] {
    const ed = this.editor!;
    const edits: TextEdit[] = [...this.pendingImports];
    this.pendingImports = [];
    const sets = ops.filter((x) => x.value);
    if (!c.props) {
      if (!sets.length) return [];
      return [...ed.addPropsArgument(c.argsEnd, true, sets as { key: string; value: CodeExpr }[]), ...edits];
    }
    const obj = c.props;
    const inserted: { key: string; value: CodeExpr }[] = [];
    for (const op of ops) {
      if (!op.value) edits.push(...ed.removeEntry(obj, op.key));
      else if (ed.findEntry(obj, op.key)) edits.push(...ed.setEntry(obj, op.key, op.value));
      else inserted.push({ key: op.key, value: op.value });
    }
    if (inserted.length) {
      // Several new entries at one place: one edit, in order.
      const added = ed.insertEntries(obj, inserted);
      if (!added.length) return [];
      edits.push(...added);
    }
    return edits;
  }
}

function isObj(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function key(c: ConstructCall): string {
  return `${c.module}.${c.className}`;
}

/** A value at a path below a missing key: `['A', 'B'], v` → `{A: {B: v}}` (arrays for numeric segments). */
function nest(path: JsonPath, value: JsonValue, _module: string): JsonValue {
  let v = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    v = typeof seg === 'number' ? [v] : { [seg]: v };
  }
  return v;
}

export function cdkFixerFor(tpl: CfnTemplate): Fixer {
  return new CdkFixer(tpl);
}
