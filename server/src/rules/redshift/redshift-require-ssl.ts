import { JsonValue } from '../../model/fixer';
import { Fix, Resource, Span, ValueNode } from '../../model/types';
import { CfnRuleContext, Rule } from '../types';
import { propPath, uniqueLogicalId } from '../support/helpers';
import { entry, expand, prop, referencedResource, str, valuesAt, resourcesOfType, conditionsCompatible, mergeConditions, negation } from '../support/resolve';
import { CLUSTER, PARAMETER_GROUP } from './cluster';

const REBOOT = 'require_ssl is static, so it applies only after the cluster reboots, and clients without TLS are then refused';
const SSL_PARAMETER: JsonValue = { ParameterName: 'require_ssl', ParameterValue: 'true' };

interface Use {
  clusters: string[];
  /** Conditions of the first conditional use; [] once any cluster uses the group unconditionally. */
  conditions: string[];
}

export const rule: Rule = {
  meta: {
    id: 'redshift-require-ssl',
    service: 'redshift',
    category: 'in-transit',
    tier: 'core',
    severity: 'warning',
    messages: {
      missing: { text: 'Parameter group {group} of Redshift cluster {clusters} does not set require_ssl to true, so the cluster accepts connections without TLS.' },
      off: { text: 'Parameter group {group} of Redshift cluster {clusters} sets require_ssl to {value}, so the cluster accepts connections without TLS.' },
      defaultGroup: { text: 'Redshift cluster {name} uses the parameter group default.redshift-1.0, whose require_ssl is false, so the cluster accepts connections without TLS.' },
    },
    fix: { title: 'Set require_ssl = true in the cluster parameter group (applies after a reboot)', safety: 'unsafe', replacesResource: false, note: 'require_ssl is static: it takes effect only after the cluster reboots, and clients that connect without TLS are then refused. For a cluster on default.redshift-1.0 the fix adds a parameter group with require_ssl = true and attaches it (also applied at the next reboot).' },
    hoverTopic: 'redshift-in-transit',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'A Redshift cluster whose parameter group does not require TLS connections.',
      why: 'Redshift refuses unencrypted connections only when the cluster\'s parameter group sets `require_ssl` to `true`. The old default group `default.redshift-1.0` and custom groups default it to false; new clusters created since 2025-01-10 without a parameter group get `default.redshift-2.0`, which has `require_ssl = true`, so a cluster with no `ClusterParameterGroupName` is not reported, and neither is a group name the template cannot resolve. The finding is placed on the parameter group (or on the default group name). `require_ssl` is a static parameter: after the change the cluster shows pending-reboot and TLS is enforced only after a reboot, and clients that connect without TLS are then refused — so the fix is never applied automatically.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Params:\n    Type: AWS::Redshift::ClusterParameterGroup\n    Properties:\n      Description: Warehouse settings\n      ParameterGroupFamily: redshift-1.0\n      Parameters:\n        - ParameterName: enable_user_activity_logging\n          ParameterValue: "true"\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      ClusterParameterGroupName: !Ref Params\n',
          good: 'Resources:\n  Params:\n    Type: AWS::Redshift::ClusterParameterGroup\n    Properties:\n      Description: Warehouse settings\n      ParameterGroupFamily: redshift-1.0\n      Parameters:\n        - ParameterName: enable_user_activity_logging\n          ParameterValue: "true"\n        - ParameterName: require_ssl\n          ParameterValue: "true"\n  Warehouse:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      ClusterType: single-node\n      NodeType: ra3.large\n      DBName: analytics\n      MasterUsername: admin\n      ManageMasterPassword: true\n      ClusterParameterGroupName: !Ref Params\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Warehouse": {"Type": "AWS::Redshift::Cluster", "Properties": {"ClusterType": "single-node", "NodeType": "ra3.large", "DBName": "analytics", "MasterUsername": "admin", "ManageMasterPassword": true, "ClusterParameterGroupName": "default.redshift-1.0"}}}}',
          good: '{"Resources": {"Warehouse": {"Type": "AWS::Redshift::Cluster", "Properties": {"ClusterType": "single-node", "NodeType": "ra3.large", "DBName": "analytics", "MasterUsername": "admin", "ManageMasterPassword": true}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html',
        'https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-parameter-groups.html',
        'https://aws.amazon.com/about-aws/whats-new/2024/11/amazon-redshift-enhance-security-default-behavior/',
      ],
    },
    peers: [
      // CKV_AWS_105 checks every group, attached or not; RS1 also fails clusters on the default group.
      { tool: 'checkov', id: 'CKV_AWS_105', exact: false },
      { tool: 'cdk-nag', id: 'AwsSolutions-RS1', exact: false },
    ],
  },
  resourceTypes: ['AWS::Redshift::Cluster'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    const groups = resourcesOfType(tpl, PARAMETER_GROUP);
    const uses = new Map<string, Use>();
    for (const c of resourcesOfType(tpl, CLUSTER)) {
      for (const o of valuesAt(tpl, c.properties, ['ClusterParameterGroupName'])) {
        if (!o.node) continue;
        let group = referencedResource(tpl, o.node);
        if (!group) {
          const name = o.node.kind === 'scalar' ? str(o.node) : undefined;
          if (name === undefined) continue; // unknown: never reported
          if (name.toLowerCase() === 'default.redshift-1.0') {
            reportDefault(ctx, c, o.node, o.conditions, !!o.viaParameter);
            continue;
          }
          group = groups.find((g) => str(prop(g.properties, 'ParameterGroupName'))?.toLowerCase() === name.toLowerCase())?.logicalId;
        }
        if (!group || tpl.resourceById.get(group)?.type !== PARAMETER_GROUP) continue;
        const u = uses.get(group);
        if (!u) uses.set(group, { clusters: [c.logicalId], conditions: o.conditions });
        else {
          if (!u.clusters.includes(c.logicalId)) u.clusters.push(c.logicalId);
          if (!o.conditions.length) u.conditions = [];
        }
      }
    }
    for (const [id, use] of uses) checkGroup(ctx, tpl.resourceById.get(id)!, use);
  },
};

