import { CfnTemplate, Resource } from '../../model/types';
import { Outcome, bool, conditionsCompatible, mergeConditions, valuesAt } from '../support/resolve';

/** Shared by the Redshift rules. */
export const CLUSTER = 'AWS::Redshift::Cluster';
export const PARAMETER_GROUP = 'AWS::Redshift::ClusterParameterGroup';
export const NAMESPACE = 'AWS::RedshiftServerless::Namespace';

/** A deployed unencrypted cluster is migrated when Encrypted turns true; writes stop while that runs. */
export const MIGRATION_REASON = 'a deployed unencrypted cluster is migrated to a new encrypted cluster, and writes are blocked while the migration runs';
export const MIGRATION_NOTE = 'Not a replacement in CloudFormation, but Redshift migrates a deployed unencrypted cluster (or one changing keys) to a new encrypted cluster, and writes are blocked while the migration runs; plan a maintenance window.';

/** One combination of the cluster's `Encrypted` and `KmsKeyId` that can occur together. */
export interface EncryptionCase {
  encrypted: Outcome;
  /** false: `Encrypted: false`; undefined: absent. Unknown / true values give no case. */
  value: false | undefined;
  keySet: boolean;
  conditions: string[];
}

/**
 * The cases where the cluster is not explicitly encrypted, split by whether a KMS key is set. When the key is
 * set (or absent) in every branch that goes with an `Encrypted` value, the case carries only that value's conditions.
 */
export function unencryptedCases(tpl: CfnTemplate, r: Resource): EncryptionCase[] {
  const keys = valuesAt(tpl, r.properties, ['KmsKeyId']);
  const out: EncryptionCase[] = [];
  for (const e of valuesAt(tpl, r.properties, ['Encrypted'])) {
    const b = e.node ? bool(e.node) : undefined;
    if (e.node && b !== false) continue;
    const value = e.node ? (false as const) : undefined;
    const compat = keys.filter((k) => conditionsCompatible(k.conditions, e.conditions));
    const withKey = compat.filter((k) => k.node);
    const without = compat.filter((k) => !k.node);
    for (const [group, keySet] of [[withKey, true], [without, false]] as [Outcome[], boolean][]) {
      if (!group.length) continue;
      if (group.length === compat.length) out.push({ encrypted: e, value, keySet, conditions: e.conditions });
      else for (const k of group) out.push({ encrypted: e, value, keySet, conditions: mergeConditions(e.conditions, k.conditions) });
    }
  }
  return out;
}
