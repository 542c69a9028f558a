import { Fix } from '../../model/types';
import { sdkAthenaResultsUnencrypted } from '../sdk/core-triggers';
import { Rule } from '../types';
import { keyForFix, propPath } from '../support/helpers';
import { bool, prop, valuesAt, missingSpan } from '../support/resolve';
import { RESULT_ENCRYPTION, kmsResultsBucket, workgroups } from './workgroup';

export const rule: Rule = {
  meta: {
    id: 'athena-results-unencrypted',
    service: 'athena',
    category: 'at-rest',
    tier: 'core',
    severity: 'information',
    messages: {
      sdk: { text: 'StartQueryExecution writes results to ResultConfiguration.OutputLocation with no EncryptionConfiguration and no WorkGroup, so the results get only the default encryption of the results bucket.' },
      missing: {
        text: 'Workgroup {name} sets no ResultConfiguration.EncryptionConfiguration, so Athena writes query results with only the default encryption of the results bucket.',
      },
    },
    fix: {
      title: 'Add EncryptionConfiguration with SSE_S3 to the workgroup\'s ResultConfiguration',
      safety: 'safe',
      replacesResource: false,
      note: 'A second fix adds SSE_KMS with the template\'s key (or a new rotating key); it is unsafe because everyone who runs queries then needs kms:GenerateDataKey and kms:Decrypt. When the results bucket is a bucket of the template with SSE-KMS default encryption, the SSE_KMS fix comes first and the SSE_S3 one is unsafe, since it would override the bucket\'s key.',
      followUps: ['athena-workgroup-not-enforced'],
    },
    hoverTopic: 'athena-encryption',
    inputs: ['cfn-yaml', 'cfn-json', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'An Athena workgroup that does not encrypt its query results.',
      why: 'Athena encrypts query results only when the workgroup (or the query) gives an `EncryptionConfiguration` (`SSE_S3`, `SSE_KMS` or `CSE_KMS`). Without one, results — which can hold any data a query read — get only the results bucket\'s default encryption (at least SSE-S3 since 2023), with no workgroup-level choice of key. The rule also reports a workgroup with no `ResultConfiguration` (or no `WorkGroupConfiguration`) at all, since such a workgroup sets no result encryption either; workgroups that use Athena-managed query results (`ManagedQueryResultsConfiguration.Enabled: true`), that set encryption through `WorkGroupConfigurationUpdates`, or that are described only by `WorkGroupConfigurationUpdates` (which do not state the current encryption) are not reported. Changing the workgroup configuration causes no interruption.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        ResultConfiguration:\n          OutputLocation: s3://example-athena-results/analysts/\n',
          good: 'Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        ResultConfiguration:\n          OutputLocation: s3://example-athena-results/analysts/\n          EncryptionConfiguration:\n            EncryptionOption: SSE_KMS\n            KmsKey: !GetAtt ResultsKey.Arn\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Analysts": {"Type": "AWS::Athena::WorkGroup", "Properties": {"Name": "analysts", "WorkGroupConfiguration": {"ResultConfiguration": {"OutputLocation": "s3://example-athena-results/"}}}}}}',
          good: '{"Resources": {"Analysts": {"Type": "AWS::Athena::WorkGroup", "Properties": {"Name": "analysts", "WorkGroupConfiguration": {"ResultConfiguration": {"OutputLocation": "s3://example-athena-results/", "EncryptionConfiguration": {"EncryptionOption": "SSE_S3"}}}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/athena/latest/ug/encryption.html',
        'https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html',
      ],
    },
    peers: [
      { tool: 'trivy', id: 'AVD-AWS-0006', exact: false },
    ],
  },
  resourceTypes: ['AWS::Athena::WorkGroup'],
  checkCode: sdkAthenaResultsUnencrypted,
  checkCfn(ctx) {
    const tpl = ctx.template;
    for (const r of workgroups(tpl)) {
      // Athena-managed result storage is always encrypted; an unknown flag may mean it is on.
      const managed = valuesAt(tpl, r.properties, ['WorkGroupConfiguration', 'ManagedQueryResultsConfiguration', 'Enabled']);
      if (managed.some((o) => o.node && bool(o.node) !== false)) continue;
      // A template that only lists updates does not state the workgroup's encryption; updates may also set it.
      const updates = prop(r.properties, 'WorkGroupConfigurationUpdates');
      if (updates && !prop(r.properties, 'WorkGroupConfiguration')) continue;
      if (valuesAt(tpl, updates, ['ResultConfigurationUpdates', 'EncryptionConfiguration']).some((o) => o.node)) continue;
      const outcomes = valuesAt(tpl, r.properties, RESULT_ENCRYPTION);
      const missing = outcomes.filter((o) => !o.node);
      // Missing in every branch: one finding without conditions (but no fix inside the Fn::If).
      const everywhere = missing.length > 1 && missing.length === outcomes.length;
      for (const o of everywhere ? [missing[0]] : missing) {
        const conditions = everywhere ? [] : o.conditions;
        const fixes: Fix[] = [];
        if (!o.conditions.length && !o.viaParameter) {
          const path = propPath(r, ...RESULT_ENCRYPTION);
          const kmsBucket = kmsResultsBucket(tpl, r);
          const s3: Fix = {
            title: kmsBucket
              ? `Add EncryptionConfiguration with SSE_S3 (unsafe: results would be written with SSE-S3 instead of bucket ${kmsBucket}'s SSE-KMS default)`
              : 'Add EncryptionConfiguration with SSE_S3',
            safety: kmsBucket ? 'unsafe' : 'safe',
            replacesResource: false,
            edits: ctx.fixer.set(path, { EncryptionOption: 'SSE_S3' }),
          };
          // KmsKey takes a key ARN or id; the id (Ref) is enough for a key of the same template.
          const k = keyForFix(ctx, 'Ref', `Encrypts the Athena query results of workgroup ${r.logicalId}`);
          const kms: Fix = {
            title: `Add EncryptionConfiguration with SSE_KMS using ${k.created ? 'a new rotating KMS key' : `key ${k.logicalId}`} (unsafe: everyone who runs queries in the workgroup then needs kms:GenerateDataKey and kms:Decrypt on the key)`,
            safety: 'unsafe',
            replacesResource: false,
            edits: [...ctx.fixer.set(path, { EncryptionOption: 'SSE_KMS', KmsKey: k.key }), ...k.edits],
          };
          fixes.push(...(kmsBucket ? [kms, s3] : [s3, kms]));
        }
        ctx.report({
          messageId: 'missing',
          data: { name: r.logicalId },
          span: missingSpan(r, RESULT_ENCRYPTION, o),
          resource: r,
          conditions,
          fixes,
        });
      }
    }
  },
};
