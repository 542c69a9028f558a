import { Rule } from '../types';
import { codeBool, spanOf } from './code';

export const rule: Rule = {
  meta: {
    id: 'sdk-tls-verify-disabled',
    service: 'sdk',
    category: 'in-transit',
    tier: 'core',
    severity: 'warning',
    messages: {
      verifyOff: { text: '{setting} turns off TLS certificate verification, so AWS SDK requests can be intercepted by anyone able to present a certificate.' },
    },
    fix: { title: 'Remove the setting (verify certificates again)', safety: 'unsafe', replacesResource: false },
    hoverTopic: 'tls-in-transit',
    inputs: ['sdk-js', 'sdk-py'],
    docs: {
      summary: 'TLS certificate verification turned off for AWS SDK traffic (`verify=False`, `rejectUnauthorized: false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`).',
      why: 'Encryption without server authentication protects against passive eavesdroppers only: any machine in the path can present its own certificate and read or change requests, including credentials-signed requests and object data. When a private CA is needed, pass its bundle (`verify="/path/ca.pem"`, `ca:` in the https agent) instead of turning verification off.',
      examples: [
        {
          input: 'sdk-py',
          bad: "s3 = boto3.client('s3', verify=False)\n",
          good: "s3 = boto3.client('s3', verify='/etc/ssl/certs/corp-ca.pem')\n",
        },
        {
          input: 'sdk-js',
          bad: 'const s3 = new S3Client({ requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ rejectUnauthorized: false }) }) });\n',
          good: 'const s3 = new S3Client({ requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca: corporateCa }) }) });\n',
        },
      ],
      references: [
        'https://boto3.amazonaws.com/v1/documentation/api/latest/reference/core/session.html',
        'https://nodejs.org/api/tls.html#tlsconnectoptions-callback',
      ],
    },
    peers: [],
  },
  checkCode(ctx) {
    const usesSdk = ctx.code.clients.length > 0 || ctx.code.imports.some((i) => /^(@aws-sdk\/|aws-sdk|boto3|botocore)/.test(i.module));
    if (!usesSdk) return;
    for (const client of ctx.code.clients) {
      const e = client.config?.entries.find((x) => x.key === 'verify');
      if (!e || codeBool(e.value) !== false) continue;
      const edits = ctx.editor && client.config ? ctx.editor.removeEntry(client.config, 'verify') : [];
      ctx.report({
        messageId: 'verifyOff', data: { setting: 'verify=False' }, span: spanOf(e), source: 'sdk',
        fixes: edits.length ? [{ title: 'Remove verify=False (unsafe: a proxy with its own CA then needs its bundle passed as verify=)', safety: 'unsafe', replacesResource: false, edits }] : [],
      });
    }
    for (const off of ctx.code.tlsVerifyOff ?? []) {
      const edits = ctx.editor && off.object && off.entry ? ctx.editor.removeEntry(off.object, off.entry.key) : [];
      ctx.report({
        messageId: 'verifyOff', data: { setting: off.what }, span: off.span, source: 'sdk',
        fixes: edits.length ? [{ title: `Remove ${off.what} (unsafe: a private CA then needs to be passed as ca:)`, safety: 'unsafe', replacesResource: false, edits }] : [],
      });
    }
  },
};
