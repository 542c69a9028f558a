/**
 * The encryption inventory of a workspace, built from the project index: every data store with its protection at
 * rest and in transit, its KMS key, its findings, and the data paths between stores (model/inventory.ts). Stores are
 * read per document by engine/inventory-index.ts; here they are joined across documents (names, replicas, keys).
 */
import { AtRest, IndexedStore, InTransit, Inventory, InventoryEdge, InventoryFinding, InventoryKey, InventoryStore, StoreService } from '../model/inventory';
import { EntityRef, IndexedKey } from '../model/project';
import { Finding, SourceFile } from '../model/types';
import { ALL_RULES } from '../rules/registry';
import { LintConfig } from './config';
import { lintText } from './lint';
import { ProjectIndex } from './project';

const SERVICES: StoreService[] = ['s3', 'athena', 'emr', 'rds', 'kinesis', 'firehose', 'redshift'];

/** Which AWS managed key a service uses when a store is encrypted "with the default key". */
const AWS_MANAGED_ALIAS: Partial<Record<StoreService, string>> = {
  s3: 'alias/aws/s3', rds: 'alias/aws/rds', kinesis: 'alias/aws/kinesis', redshift: 'alias/aws/redshift', emr: 'alias/aws/s3', athena: 'alias/aws/s3',
};

const storeId = (uri: string, logicalId: string): string => `${uri}#${logicalId}`;

function emptyCounts(): Record<StoreService, number> {
  return { s3: 0, athena: 0, emr: 0, rds: 0, kinesis: 0, firehose: 0, redshift: 0 };
}

interface Entry {
  uri: string;
  indexed: IndexedStore;
  store: InventoryStore;
  /** Where the key reference was written, when the key comes from an inherited store. */
  keyUri?: string;
}

