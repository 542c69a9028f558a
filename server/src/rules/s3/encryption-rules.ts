import { CfnTemplate, ObjectNode, Resource, ValueNode } from '../../model/types';
import { propPath } from '../support/helpers';
import { expand, Outcome, valuesAt } from '../support/resolve';

/** The valid `SSEAlgorithm` values of a bucket's default encryption. */
export const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;

/** One `ServerSideEncryptionRule` of a bucket, as one branch of the template's conditions would deploy it. */
export interface EncryptionRule {
  bucket: Resource;
  node: ObjectNode;
  conditions: string[];
  viaParameter?: string;
  /** Template path of the rule object; only meaningful when `conditions` is empty (fixes are offered only then). */
  path: (string | number)[];
}

/** Every default-encryption rule of every bucket, branch by branch (`Fn::If` at any level). */
export function encryptionRules(tpl: CfnTemplate): EncryptionRule[] {
  const out: EncryptionRule[] = [];
  for (const bucket of tpl.resources) {
    if (bucket.type !== 'AWS::S3::Bucket') continue;
    for (const list of valuesAt(tpl, bucket.properties, ['BucketEncryption', 'ServerSideEncryptionConfiguration'])) {
      if (list.node?.kind !== 'array') continue;
      list.node.items.forEach((item, i) => {
        for (const o of expand(tpl, item, list.conditions)) {
          if (o.node?.kind !== 'object') continue;
          out.push({
            bucket,
            node: o.node,
            conditions: o.conditions,
            viaParameter: o.viaParameter ?? list.viaParameter,
            path: propPath(bucket, 'BucketEncryption', 'ServerSideEncryptionConfiguration', i),
          });
        }
      });
    }
  }
  return out;
}

/** Outcomes of a value under a rule object, carrying the rule's own conditions and parameter origin. */
export function ruleValues(tpl: CfnTemplate, rule: EncryptionRule, path: string[]): Outcome[] {
  return valuesAt(tpl, rule.node, path).map((o) => ({
    ...o,
    conditions: [...rule.conditions, ...o.conditions],
    viaParameter: o.viaParameter ?? rule.viaParameter,
  }));
}

/** True when a value is known to be present (absent and unresolvable parameters are not). */
export function isPresent(node: ValueNode | undefined): boolean {
  return !!node && node.kind !== 'unknown';
}

