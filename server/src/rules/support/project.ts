/** Small helpers shared by the project (cross-resource) rules. */
import { JsonValue } from '../../model/fixer';
import { IndexedKey, IndexedRole, Located } from '../../model/project';
import { RelatedLocation } from '../../model/types';
import { ProjectRuleContext } from '../types';

export function related(l: Located, message: string): RelatedLocation {
  return { uri: l.uri, span: l.span, message };
}

/** How a message names a key: its logical id, and its file when that is another one. */
export function label(ctx: ProjectRuleContext, l: Located): string {
  return l.uri === ctx.uri ? l.logicalId : `${l.logicalId} (${l.uri.split(/[\\/]/).pop()})`;
}

/** A fix adding an inline policy with `actions` on `key` to `role`, when both live in the template being checked (code: none). */
export function addRoleKeyPolicyFix(ctx: ProjectRuleContext, role: IndexedRole, key: IndexedKey, actions: string[], policyName: string, condition?: { [k: string]: JsonValue }) {
  if (role.uri !== ctx.uri || key.uri !== ctx.uri || role.unknown || ctx.template.format === 'code') return [];
  const statement: { [k: string]: JsonValue } = { Effect: 'Allow', Action: actions, Resource: { 'Fn::GetAtt': [key.logicalId, 'Arn'] } };
  if (condition) statement.Condition = condition;
  const edits = ctx.fixer.append(['Resources', role.logicalId, 'Properties', 'Policies'], {
    PolicyName: policyName,
    PolicyDocument: { Version: '2012-10-17', Statement: [statement] },
  });
  return [{ title: `Add an inline policy ${policyName} to role ${role.logicalId} allowing ${actions.join(', ')} on key ${key.logicalId}`, safety: 'safe' as const, replacesResource: false, edits }];
}

/** True for keys AWS manages for a service (`alias/aws/kinesis`): no key policy of ours applies. */
export function isAwsManagedAlias(text: string | undefined): boolean {
  return !!text && /(^|:)alias\/aws\//.test(text);
}
