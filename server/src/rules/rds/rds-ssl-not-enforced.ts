import { Fix, Resource, Span, ValueNode } from '../../model/types';
import { CfnRuleContext, Rule } from '../types';
import { propPath, uniqueLogicalId } from '../support/helpers';
import { Outcome, prop, referencedResource, str, valuesAt, mergeConditions } from '../support/resolve';
import { knownString, majorVersion } from './rds-support';

type SslParam = 'rds.force_ssl' | 'require_secure_transport';

interface EngineTls {
  param: SslParam;
  /** rds.force_ssl is static on SQL Server: it applies only after a reboot. */
  staticParam: boolean;
  /** What the default parameter group holds: false = off (reported), undefined = on or not known. */
  defaultOn: boolean | undefined;
  family?: string;
}

function twoPart(version: string | undefined): string | undefined {
  const m = version ? /^(\d+)\.(\d+)/.exec(version.trim()) : null;
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/** TLS parameter, default and parameter-group family for an engine; undefined when the rule does not judge it. */
export function engineTls(engine: string, version: string | undefined, cluster: boolean): EngineTls | undefined {
  const major = majorVersion(version);
  if (engine === 'postgres') {
    // RDS for PostgreSQL 15 and later default rds.force_ssl to 1; an absent version means the current default (on).
    return { param: 'rds.force_ssl', staticParam: false, defaultOn: major === undefined || major >= 15 ? undefined : false, family: major !== undefined ? `postgres${major}` : undefined };
  }
  if (engine === 'mysql') {
    if (major !== undefined && major < 5.7) return undefined; // require_secure_transport needs MySQL 5.7+
    const v = twoPart(version);
    return { param: 'require_secure_transport', staticParam: false, defaultOn: false, family: v ? `mysql${v}` : undefined };
  }
  if (engine === 'mariadb') {
    const v = twoPart(version);
    if (v && (Number(v.split('.')[0]) < 10 || (Number(v.split('.')[0]) === 10 && Number(v.split('.')[1]) < 5))) return undefined; // 10.5+
    return { param: 'require_secure_transport', staticParam: false, defaultOn: false, family: v ? `mariadb${v}` : undefined };
  }
  const sql = /^sqlserver-(ee|se|ex|web)$/.exec(engine);
  if (sql && !cluster) {
    return { param: 'rds.force_ssl', staticParam: true, defaultOn: false, family: major !== undefined && major >= 11 ? `sqlserver-${sql[1]}-${major}.0` : undefined };
  }
  if (engine === 'aurora-postgresql' && cluster) {
    // Aurora PostgreSQL 17's default (1) is not confirmed (reference §7): judge only 16 and older.
    return { param: 'rds.force_ssl', staticParam: false, defaultOn: major !== undefined && major <= 16 ? false : undefined, family: major !== undefined ? `aurora-postgresql${major}` : undefined };
  }
  if (engine === 'aurora-mysql' && cluster) {
    const v = twoPart(version);
    return { param: 'require_secure_transport', staticParam: false, defaultOn: false, family: v ? `aurora-mysql${v}` : undefined };
  }
  return undefined; // oracle-*, db2-*, custom-*, aurora (MySQL 5.6), unknown engines
}

/** The default of the TLS parameter in a parameter group of this family (false = off), when the family says. */
function familyDefaultOn(family: string | undefined): boolean | undefined | 'unknown-family' {
  if (!family) return 'unknown-family';
  const f = family.toLowerCase();
  let m = /^postgres(\d+(?:\.\d+)?)$/.exec(f);
  if (m) return Number(m[1]) >= 15 ? true : false;
  m = /^aurora-postgresql(\d+)$/.exec(f);
  if (m) return Number(m[1]) <= 16 ? false : undefined;
  if (/^(mysql|mariadb|aurora-mysql|sqlserver-)/.test(f)) return false;
  return 'unknown-family';
}

const ON = new Set(['1', 'on', 'true']);
const OFF = new Set(['0', 'off', 'false']);

function groupName(tpl: CfnRuleContext['template'], node: ValueNode, groupType: string, nameProp: string): Resource | undefined {
  const id = referencedResource(tpl, node);
  if (id) {
    const g = tpl.resourceById.get(id);
    return g?.type === groupType ? g : undefined;
  }
  const name = str(node)?.toLowerCase();
  if (!name) return undefined;
  return tpl.resources.find((g) => g.type === groupType && str(prop(g.properties, nameProp))?.toLowerCase() === name);
}

const REFUSED = 'clients that connect without TLS are then refused';

export const rule: Rule = {
  meta: {
    id: 'rds-ssl-not-enforced',
    service: 'rds',
    category: 'in-transit',
    tier: 'core',
    severity: 'warning',
    messages: {
      defaultGroup: { text: '{kind} {name} ({engine}) has no custom parameter group, and the default group leaves {param} off, so clients can connect without TLS.' },
      defaultNamed: { text: '{kind} {name} ({engine}) uses the default parameter group {group}, which leaves {param} off, so clients can connect without TLS.' },
      groupMissing: { text: 'Parameter group {group}, used by {kind} {name} ({engine}), does not set {param}, which is off by default, so clients can connect without TLS.' },
      groupOff: { text: 'Parameter group {group}, used by {kind} {name} ({engine}), sets {param} to {value}, so clients can connect without TLS.' },
    },
    fix: { title: 'Require TLS in the parameter group (rds.force_ssl / require_secure_transport = 1)', safety: 'unsafe', replacesResource: false, note: 'Clients that connect without TLS are refused afterwards; SQL Server applies rds.force_ssl only after a reboot, and attaching a new parameter group needs a reboot.' },
    hoverTopic: 'rds-in-transit',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An RDS database (or Aurora / Multi-AZ DB cluster) whose parameter group does not require TLS connections.',
      why: 'RDS accepts unencrypted connections unless the parameter group requires TLS: `rds.force_ssl = 1` for PostgreSQL, SQL Server and Aurora PostgreSQL, `require_secure_transport = 1` (ON) for MySQL 5.7+, MariaDB 10.5+ and Aurora MySQL. Defaults are off for PostgreSQL 14 and older, Aurora PostgreSQL 16 and older, SQL Server, MySQL and MariaDB; RDS for PostgreSQL 15 and later default to on and are not reported (nor is a database whose engine version is not given). For Aurora the parameter lives in the DB cluster parameter group, so cluster members are judged through their cluster. Oracle (SSL option) and Db2 are out of scope. On SQL Server `rds.force_ssl` is static and applies after a reboot; a newly attached parameter group also needs a reboot.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      EngineVersion: "8.0.39"\n      DBInstanceClass: db.t4g.micro\n',
          good: 'Resources:\n  DbParams:\n    Type: AWS::RDS::DBParameterGroup\n    Properties:\n      Description: Require TLS\n      Family: mysql8.0\n      Parameters:\n        require_secure_transport: "1"\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      EngineVersion: "8.0.39"\n      DBInstanceClass: db.t4g.micro\n      DBParameterGroupName: !Ref DbParams\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Params": {"Type": "AWS::RDS::DBClusterParameterGroup", "Properties": {"Description": "x", "Family": "aurora-postgresql16", "Parameters": {"rds.force_ssl": "0"}}}, "Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-postgresql", "DBClusterParameterGroupName": {"Ref": "Params"}}}}}',
          good: '{"Resources": {"Params": {"Type": "AWS::RDS::DBClusterParameterGroup", "Properties": {"Description": "x", "Family": "aurora-postgresql16", "Parameters": {"rds.force_ssl": "1"}}}, "Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-postgresql", "DBClusterParameterGroupName": {"Ref": "Params"}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html',
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/ssl-certificate-rotation-postgresql.html',
        'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/ssl-certificate-rotation-aurora-postgresql.html',
      ],
    },
    peers: [
      { tool: 'checkov', id: 'CKV2_AWS_69', exact: false },
    ],
  },
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    const reportedGroups = new Set<string>();
    for (const r of tpl.resources) {
      const instance = r.type === 'AWS::RDS::DBInstance';
      if (!instance && r.type !== 'AWS::RDS::DBCluster') continue;
      const p = r.properties;
      if (instance && valuesAt(tpl, p, ['DBClusterIdentifier']).some((o) => o.node)) continue; // judged through the cluster
      const engine = knownString(tpl, p, ['Engine'])?.toLowerCase();
      if (!engine || (instance && engine.startsWith('aurora'))) continue;
      if (!instance && knownString(tpl, p, ['EngineMode'])?.toLowerCase() === 'serverless') continue; // Aurora Serverless v1 (retired)
      const tls = engineTls(engine, knownString(tpl, p, ['EngineVersion']), !instance);
      if (!tls) continue;
      const kind = instance ? 'DB instance' : 'DB cluster';
      const groupKey = instance ? 'DBParameterGroupName' : 'DBClusterParameterGroupName';
      const groupType = instance ? 'AWS::RDS::DBParameterGroup' : 'AWS::RDS::DBClusterParameterGroup';
      const base = { kind, name: r.logicalId, engine, param: tls.param };
      for (const o of valuesAt(tpl, p, [groupKey])) {
        const name = str(o.node);
        if (!o.node || name?.toLowerCase().startsWith('default.')) {
          if (tls.defaultOn !== false) continue;
          const span: Span = o.node ? o.node.span : o.entry ? o.entry.value.span : r.logicalIdSpan;
          ctx.report({
            messageId: o.node ? 'defaultNamed' : 'defaultGroup',
            data: { ...base, group: name },
            span,
            resource: r,
            conditions: o.conditions,
            fixes: o.conditions.length || o.viaParameter ? [] : newGroupFix(ctx, r, tls, instance, groupKey, groupType),
          });
          continue;
        }
        if (o.node.kind === 'unknown') continue;
        const g = groupName(tpl, o.node, groupType, instance ? 'DBParameterGroupName' : 'DBClusterParameterGroupName');
        if (!g) continue; // a group defined elsewhere: its parameters are not known
        checkGroup(ctx, g, o, tls, base, reportedGroups);
      }
    }
  },
};

