import { SdkClient } from '../../model/code';
import { TextEdit } from '../../model/types';
import { CodeRuleContext, Rule } from '../types';
import { describeSettings, PlainTransport, plainTransport, spanOf } from './code';

/** Edits that restore TLS: drop the flag, or write `https://` for the endpoint. */
export function tlsFixEdits(ctx: CodeRuleContext, client: SdkClient, p: PlainTransport): TextEdit[] {
  if (!ctx.editor || !client.config) return [];
  if (p.kind === 'flag') return ctx.editor.removeEntry(client.config, p.entry.key);
  const v = p.entry.value;
  if (v.kind !== 'scalar' || typeof v.value !== 'string') return [];
  const text = ctx.code.file.text.slice(v.span.start, v.span.end);
  const fixed = text.replace(/http:\/\//i, 'https://');
  return fixed === text ? [] : [{ span: v.span, newText: fixed }];
}

export const rule: Rule = {
  meta: {
    id: 'sdk-tls-disabled',
    service: 'sdk',
    category: 'in-transit',
    tier: 'core',
    severity: 'error',
    messages: {
      plain: { text: '{client} is configured with {setting}, so its requests and the data in them travel unencrypted over HTTP.' },
      local: { text: '{client} is configured with {setting}, a local endpoint: fine for an emulator such as LocalStack, but make sure this configuration never reaches AWS endpoints.', severity: 'information' },
    },
    fix: { title: 'Remove the setting that turns TLS off', safety: 'safe', replacesResource: false },
    hoverTopic: 'tls-in-transit',
    inputs: ['sdk-js', 'sdk-py'],
    docs: {
      summary: 'An AWS SDK client with TLS turned off (`tls: false`, `sslEnabled: false`, `use_ssl=False`) or an `http://` endpoint.',
      why: 'AWS service endpoints accept HTTPS, and every SDK uses it by default. Turning TLS off sends request data, response data and signed headers in clear text; for S3 it also exposes object contents and SSE-C keys. Endpoints on localhost or a LocalStack host are reported at information level only.',
      examples: [
        {
          input: 'sdk-js',
          bad: "const s3 = new S3Client({ region: 'eu-west-1', tls: false });\n",
          good: "const s3 = new S3Client({ region: 'eu-west-1' });\n",
        },
        {
          input: 'sdk-py',
          bad: "s3 = boto3.client('s3', use_ssl=False)\n",
          good: "s3 = boto3.client('s3')\n",
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-client-s3/Interface/S3ClientConfig/',
        'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/core/session.html',
      ],
    },
    peers: [],
  },
  checkCode(ctx) {
    for (const client of ctx.code.clients) {
      const list = plainTransport(client);
      if (!list.length) continue;
      const edits = list.flatMap((p) => tlsFixEdits(ctx, client, p));
      const flagsOnly = list.every((p) => p.kind === 'flag');
      const local = list.some((p) => p.local);
      ctx.report({
        messageId: local ? 'local' : 'plain',
        data: { client: client.service === '*' ? 'The global AWS.config' : `This ${client.service} client`, setting: describeSettings(list) },
        span: spanOf(list[0].entry),
        source: 'sdk',
        // A local emulator usually serves plain HTTP only: no fix offered there.
        fixes: !local && edits.length ? [{
          title: flagsOnly ? `Remove ${list.map((p) => p.entry.key).join(' and ')} (requests use HTTPS again)` : 'Use HTTPS (unsafe: the endpoint must serve HTTPS)',
          safety: flagsOnly ? 'safe' : 'unsafe',
          replacesResource: false,
          edits,
        }] : [],
      });
    }
  },
};