/** Builds the inventory. Pure and never throws: a document whose stores cannot be joined keeps what it has. */
export function buildInventory(project: ProjectIndex, findingsByUri: Map<string, Finding[]>): Inventory {
  const entries = new Map<string, Entry>();
  const keys = new Map<string, InventoryKey>();
  const edges: InventoryEdge[] = [];
  const docs = project.documents();

  // Every customer managed key of the workspace, used or not (labels prefer an alias).
  const aliasOf = new Map<string, string>();
  for (const d of docs) for (const a of d.aliases) {
    const k = a.target.kind === 'local' ? project.resolveKey(a.target, d.uri) : undefined;
    if (k && a.name) aliasOf.set(storeId(k.uri, k.logicalId), a.name);
  }
  const customerKey = (k: IndexedKey): string => {
    const id = `key:${storeId(k.uri, k.logicalId)}`;
    if (!keys.has(id)) {
      const symmetric = k.keySpec === 'SYMMETRIC_DEFAULT';
      keys.set(id, {
        id, label: aliasOf.get(storeId(k.uri, k.logicalId)) ?? k.logicalId, kind: 'customer-managed',
        rotation: !symmetric && k.specKnown ? 'not-applicable' : k.rotation === true ? 'on' : k.rotation === false || k.rotation === undefined && k.specKnown ? 'off' : 'unknown',
        keySpec: k.keySpec, location: { uri: k.uri, span: k.span },
      });
    }
    return id;
  };
  const awsManagedKey = (alias: string): string => {
    const id = `key:${alias}`;
    // AWS managed keys rotate every year; their rotation cannot be changed.
    if (!keys.has(id)) keys.set(id, { id, label: alias, kind: 'aws-managed', rotation: 'on' });
    return id;
  };
  const externalKey = (ref: EntityRef): string => {
    const text = ref.kind === 'name' ? ref.name : ref.kind === 'external' ? ref.text ?? 'imported value' : 'unknown key';
    const id = `key:external:${text}`;
    if (!keys.has(id)) keys.set(id, { id, label: text, kind: 'external', rotation: 'unknown' });
    return id;
  };

  for (const d of docs) {
    const findings = findingsByUri.get(d.uri) ?? [];
    for (const k of d.keys) {
      const key = keys.get(customerKey(k))!;
      const own = findingsOf(findings, [k.logicalId]);
      if (own.length) key.findings = own;
    }
    for (const s of d.stores ?? []) {
      const id = storeId(d.uri, s.logicalId);
      entries.set(id, {
        uri: d.uri,
        indexed: s,
        store: {
          id, service: s.service, kind: s.kind, label: s.label, origin: s.origin,
          atRest: s.atRest, inTransit: s.inTransit, atRestDetail: s.atRestDetail, inTransitDetail: s.inTransitDetail,
          findings: findingsOf(findings, [s.logicalId, ...(s.related ?? [])]),
          location: { uri: d.uri, span: s.span },
        },
      });
    }
  }

  /** The store a reference names, across the project. */
  const resolve = (ref: EntityRef, kind: 'bucket' | 'stream' | 'db' | 'sc' | 'store', fromUri: string): Entry | undefined => {
    if (ref.kind === 'local') return entries.get(storeId(fromUri, ref.logicalId));
    let hit: { uri: string; logicalId: string } | undefined;
    try {
      if (kind === 'bucket') hit = project.resolveBucket(ref, fromUri);
      else if (kind === 'stream') hit = project.resolveStream(ref, fromUri);
      else if (kind === 'db') hit = project.resolveDbInstance(ref, fromUri);
      else if (kind === 'sc') hit = project.resolveEmrSecurityConfiguration(ref, fromUri);
    } catch {
      hit = undefined;
    }
    return hit ? entries.get(storeId(hit.uri, hit.logicalId)) : undefined;
  };

  /** A bucket named outside the workspace still holds data: it is listed with what S3 guarantees (SSE-S3). */
  const externalBucket = (ref: EntityRef): Entry | undefined => {
    if (ref.kind !== 'name') return undefined;
    const id = `s3://${ref.name}`;
    let e = entries.get(id);
    if (!e) {
      e = {
        uri: '',
        indexed: { logicalId: ref.name, span: { start: 0, end: 0 }, service: 's3', kind: 'S3 bucket (outside the workspace)', label: ref.name, origin: 'cfn', atRest: 'sse-s3-or-aws-owned', atRestDetail: 'Defined outside the workspace: at least SSE-S3', inTransit: 'unknown', inTransitDetail: 'Defined outside the workspace', links: [] },
        store: {
          id, service: 's3', kind: 'S3 bucket (outside the workspace)', label: ref.name, origin: 'cfn',
          atRest: 'sse-s3-or-aws-owned', inTransit: 'unknown', atRestDetail: 'Defined outside the workspace: at least SSE-S3 (the S3 default)',
          inTransitDetail: 'Defined outside the workspace: its bucket policy is not known', findings: [], location: { uri: '', span: { start: 0, end: 0 } },
        },
      };
      entries.set(id, e);
    }
    return e;
  };

  // In transit for buckets: a bucket policy anywhere in the project that denies requests without TLS.
  for (const d of docs) for (const t of d.tlsPolicies ?? []) {
    const e = resolve(t.bucket, 'bucket', d.uri);
    if (e) {
      e.store.inTransit = 'enforced';
      e.store.inTransitDetail = 'HTTPS enforced: the bucket policy denies requests without aws:SecureTransport';
    }
  }

  // Inherited protection (EMR cluster ← security configuration, Aurora instance ← cluster, replica ← source, Firehose ← stream).
  // Two passes so that a chain of two (replica of an Aurora instance...) settles.
  for (let pass = 0; pass < 2; pass++) {
    for (const e of entries.values()) {
      const inh = e.indexed.inherits;
      if (!inh) continue;
      const from = resolve(inh.target, inh.targetKind, e.uri);
      if (!from || from === e) continue;
      e.store.atRest = from.store.atRest;
      e.store.atRestDetail = `${e.indexed.atRestDetail.replace(/\.$/, '')}: ${from.store.atRestDetail}`;
      if (from.indexed.key && !e.indexed.key) {
        e.indexed = { ...e.indexed, key: from.indexed.key };
        e.keyUri = from.keyUri ?? from.uri;
      }
      if (inh.what === 'both') {
        e.store.inTransit = from.store.inTransit;
        e.store.inTransitDetail = from.store.inTransitDetail;
      }
      if (inh.targetKind === 'sc') edges.push({ from: from.store.id, to: e.store.id, relation: 'configures', unprotected: false });
    }
  }

  // Keys.
  for (const e of entries.values()) {
    const s = e.store;
    const ref = e.indexed.key;
    const keyUri = e.keyUri ?? e.uri;
    let keyId: string | undefined;
    if (ref && ref.kind !== 'unknown') {
      const k = ref.kind === 'name' && ref.name.startsWith('alias/aws/') ? undefined : safe(() => project.resolveKey(ref, keyUri));
      if (k) keyId = customerKey(k);
      else if (ref.kind === 'name' && ref.name.startsWith('alias/aws/')) {
        keyId = awsManagedKey(ref.name);
        if (s.atRest === 'customer-managed-kms') s.atRest = 'aws-managed-kms';
      } else keyId = externalKey(ref);
    } else if (s.atRest === 'aws-managed-kms') {
      const alias = AWS_MANAGED_ALIAS[s.service];
      if (alias) keyId = awsManagedKey(alias);
    }
    if (keyId) {
      s.keyId = keyId;
      edges.push({ from: keyId, to: s.id, relation: 'encrypts', unprotected: false });
    }
  }

  // Data paths, in the direction data flows.
  const weak = (s: InventoryStore, side: 'from' | 'to'): boolean => s.inTransit === 'none' || (side === 'to' && s.atRest === 'none');
  for (const e of [...entries.values()]) {
    for (const l of e.indexed.links) {
      const other = resolve(l.target, l.targetKind, e.uri) ?? (l.targetKind === 'bucket' ? externalBucket(l.target) : undefined);
      if (!other || other === e) continue;
      const [from, to] = l.direction === 'out' ? [e.store, other.store] : [other.store, e.store];
      edges.push({ from: from.id, to: to.id, relation: l.relation, unprotected: weak(from, 'from') || weak(to, 'to') });
    }
  }
  // Athena reads the buckets of the Glue tables declared next to its workgroups.
  for (const d of docs) {
    const workgroups = (d.stores ?? []).filter((s) => s.service === 'athena').map((s) => entries.get(storeId(d.uri, s.logicalId))!).filter(Boolean);
    if (!workgroups.length) continue;
    const sources = new Set<Entry>();
    for (const t of d.glueTables) {
      if (!t.bucket) continue;
      const b = resolve({ kind: 'name', name: t.bucket }, 'bucket', d.uri) ?? externalBucket({ kind: 'name', name: t.bucket });
      if (b) sources.add(b);
    }
    for (const b of sources) for (const w of workgroups) {
      edges.push({ from: b.store.id, to: w.store.id, relation: 'reads', unprotected: weak(b.store, 'from') || weak(w.store, 'to') });
    }
  }

  const stores = [...entries.values()].map((e) => e.store).sort((a, b) => SERVICES.indexOf(a.service) - SERVICES.indexOf(b.service) || a.id.localeCompare(b.id));
  const counts = emptyCounts();
  for (const s of stores) counts[s.service]++;
  const unique = new Map<string, InventoryEdge>();
  for (const x of edges) unique.set(`${x.from}\u0000${x.to}\u0000${x.relation}`, x);
  return {
    stores,
    keys: [...keys.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...unique.values()],
    counts,
  };
}

