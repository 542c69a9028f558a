/**
 * Plain data of the project index: what cross-resource rules need to know about every document of a workspace,
 * without the documents' value trees. CloudFormation templates and the synthesised view of CDK apps fill it; code
 * documents add roles, grants and policy statements of CDK code and the literal names of SDK calls
 * (engine/project-code.ts).
 */
import { Span } from './types';

/**
 * How a property points at another resource.
 * - `local`: `Ref` / `Fn::GetAtt` / `${Id.Attr}` to a resource of the same document;
 * - `name`: a physical name known statically (a literal, or a `Fn::Sub` of known pieces), already reduced to the
 *   name of the resource kind the property expects (role name from a role ARN, bucket name from `arn:aws:s3:::b`,
 *   `alias/x` from an alias ARN);
 * - `any`: the wildcard `*` (IAM resources and principals);
 * - `external`: a value that names something outside the project (`Fn::ImportValue`, a key ARN with a key id);
 * - `unknown`: anything else (parameters without defaults, functions we do not evaluate). Never reported on.
 */
export type EntityRef =
  | { kind: 'local'; logicalId: string; attr?: string }
  | { kind: 'name'; name: string }
  | { kind: 'any' }
  | { kind: 'external'; text?: string }
  | { kind: 'unknown' };

/** Where an indexed entity lives. */
export interface Located {
  uri: string;
  logicalId: string;
  /** The logical id in its document. */
  span: Span;
}

export interface IndexedStatement {
  effect: 'Allow' | 'Deny';
  /** Lower-case action patterns (`kms:generatedatakey*`, `*`). */
  actions: string[];
  resources: EntityRef[];
  /** Principals of a resource policy (key policy); empty for identity policies. */
  principals: EntityRef[];
  /** NotAction/NotResource/NotPrincipal, a string document, or values we cannot read: the statement may grant anything. */
  unknown: boolean;
  span: Span;
}

export interface IndexedKey extends Located {
  keySpec: string;
  keyUsage: string;
  rotation?: boolean;
  /** Undefined when the key policy cannot be read. */
  policy?: IndexedStatement[];
  /** The key policy property (or the logical id when absent), where key-policy fixes point. */
  policySpan: Span;
  /** Known when the key spec/usage depend on nothing unknown. */
  specKnown: boolean;
}

export interface IndexedAlias extends Located {
  /** `alias/...` */
  name?: string;
  target: EntityRef;
}

export interface IndexedBucket extends Located {
  names: string[];
  sseAlgorithm?: string;
  sseKey?: EntityRef;
}

export interface IndexedRole extends Located {
  name?: string;
  statements: IndexedStatement[];
  managedPolicies: EntityRef[];
  /** Inline policies that cannot be read. */
  unknown: boolean;
}

/** AWS::IAM::Policy and AWS::IAM::ManagedPolicy. */
export interface IndexedPolicy extends Located {
  name?: string;
  statements: IndexedStatement[];
  roles: EntityRef[];
  unknown: boolean;
}

export interface IndexedInstanceProfile extends Located {
  name?: string;
  roles: EntityRef[];
}

export interface FirehoseS3Destination {
  /** Property path of the destination configuration, for messages (`ExtendedS3DestinationConfiguration`). */
  path: string;
  bucket: EntityRef;
  role: EntityRef;
  roleSpan: Span;
  /** `KMSEncryptionConfig.AWSKMSKeyARN` when set. */
  key?: EntityRef;
  keySpan?: Span;
  /** Region in a literal key ARN / bucket ARN, for the Region mismatch check. */
  keyRegion?: string;
}

export interface IndexedDeliveryStream extends Located {
  destinations: FirehoseS3Destination[];
  source?: { stream: EntityRef; role: EntityRef; roleSpan: Span };
}

export interface IndexedStream extends Located {
  name?: string;
  key?: EntityRef;
  keySpan?: Span;
}

/** A property that hands a KMS key to a service (S3 KMSMasterKeyID, Kinesis KeyId, RDS KmsKeyId, ...). */
export interface KeyUse {
  uri: string;
  logicalId: string;
  resourceType: string;
  property: string;
  key: EntityRef;
  span: Span;
}

export interface IndexedWorkgroup extends Located {
  name?: string;
  encryptionOption?: string;
  key?: EntityRef;
  keySpan?: Span;
  /** Region of a literal key ARN. */
  keyRegion?: string;
  executionRole?: EntityRef;
  executionRoleSpan?: Span;
}