function checkGroup(ctx: CfnRuleContext, g: Resource, via: Outcome, tls: EngineTls, base: Record<string, string>, reported: Set<string>): void {
  const tpl = ctx.template;
  const family = knownString(tpl, g.properties, ['Family']);
  const fd = familyDefaultOn(family);
  const absentIsOff = fd === 'unknown-family' ? tls.defaultOn === false : fd === false;
  const once = (key: string): boolean => {
    if (reported.has(key)) return false;
    reported.add(key);
    return true;
  };
  const fixTitle = (what: string) => `${what} in parameter group ${g.logicalId} (unsafe: ${tls.staticParam ? 'rds.force_ssl is static on SQL Server, so it applies only after the instance reboots, and ' : ''}${REFUSED})`;
  for (const params of valuesAt(tpl, g.properties, ['Parameters'])) {
    const conditions0 = mergeConditions(via.conditions, params.conditions);
    if (params.node?.kind === 'scalar' && typeof params.node.value === 'string') {
      // Parameters written as a JSON string: judged, but not fixed in place.
      let parsed: unknown;
      try {
        parsed = JSON.parse(params.node.value);
      } catch {
        continue;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
      const v = (parsed as Record<string, unknown>)[tls.param];
      const s = v === undefined ? undefined : String(v).toLowerCase();
      if (s === undefined ? !absentIsOff : !OFF.has(s)) continue;
      if (!once(`${g.logicalId}|${conditions0.join(',')}`)) continue;
      ctx.report({
        messageId: s === undefined ? 'groupMissing' : 'groupOff',
        data: { ...base, group: g.logicalId, value: s === undefined ? undefined : String(v) },
        span: params.node.span,
        resource: g,
        conditions: conditions0,
      });
      continue;
    }
    if (params.node && params.node.kind !== 'object') continue;
    for (const v of valuesAt(tpl, params.node, [tls.param])) {
      const conditions = mergeConditions(conditions0, v.conditions);
      const unconditional = !conditions.length && !v.viaParameter && !params.viaParameter;
      let fixes: Fix[] = [];
      if (!v.node) {
        if (!absentIsOff) continue;
        if (!once(`${g.logicalId}|${conditions.join(',')}`)) continue;
        if (unconditional) {
          fixes = [{ title: fixTitle(`Set ${tls.param}: '1'`), safety: 'unsafe', replacesResource: false, edits: ctx.fixer.set(propPath(g, 'Parameters', tls.param), '1') }];
        }
        ctx.report({
          messageId: 'groupMissing',
          data: { ...base, group: g.logicalId },
          span: v.entry ? v.entry.value.span : params.entry && params.node ? params.entry.keySpan : g.logicalIdSpan,
          resource: g,
          conditions,
          fixes,
        });
        continue;
      }
      const s = str(v.node)?.toLowerCase();
      if (s === undefined || ON.has(s) || !OFF.has(s)) continue;
      if (!once(`${g.logicalId}|${conditions.join(',')}`)) continue;
      if (unconditional) {
        fixes = [{ title: fixTitle(`Set ${tls.param} to 1`), safety: 'unsafe', replacesResource: false, edits: ctx.fixer.replace(v.node, '1') }];
      }
      ctx.report({
        messageId: 'groupOff',
        data: { ...base, group: g.logicalId, value: str(v.node) },
        span: v.node.span,
        resource: g,
        conditions,
        fixes,
      });
    }
  }
}

function newGroupFix(ctx: CfnRuleContext, r: Resource, tls: EngineTls, instance: boolean, groupKey: string, groupType: string): Fix[] {
  if (!tls.family) return []; // the family (create-only) cannot be derived without the engine version
  const id = uniqueLogicalId(ctx.template, `${r.logicalId}ParameterGroup`);
  const reboot = instance
    ? 'attaching a new parameter group to a running instance requires a reboot'
    : 'the cluster\'s instances must be rebooted to pick up a newly attached cluster parameter group';
  return [{
    title: `Create ${instance ? 'DB' : 'DB cluster'} parameter group ${id} (family ${tls.family}) with ${tls.param}: '1' and attach it to ${r.logicalId} (unsafe: ${reboot}; ${REFUSED})`,
    safety: 'unsafe',
    replacesResource: false,
    edits: [
      ...ctx.fixer.set(propPath(r, groupKey), { Ref: id }),
      ...ctx.fixer.addResource(id, {
        Type: groupType,
        Properties: {
          Description: `Requires TLS for ${r.logicalId}`,
          Family: tls.family,
          Parameters: { [tls.param]: '1' },
        },
      }),
    ],
  }];
}
