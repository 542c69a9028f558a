import { JsonPath, JsonValue } from '../../model/fixer';
import { Fix, Resource, Span, TextEdit, ValueNode } from '../../model/types';
import { CfnRuleContext, Rule } from '../types';
import { keyForFix, propPath } from '../support/helpers';
import { bool, expand, Outcome, prop, str, valuesAt, mergeConditions } from '../support/resolve';
import { DELIVERY_STREAM, SSE_INPUT, streamSource } from '../firehose/delivery-stream';
import { RDS_MIGRATION } from '../rds/rds-support';

const POLICY = 'while the project requires customer managed KMS keys (keyPolicy: customer-managed-required)';
const AWS_ALIAS = /(^|:)alias\/aws\//i;

/** An AWS managed key alias (`alias/aws/s3`, `arn:...:alias/aws/rds`), or an unset key (undefined node). */
function awsManaged(node: ValueNode | undefined): boolean {
  const s = str(node);
  return s !== undefined && AWS_ALIAS.test(s);
}

interface Found {
  r: Resource;
  messageId: string;
  data: Record<string, string>;
  span: Span;
  conditions: string[];
  fixable: boolean;
  /** Builds the fix with the key the template offers (or a new one). */
  fix?: (key: JsonValue, keyLabel: string) => { title: string; edits: TextEdit[]; replaces?: boolean };
}

function keyDescription(r: Resource): string {
  return `Customer managed key for ${r.logicalId}`;
}

function s3(ctx: CfnRuleContext, r: Resource, out: Found[]): void {
  const tpl = ctx.template;
  const p = r.properties;
  for (const sse of valuesAt(tpl, p, ['BucketEncryption'])) {
    if (!sse.node) {
      out.push({
        r, messageId: 'bucketDefault', data: { name: r.logicalId },
        span: sse.entry ? sse.entry.value.span : r.logicalIdSpan,
        conditions: sse.conditions, fixable: !sse.conditions.length,
        fix: (key, label) => ({
          title: `Add BucketEncryption with SSE-KMS using ${label} and a bucket key (unsafe: readers and writers then need kms:Decrypt / kms:GenerateDataKey on the key)`,
          edits: ctx.fixer.set(propPath(r, 'BucketEncryption'), {
            ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key }, BucketKeyEnabled: true }],
          }),
        }),
      });
      continue;
    }
    for (const cfg of valuesAt(tpl, sse.node, ['ServerSideEncryptionConfiguration'])) {
      if (cfg.node?.kind !== 'array') continue;
      cfg.node.items.forEach((item, i) => {
        for (const it of expand(tpl, item)) {
          for (const byDefault of valuesAt(tpl, it.node, ['ServerSideEncryptionByDefault'])) {
            if (byDefault.node?.kind !== 'object') continue;
            const base = mergeConditions(sse.conditions, cfg.conditions, it.conditions, byDefault.conditions);
            const fixable = !base.length && !sse.viaParameter && !cfg.viaParameter && !byDefault.viaParameter;
            const path: JsonPath = propPath(r, 'BucketEncryption', 'ServerSideEncryptionConfiguration', i, 'ServerSideEncryptionByDefault');
            for (const alg of valuesAt(tpl, byDefault.node, ['SSEAlgorithm'])) {
              const a = str(alg.node);
              const conditions = mergeConditions(base, alg.conditions);
              if (a === 'AES256') {
                out.push({
                  r, messageId: 'bucketSseS3', data: { name: r.logicalId }, span: alg.node!.span, conditions,
                  fixable: fixable && !alg.conditions.length && !alg.viaParameter,
                  fix: (key, label) => ({
                    title: `Use SSE-KMS with ${label} and a bucket key (unsafe: readers and writers then need kms:Decrypt / kms:GenerateDataKey on the key)`,
                    // Scalar replacement plus key insertion: replacing a block mapping in YAML is not reliable.
                    edits: [
                      ...ctx.fixer.replace(alg.node!, 'aws:kms'),
                      ...ctx.fixer.set([...path, 'KMSMasterKeyID'], key),
                      ...(prop(it.node, 'BucketKeyEnabled') ? [] : ctx.fixer.set([...path.slice(0, -1), 'BucketKeyEnabled'], true)),
                    ],
                  }),
                });
              } else if (a === 'aws:kms' || a === 'aws:kms:dsse') {
                for (const k of valuesAt(tpl, byDefault.node, ['KMSMasterKeyID'])) {
                  if (k.node && !awsManaged(k.node)) continue;
                  out.push({
                    r, messageId: 'bucketAwsManaged', data: { name: r.logicalId, alg: a },
                    span: k.node ? k.node.span : alg.node!.span, conditions: mergeConditions(conditions, k.conditions),
                    fixable: fixable && !alg.conditions.length && !k.conditions.length && !k.viaParameter,
                    fix: (key, label) => ({
                      title: `Set KMSMasterKeyID to ${label} (unsafe: readers and writers then need kms:Decrypt / kms:GenerateDataKey on the key)`,
                      edits: ctx.fixer.set([...path, 'KMSMasterKeyID'], key),
                    }),
                  });
                }
              }
            }
          }
        }
      });
    }
  }
}

