/**
 * SDK triggers of core rules (rules.md, "SDK:" of each rule): the same question asked of an AWS API call in JS v3,
 * JS v2 or boto3 code. Each function is a rule's `checkCode`; its messages are declared in the rule's metadata
 * under the ids used here. Parameters we cannot see entirely (an unresolved spread) are never reported.
 */
import { ApiCall, CodeObject } from '../../model/code';
import { TextEdit } from '../../model/types';
import { CodeRuleContext } from '../types';
import { callsOf, codeBool, codeEntry, codePath, codeString } from './code';

function visible(call: ApiCall): CodeObject | undefined {
  return call.params && !call.params.open ? call.params : undefined;
}

/** Edits that add `key: value` to a call's parameters (a params object is created when the call has none). */
function addParam(ctx: CodeRuleContext, call: ApiCall, obj: CodeObject | undefined, key: string, value: Parameters<NonNullable<CodeRuleContext['editor']>['insertEntry']>[2]): TextEdit[] {
  if (!ctx.editor || !obj) return [];
  return ctx.editor.insertEntry(obj, key, value, 'api');
}

/** rds-storage-unencrypted: CreateDBInstance / CreateDBCluster without `StorageEncrypted: true`. */
export function sdkStorageUnencrypted(ctx: CodeRuleContext): void {
  for (const call of callsOf(ctx.code.apiCalls, 'rds', 'CreateDBInstance', 'CreateDBCluster')) {
    const p = visible(call);
    if (!p) continue;
    const engine = (codeString(codeEntry(p, 'Engine')?.value) ?? '').toLowerCase();
    // A cluster member is encrypted by its cluster; Aurora Serverless v1 and RDS Custom are always encrypted.
    if (call.operation === 'CreateDBInstance' && (codeEntry(p, 'DBClusterIdentifier') || engine.startsWith('aurora') || engine.startsWith('custom-'))) continue;
    if (codeString(codeEntry(p, 'EngineMode')?.value)?.toLowerCase() === 'serverless') continue;
    if (codeEntry(p, 'ReplicationSourceIdentifier') || codeEntry(p, 'GlobalClusterIdentifier')) continue;
    const enc = codeEntry(p, 'StorageEncrypted');
    const v = enc ? codeBool(enc.value) : false;
    if (v !== false) continue;
    const edits = enc ? (ctx.editor?.replaceValue(enc.value, { kind: 'boolean', value: true }, 'api') ?? []) : addParam(ctx, call, p, 'StorageEncrypted', { kind: 'boolean', value: true });
    ctx.report({
      messageId: 'sdk',
      data: { operation: call.operation },
      span: enc ? enc.value.span : call.span,
      source: 'sdk',
      fixes: edits.length ? [{ title: 'Pass StorageEncrypted: true (encrypts the new database with the aws/rds key unless KmsKeyId is given)', safety: 'safe', replacesResource: false, edits }] : [],
    });
  }
}

/** redshift-cluster-unencrypted: CreateCluster with `Encrypted: false` (error) or without it (information). */
export function sdkRedshiftUnencrypted(ctx: CodeRuleContext): void {
  for (const call of callsOf(ctx.code.apiCalls, 'redshift', 'CreateCluster')) {
    const p = visible(call);
    if (!p) continue;
    const enc = codeEntry(p, 'Encrypted');
    if (enc && codeBool(enc.value) === false) {
      const edits = ctx.editor?.replaceValue(enc.value, { kind: 'boolean', value: true }, 'api') ?? [];
      ctx.report({ messageId: 'sdkDisabled', span: enc.value.span, source: 'sdk', fixes: edits.length ? [{ title: 'Pass Encrypted: true', safety: 'safe', replacesResource: false, edits }] : [] });
    } else if (!enc) {
      const edits = addParam(ctx, call, p, 'Encrypted', { kind: 'boolean', value: true });
      ctx.report({ messageId: 'sdkAbsent', span: call.span, source: 'sdk', fixes: edits.length ? [{ title: 'Pass Encrypted: true', safety: 'safe', replacesResource: false, edits }] : [] });
    }
  }
}

/** athena-results-unencrypted: StartQueryExecution with an OutputLocation, no EncryptionConfiguration and no WorkGroup. */
export function sdkAthenaResultsUnencrypted(ctx: CodeRuleContext): void {
  for (const call of callsOf(ctx.code.apiCalls, 'athena', 'StartQueryExecution')) {
    const p = visible(call);
    if (!p || codeEntry(p, 'WorkGroup')) continue;
    const rc = codePath(p, 'ResultConfiguration');
    if (rc?.kind !== 'object' || rc.open || !codeEntry(rc, 'OutputLocation') || codeEntry(rc, 'EncryptionConfiguration')) continue;
    const edits = addParam(ctx, call, rc, 'EncryptionConfiguration', { kind: 'object', entries: [{ key: 'EncryptionOption', value: { kind: 'string', value: 'SSE_S3' } }] });
    ctx.report({
      messageId: 'sdk',
      span: codeEntry(p, 'ResultConfiguration')!.keySpan,
      source: 'sdk',
      fixes: edits.length ? [{ title: "Add EncryptionConfiguration { EncryptionOption: 'SSE_S3' } to ResultConfiguration", safety: 'safe', replacesResource: false, edits }] : [],
    });
  }
}

