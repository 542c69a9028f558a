import { Rule } from '../types';
import { label, related } from '../support/project';

export const rule: Rule = {
  meta: {
    id: 'athena-unsupported-source-encryption',
    service: 'athena',
    category: 'compatibility',
    tier: 'advanced',
    severity: 'warning',
    messages: {
      cseCustom: { text: '{reader} reads bucket {bucket}, which EMR security configuration {sc} writes with CSE-Custom (client-side encryption with your own key provider); Athena supports only SSE-S3, SSE-KMS and CSE-KMS and returns such data as ciphertext.' },
      sseC: { text: '{reader} reads bucket {bucket}, which {operation} in {file} writes with SSE-C (SSECustomerKey); Athena supports only SSE-S3, SSE-KMS and CSE-KMS, so queries over those objects fail.' },
    },
    hoverTopic: 'athena-encryption',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'Athena tables over data written with an encryption Athena cannot read.',
      why: 'Athena reads data encrypted with SSE-S3, SSE-KMS and CSE-KMS only; data written with SSE-C, client-side encryption with a client-side master key (CSE-C / EMR CSE-Custom) or the AWS Encryption SDK comes back as ciphertext or fails. For templates the rule matches the `Location` bucket of `AWS::Glue::Table` with the per-bucket `Overrides` of EMR security configurations in the project that use `CSE-Custom`. From code it also matches SDK writes with SSE-C (`PutObject`/`CopyObject`/`CreateMultipartUpload`/`UploadPart` with `SSECustomerKey` on a literal bucket) and Athena readers in code: Glue L1 `CfnTable` locations, SDK `StartQueryExecution` whose literal query names `s3://bucket/...` and Glue `CreateTable` locations. The fix is manual: re-encrypt the data with SSE-KMS.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  Sec:\n    Type: AWS::EMR::SecurityConfiguration\n    Properties:\n      SecurityConfiguration:\n        EncryptionConfiguration:\n          EnableAtRestEncryption: true\n          EnableInTransitEncryption: false\n          AtRestEncryptionConfiguration:\n            S3EncryptionConfiguration:\n              EncryptionMode: SSE-S3\n              Overrides:\n                - {BucketName: raw-events, EncryptionMode: CSE-Custom, S3Object: s3://jars/provider.jar, EncryptionKeyProviderClass: com.example.Provider}\n  Events:\n    Type: AWS::Glue::Table\n    Properties:\n      CatalogId: !Ref AWS::AccountId\n      DatabaseName: analytics\n      TableInput:\n        Name: events\n        StorageDescriptor: {Location: s3://raw-events/events/}\n",
          good: "(the same with the override for raw-events using EncryptionMode: SSE-KMS and an AwsKmsKey)\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/athena/latest/ug/encryption.html', 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html'],
    },
    peers: [],
  },
  checkProject(ctx) {
    const configs = ctx.project.documents().flatMap((d) => d.emrSecurityConfigurations);
    const writes = ctx.project.documents().flatMap((d) => d.objectWrites);
    for (const t of ctx.project.document(ctx.uri)?.glueTables ?? []) {
      if (!t.bucket || !t.locationSpan) continue;
      const reader = t.operation === 'StartQueryExecution' ? 'Athena query (StartQueryExecution)' : `Glue table ${t.logicalId}`;
      for (const w of writes.filter((x) => x.bucket === t.bucket)) {
        ctx.report({
          messageId: 'sseC',
          data: { reader, bucket: t.bucket, operation: w.operation, file: w.uri === ctx.uri ? 'this file' : w.uri.split(/[\\/]/).pop() },
          span: t.locationSpan,
          resource: t.logicalId,
          related: [{ uri: w.uri, span: w.span, message: `${w.operation} writes bucket ${t.bucket} with SSE-C: use ServerSideEncryption aws:kms instead` }],
        });
      }
      for (const sc of configs) {
        const o = sc.cseCustomBuckets.find((b) => b.bucket === t.bucket);
        if (!o) continue;
        ctx.report({
          messageId: 'cseCustom',
          data: { reader, bucket: t.bucket, sc: label(ctx, sc) },
          span: t.locationSpan,
          resource: t.logicalId,
          related: [{ uri: sc.uri, span: o.span, message: `CSE-Custom override for bucket ${t.bucket} in ${sc.logicalId}` }],
        });
      }
    }
  },
};