function kinesis(ctx: CfnRuleContext, r: Resource, out: Found[]): void {
  for (const k of valuesAt(ctx.template, r.properties, ['StreamEncryption', 'KeyId'])) {
    if (!k.node || !awsManaged(k.node)) continue; // no encryption at all is kinesis-stream-unencrypted
    out.push({
      r, messageId: 'kinesisAwsManaged', data: { name: r.logicalId, value: str(k.node)! }, span: k.node.span,
      conditions: k.conditions, fixable: !k.conditions.length && !k.viaParameter,
      fix: (key, label) => ({
        title: `Use ${label} for StreamEncryption (unsafe: producers then need kms:GenerateDataKey and consumers kms:Decrypt on the key; only new records are re-keyed)`,
        edits: ctx.fixer.replace(k.node!, key),
      }),
    });
  }
}

function firehose(ctx: CfnRuleContext, r: Resource, out: Found[]): void {
  const tpl = ctx.template;
  if (streamSource(tpl, r) === 'kinesis') return; // firehose-sse-with-stream-source
  for (const sse of valuesAt(tpl, r.properties, [SSE_INPUT])) {
    if (sse.node?.kind !== 'object') continue;
    if (prop(sse.node, 'KeyARN')) continue; // a key with AWS_OWNED_CMK is firehose-cmk-config-invalid
    for (const t of valuesAt(tpl, sse.node, ['KeyType'])) {
      if (str(t.node) !== 'AWS_OWNED_CMK') continue;
      const conditions = mergeConditions(sse.conditions, t.conditions);
      out.push({
        r, messageId: 'firehoseAwsOwned', data: { name: r.logicalId }, span: t.node!.span, conditions,
        fixable: !conditions.length && !sse.viaParameter && !t.viaParameter,
        fix: (key, label) => ({
          title: `Use KeyType CUSTOMER_MANAGED_CMK with ${label} (unsafe: Firehose creates a grant on the key, so the deploying role needs kms:CreateGrant and kms:DescribeKey on it)`,
          edits: [...ctx.fixer.replace(t.node!, 'CUSTOMER_MANAGED_CMK'), ...ctx.fixer.set(propPath(r, SSE_INPUT, 'KeyARN'), key)],
        }),
      });
    }
  }
}

function redshift(ctx: CfnRuleContext, r: Resource, out: Found[]): void {
  const tpl = ctx.template;
  const p = r.properties;
  if (prop(p, 'HsmConfigurationIdentifier') || prop(p, 'HsmClientCertificateIdentifier')) return; // HSM-held keys
  for (const enc of valuesAt(tpl, p, ['Encrypted'])) {
    if (enc.node && bool(enc.node) !== true) continue; // false is redshift-cluster-unencrypted; unknown stays silent
    for (const k of valuesAt(tpl, p, ['KmsKeyId'])) {
      if (k.node && !awsManaged(k.node)) continue;
      const conditions = mergeConditions(enc.conditions, k.conditions);
      out.push({
        r, messageId: k.node ? 'redshiftAwsManaged' : 'redshiftDefault', data: { name: r.logicalId, value: str(k.node) ?? '' },
        span: k.node ? k.node.span : enc.node ? enc.node.span : r.logicalIdSpan, conditions,
        fixable: !conditions.length && !enc.viaParameter && !k.viaParameter,
        fix: (key, label) => ({
          title: `Set KmsKeyId to ${label} (unsafe: Redshift re-encrypts a deployed cluster by migrating its data to a new encrypted cluster, during which it is read-only)`,
          edits: [...ctx.fixer.set(propPath(r, 'KmsKeyId'), key), ...(enc.node ? [] : ctx.fixer.set(propPath(r, 'Encrypted'), true))],
        }),
      });
    }
  }
}

