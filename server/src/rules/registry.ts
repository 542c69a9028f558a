import { Rule } from './types';
import { s3Rules } from './s3';
import { athenaRules } from './athena';
import { emrRules } from './emr';
import { rdsRules } from './rds';
import { kinesisRules } from './kinesis';
import { firehoseRules } from './firehose';
import { redshiftRules } from './redshift';
import { kmsRules } from './kms';
import { allServiceRules } from './all';
import { sdkRules } from './sdk';

/** Every rule, listed explicitly per service (see each service's index.ts). */
export const ALL_RULES: readonly Rule[] = [
  ...s3Rules, ...athenaRules, ...emrRules, ...rdsRules, ...kinesisRules, ...firehoseRules, ...redshiftRules, ...kmsRules, ...allServiceRules, ...sdkRules,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.meta.id, r]));

/** Ids the engine itself reports. */
export const SPECIAL_IDS = ['parse-error', 'file-skipped', 'internal-error'] as const;

export const KNOWN_IDS: ReadonlySet<string> = new Set([...RULES_BY_ID.keys(), ...SPECIAL_IDS]);