export interface IndexedGlueTable extends Located {
  bucket?: string;
  locationSpan?: Span;
  /** For a reader in code: the SDK operation that reads the bucket (`StartQueryExecution`, `CreateTable`). */
  operation?: string;
}

/** An SDK call that writes objects into a bucket with an encryption Athena/EMR cannot read (SSE-C). */
export interface ObjectWrite {
  uri: string;
  bucket: string;
  operation: string;
  encryption: 'SSE-C';
  /** The parameter that selects the encryption (`SSECustomerKey`). */
  span: Span;
}

export interface IndexedEmrSecurityConfiguration extends Located {
  name?: string;
  keys: { key: EntityRef; span: Span; path: string }[];
  /** Buckets EMRFS writes with CSE-Custom (per-bucket Overrides). */
  cseCustomBuckets: { bucket: string; span: Span }[];
}

export interface IndexedEmrCluster extends Located {
  securityConfiguration?: EntityRef;
  jobFlowRole?: EntityRef;
  serviceRole?: EntityRef;
}

export interface IndexedDbInstance extends Located {
  identifier?: string;
  /** true/false when known in every branch; undefined otherwise. */
  encrypted?: boolean;
  storageEncryptedSpan?: Span;
  kmsKey: boolean;
  source?: EntityRef;
  sourceSpan?: Span;
  /** The source is in another Region (SourceRegion set, or an ARN source). */
  crossRegion: boolean;
  /** Created by an SDK call (`CreateDBInstanceReadReplica`): the operation, for messages. */
  operation?: string;
  /** Where a missing KmsKeyId would go (the call), for SDK replicas. */
  callSpan?: Span;
}

/** Everything one document contributes to the project. */
export interface DocumentEntries {
  uri: string;
  keys: IndexedKey[];
  aliases: IndexedAlias[];
  buckets: IndexedBucket[];
  roles: IndexedRole[];
  policies: IndexedPolicy[];
  instanceProfiles: IndexedInstanceProfile[];
  deliveryStreams: IndexedDeliveryStream[];
  streams: IndexedStream[];
  keyUses: KeyUse[];
  workgroups: IndexedWorkgroup[];
  glueTables: IndexedGlueTable[];
  emrSecurityConfigurations: IndexedEmrSecurityConfiguration[];
  emrClusters: IndexedEmrCluster[];
  dbInstances: IndexedDbInstance[];
  /** Code documents: SDK object writes with SSE-C. */
  objectWrites: ObjectWrite[];
  /** Physical names this document defines or mentions (`role:x`, `bucket:y`...): the basis of `dependents`. */
  names: string[];
  /** Data stores for the encryption inventory (engine/inventory-index.ts); absent for documents indexed without it. */
  stores?: import('./inventory').IndexedStore[];
  /** Bucket policies that enforce TLS, for the inventory's in-transit column. */
  tlsPolicies?: import('./inventory').IndexedTlsPolicy[];
}

export type Tri = 'yes' | 'no' | 'unknown';

/** Read access to the index for project rules. */
export interface ProjectView {
  documents(): DocumentEntries[];
  document(uri: string): DocumentEntries | undefined;
  resolveKey(ref: EntityRef | undefined, fromUri: string): IndexedKey | undefined;
  resolveBucket(ref: EntityRef | undefined, fromUri: string): IndexedBucket | undefined;
  resolveRole(ref: EntityRef | undefined, fromUri: string): IndexedRole | undefined;
  resolveStream(ref: EntityRef | undefined, fromUri: string): IndexedStream | undefined;
  resolveDbInstance(ref: EntityRef | undefined, fromUri: string): IndexedDbInstance | undefined;
  resolveEmrSecurityConfiguration(ref: EntityRef | undefined, fromUri: string): IndexedEmrSecurityConfiguration | undefined;
  /** The role of an EMR JobFlowRole value (an instance profile name or Ref, or a role of the same name). */
  resolveInstanceProfileRole(ref: EntityRef | undefined, fromUri: string): IndexedRole | undefined;
  /**
   * Whether the role may call every one of `actions` on the key: through the key policy naming the role, or through
   * the role's identity policies (inline, attached AWS::IAM::Policy, customer managed policies of the project).
   * `unknown` whenever something that could grant it cannot be read. `grantedBy` lists where a grant was found.
   */
  /** Identity-policy statements of a role across the project, with their documents; undefined when some cannot be read. */
  roleStatements(role: IndexedRole): { uri: string; s: IndexedStatement }[] | undefined;
  roleCanUseKey(role: IndexedRole, key: IndexedKey, actions: string[]): { verdict: Tri; missing: string[] };
}
