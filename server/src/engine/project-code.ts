/**
 * What a code document adds to the project index beyond its synthesised CloudFormation view (which `indexTemplate`
 * reads like any template: buckets by `bucketName`, keys, streams, L1 resources):
 * - CDK `iam.Role`s with the statements `addToPolicy` / `addToPrincipalPolicy` and the `grant*` calls give them
 *   (a grant on a key, stream or bucket also grants the KMS actions CDK adds, so permission rules see them);
 * - role references the synthesis leaves unknown (`roleArn: role.roleArn` in an L1 construct);
 * - CDK details the synthesis leaves out (`storageEncrypted` on a read replica, a key policy written in code);
 * - SDK calls with literal names: objects written with SSE-C, Athena queries and Glue tables over a bucket, DB
 *   instances and read replicas, streams and their keys, keys handed to services.
 * Only what is written literally (or as a reference to a construct of the file) is indexed; anything else is unknown,
 * and unknown statements make permission verdicts unknown (never reported).
 */
import { ApiCall, CodeDocument, CodeObject, CodeValue, ConstructCall } from '../model/code';
import { DocumentEntries, EntityRef, IndexedRole, IndexedStatement } from '../model/project';
import { CfnTemplate, Span } from '../model/types';
import { synthesisOf } from '../parsers/cdk/synth';
import { normalizeName, RefKind } from './project';

// ---------------------------------------------------------------------------------------------------------------
// Reading code values

/** An entry of props/params by name: camelCase props also match Python's snake_case keyword arguments. */
function entryOf(o: CodeObject | undefined, name: string) {
  if (!o) return undefined;
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return o.entries.find((e) => e.key === name || e.key === snake);
}

function valueAt(o: CodeObject | undefined, ...path: string[]): CodeValue | undefined {
  let cur: CodeValue | undefined = o;
  for (const k of path) {
    if (cur?.kind !== 'object') return undefined;
    cur = entryOf(cur, k)?.value;
  }
  return cur;
}

function literal(v: CodeValue | undefined): string | undefined {
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
}

