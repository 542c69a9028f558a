/**
 * The encryption inventory of a workspace: every data store, its protection at rest and in transit, the KMS key it
 * uses, and the data paths between stores that the engine knows. Plain data, built by engine/inventory.ts from the
 * project index and rendered by the editor (tree view, map) and the CLI (`--format html`).
 */
import { Severity, Span } from './types';

export type StoreService = 's3' | 'athena' | 'emr' | 'rds' | 'kinesis' | 'firehose' | 'redshift';

/** Strongest protection at rest, ordered from none to HSM. */
export type AtRest = 'none' | 'sse-s3-or-aws-owned' | 'aws-managed-kms' | 'customer-managed-kms' | 'client-side' | 'hsm' | 'unknown';

export type InTransit = 'none' | 'optional' | 'enforced' | 'unknown';

export interface Location {
  uri: string;
  span: Span;
}

export interface InventoryFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
}

export interface InventoryKey {
  /** Stable id within the inventory (`key:<uri>#<logicalId>` or `key:alias/aws/s3`...). */
  id: string;
  label: string;
  /** Customer-managed key defined in the workspace, AWS-managed alias, or a key outside the workspace. */
  kind: 'customer-managed' | 'aws-managed' | 'external';
  rotation: 'on' | 'off' | 'unknown' | 'not-applicable';
  keySpec?: string;
  location?: Location;
  /** Optional: findings reported on the key resource (rotation, key spec...); absent for keys outside the workspace. */
  findings?: InventoryFinding[];
}

export interface InventoryStore {
  /** Stable id within the inventory (`<uri>#<logicalId>`, or `<uri>@<offset>` for SDK calls). */
  id: string;
  service: StoreService;
  /** What it is: 'S3 bucket', 'Athena workgroup', 'EMR cluster', 'EMR security configuration', 'RDS instance'... */
  kind: string;
  label: string;
  origin: 'cfn' | 'cdk' | 'sdk';
  atRest: AtRest;
  inTransit: InTransit;
  /** Id of an InventoryKey. */
  keyId?: string;
  /** One sentence each, e.g. "SSE-KMS with bucket key", "TLS enforced by bucket policy". */
  atRestDetail: string;
  inTransitDetail: string;
  findings: InventoryFinding[];
  location: Location;
}

export interface InventoryEdge {
  from: string;
  to: string;
  /** 'writes' | 'reads' | 'delivers' | 'stages' | 'replicates' | 'results' | 'encrypts' ... */
  relation: string;
  /** A path over which data travels without protection (unencrypted target, TLS not enforced...). */
  unprotected: boolean;
}

export interface Inventory {
  stores: InventoryStore[];
  keys: InventoryKey[];
  edges: InventoryEdge[];
  /** Store counts per service, for headers. */
  counts: Record<StoreService, number>;
}

/**
 * What one document says about its data stores, kept in the project index (DocumentEntries.stores) so that the
 * inventory can be built without the documents' trees. Filled by engine/inventory-index.ts.
 */
export interface IndexedStore {
  logicalId: string;
  span: { start: number; end: number };
  service: StoreService;
  kind: string;
  label: string;
  origin: 'cfn' | 'cdk' | 'sdk';
  atRest: AtRest;
  atRestDetail: string;
  inTransit: InTransit;
  inTransitDetail: string;
  /** The key that encrypts the store, as written (resolved against the project by engine/inventory.ts). */
  key?: import('./project').EntityRef;
  /** Data paths to other stores, as written. `out`: data flows from this store to the target. */
  links: StoreLink[];
  /** Logical ids of resources that configure this store (bucket policy, parameter group): their findings are its findings. */
  related?: string[];
  /**
   * A store whose protection comes from another one: an EMR cluster from its security configuration, an Aurora
   * instance from its cluster, a read replica from its source, a Firehose stream with a Kinesis source from the stream.
   */
  inherits?: { target: import('./project').EntityRef; targetKind: 'sc' | 'db' | 'stream' | 'store'; what: 'at-rest' | 'both' };
}

export interface StoreLink {
  relation: string;
  target: import('./project').EntityRef;
  targetKind: 'bucket' | 'stream' | 'db' | 'store';
  direction: 'out' | 'in';
}

/** A bucket policy that denies requests without TLS (`aws:SecureTransport` false). */
export interface IndexedTlsPolicy {
  bucket: import('./project').EntityRef;
}
