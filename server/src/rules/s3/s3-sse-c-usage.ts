import { Rule } from '../types';
import { TextEdit } from '../../model/types';
import { callsOf, codeEntry, spanOf } from '../sdk/code';

export const SSE_C_WRITES = ['PutObject', 'CopyObject', 'CreateMultipartUpload', 'UploadPart'];

export const rule: Rule = {
  meta: {
    id: 's3-sse-c-usage',
    service: 's3',
    category: 'compatibility',
    tier: 'core',
    severity: 'warning',
    messages: {
      ssec: {
        text: '{operation} encrypts the object with a customer-provided key (SSECustomerKey): S3 rejects such writes (403) on buckets created since April 2026 unless SSE-C is unblocked, every later GET must send the same key, and Athena and EMR cannot read the object.',
      },
    },
    fix: { title: "Use SSE-KMS instead (ServerSideEncryption: 'aws:kms')", safety: 'unsafe', replacesResource: false },
    hoverTopic: 'sse-c',
    inputs: ['sdk-js', 'sdk-py'],
    docs: {
      summary: 'An S3 write (PutObject, CopyObject, CreateMultipartUpload, UploadPart) with SSE-C parameters.',
      why: 'With SSE-C the caller supplies the key on every request and S3 keeps only a salted HMAC of it. Since April 2026 S3 blocks SSE-C for new buckets by default, so these writes fail with 403 unless the bucket unblocks SSE-C; losing the key loses the data; readers must hold the key, and Athena, EMR and most AWS services cannot read SSE-C objects. SSE-KMS gives the same separation of duties through key policies without handing keys around.',
      examples: [
        {
          input: 'sdk-js',
          bad: "await s3.send(new PutObjectCommand({\n  Bucket: 'b', Key: 'k', Body: body,\n  SSECustomerAlgorithm: 'AES256',\n  SSECustomerKey: key,\n}));\n",
          good: "await s3.send(new PutObjectCommand({\n  Bucket: 'b', Key: 'k', Body: body,\n  ServerSideEncryption: 'aws:kms',\n}));\n",
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/blocking-unblocking-s3-c-encryption-gpb.html',
      ],
    },
    peers: [],
  },
  checkCode(ctx) {
    for (const call of callsOf(ctx.code.apiCalls, 's3', ...SSE_C_WRITES)) {
      const key = codeEntry(call.params, 'SSECustomerKey');
      if (!key || !call.params) continue;
      const edits: TextEdit[] = [];
      const ed = ctx.editor;
      if (ed && !codeEntry(call.params, 'ServerSideEncryption')) {
        // Replace the SSECustomerKey entry by ServerSideEncryption, then drop the other SSE-C parameters.
        const others = ['SSECustomerAlgorithm', 'SSECustomerKeyMD5'].filter((k) => codeEntry(call.params, k));
        const inside = (s: { start: number; end: number }) => s.start >= call.params!.span.start && s.end <= call.params!.span.end;
        if (inside(key.keySpan) && others.every((k) => inside(codeEntry(call.params, k)!.keySpan))) {
          edits.push({ span: spanOf(key), newText: ed.renderer.entry('ServerSideEncryption', ed.render({ kind: 'string', value: 'aws:kms' }, key.keySpan.start, 'api'), call.params.kwargs ? 'kwargs' : 'object', ctx.code.style) });
          for (const k of others) edits.push(...ed.removeEntry(call.params, k));
        }
      }
      ctx.report({
        messageId: 'ssec',
        data: { operation: call.operation },
        span: key.keySpan,
        source: 'sdk',
        fixes: edits.length ? [{ title: "Use SSE-KMS instead (ServerSideEncryption: 'aws:kms'; unsafe: readers of existing objects still need the customer key)", safety: 'unsafe', replacesResource: false, edits }] : [],
      });
    }
  },
};
