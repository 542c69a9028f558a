import { Rule } from '../types';
import { itemsOf, prop, resourcesOfType, str } from '../support/resolve';

const WEAK_CIPHERS = /(^|,)\s*(DES\w*|3DES\w*|RC4\w*)\s*(?=,|$)/i;
const WEAK_CHECKSUMS = /(^|,)\s*(MD5|SHA1)\s*(?=,|$)/i;

export const rule: Rule = {
  meta: {
    id: 'rds-oracle-nne-weak',
    service: 'rds',
    category: 'in-transit',
    tier: 'advanced',
    severity: 'warning',
    messages: {
      notRequired: { text: 'Option group {group}: SQLNET.ENCRYPTION_SERVER is {value}, so clients may connect without Native Network Encryption; set REQUIRED.' },
      weakCipher: { text: 'Option group {group}: {setting} allows weak algorithms ({value}); restrict it to AES256,AES192,AES128.' },
      weakChecksum: { text: 'Option group {group}: SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER allows {value}; restrict it to SHA256,SHA384,SHA512.' },
      allowWeak: { text: 'Option group {group}: {setting} is TRUE, so clients with weak (DES/3DES/RC4) algorithms may connect.' },
      withSsl: { text: 'Option group {group} has both NATIVE_NETWORK_ENCRYPTION and SSL; RDS for Oracle does not allow them together.', severity: 'error' },
    },
    hoverTopic: 'rds-nne',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py'],
    docs: {
      summary: 'Oracle Native Network Encryption that allows unencrypted or weakly encrypted connections.',
      why: 'With the `NATIVE_NETWORK_ENCRYPTION` option, `SQLNET.ENCRYPTION_SERVER` defaults to `Requested` (unencrypted clients still connect) and the accepted algorithms include DES, 3DES and RC4 and checksums MD5/SHA1 unless restricted; `SQLNET.ALLOW_WEAK_CRYPTO(_CLIENTS)` default TRUE. NNE cannot be combined with the `SSL` option in one option group.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  Options:\n    Type: AWS::RDS::OptionGroup\n    Properties:\n      EngineName: oracle-ee\n      MajorEngineVersion: '19'\n      OptionGroupDescription: nne\n      OptionConfigurations:\n        - OptionName: NATIVE_NETWORK_ENCRYPTION\n",
          good: "Resources:\n  Options:\n    Type: AWS::RDS::OptionGroup\n    Properties:\n      EngineName: oracle-ee\n      MajorEngineVersion: '19'\n      OptionGroupDescription: nne\n      OptionConfigurations:\n        - OptionName: NATIVE_NETWORK_ENCRYPTION\n          OptionSettings:\n            - {Name: SQLNET.ENCRYPTION_SERVER, Value: REQUIRED}\n            - {Name: SQLNET.ENCRYPTION_TYPES_SERVER, Value: 'AES256,AES192,AES128'}\n            - {Name: SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER, Value: 'SHA256,SHA384,SHA512'}\n            - {Name: SQLNET.ALLOW_WEAK_CRYPTO, Value: 'FALSE'}\n            - {Name: SQLNET.ALLOW_WEAK_CRYPTO_CLIENTS, Value: 'FALSE'}\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.Oracle.Options.NetworkEncryption.html'],
    },
    peers: [],
  },
  resourceTypes: ['AWS::RDS::OptionGroup'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of resourcesOfType(tpl, 'AWS::RDS::OptionGroup')) {
      const options = itemsOf(tpl, prop(r.properties, 'OptionConfigurations'));
      const nne = options.find((o) => str(prop(o.node, 'OptionName')) === 'NATIVE_NETWORK_ENCRYPTION');
      if (!nne) continue;
      const nameSpan = prop(nne.node, 'OptionName')!.span;
      const settings = new Map<string, { value?: string; span: { start: number; end: number } }>();
      let unknown = false;
      const list = prop(nne.node, 'OptionSettings');
      if (list && list.kind !== 'array') unknown = true;
      for (const s of itemsOf(tpl, list)) {
        const name = str(prop(s.node, 'Name'));
        const valueNode = prop(s.node, 'Value');
        if (!name) {
          unknown = true;
          continue;
        }
        settings.set(name.toUpperCase(), { value: str(valueNode), span: (valueNode ?? s.node!).span });
      }
      const base = { resource: r, conditions: nne.conditions };
      if (options.some((o) => str(prop(o.node, 'OptionName')) === 'SSL')) ctx.report({ ...base, messageId: 'withSsl', data: { group: r.logicalId }, span: nameSpan });
      const server = settings.get('SQLNET.ENCRYPTION_SERVER');
      if (server ? server.value !== undefined && server.value.toUpperCase() !== 'REQUIRED' : !unknown) {
        ctx.report({ ...base, messageId: 'notRequired', data: { group: r.logicalId, value: server?.value ?? 'absent (default Requested)' }, span: server?.span ?? nameSpan });
      }
      const types = settings.get('SQLNET.ENCRYPTION_TYPES_SERVER');
      if (types ? types.value !== undefined && WEAK_CIPHERS.test(types.value) : !unknown) {
        ctx.report({ ...base, messageId: 'weakCipher', data: { group: r.logicalId, setting: 'SQLNET.ENCRYPTION_TYPES_SERVER', value: types?.value ?? 'absent (default: all, including DES, 3DES and RC4)' }, span: types?.span ?? nameSpan });
      }
      const sums = settings.get('SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER');
      if (sums?.value !== undefined && WEAK_CHECKSUMS.test(sums.value)) ctx.report({ ...base, messageId: 'weakChecksum', data: { group: r.logicalId, value: sums.value }, span: sums.span });
      for (const k of ['SQLNET.ALLOW_WEAK_CRYPTO', 'SQLNET.ALLOW_WEAK_CRYPTO_CLIENTS']) {
        const s = settings.get(k);
        if (s?.value?.toUpperCase() === 'TRUE') ctx.report({ ...base, messageId: 'allowWeak', data: { group: r.logicalId, setting: k }, span: s.span });
      }
    }
  },
};