const S3_WRITES = ['PutObject', 'CopyObject', 'CreateMultipartUpload'];
const SSE_VALUES = ['AES256', 'aws:kms', 'aws:kms:dsse', 'aws:fsx', 'aws:backup'];

/** s3-invalid-sse-algorithm: `ServerSideEncryption` outside the API enum. */
export function sdkInvalidSseAlgorithm(ctx: CodeRuleContext): void {
  for (const call of callsOf(ctx.code.apiCalls, 's3', ...S3_WRITES)) {
    const e = codeEntry(visible(call), 'ServerSideEncryption');
    const v = codeString(e?.value);
    if (!e || v === undefined || SSE_VALUES.includes(v)) continue;
    const norm = v.toLowerCase().replace(/[^a-z0-9]/g, '');
    const nearest = norm.includes('dsse') ? 'aws:kms:dsse' : norm.includes('kms') ? 'aws:kms' : /aes|sses3|s3/.test(norm) ? 'AES256' : undefined;
    const edits = nearest && ctx.editor ? ctx.editor.replaceValue(e.value, { kind: 'string', value: nearest }, 'api') : [];
    ctx.report({
      messageId: 'sdk',
      data: { operation: call.operation, value: v },
      span: e.value.span,
      source: 'sdk',
      fixes: edits.length ? [{ title: `Use ServerSideEncryption: '${nearest}'`, safety: 'safe', replacesResource: false, edits }] : [],
    });
  }
}

/** s3-kms-key-requires-kms-algorithm: `SSEKMSKeyId` without `ServerSideEncryption` aws:kms / aws:kms:dsse. */
export function sdkKmsKeyRequiresKmsAlgorithm(ctx: CodeRuleContext): void {
  for (const call of callsOf(ctx.code.apiCalls, 's3', ...S3_WRITES)) {
    const p = visible(call);
    const key = codeEntry(p, 'SSEKMSKeyId');
    if (!p || !key) continue;
    const sse = codeEntry(p, 'ServerSideEncryption');
    const v = sse ? codeString(sse.value) : '(absent)';
    if (v === undefined || v === 'aws:kms' || v === 'aws:kms:dsse') continue;
    const edits = sse ? (ctx.editor?.replaceValue(sse.value, { kind: 'string', value: 'aws:kms' }, 'api') ?? []) : addParam(ctx, call, p, 'ServerSideEncryption', { kind: 'string', value: 'aws:kms' });
    ctx.report({
      messageId: 'sdk',
      data: { operation: call.operation, value: v },
      span: key.keySpan,
      source: 'sdk',
      fixes: edits.length ? [{ title: "Pass ServerSideEncryption: 'aws:kms'", safety: 'safe', replacesResource: false, edits }] : [],
    });
  }
}

/** kinesis-stream-unencrypted: CreateStream with no StartStreamEncryption of the same stream in the file. */
export function sdkKinesisUnencrypted(ctx: CodeRuleContext): void {
  const started = callsOf(ctx.code.apiCalls, 'kinesis', 'StartStreamEncryption');
  for (const call of callsOf(ctx.code.apiCalls, 'kinesis', 'CreateStream')) {
    const p = visible(call);
    if (!p) continue;
    const name = codeString(codeEntry(p, 'StreamName')?.value);
    if (name === undefined) {
      if (started.length) continue; // a stream named by a variable may be the one encrypted later
    } else if (started.some((s) => { const n = codeEntry(s.params, 'StreamName')?.value; return !n || n.kind !== 'scalar' || n.value === name; })) continue;
    ctx.report({ messageId: 'sdk', data: { name: name ?? '(unnamed)' }, span: call.span, source: 'sdk' });
  }
}

/** firehose-sse-disabled: CreateDeliveryStream (Direct PUT) without DeliveryStreamEncryptionConfigurationInput. */
export function sdkFirehoseSseDisabled(ctx: CodeRuleContext): void {
  for (const call of callsOf(ctx.code.apiCalls, 'firehose', 'CreateDeliveryStream')) {
    const p = visible(call);
    if (!p || codeEntry(p, 'DeliveryStreamEncryptionConfigurationInput')) continue;
    const type = codeEntry(p, 'DeliveryStreamType');
    const t = type ? codeString(type.value) : 'DirectPut';
    if (t !== 'DirectPut' || codeEntry(p, 'KinesisStreamSourceConfiguration') || codeEntry(p, 'MSKSourceConfiguration')) continue;
    const edits = addParam(ctx, call, p, 'DeliveryStreamEncryptionConfigurationInput', { kind: 'object', entries: [{ key: 'KeyType', value: { kind: 'string', value: 'AWS_OWNED_CMK' } }] });
    ctx.report({
      messageId: 'sdk',
      data: { name: codeString(codeEntry(p, 'DeliveryStreamName')?.value) ?? '(unnamed)' },
      span: call.span,
      source: 'sdk',
      fixes: edits.length ? [{ title: "Pass DeliveryStreamEncryptionConfigurationInput { KeyType: 'AWS_OWNED_CMK' }", safety: 'safe', replacesResource: false, edits }] : [],
    });
  }
}
