import { CfnTemplate, Resource, Span, ValueNode } from '../../model/types';
import { Outcome, prop, str, valuesAt } from '../support/resolve';

/** Shared by the Athena workgroup rules. */
export const WORKGROUP = 'AWS::Athena::WorkGroup';
export const RESULT_ENCRYPTION = ['WorkGroupConfiguration', 'ResultConfiguration', 'EncryptionConfiguration'];
/** The same settings given as updates (write-only `WorkGroupConfigurationUpdates`). */
export const UPDATED_ENCRYPTION = ['WorkGroupConfigurationUpdates', 'ResultConfigurationUpdates', 'EncryptionConfiguration'];
export const VALID_OPTIONS = ['SSE_S3', 'SSE_KMS', 'CSE_KMS'];
export const KMS_OPTIONS = ['SSE_KMS', 'CSE_KMS'];

export function workgroups(tpl: CfnTemplate): Resource[] {
  return tpl.resources.filter((r) => r.type === WORKGROUP);
}

/** The canonical Athena EncryptionOption a misspelt value most likely means (SSE-KMS, sse_s3, AES256, aws:kms). */
export function canonicalOption(value: string): string | undefined {
  const squashed = value.trim().toUpperCase().replace(/[-_\s:]+/g, '');
  switch (squashed) {
    case 'SSES3':
    case 'AES256':
      return 'SSE_S3';
    case 'SSEKMS':
    case 'AWSKMS':
    case 'KMS':
      return 'SSE_KMS';
    case 'CSEKMS':
      return 'CSE_KMS';
    default:
      return undefined;
  }
}

/** The option as Athena will read it once its spelling is fixed. */
export function effectiveOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return VALID_OPTIONS.includes(value) ? value : canonicalOption(value);
}

/** The logical id of a bucket in the template that an `s3://…` location points at. */
export function bucketOfLocation(tpl: CfnTemplate, node: ValueNode | undefined): string | undefined {
  if (!node) return undefined;
  const literal = str(node);
  if (literal !== undefined) {
    const name = /^s3:\/\/([^/]+)/.exec(literal)?.[1];
    if (!name) return undefined;
    return tpl.resources.find((r) => r.type === 'AWS::S3::Bucket' && str(prop(r.properties, 'BucketName')) === name)?.logicalId;
  }
  if (node.kind !== 'intrinsic') return undefined;
  let target: string | undefined;
  if (node.fn === 'Fn::Sub') {
    const s = node.arg.kind === 'array' ? str(node.arg.items[0]) : str(node.arg);
    target = s ? /^s3:\/\/\$\{([A-Za-z0-9]+)\}/.exec(s)?.[1] : undefined;
  } else if (node.fn === 'Fn::Join' && node.arg.kind === 'array' && node.arg.items.length === 2) {
    const parts = node.arg.items[1];
    if (parts.kind === 'array' && str(node.arg.items[0]) === '' && str(parts.items[0]) === 's3://') {
      const b = parts.items[1];
      if (b?.kind === 'intrinsic' && b.fn === 'Ref') target = str(b.arg);
    }
  }
  const r = target ? tpl.resourceById.get(target) : undefined;
  return r?.type === 'AWS::S3::Bucket' ? r.logicalId : undefined;
}

/** Whether a bucket of the template encrypts new objects with SSE-KMS / DSSE-KMS by default. */
export function bucketUsesKms(tpl: CfnTemplate, logicalId: string): boolean {
  const b = tpl.resourceById.get(logicalId);
  const rules = prop(prop(b?.properties, 'BucketEncryption'), 'ServerSideEncryptionConfiguration');
  if (rules?.kind !== 'array') return false;
  return rules.items.some((i) => (str(prop(prop(i, 'ServerSideEncryptionByDefault'), 'SSEAlgorithm')) ?? '').startsWith('aws:kms'));
}

/** The results bucket of a workgroup when it is a bucket of this template with SSE-KMS default encryption. */
export function kmsResultsBucket(tpl: CfnTemplate, r: Resource): string | undefined {
  const outcomes = valuesAt(tpl, r.properties, ['WorkGroupConfiguration', 'ResultConfiguration', 'OutputLocation']);
  for (const o of outcomes) {
    const b = bucketOfLocation(tpl, o.node);
    if (b && bucketUsesKms(tpl, b)) return b;
  }
  return undefined;
}