/** The findings reported on any of the resources (a store and what configures it). */
function findingsOf(findings: Finding[], logicalIds: string[]): InventoryFinding[] {
  return findings.filter((f) => f.resource !== undefined && logicalIds.includes(f.resource)).map((f) => ({
    ruleId: f.ruleId, severity: f.severity, message: f.message, location: { uri: f.uri, span: f.span },
  }));
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

export interface InventoryRun {
  inventory: Inventory;
  /** Every finding of the files, per uri (file findings plus cross-file ones). */
  findingsByUri: Map<string, Finding[]>;
}

/**
 * Lints and indexes a set of texts, then builds their inventory (CLI and tests). Python files need the tree-sitter
 * parser loaded first (parsers/cdk-py/loader `ensurePythonParser`); without it they count as unparsed.
 */
export function inventoryForFiles(files: SourceFile[], config: LintConfig): InventoryRun {
  const project = new ProjectIndex();
  const findingsByUri = new Map<string, Finding[]>();
  for (const f of files) {
    const res = lintText(f, { config, rules: ALL_RULES });
    if (res.template) project.update(f.uri, res.template);
    findingsByUri.set(f.uri, res.findings);
  }
  for (const uri of project.uris()) {
    const extra = safe(() => project.findingsFor(uri, ALL_RULES, config)) ?? [];
    if (extra.length) findingsByUri.set(uri, [...(findingsByUri.get(uri) ?? []), ...extra]);
    project.release(uri); // the inventory needs only the index entries
  }
  return { inventory: buildInventory(project, findingsByUri), findingsByUri };
}

export type { AtRest, InTransit };
