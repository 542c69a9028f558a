import { Rule } from '../types';
import { callsOf, codeEntry } from '../sdk/code';

const PAIRS: [string, string][] = [['SSECustomerKey', 'SSECustomerAlgorithm'], ['CopySourceSSECustomerKey', 'CopySourceSSECustomerAlgorithm']];

export const rule: Rule = {
  meta: {
    id: 's3-sse-c-incomplete',
    service: 's3',
    category: 'compatibility',
    tier: 'core',
    severity: 'error',
    messages: {
      noAlgorithm: { text: '{operation} sends {key} without {algorithm}: S3 rejects the request (400); SSE-C needs both, with {algorithm} AES256.' },
      noKey: { text: '{operation} sends {algorithm} without {key}: S3 rejects the request (400); SSE-C needs both.' },
    },
    fix: { title: "Add SSECustomerAlgorithm: 'AES256'", safety: 'safe', replacesResource: false },
    hoverTopic: 'sse-c',
    inputs: ['sdk-js', 'sdk-py'],
    docs: {
      summary: 'An S3 request with only one half of the SSE-C parameter pair (key and algorithm).',
      why: 'SSE-C requests must carry the customer key and its algorithm (`AES256`) together, on writes and on every read of the object, and `CopySourceSSECustomer*` likewise for the source of a copy. With one of them missing S3 answers 400 InvalidRequest at run time.',
      examples: [
        {
          input: 'sdk-js',
          bad: "await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k', SSECustomerKey: key }));\n",
          good: "await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k', SSECustomerKey: key, SSECustomerAlgorithm: 'AES256' }));\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html'],
    },
    peers: [],
  },
  checkCode(ctx) {
    for (const call of callsOf(ctx.code.apiCalls, 's3')) {
      const params = call.params;
      if (!params || params.open) continue;
      for (const [key, algorithm] of PAIRS) {
        const k = codeEntry(params, key);
        const a = codeEntry(params, algorithm);
        if (k && !a) {
          const ed = ctx.editor;
          const edits = ed ? ed.insertEntry(params, algorithm, { kind: 'string', value: 'AES256' }, 'api') : [];
          ctx.report({
            messageId: 'noAlgorithm', data: { operation: call.operation, key, algorithm }, span: k.keySpan, source: 'sdk',
            fixes: edits.length ? [{ title: `Add ${algorithm}: 'AES256'`, safety: 'safe', replacesResource: false, edits }] : [],
          });
        } else if (a && !k) {
          ctx.report({ messageId: 'noKey', data: { operation: call.operation, key, algorithm }, span: a.keySpan, source: 'sdk' });
        }
      }
    }
  },
};