function reportDefault(ctx: CfnRuleContext, c: Resource, node: ValueNode, conditions: string[], viaParameter: boolean) {
  const fixes: Fix[] = [];
  if (!conditions.length && !viaParameter) {
    const id = uniqueLogicalId(ctx.template, `${c.logicalId}ParameterGroup`);
    fixes.push({
      title: `Attach a new parameter group ${id} with require_ssl = true (unsafe: a new parameter group applies only after the cluster reboots, and clients without TLS are then refused)`,
      safety: 'unsafe',
      replacesResource: false,
      edits: [
        ...ctx.fixer.replace(node, { Ref: id }),
        ...ctx.fixer.addResource(id, {
          Type: PARAMETER_GROUP,
          Properties: {
            Description: `Requires TLS for Redshift cluster ${c.logicalId}`,
            ParameterGroupFamily: 'redshift-1.0',
            Parameters: [SSL_PARAMETER],
          },
        }),
      ],
    });
  }
  ctx.report({ messageId: 'defaultGroup', data: { name: c.logicalId }, span: node.span, resource: c, conditions, fixes });
}

function checkGroup(ctx: CfnRuleContext, g: Resource, use: Use) {
  const tpl = ctx.template;
  const data = { group: g.logicalId, clusters: use.clusters.join(', ') };
  const addFix = (conditions: string[]): Fix[] => conditions.length ? [] : [{
    title: `Add require_ssl = true to parameter group ${g.logicalId} (unsafe: ${REBOOT})`,
    safety: 'unsafe',
    replacesResource: false,
    edits: ctx.fixer.append(propPath(g, 'Parameters'), SSL_PARAMETER),
  }];
  for (const list of valuesAt(tpl, g.properties, ['Parameters'])) {
    if (!conditionsCompatible(list.conditions, use.conditions)) continue;
    const base = mergeConditions(use.conditions, list.conditions);
    const paramsEntry = entry(g.properties, 'Parameters');
    if (!list.node) {
      const span: Span = list.conditions.length && paramsEntry ? paramsEntry.value.span : g.logicalIdSpan;
      ctx.report({ messageId: 'missing', data, span, resource: g, conditions: base, fixes: addFix(base) });
      continue;
    }
    if (list.node.kind !== 'array') continue;
    // require_ssl items: whether one holds in every branch, and the branch conditions of conditional ones.
    let unconditional = false;
    const conditional: { conditions: string[]; span: Span }[] = [];
    let unknownName = false;
    for (const raw of list.node.items) {
      for (const item of expand(tpl, raw)) {
        if (!item.node) continue;
        const nameNode = prop(item.node, 'ParameterName');
        const name = str(nameNode);
        if (name === undefined) {
          if (item.node.kind !== 'object' || nameNode) unknownName = true;
          continue;
        }
        if (name.toLowerCase() !== 'require_ssl') continue;
        if (item.conditions.length) conditional.push({ conditions: item.conditions, span: raw.span });
        else unconditional = true;
        for (const v of valuesAt(tpl, item.node, ['ParameterValue'])) {
          const value = str(v.node);
          if (value === undefined || value.toLowerCase() === 'true' || !v.node) continue;
          const conditions = mergeConditions(base, mergeConditions(item.conditions, v.conditions));
          if (!conditionsCompatible(base, mergeConditions(item.conditions, v.conditions))) continue;
          ctx.report({
            messageId: 'off',
            data: { ...data, value },
            span: v.node.span,
            resource: g,
            conditions,
            fixes: conditions.length || v.viaParameter ? [] : [{
              title: `Set require_ssl to "true" in parameter group ${g.logicalId} (unsafe: ${REBOOT})`,
              safety: 'unsafe',
              replacesResource: false,
              edits: ctx.fixer.replace(v.node, 'true'),
            }],
          });
        }
      }
    }
    if (unconditional || unknownName) continue;
    if (!conditional.length) {
      const span = paramsEntry ? paramsEntry.keySpan : g.logicalIdSpan;
      ctx.report({ messageId: 'missing', data, span, resource: g, conditions: base, fixes: addFix(base) });
    } else if (conditional.length === 1 && conditional[0].conditions.length === 1) {
      // Present only under one condition: missing when it is false.
      const c = conditional[0].conditions[0];
      const negated = negation(c);
      if (!conditionsCompatible(base, [negated])) continue;
      ctx.report({ messageId: 'missing', data, span: conditional[0].span, resource: g, conditions: mergeConditions(base, [negated]), fixes: [] });
    }
  }
}
