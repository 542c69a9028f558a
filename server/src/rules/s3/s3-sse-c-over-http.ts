import { Rule } from '../types';
import { callsOf, codeEntry, describeSettings, plainTransport } from '../sdk/code';
import { tlsFixEdits } from '../sdk/sdk-tls-disabled';

export const rule: Rule = {
  meta: {
    id: 's3-sse-c-over-http',
    service: 's3',
    category: 'in-transit',
    tier: 'core',
    severity: 'error',
    messages: {
      http: { text: '{operation} sends an SSE-C key through a client configured with {setting}: S3 refuses SSE-C requests over HTTP, and the key would travel in clear in the request headers.' },
    },
    fix: { title: 'Remove the setting that turns TLS off', safety: 'safe', replacesResource: false },
    hoverTopic: 'sse-c',
    inputs: ['sdk-js', 'sdk-py'],
    docs: {
      summary: 'SSE-C parameters sent through an S3 client that does not use HTTPS.',
      why: 'With SSE-C the encryption key itself travels in the `x-amz-server-side-encryption-customer-key` header of every request. S3 rejects SSE-C requests made over plain HTTP, so the call fails; and if a proxy accepted it, the key would be exposed on the wire.',
      examples: [
        {
          input: 'sdk-js',
          bad: "const s3 = new S3Client({ tls: false });\nawait s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', SSECustomerAlgorithm: 'AES256', SSECustomerKey: key }));\n",
          good: "const s3 = new S3Client({});\nawait s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', SSECustomerAlgorithm: 'AES256', SSECustomerKey: key }));\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html'],
    },
    peers: [],
  },
  checkCode(ctx) {
    const globalV2 = ctx.code.clients.filter((c) => c.service === '*');
    for (const call of callsOf(ctx.code.apiCalls, 's3')) {
      const key = codeEntry(call.params, 'SSECustomerKey', 'CopySourceSSECustomerKey');
      if (!key) continue;
      const clients = [call.client, ...(call.sdk === 'js-v2' ? globalV2 : [])];
      for (const client of clients) {
        const list = plainTransport(client);
        if (!list.length) continue;
        const edits = list.flatMap((p) => tlsFixEdits(ctx, client!, p));
        const flagsOnly = list.every((p) => p.kind === 'flag');
        ctx.report({
          messageId: 'http', data: { operation: call.operation, setting: describeSettings(list) }, span: key.keySpan, source: 'sdk',
          related: list.map((p) => ({ uri: ctx.code.file.uri, span: p.entry.keySpan, message: `TLS is turned off here (${p.what}).` })),
          fixes: edits.length ? [{ title: flagsOnly ? `Remove ${list.map((p) => p.entry.key).join(' and ')} (requests use HTTPS again)` : 'Use HTTPS for this client (unsafe: the endpoint must serve HTTPS)', safety: flagsOnly ? 'safe' : 'unsafe', replacesResource: false, edits }] : [],
        });
      }
    }
  },
};
