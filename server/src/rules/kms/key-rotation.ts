/**
 * Shared reading of an AWS::KMS::Key's rotation settings, so that kms-key-rotation-disabled and
 * kms-rotation-unsupported agree on which keys can rotate and never both report one key.
 */
import { CfnTemplate, Resource } from '../../model/types';
import { Outcome, str, valuesAt, bool, conditionsCompatible, mergeConditions } from '../support/resolve';

export const MIN_ROTATION_DAYS = 90;
export const MAX_ROTATION_DAYS = 2560;


export interface KeyBranch {
  /** Resolved KeySpec (default SYMMETRIC_DEFAULT) and Origin (default AWS_KMS). */
  spec: string;
  origin: string;
  conditions: string[];
  viaParameter?: string;
}

/** The known combinations of KeySpec and Origin of a key; branches with an unknown value are left out. */
export function keyBranches(tpl: CfnTemplate, r: Resource): KeyBranch[] {
  const out: KeyBranch[] = [];
  for (const s of valuesAt(tpl, r.properties, ['KeySpec'])) {
    const spec = s.node ? str(s.node) : 'SYMMETRIC_DEFAULT';
    if (spec === undefined) continue;
    for (const o of valuesAt(tpl, r.properties, ['Origin'])) {
      if (!conditionsCompatible(s.conditions, o.conditions)) continue;
      const origin = o.node ? str(o.node) : 'AWS_KMS';
      if (origin === undefined) continue;
      out.push({ spec, origin, conditions: mergeConditions(s.conditions, o.conditions), viaParameter: s.viaParameter ?? o.viaParameter });
    }
  }
  return out;
}

/** Whether KMS can rotate a key of this spec and origin automatically. */
export function rotatable(b: KeyBranch): boolean {
  return b.spec === 'SYMMETRIC_DEFAULT' && b.origin === 'AWS_KMS';
}

export interface RotationProblem {
  kind: 'spec' | 'origin' | 'period';
  outcome: Outcome;
  value: string | number;
  conditions: string[];
  viaParameter?: string;
}

/** Rotation settings KMS rejects: rotation on a key that cannot rotate, or a period out of range. */
export function rotationProblems(tpl: CfnTemplate, r: Resource): RotationProblem[] {
  const problems: RotationProblem[] = [];
  const seen = new Set<string>();
  const branches = keyBranches(tpl, r);
  for (const rot of valuesAt(tpl, r.properties, ['EnableKeyRotation'])) {
    if (bool(rot.node) !== true) continue;
    for (const b of branches) {
      if (!conditionsCompatible(rot.conditions, b.conditions) || rotatable(b)) continue;
      const kind = b.spec !== 'SYMMETRIC_DEFAULT' ? 'spec' : 'origin';
      const conditions = mergeConditions(rot.conditions, b.conditions);
      const key = `${kind}|${conditions.join('&')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ kind, outcome: rot, value: kind === 'spec' ? b.spec : b.origin, conditions, viaParameter: rot.viaParameter ?? b.viaParameter });
    }
  }
  for (const p of valuesAt(tpl, r.properties, ['RotationPeriodInDays'])) {
    const n = p.node?.kind === 'scalar' && p.node.value !== null && p.node.value !== '' ? Number(p.node.value) : NaN;
    if (!Number.isFinite(n) || (n >= MIN_ROTATION_DAYS && n <= MAX_ROTATION_DAYS)) continue;
    problems.push({ kind: 'period', outcome: p, value: n, conditions: p.conditions, viaParameter: p.viaParameter });
  }
  return problems;
}
