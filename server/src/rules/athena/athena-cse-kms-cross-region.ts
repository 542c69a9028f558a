import { CfnTemplate, ValueNode } from '../../model/types';
import { Rule } from '../types';
import { expand, prop, resourcesOfType, str } from '../support/resolve';
import { callsOf, codeEntry, codePath, codeString } from '../sdk/code';
import { CodeObject, CodeValue } from '../../model/code';

/** Where each Athena operation carries its result encryption. */
const SDK_PATHS: Record<string, string[]> = {
  StartQueryExecution: ['ResultConfiguration', 'EncryptionConfiguration'],
  CreateWorkGroup: ['Configuration', 'ResultConfiguration', 'EncryptionConfiguration'],
  UpdateWorkGroup: ['ConfigurationUpdates', 'ResultConfigurationUpdates', 'EncryptionConfiguration'],
};

/** Regions a template allows itself to be deployed in, from `Rules` assertions on AWS::Region (Equals / Contains). */
function pinnedRegions(tpl: CfnTemplate): string[] | undefined {
  const rules = tpl.sections.get('Rules')?.value;
  if (!rules || rules.kind !== 'object') return undefined;
  const isRegion = (n: ValueNode | undefined) => n?.kind === 'intrinsic' && n.fn === 'Ref' && str(n.arg) === 'AWS::Region';
  for (const r of rules.entries) {
    if (prop(r.value, 'RuleCondition')) continue;
    const asserts = prop(r.value, 'Assertions');
    for (const a of asserts?.kind === 'array' ? asserts.items : []) {
      const f = prop(a, 'Assert');
      if (f?.kind !== 'intrinsic' || f.arg.kind !== 'array') continue;
      const [x, y] = f.arg.items;
      if (f.fn === 'Fn::Equals') {
        if (isRegion(x) && str(y)) return [str(y)!];
        if (isRegion(y) && str(x)) return [str(x)!];
      }
      if (f.fn === 'Fn::Contains' && isRegion(y) && x?.kind === 'array') {
        const list = x.items.map((i) => str(i));
        if (list.every((s) => s !== undefined)) return list as string[];
      }
    }
  }
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'athena-cse-kms-cross-region',
    service: 'athena',
    category: 'compatibility',
    tier: 'advanced',
    severity: 'information',
    messages: {
      sdkCrossRegion: { text: '{operation} encrypts query results with CSE_KMS using a key in {keyRegion}, but its Athena client runs in {region}; Athena does not support CSE-KMS across Regions (SSE_KMS works across Regions).' },
      crossRegion: { text: 'Workgroup {workgroup} encrypts results with CSE_KMS using a key in {keyRegion}, but the template deploys only to {regions}; Athena does not support CSE-KMS across Regions (SSE_KMS works across Regions).' },
    },
    hoverTopic: 'athena-encryption',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'CSE-KMS Athena results with a key from another Region.',
      why: 'Athena reads and writes SSE-S3 and SSE-KMS data across Regions, but CSE-KMS only in the same Region. A template\'s own Region is known only when it pins it (a `Rules` assertion on `AWS::Region`); the rule compares that with the Region in a literal `KmsKey` ARN of a `CSE_KMS` workgroup, and says nothing otherwise. In SDK code (`StartQueryExecution`, `CreateWorkGroup`, `UpdateWorkGroup`) the Region is the client\'s literal `region` / `region_name`.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Rules:\n  OnlyIreland:\n    Assertions:\n      - Assert: !Equals [!Ref AWS::Region, eu-west-1]\nResources:\n  Wg:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: reports\n      WorkGroupConfiguration:\n        ResultConfiguration:\n          EncryptionConfiguration:\n            EncryptionOption: CSE_KMS\n            KmsKey: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n",
          good: "Rules:\n  OnlyIreland:\n    Assertions:\n      - Assert: !Equals [!Ref AWS::Region, eu-west-1]\nResources:\n  Wg:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: reports\n      WorkGroupConfiguration:\n        ResultConfiguration:\n          EncryptionConfiguration:\n            EncryptionOption: SSE_KMS\n            KmsKey: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/athena/latest/ug/encryption.html'],
    },
    peers: [],
  },
  resourceTypes: ['AWS::Athena::WorkGroup'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    const regions = pinnedRegions(tpl);
    if (!regions) return;
    for (const r of resourcesOfType(tpl, 'AWS::Athena::WorkGroup')) {
      const enc = prop(prop(prop(r.properties, 'WorkGroupConfiguration'), 'ResultConfiguration'), 'EncryptionConfiguration');
      if (str(prop(enc, 'EncryptionOption')) !== 'CSE_KMS') continue;
      const keyNode = prop(enc, 'KmsKey');
      const outs = expand(tpl, keyNode);
      const key = outs.length === 1 ? str(outs[0].node) : undefined;
      const m = key ? /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(key) : null;
      if (!m || !keyNode || regions.includes(m[1])) continue;
      ctx.report({ messageId: 'crossRegion', data: { workgroup: r.logicalId, keyRegion: m[1], regions: regions.join(', ') }, span: keyNode.span, resource: r });
    }
  },
  checkCode(ctx) {
    for (const call of callsOf(ctx.code.apiCalls, 'athena', ...Object.keys(SDK_PATHS))) {
      const enc = codePath(call.params, ...SDK_PATHS[call.operation]);
      if (enc?.kind !== 'object' || codeString(codeEntry(enc, 'EncryptionOption')?.value) !== 'CSE_KMS') continue;
      const keyValue: CodeValue | undefined = codeEntry(enc, 'KmsKey')?.value;
      const m = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(codeString(keyValue) ?? '');
      const config: CodeObject | undefined = call.client?.config;
      const region = codeString(codeEntry(config, 'region', 'region_name')?.value);
      if (!m || !keyValue || !region || region === m[1]) continue;
      ctx.report({ messageId: 'sdkCrossRegion', data: { operation: call.operation, keyRegion: m[1], region }, span: keyValue.span, source: 'sdk' });
    }
  },
};