function flag(v: CodeValue | undefined): boolean | undefined {
  return v?.kind === 'scalar' && typeof v.value === 'boolean' ? v.value : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Scanning call arguments in the text (CDK method calls are not part of the CodeDocument)

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Longest call argument list read: longer ones are unknown (and hostile input stays linear). */
const MAX_GROUP = 5_000;

/**
 * Bracket structure of code whose strings and comments are masked: for each opening bracket, the offset after its
 * match (-1 when unbalanced), computed once in one pass.
 */
class Brackets {
  private readonly close: Int32Array;

  constructor(readonly masked: string) {
    this.close = new Int32Array(masked.length).fill(-1);
    const stack: number[] = [];
    for (let i = 0; i < masked.length; i++) {
      const ch = masked[i];
      if (OPEN[ch]) stack.push(i);
      else if (ch === ')' || ch === ']' || ch === '}') {
        const o = stack.pop();
        if (o === undefined) continue;
        if (OPEN[masked[o]] === ch) this.close[o] = i + 1;
        else stack.length = 0; // mismatched: the enclosing groups stay unbalanced
      }
    }
  }

  /** End offset (exclusive) of the group opening at `open`; -1 when unbalanced or too long to read. */
  end(open: number): number {
    const e = this.close[open] ?? -1;
    return e < 0 || e - open > MAX_GROUP ? -1 : e;
  }

  /** Top-level comma-separated parts between `start` and `end`, trimmed, with their offsets into `text`. */
  split(text: string, start: number, end: number): { text: string; start: number }[] {
    const parts: { text: string; start: number }[] = [];
    let from = start;
    for (let i = start; i < end; i++) {
      const ch = this.masked[i];
      if (OPEN[ch]) {
        const e = this.close[i];
        if (e < 0 || e > end) return [];
        i = e - 1;
      } else if (ch === ',') {
        parts.push({ text: text.slice(from, i), start: from });
        from = i + 1;
      }
    }
    if (text.slice(from, end).trim()) parts.push({ text: text.slice(from, end), start: from });
    return parts.map((p) => {
      const lead = p.text.length - p.text.trimStart().length;
      return { text: p.text.trim(), start: p.start + lead };
    });
  }
}

/** A plain string literal (no interpolation). */
function stringLiteral(t: string): string | undefined {
  const m = /^(['"`])((?:[^\\]|\\.)*)\1$/s.exec(t);
  if (!m || (m[1] === '`' && m[2].includes('${'))) return undefined;
  return m[2];
}

/** Masks strings and comments (same length), so that regular expressions over code do not match inside them. */
function maskCode(text: string, python: boolean): string {
  return text.replace(python ? /#[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g : /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g,
    (m) => (m.startsWith('#') || m.startsWith('/') ? ' '.repeat(m.length) : m[0] + ' '.repeat(Math.max(0, m.length - 2)) + m[m.length - 1]));
}

// ---------------------------------------------------------------------------------------------------------------
// CDK: roles, grants, policy statements

interface Entity {
  logicalId: string;
  type: string;
}

const KEY_ENCRYPT = ['kms:encrypt', 'kms:reencrypt*', 'kms:generatedatakey*'];
const KEY_DECRYPT = ['kms:decrypt'];

/** The actions a CDK `grant*` method gives on the resource and on its KMS key (aws-cdk-lib 2.x). */
const GRANTS: Record<string, Record<string, { actions: string[]; keyActions: string[] }>> = {
  'AWS::KMS::Key': {
    grantencryptdecrypt: { actions: [...KEY_DECRYPT, ...KEY_ENCRYPT], keyActions: [] },
    grantdecrypt: { actions: KEY_DECRYPT, keyActions: [] },
    grantencrypt: { actions: KEY_ENCRYPT, keyActions: [] },
  },
  'AWS::Kinesis::Stream': {
    grantread: { actions: ['kinesis:getrecords', 'kinesis:getsharditerator', 'kinesis:describestream', 'kinesis:listshards'], keyActions: KEY_DECRYPT },
    grantwrite: { actions: ['kinesis:putrecord', 'kinesis:putrecords', 'kinesis:listshards'], keyActions: KEY_ENCRYPT },
    grantreadwrite: { actions: ['kinesis:getrecords', 'kinesis:getsharditerator', 'kinesis:describestream', 'kinesis:listshards', 'kinesis:putrecord', 'kinesis:putrecords'], keyActions: [...KEY_DECRYPT, ...KEY_ENCRYPT] },
  },
  'AWS::S3::Bucket': {
    grantread: { actions: ['s3:getobject*', 's3:getbucket*', 's3:list*'], keyActions: [...KEY_DECRYPT, 'kms:describekey'] },
    grantwrite: { actions: ['s3:putobject*', 's3:abort*', 's3:deleteobject*'], keyActions: [...KEY_ENCRYPT, ...KEY_DECRYPT] },
    grantput: { actions: ['s3:putobject*', 's3:abort*'], keyActions: [...KEY_ENCRYPT, ...KEY_DECRYPT] },
    grantreadwrite: { actions: ['s3:getobject*', 's3:getbucket*', 's3:list*', 's3:putobject*', 's3:abort*', 's3:deleteobject*'], keyActions: [...KEY_ENCRYPT, ...KEY_DECRYPT] },
  },
};

/** `grant*` methods that give no data, stream or KMS actions whatever the receiver (Lambda invoke, IAM pass/assume role). */
const GRANTS_WITHOUT_DATA_ACCESS = new Set(['grantinvoke', 'grantinvokeurl', 'grantinvokeversion', 'grantinvokelatestversion', 'grantinvokecompositeprincipal', 'grantpassrole', 'grantassumerole']);

class CodeIndexer {
  private readonly byVariable = new Map<string, Entity>();
  private readonly roles = new Map<string, IndexedRole>();
  private readonly masked: string;
  private readonly brackets: Brackets;

  constructor(readonly code: CodeDocument, readonly tpl: CfnTemplate, readonly out: DocumentEntries) {
    this.masked = maskCode(code.file.text, code.language === 'python');
    this.brackets = new Brackets(this.masked);
  }

  private addName(kind: RefKind, name: string): void {
    const prefix: Partial<Record<RefKind, string>> = { role: 'role', bucket: 'bucket', key: 'key', stream: 'stream', db: 'db' };
    if (prefix[kind]) this.out.names.push(`${prefix[kind]}:${name}`);
  }

  /** A literal as the entity kind expects it (role name from an ARN...), recorded as a name this document uses. */
  private named(kind: RefKind, text: string | undefined): EntityRef {
    if (text === undefined) return { kind: 'unknown' };
    const r = normalizeName(kind, text);
    if (r.kind === 'name') this.addName(kind, r.name);
    return r;
  }

  /** `role`, `this.role`, `self.role.roleArn`: the construct of the file it names. */
  private entityOf(expr: string): { entity: Entity; attr?: string } | undefined {
    const m = /^(?:this\.|self\.)?([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?$/.exec(expr.trim());
    const entity = m ? this.byVariable.get(m[1]) : undefined;
    return entity ? { entity, attr: m![2] } : undefined;
  }

  run(): void {
    const syn = synthesisOf(this.tpl);
    for (const [c, id] of syn?.logicalIds ?? []) {
      const r = this.tpl.resourceById.get(id);
      if (c.variable && r) this.byVariable.set(c.variable, { logicalId: id, type: r.type });
    }
    const used = new Set(this.tpl.resources.map((r) => r.logicalId));
    for (const c of this.code.constructs) {
      if (c.module !== 'aws-iam' || c.className !== 'Role') continue;
      let id = (c.id ?? c.variable ?? 'Role').replace(/[^A-Za-z0-9]/g, '') || 'Role';
      for (let i = 2; used.has(id); i++) id = `${id}${i}`;
      used.add(id);
      const name = literal(entryOf(c.props, 'roleName')?.value);
      if (name !== undefined) this.addName('role', name);
      const role: IndexedRole = {
        uri: this.out.uri, logicalId: id, span: c.calleeSpan, name, statements: [],
        // AWS managed policies may grant anything; inline policy documents of L2 code are not read.
        managedPolicies: entryOf(c.props, 'managedPolicies') ? [{ kind: 'unknown' }] : [],
        unknown: !!c.props?.open || !!entryOf(c.props, 'inlinePolicies'),
      };
      this.out.roles.push(role);
      this.roles.set(id, role);
      if (c.variable) this.byVariable.set(c.variable, { logicalId: id, type: 'AWS::IAM::Role' });
    }
    this.rolesHandedToConstructs();
    // Policies attached in code we do not read (`new iam.Policy(..., {roles, statements})`, `attachToRole`): any role may gain anything.
    if (this.code.constructs.some((c) => c.module === 'aws-iam' && /^(Policy|ManagedPolicy)$/.test(c.className))) for (const r of this.roles.values()) r.unknown = true;
    this.namesLeftOut();
    this.methodCalls();
    this.keyPolicies();
    this.resolveRoleRefs();
    this.readReplicas();
    this.keyUseSpans();
  }

  /** A key held in a variable reads as its `new kms.Key(...)`: point key uses at the prop of the construct using it. */
  private keyUseSpans(): void {
    const syn = synthesisOf(this.tpl);
    const byId = new Map([...(syn?.logicalIds ?? [])].map(([c, id]) => [id, c]));
    for (const use of this.out.keyUses) {
      const c = byId.get(use.logicalId);
      if (!c || (use.span.start >= c.span.start && use.span.end <= c.span.end)) continue;
      const e = ['encryptionKey', 'storageEncryptionKey'].map((k) => entryOf(c.props, k)).find((x) => x);
      if (e) use.span = e.keySpan;
    }
  }

  /**
   * A role handed to another construct (`new lambda.Function(..., { role })`, `new DeliveryStream(..., { role })`)
   * gains what that construct grants, and what is granted to the construct (`stream.grantWrite(fn)`): unknown.
   */
  private rolesHandedToConstructs(): void {
    const roleConstructs = new Map<ConstructCall, IndexedRole>();
    for (const c of this.code.constructs) {
      const e = c.variable ? this.byVariable.get(c.variable) : undefined;
      const role = e && this.roles.get(e.logicalId);
      if (role && c.module === 'aws-iam' && c.className === 'Role') roleConstructs.set(c, role);
    }
    const byName = new Map([...roleConstructs].filter(([c]) => c.variable).map(([c, r]) => [c.variable!, r]));
    const visit = (v: CodeValue | undefined, depth: number): void => {
      if (!v || depth > 20) return;
      if (v.kind === 'new') {
        const r = roleConstructs.get(v.construct);
        if (r) r.unknown = true;
      } else if (v.kind === 'ref' && !v.module) {
        const path = v.path[0] === 'this' || v.path[0] === 'self' ? v.path.slice(1) : v.path;
        const r = path.length === 1 ? byName.get(path[0]) : undefined; // `role.roleArn` is only its ARN
        if (r) r.unknown = true;
      } else if (v.kind === 'object') for (const e of v.entries) visit(e.value, depth + 1);
      else if (v.kind === 'array') for (const x of v.items) visit(x, depth + 1);
      else if (v.kind === 'call') for (const x of v.args) visit(x, depth + 1);
    };
    for (const c of this.code.constructs) if (!roleConstructs.has(c)) visit(c.props, 0);
  }

  private methodCalls(): void {
    const text = this.code.file.text;
    const re = /(?:\b(?:this|self)\.)?\b([A-Za-z_$][\w$]*)\.(grant\w*|add_?[tT]o_?(?:[pP]rincipal_?)?[pP]olicy|attach_?[iI]nline_?[pP]olicy|add_?[mM]anaged_?[pP]olicy)\s*\(/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.masked))) {
      const open = m.index + m[0].length - 1;
      const end = this.brackets.end(open);
      const args = end < 0 ? [] : this.brackets.split(text, open + 1, end - 1);
      const span = { start: m.index, end: end < 0 ? open + 1 : end };
      const method = m[2].replace(/_/g, '').toLowerCase();
      const receiver = this.byVariable.get(m[1]);
      if (method.startsWith('grant')) {
        const grantee = args[0] ? this.entityOf(args[0].text) : undefined;
        const role = grantee && this.roles.get(grantee.entity.logicalId);
        if (!role) continue; // grants to principals that are not roles of the file concern no indexed role
        if (GRANTS_WITHOUT_DATA_ACCESS.has(method)) continue; // invoke / pass-role grants: no data, stream or key actions
        role.statements.push(...this.grantStatements(receiver, method, args.slice(1).map((a) => a.text), span));
        continue;
      }
      const role = receiver && this.roles.get(receiver.logicalId);
      if (!role) continue;
      if (method === 'addmanagedpolicy') role.managedPolicies.push({ kind: 'unknown' });
      else if (method === 'attachinlinepolicy') role.unknown = true;
      else role.statements.push(this.policyStatement(args[0], span));
    }
  }

  private grantStatements(receiver: Entity | undefined, method: string, rest: string[], span: Span): IndexedStatement[] {
    const unknown: IndexedStatement = { effect: 'Allow', actions: ['*'], resources: [{ kind: 'unknown' }], principals: [], unknown: true, span };
    if (!receiver) return [unknown];
    const local: EntityRef = { kind: 'local', logicalId: receiver.logicalId };
    if (method === 'grant') {
      const actions = rest.map(stringLiteral);
      if (!actions.length || actions.some((a) => a === undefined)) return [unknown];
      return [{ effect: 'Allow', actions: actions.map((a) => a!.toLowerCase()), resources: [local], principals: [], unknown: false, span }];
    }
    const g = GRANTS[receiver.type]?.[method];
    if (!g) return [unknown];
    const out: IndexedStatement[] = [{ effect: 'Allow', actions: g.actions, resources: [local], principals: [], unknown: false, span }];
    if (g.keyActions.length) {
      const key = receiver.type === 'AWS::Kinesis::Stream'
        ? this.out.streams.find((s) => s.logicalId === receiver.logicalId)?.key
        : this.out.buckets.find((b) => b.logicalId === receiver.logicalId)?.sseKey;
      if (key) out.push({ effect: 'Allow', actions: g.keyActions, resources: [key], principals: [], unknown: false, span });
    }
    return out;
  }

  /** `new iam.PolicyStatement({ actions: [...], resources: [...] })` written inline; anything else is unknown. */
  private policyStatement(arg: { text: string; start: number } | undefined, span: Span): IndexedStatement {
    const unknown: IndexedStatement = { effect: 'Allow', actions: ['*'], resources: [{ kind: 'unknown' }], principals: [], unknown: true, span };
    if (!arg) return unknown;
    const text = this.code.file.text;
    const m = /^(?:new\s+)?(?:[\w$]+\.)*PolicyStatement\s*\(/.exec(arg.text);
    if (!m) return unknown;
    const open = arg.start + m[0].length - 1;
    const end = this.brackets.end(open);
    if (end < 0) return unknown;
    const masked = this.masked.slice(open + 1, end - 1);
    if (/\b(not_?[aA]ctions|not_?[rR]esources|principals|not_?[pP]rincipals)\b/.test(masked)) return unknown;
    const eff = /\beffect\s*[:=]\s*([\w$.]+)/.exec(masked);
    const effect = !eff ? 'Allow' : /\.ALLOW$/.test(eff[1]) ? 'Allow' : /\.DENY$/.test(eff[1]) ? 'Deny' : undefined;
    if (!effect) return unknown;
    const list = (key: string): string[] | undefined => {
      const k = new RegExp(`\\b${key}\\s*[:=]\\s*\\[`).exec(masked);
      if (!k) return undefined;
      const at = open + 1 + k.index + k[0].length - 1;
      const e = this.brackets.end(at);
      return e < 0 ? undefined : this.brackets.split(text, at + 1, e - 1).map((p) => p.text);
    };
    const actions = list('actions');
    const resources = list('resources');
    if (!actions || !resources) return unknown;
    const acts = actions.map(stringLiteral);
    if (acts.some((a) => a === undefined)) return unknown;
    const res = resources.map((r): EntityRef => {
      const lit = stringLiteral(r);
      if (lit !== undefined) return normalizeName('iam-resource', lit);
      const e = this.entityOf(r);
      return e ? { kind: 'local', logicalId: e.entity.logicalId, attr: e.attr } : { kind: 'unknown' };
    });
    return { effect, actions: acts.map((a) => a!.toLowerCase()), resources: res, principals: [], unknown: false, span: { start: arg.start, end } };
  }

  /** Physical names the synthesis does not carry: stream and DB instance names, key aliases. */
  private namesLeftOut(): void {
    const syn = synthesisOf(this.tpl);
    for (const [c, id] of syn?.logicalIds ?? []) {
      const key = `${c.module}.${c.className}`;
      if (key === 'aws-kinesis.Stream') {
        const name = literal(entryOf(c.props, 'streamName')?.value);
        const s = this.out.streams.find((x) => x.logicalId === id);
        if (s && name !== undefined) {
          s.name = name;
          this.addName('stream', name);
        }
      } else if (key === 'aws-rds.DatabaseInstance' || key === 'aws-rds.DatabaseInstanceReadReplica') {
        const name = literal(entryOf(c.props, 'instanceIdentifier')?.value);
        const db = this.out.dbInstances.find((x) => x.logicalId === id);
        if (db && name !== undefined) {
          db.identifier = name.toLowerCase();
          this.addName('db', db.identifier);
        }
      } else if (key === 'aws-kms.Key') {
        const alias = literal(entryOf(c.props, 'alias')?.value);
        if (alias !== undefined) {
          const name = alias.startsWith('alias/') ? alias : `alias/${alias}`;
          this.out.aliases.push({ uri: this.out.uri, logicalId: `${id}Alias`, span: c.calleeSpan, name, target: { kind: 'local', logicalId: id } });
          this.addName('key', name);
        }
      }
    }
    for (const c of this.code.constructs) {
      // Glue L1 tables are not synthesised (no aws-glue module in the L1 table): their S3 location is what Athena reads.
      if (c.module === 'aws-glue' && c.className === 'CfnTable') {
        const loc = valueAt(c.props, 'tableInput', 'storageDescriptor', 'location');
        const ref = normalizeName('bucket', literal(loc) ?? '');
        if (loc && ref.kind === 'name') {
          this.out.glueTables.push({ uri: this.out.uri, logicalId: c.id ?? c.variable ?? 'Table', span: c.calleeSpan, bucket: ref.name, locationSpan: loc.span });
          this.addName('bucket', ref.name);
        }
      }
    }
    for (const c of this.code.constructs) {
      if (c.module !== 'aws-kms' || c.className !== 'Alias') continue;
      const alias = literal(entryOf(c.props, 'aliasName')?.value);
      const target = entryOf(c.props, 'targetKey')?.value;
      // A const holding the key reads as its `new kms.Key(...)`; an attribute path as a reference.
      const keyId = target?.kind === 'new' ? syn?.logicalIds.get(target.construct) : target?.kind === 'ref' ? this.entityOf(target.path.join('.'))?.entity.logicalId : undefined;
      if (alias === undefined) continue;
      const name = alias.startsWith('alias/') ? alias : `alias/${alias}`;
      this.out.aliases.push({ uri: this.out.uri, logicalId: c.id ?? c.variable ?? 'Alias', span: c.calleeSpan, name, target: keyId ? { kind: 'local', logicalId: keyId } : { kind: 'unknown' } });
      this.addName('key', name);
    }
  }

  /** A key whose policy code sets or extends (`policy`, `admins`, `addToResourcePolicy`) has a policy we cannot read. */
  private keyPolicies(): void {
    const extended = new Set<string>();
    const re = /(?:\b(?:this|self)\.)?\b([A-Za-z_$][\w$]*)\.(addToResourcePolicy|add_to_resource_policy|grantAdmin|grant_admin)\s*\(/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.masked))) extended.add(m[1]);
    const syn = synthesisOf(this.tpl);
    for (const [c, id] of syn?.logicalIds ?? []) {
      if (c.module !== 'aws-kms' || c.className !== 'Key') continue;
      if (entryOf(c.props, 'policy') || entryOf(c.props, 'admins') || (c.variable && extended.has(c.variable))) {
        const key = this.out.keys.find((k) => k.logicalId === id);
        if (key) key.policy = undefined;
      }
    }
  }

  /** Role references the synthesis cannot follow (the role is not a synthesised resource): read their text. */
  private resolveRoleRefs(): void {
    const text = this.code.file.text;
    const fix = (ref: EntityRef, span: Span | undefined): EntityRef => {
      if (ref.kind !== 'unknown' || !span) return ref;
      const e = this.entityOf(text.slice(span.start, span.end));
      return e && this.roles.has(e.entity.logicalId) ? { kind: 'local', logicalId: e.entity.logicalId, attr: 'Arn' } : ref;
    };
    for (const ds of this.out.deliveryStreams) {
      for (const d of ds.destinations) d.role = fix(d.role, d.roleSpan);
      if (ds.source) ds.source.role = fix(ds.source.role, ds.source.roleSpan);
    }
    for (const wg of this.out.workgroups) if (wg.executionRole) wg.executionRole = fix(wg.executionRole, wg.executionRoleSpan);
  }

  /** CDK `DatabaseInstanceReadReplica`: `storageEncrypted` (the synthesis drops it) and where its source is named. */
  private readReplicas(): void {
    const syn = synthesisOf(this.tpl);
    for (const [c, id] of syn?.logicalIds ?? []) {
      if (c.module !== 'aws-rds' || c.className !== 'DatabaseInstanceReadReplica') continue;
      const e = entryOf(c.props, 'storageEncrypted');
      const db = this.out.dbInstances.find((d) => d.logicalId === id);
      if (e && db) db.storageEncryptedSpan = e.keySpan;
      // A source held in a variable reads as its `new ...`: point at the replica's prop instead.
      const src = entryOf(c.props, 'sourceDatabaseInstance');
      if (db?.sourceSpan && src && (db.sourceSpan.start < c.span.start || db.sourceSpan.end > c.span.end)) db.sourceSpan = src.keySpan;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SDK calls

/** Service key parameters by service.operation, for the symmetric-key check. */
const SDK_KEY_PARAMS: Record<string, { path: string[]; resourceType: string }[]> = {
  's3.PutObject': [{ path: ['SSEKMSKeyId'], resourceType: 'AWS::S3::Bucket' }],
  's3.CopyObject': [{ path: ['SSEKMSKeyId'], resourceType: 'AWS::S3::Bucket' }],
  's3.CreateMultipartUpload': [{ path: ['SSEKMSKeyId'], resourceType: 'AWS::S3::Bucket' }],
  'kinesis.StartStreamEncryption': [{ path: ['KeyId'], resourceType: 'AWS::Kinesis::Stream' }],
  'rds.CreateDBInstance': [{ path: ['KmsKeyId'], resourceType: 'AWS::RDS::DBInstance' }],
  'rds.CreateDBCluster': [{ path: ['KmsKeyId'], resourceType: 'AWS::RDS::DBCluster' }],
  'rds.CreateDBInstanceReadReplica': [{ path: ['KmsKeyId'], resourceType: 'AWS::RDS::DBInstance' }],
  'redshift.CreateCluster': [{ path: ['KmsKeyId'], resourceType: 'AWS::Redshift::Cluster' }],
  'firehose.CreateDeliveryStream': [{ path: ['DeliveryStreamEncryptionConfigurationInput', 'KeyARN'], resourceType: 'AWS::KinesisFirehose::DeliveryStream' }],
  'athena.StartQueryExecution': [{ path: ['ResultConfiguration', 'EncryptionConfiguration', 'KmsKey'], resourceType: 'AWS::Athena::WorkGroup' }],
};

const SSE_C_WRITES = new Set(['PutObject', 'CopyObject', 'CreateMultipartUpload', 'UploadPart']);

function indexSdkCall(call: ApiCall, out: DocumentEntries): void {
  const p = call.params;
  const op = `${call.service}.${call.operation}`;
  const id = `${call.operation}@${call.span.start}`;
  for (const k of SDK_KEY_PARAMS[op] ?? []) {
    const e = k.path.length === 1 ? entryOf(p, k.path[0]) : undefined;
    const v = e?.value ?? valueAt(p, ...k.path);
    const text = literal(v);
    if (!v || text === undefined) continue;
    const key = normalizeName('key', text);
    if (key.kind === 'name') out.names.push(`key:${key.name}`);
    out.keyUses.push({ uri: out.uri, logicalId: call.operation, resourceType: k.resourceType, property: k.path.join('.'), key, span: v.span });
  }
  switch (op) {
    case 's3.PutObject': case 's3.CopyObject': case 's3.CreateMultipartUpload': case 's3.UploadPart': {
      const sse = entryOf(p, 'SSECustomerKey');
      const bucket = literal(entryOf(p, 'Bucket')?.value);
      if (sse && bucket !== undefined && SSE_C_WRITES.has(call.operation)) {
        out.objectWrites.push({ uri: out.uri, bucket, operation: call.operation, encryption: 'SSE-C', span: sse.keySpan });
        out.names.push(`bucket:${bucket}`);
      }
      break;
    }
    case 'athena.StartQueryExecution': {
      const q = entryOf(p, 'QueryString');
      const text = literal(q?.value);
      if (!q || text === undefined) break;
      // The query may come from a constant elsewhere: point at the call's parameter.
      for (const bucket of new Set([...text.matchAll(/s3a?:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/g)].map((m) => m[1]))) {
        out.glueTables.push({ uri: out.uri, logicalId: id, span: call.span, bucket, locationSpan: q.keySpan, operation: call.operation });
        out.names.push(`bucket:${bucket}`);
      }
      break;
    }
    case 'glue.CreateTable': {
      const loc = valueAt(p, 'TableInput', 'StorageDescriptor', 'Location');
      const ref = normalizeName('bucket', literal(loc) ?? '');
      if (loc && ref.kind === 'name') {
        out.glueTables.push({ uri: out.uri, logicalId: literal(valueAt(p, 'TableInput', 'Name')) ?? id, span: call.span, bucket: ref.name, locationSpan: loc.span, operation: call.operation });
        out.names.push(`bucket:${ref.name}`);
      }
      break;
    }
    case 'rds.CreateDBInstance': {
      const ident = literal(entryOf(p, 'DBInstanceIdentifier')?.value);
      if (ident === undefined) break;
      const enc = entryOf(p, 'StorageEncrypted');
      const engine = (literal(entryOf(p, 'Engine')?.value) ?? '').toLowerCase();
      out.dbInstances.push({
        uri: out.uri, logicalId: ident, span: call.span, identifier: ident.toLowerCase(),
        // Absent means unencrypted for the API; Aurora instances follow their cluster; a non-literal is unknown.
        encrypted: engine.startsWith('aurora') || entryOf(p, 'DBClusterIdentifier') ? undefined : !enc ? false : flag(enc.value),
        kmsKey: !!entryOf(p, 'KmsKeyId'), crossRegion: false, operation: call.operation,
      });
      out.names.push(`db:${ident.toLowerCase()}`);
      break;
    }
    case 'rds.CreateDBInstanceReadReplica': {
      const src = entryOf(p, 'SourceDBInstanceIdentifier');
      if (!src) break;
      const srcText = literal(src.value);
      const ident = literal(entryOf(p, 'DBInstanceIdentifier')?.value);
      const source = srcText === undefined ? { kind: 'unknown' as const } : normalizeName('db', srcText);
      if (source.kind === 'name') out.names.push(`db:${source.name}`);
      out.dbInstances.push({
        uri: out.uri, logicalId: ident ?? id, span: call.span, identifier: ident?.toLowerCase(),
        storageEncryptedSpan: entryOf(p, 'StorageEncrypted')?.keySpan,
        kmsKey: !!entryOf(p, 'KmsKeyId'), source, sourceSpan: src.value.span,
        crossRegion: !!entryOf(p, 'SourceRegion') || (srcText !== undefined && srcText.startsWith('arn:')),
        operation: call.operation, callSpan: call.span,
      });
      break;
    }
    case 'kinesis.CreateStream': case 'kinesis.StartStreamEncryption': {
      const name = literal(entryOf(p, 'StreamName')?.value);
      if (name === undefined) break;
      const keyV = call.operation === 'StartStreamEncryption' ? entryOf(p, 'KeyId')?.value : undefined;
      const keyText = literal(keyV);
      let stream = out.streams.find((s) => s.name === name && s.uri === out.uri && s.logicalId.startsWith('sdk:'));
      if (!stream) {
        stream = { uri: out.uri, logicalId: `sdk:${name}`, span: call.span, name };
        out.streams.push(stream);
        out.names.push(`stream:${name}`);
      }
      if (keyV) {
        stream.key = keyText === undefined ? { kind: 'unknown' } : normalizeName('key', keyText);
        stream.keySpan = keyV.span;
      }
      break;
    }
    default:
  }
}

/** Adds a code document's own entries to those of its synthesised template. Never throws on odd input (callers guard). */
export function indexCode(code: CodeDocument, tpl: CfnTemplate, out: DocumentEntries): void {
  new CodeIndexer(code, tpl, out).run();
  for (const call of code.apiCalls) indexSdkCall(call, out);
  // SDK streams are named after their stream: keep their logical id readable in messages.
  for (const s of out.streams) if (s.logicalId.startsWith('sdk:')) s.logicalId = s.logicalId.slice(4);
  out.names = [...new Set(out.names)];
}

