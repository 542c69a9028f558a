import { CfnTemplate, Resource, ValueNode } from '../../model/types';
import { prop, str, valuesAt } from '../support/resolve';

/** The migration path RDS fixes point to when they change a create-only property. */
export const RDS_MIGRATION = 'snapshot the database, copy the snapshot with encryption, and restore from the encrypted copy (DBSnapshotIdentifier / SnapshotIdentifier)';

/** A string value that is the same in every branch, or undefined (absent, unknown or branch-dependent). */
export function knownString(tpl: CfnTemplate, start: ValueNode | undefined, path: (string | number)[]): string | undefined {
  const values = new Set(valuesAt(tpl, start, path).map((o) => str(o.node)));
  return values.size === 1 ? [...values][0] : undefined;
}

/** True when the property is written (not absent in any branch, whatever its value). */
export function present(tpl: CfnTemplate, start: ValueNode | undefined, key: string): boolean {
  return valuesAt(tpl, start, [key]).some((o) => o.node !== undefined);
}

/** A KmsKeyId-like value that names a key: written, and not an empty string or an unknown parameter. */
export function namesKey(node: ValueNode | undefined): boolean {
  if (!node || node.kind === 'unknown') return false;
  if (node.kind === 'scalar') return typeof node.value === 'string' && node.value.trim() !== '';
  return true;
}

/** Major version of an RDS engine version string: "14.10" -> 14, "9.6.22" -> 9.6, "15.00.4043.16.v1" -> 15. */
export function majorVersion(version: string | undefined): number | undefined {
  if (!version) return undefined;
  const m = /^(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  if (major < 10 && m[2] !== undefined) return Number(`${m[1]}.${m[2]}`);
  return major;
}

/**
 * A DB instance or cluster whose storage encryption is decided elsewhere: an Aurora cluster member (by its
 * cluster), a read replica or a restore (by its source), a global cluster member (by the global cluster).
 */
export function inheritsEncryption(r: Resource): boolean {
  const p = r.properties;
  if (r.type === 'AWS::RDS::DBInstance') {
    const engine = (str(prop(p, 'Engine')) ?? '').toLowerCase();
    return !!(prop(p, 'DBClusterIdentifier') || engine.startsWith('aurora')
      || prop(p, 'SourceDBInstanceIdentifier') || prop(p, 'DBSnapshotIdentifier') || prop(p, 'SourceDBClusterIdentifier'));
  }
  return !!(prop(p, 'SnapshotIdentifier') || prop(p, 'SourceDBClusterIdentifier') || prop(p, 'ReplicationSourceIdentifier')
    || prop(p, 'GlobalClusterIdentifier'));
}

/** Storage AWS always encrypts: RDS Custom, and Aurora Serverless v1 clusters. */
export function alwaysEncrypted(r: Resource): boolean {
  const engine = (str(prop(r.properties, 'Engine')) ?? '').toLowerCase();
  const serverlessV1 = r.type === 'AWS::RDS::DBCluster' && (str(prop(r.properties, 'EngineMode')) ?? '').toLowerCase() === 'serverless';
  return engine.startsWith('custom-') || serverlessV1;
}
