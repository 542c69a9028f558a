import { Rule } from '../types';
import { itemsOf, prop, resourcesOfType, str } from '../support/resolve';
import { majorVersion } from './rds-support';

export const rule: Rule = {
  meta: {
    id: 'rds-tde-option',
    service: 'rds',
    category: 'at-rest',
    tier: 'advanced',
    severity: 'information',
    messages: {
      permanent: { text: 'Option group {group} enables TDE for {engine}: the option is {kind} and cannot be removed from the option group later.' },
      unsupported: { text: 'Option group {group} enables TDE for {engine}{version}, which does not support TDE (Oracle Enterprise Edition; SQL Server 2019/2022 Standard or Enterprise, 2016/2017 Enterprise only), so the option group cannot be created.', severity: 'error' },
      legacyName: { text: 'Option group {group} names the option TDE_SQLServer; current RDS documentation names the SQL Server TDE option TDE only.', severity: 'hint' },
    },
    hoverTopic: 'rds-tde',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py'],
    docs: {
      summary: 'Transparent Data Encryption options: permanent, and only for some engines and editions.',
      why: 'RDS enables TDE through an option group option named `TDE`. For Oracle it is a permanent option (Enterprise Edition only); for SQL Server a persistent one (2022 and 2019 Standard/Enterprise, 2017 and 2016 Enterprise; not Express or Web). An option group for an engine without TDE support fails. `TDE_SQLServer` appears in no current AWS documentation; whether RDS still accepts it is open (encryption reference §7), so it is only a hint.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  Options:\n    Type: AWS::RDS::OptionGroup\n    Properties:\n      EngineName: oracle-se2\n      MajorEngineVersion: '19'\n      OptionGroupDescription: tde\n      OptionConfigurations:\n        - OptionName: TDE\n",
          good: "Resources:\n  Options:\n    Type: AWS::RDS::OptionGroup\n    Properties:\n      EngineName: oracle-ee\n      MajorEngineVersion: '19'\n      OptionGroupDescription: tde\n      OptionConfigurations:\n        - OptionName: TDE\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.Oracle.Options.AdvSecurity.html', 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.SQLServer.Options.TDE.html'],
    },
    peers: [],
  },
  resourceTypes: ['AWS::RDS::OptionGroup'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of resourcesOfType(tpl, 'AWS::RDS::OptionGroup')) {
      const engine = (str(prop(r.properties, 'EngineName')) ?? '').toLowerCase();
      const versionText = str(prop(r.properties, 'MajorEngineVersion'));
      const version = majorVersion(versionText);
      for (const o of itemsOf(tpl, prop(r.properties, 'OptionConfigurations'))) {
        const nameNode = prop(o.node, 'OptionName');
        const name = str(nameNode);
        if (!nameNode || (name !== 'TDE' && name !== 'TDE_SQLServer')) continue;
        if (name === 'TDE_SQLServer') ctx.report({ messageId: 'legacyName', data: { group: r.logicalId }, span: nameNode.span, resource: r, conditions: o.conditions });
        const unsupported = engine.startsWith('oracle-se') || engine === 'sqlserver-ex' || engine === 'sqlserver-web'
          || (engine === 'sqlserver-se' && version !== undefined && version < 15);
        if (unsupported) {
          ctx.report({ messageId: 'unsupported', data: { group: r.logicalId, engine, version: versionText ? ` ${versionText}` : '' }, span: nameNode.span, resource: r, conditions: o.conditions });
        } else if (engine.startsWith('oracle') || engine.startsWith('sqlserver')) {
          ctx.report({ messageId: 'permanent', data: { group: r.logicalId, engine, kind: engine.startsWith('oracle') ? 'permanent (Oracle)' : 'persistent (SQL Server)' }, span: nameNode.span, resource: r, conditions: o.conditions });
        }
      }
    }
  },
};