function serverless(ctx: CfnRuleContext, r: Resource, out: Found[]): void {
  for (const k of valuesAt(ctx.template, r.properties, ['KmsKeyId'])) {
    if (k.node && !awsManaged(k.node) && str(k.node) !== 'AWS_OWNED_KMS_KEY') continue;
    out.push({
      r, messageId: k.node ? 'namespaceAwsKey' : 'namespaceDefault', data: { name: r.logicalId, value: str(k.node) ?? '' },
      span: k.node ? k.node.span : k.entry ? k.entry.value.span : r.logicalIdSpan, conditions: k.conditions,
      fixable: !k.conditions.length && !k.viaParameter,
      fix: (key, label) => ({
        title: `Set KmsKeyId to ${label} (unsafe: Redshift Serverless re-encrypts the namespace's data with the new key)`,
        edits: ctx.fixer.set(propPath(r, 'KmsKeyId'), key),
      }),
    });
  }
}

function rds(ctx: CfnRuleContext, r: Resource, out: Found[]): void {
  const tpl = ctx.template;
  const p = r.properties;
  const instance = r.type === 'AWS::RDS::DBInstance';
  const engine = (str(prop(p, 'Engine')) ?? '').toLowerCase();
  if (engine.startsWith('custom-')) return; // RDS Custom requires its own key
  let alwaysEncrypted = false;
  if (instance) {
    if (prop(p, 'DBClusterIdentifier') || engine.startsWith('aurora')) return; // the cluster holds the key
    if (prop(p, 'SourceDBInstanceIdentifier') || prop(p, 'DBSnapshotIdentifier') || prop(p, 'SourceDBClusterIdentifier')) return; // inherited
  } else {
    if (prop(p, 'SnapshotIdentifier') || prop(p, 'SourceDBClusterIdentifier') || prop(p, 'ReplicationSourceIdentifier') || prop(p, 'GlobalClusterIdentifier')) return;
    alwaysEncrypted = (str(prop(p, 'EngineMode')) ?? '').toLowerCase() === 'serverless';
  }
  const kind = instance ? 'instance' : 'cluster';
  for (const enc of valuesAt(tpl, p, ['StorageEncrypted'])) {
    const on = enc.node ? bool(enc.node) === true : alwaysEncrypted;
    if (!on) continue; // unencrypted storage is rds-storage-unencrypted
    for (const k of valuesAt(tpl, p, ['KmsKeyId'])) {
      if (k.node && !awsManaged(k.node)) continue;
      const conditions = mergeConditions(enc.conditions, k.conditions);
      out.push({
        r, messageId: 'rdsAwsManaged', data: { name: r.logicalId, kind },
        span: k.node ? k.node.span : enc.node ? enc.node.span : r.logicalIdSpan, conditions,
        fixable: !conditions.length && !enc.viaParameter && !k.viaParameter,
        fix: (key, label) => ({
          title: `Set KmsKeyId to ${label} (⚠ REPLACEMENT: KmsKeyId is create-only, a deployed ${kind} is replaced by a new, empty one; ${RDS_MIGRATION} with the new key)`,
          edits: ctx.fixer.set(propPath(r, 'KmsKeyId'), key),
          replaces: true,
        }),
      });
    }
  }
}

function athena(ctx: CfnRuleContext, r: Resource, out: Found[]): void {
  const path = ['WorkGroupConfiguration', 'ResultConfiguration', 'EncryptionConfiguration'];
  for (const enc of valuesAt(ctx.template, r.properties, path)) {
    if (enc.node?.kind !== 'object') continue;
    for (const o of valuesAt(ctx.template, enc.node, ['EncryptionOption'])) {
      if (str(o.node) !== 'SSE_S3') continue;
      const conditions = mergeConditions(enc.conditions, o.conditions);
      out.push({
        r, messageId: 'athenaSseS3', data: { name: r.logicalId }, span: o.node!.span, conditions,
        fixable: !conditions.length && !enc.viaParameter && !o.viaParameter,
        fix: (key, label) => ({
          title: `Encrypt query results with SSE_KMS and ${label} (unsafe: users of the workgroup then need kms:GenerateDataKey and kms:Decrypt on the key)`,
          edits: [...ctx.fixer.replace(o.node!, 'SSE_KMS'), ...ctx.fixer.set(propPath(r, ...path, 'KmsKey'), key)],
        }),
      });
    }
  }
}

/** EncryptionMode values of an EMR security configuration, as nodes (object form) or as a whole JSON string. */
function emr(ctx: CfnRuleContext, r: Resource, out: Found[]): void {
  const tpl = ctx.template;
  for (const sc of valuesAt(tpl, r.properties, ['SecurityConfiguration'])) {
    const node = sc.node;
    if (node?.kind === 'scalar' && typeof node.value === 'string') {
      let doc: unknown;
      try {
        doc = JSON.parse(node.value);
      } catch {
        continue;
      }
      const ec = (doc as { EncryptionConfiguration?: { EnableAtRestEncryption?: unknown; AtRestEncryptionConfiguration?: { S3EncryptionConfiguration?: { EncryptionMode?: unknown; Overrides?: { EncryptionMode?: unknown }[] } } } })?.EncryptionConfiguration;
      if (ec?.EnableAtRestEncryption !== true && ec?.EnableAtRestEncryption !== 'true') continue;
      const s3c = ec.AtRestEncryptionConfiguration?.S3EncryptionConfiguration;
      const modes = [s3c?.EncryptionMode, ...(Array.isArray(s3c?.Overrides) ? s3c!.Overrides!.map((o) => o?.EncryptionMode) : [])];
      if (!modes.includes('SSE-S3')) continue;
      out.push({ r, messageId: 'emrSseS3', data: { name: r.logicalId }, span: node.span, conditions: sc.conditions, fixable: false });
      continue;
    }
    if (node?.kind !== 'object') continue;
    const ec = valuesAt(tpl, node, ['EncryptionConfiguration']);
    for (const e of ec) {
      if (!valuesAt(tpl, e.node, ['EnableAtRestEncryption']).some((o) => bool(o.node) === true)) continue;
      const s3Path = ['AtRestEncryptionConfiguration', 'S3EncryptionConfiguration'];
      for (const s3c of valuesAt(tpl, e.node, s3Path)) {
        if (s3c.node?.kind !== 'object') continue;
        const base = mergeConditions(sc.conditions, e.conditions, s3c.conditions);
        const modes: { o: Outcome; main: boolean }[] = valuesAt(tpl, s3c.node, ['EncryptionMode']).map((o) => ({ o, main: true }));
        const overrides = prop(s3c.node, 'Overrides');
        if (overrides?.kind === 'array') for (const item of overrides.items) for (const m of valuesAt(tpl, item, ['EncryptionMode'])) modes.push({ o: m, main: false });
        for (const { o, main } of modes) {
          if (str(o.node) !== 'SSE-S3') continue;
          const conditions = mergeConditions(base, o.conditions);
          const full = propPath(r, 'SecurityConfiguration', 'EncryptionConfiguration', ...s3Path);
          out.push({
            r, messageId: 'emrSseS3', data: { name: r.logicalId }, span: o.node!.span, conditions,
            fixable: main && !conditions.length && !sc.viaParameter && !o.viaParameter,
            fix: (key, label) => ({
              title: `Use EncryptionMode SSE-KMS with ${label} (⚠ REPLACEMENT: the security configuration is create-only, and clusters pick it up only when they are relaunched)`,
              edits: [...ctx.fixer.replace(o.node!, 'SSE-KMS'), ...ctx.fixer.set([...full, 'AwsKmsKey'], key)],
              replaces: true,
            }),
          });
        }
      }
    }
  }
}

const CHECKS: Record<string, (ctx: CfnRuleContext, r: Resource, out: Found[]) => void> = {
  'AWS::S3::Bucket': s3,
  'AWS::Kinesis::Stream': kinesis,
  [DELIVERY_STREAM]: firehose,
  'AWS::Redshift::Cluster': redshift,
  'AWS::RedshiftServerless::Namespace': serverless,
  'AWS::RDS::DBInstance': rds,
  'AWS::RDS::DBCluster': rds,
  'AWS::Athena::WorkGroup': athena,
  'AWS::EMR::SecurityConfiguration': emr,
};

export const rule: Rule = {
  meta: {
    id: 'cmk-required',
    service: 'kms',
    category: 'key-management',
    tier: 'core',
    severity: 'off',
    keyPolicyRequiredSeverity: 'warning',
    messages: {
      bucketDefault: { text: `Bucket {name} sets no BucketEncryption, so S3 encrypts with SSE-S3 keys that AWS owns, ${POLICY}.` },
      bucketSseS3: { text: `Bucket {name} uses SSEAlgorithm AES256 (SSE-S3, keys that AWS owns), ${POLICY}.` },
      bucketAwsManaged: { text: `Bucket {name} uses {alg} with the AWS managed key aws/s3, ${POLICY}.` },
      kinesisAwsManaged: { text: `Kinesis stream {name} is encrypted with the AWS managed key {value}, ${POLICY}.` },
      firehoseAwsOwned: { text: `Firehose stream {name} uses KeyType AWS_OWNED_CMK, ${POLICY}.` },
      redshiftDefault: { text: `Redshift cluster {name} sets no KmsKeyId, so it is encrypted with a key that AWS owns, ${POLICY}.` },
      redshiftAwsManaged: { text: `Redshift cluster {name} is encrypted with the AWS managed key {value}, ${POLICY}.` },
      namespaceDefault: { text: `Redshift Serverless namespace {name} sets no KmsKeyId, so its data is encrypted with a key that AWS owns, ${POLICY}.` },
      namespaceAwsKey: { text: `Redshift Serverless namespace {name} sets KmsKeyId {value}, an AWS owned or managed key, ${POLICY}.` },
      rdsAwsManaged: { text: `DB {kind} {name} is encrypted with the AWS managed key aws/rds (no customer managed KmsKeyId), ${POLICY}.` },
      athenaSseS3: { text: `Athena workgroup {name} encrypts query results with SSE_S3 (keys that AWS owns), ${POLICY}.` },
      emrSseS3: { text: `EMR security configuration {name} encrypts EMRFS data in S3 with SSE-S3 (keys that AWS owns), ${POLICY}.` },
    },
    fix: { title: 'Use the template\'s customer managed KMS key (or add one with rotation on)', safety: 'unsafe', replacesResource: false, note: 'RDS and EMR security configurations are replaced; Redshift migrates a deployed cluster.' },
    hoverTopic: 'sse-kms',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'With `keyPolicy: customer-managed-required`, every data store encrypted with an AWS owned or AWS managed key (or SSE-S3) is reported.',
      why: 'AWS managed keys (aws/s3, aws/kinesis, aws/rds) live in your account and their use is logged in CloudTrail, but their key policies cannot be changed: access cannot be limited or revoked through the key, and other accounts cannot be allowed to use it. AWS owned keys (SSE-S3, Firehose AWS_OWNED_CMK, Redshift and Redshift Serverless without KmsKeyId, Athena SSE_S3, EMR SSE-S3) are not in your account at all. Projects whose policy requires customer managed keys turn this rule on with `keyPolicy: customer-managed-required` (it is off otherwise). Changing the key of an RDS database replaces it (migrate through an encrypted snapshot copy), an EMR security configuration is replaced and its clusters must be relaunched, and Redshift migrates a deployed cluster\'s data.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Events:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      StreamEncryption:\n        EncryptionType: KMS\n        KeyId: alias/aws/kinesis\n',
          good: 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  Events:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      StreamEncryption:\n        EncryptionType: KMS\n        KeyId: !GetAtt Key.Arn\n',
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Logs": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}}}}',
          good: '{"Resources": {"Logs": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Fn::GetAtt": ["Key", "Arn"]}}, "BucketKeyEnabled": true}]}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html',
      ],
      replacementWarning: `KmsKeyId is create-only on RDS DB instances and clusters, and an EMR security configuration is replaced when it changes: applying the fix to a deployed database creates a new, empty one (${RDS_MIGRATION}), and EMR clusters must be relaunched.`,
    },
    peers: [
      { tool: 'trivy', id: 'AVD-AWS-0132', exact: false },
      { tool: 'guard', id: 'S3_DEFAULT_ENCRYPTION_KMS', exact: false },
      { tool: 'cdk-nag', id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0079', exact: false },
      { tool: 'trivy', id: 'AVD-AWS-0084', exact: false },
    ],
  },
  resourceTypes: Object.keys(CHECKS),
  checkCfn(ctx) {
    const found: Found[] = [];
    for (const r of ctx.template.resources) CHECKS[r.type]?.(ctx, r, found);
    for (const f of found) {
      const fixes: Fix[] = [];
      if (f.fixable && f.fix) {
        const k = keyForFix(ctx, 'Arn', keyDescription(f.r));
        const built = f.fix(k.key, k.created ? 'a new rotating customer managed key' : `customer managed key ${k.logicalId}`);
        fixes.push({ title: built.title, safety: 'unsafe', replacesResource: built.replaces === true, edits: [...built.edits, ...k.edits] });
      }
      ctx.report({ messageId: f.messageId, data: f.data, span: f.span, resource: f.r, conditions: f.conditions, fixes });
    }
  },
};
