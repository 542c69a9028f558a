import { Rule } from '../types';
import { propPath } from '../support/helpers';
import { expand, prop, str } from '../support/resolve';
import { bucketInfo, documentGaps, policyTargets } from './bucket-policies';
import { ValueNode } from '../../model/types';
import { synthesisOf } from '../../parsers/cdk/synth';
import { CodeEditor } from '../../parsers/code-fixer/editor';
import { rendererFor } from '../../parsers/code-fixer/cdk-fixer';
import { ConstructCall } from '../../model/code';

/** The L2 `s3.Bucket` a synthesised policy comes from (`enforceSSL: true`), when the template is a CDK app's view. */
function l2BucketOf(tpl: Parameters<NonNullable<Rule['checkCfn']>>[0]['template'], logicalId: string): ConstructCall | undefined {
  const syn = tpl.code ? synthesisOf(tpl) : undefined;
  const r = tpl.resourceById.get(logicalId);
  const origin = r && syn?.origins.get(r);
  return origin && !origin.l1 && origin.construct.className === 'Bucket' ? origin.construct : undefined;
}

/** A statement with a `NumericLessThan` test of `s3:TlsVersion` (the TLS floor). */
function hasTlsFloor(stmt: ValueNode | undefined): boolean {
  const cond = prop(stmt, 'Condition');
  if (!cond || cond.kind !== 'object') return false;
  return cond.entries.some((op) => /^NumericLessThan/i.test(op.key) && op.value.kind === 'object' && op.value.entries.some((k) => k.key.toLowerCase() === 's3:tlsversion'));
}

export const rule: Rule = {
  meta: {
    id: 's3-bucket-policy-min-tls',
    service: 's3',
    category: 'in-transit',
    tier: 'advanced',
    severity: 'hint',
    messages: {
      noFloor: { text: 'Bucket policy {policy} denies plain HTTP for bucket {bucket} but sets no TLS floor (Deny when s3:TlsVersion is below 1.2).' },
    },
    fix: { title: 'Add a DenyOutdatedTLS statement (NumericLessThan s3:TlsVersion 1.2)', safety: 'safe', replacesResource: false },
    hoverTopic: 's3-in-transit',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py'],
    docs: {
      summary: 'A bucket policy that enforces HTTPS but not a minimum TLS version.',
      why: 'Denying `aws:SecureTransport: false` forces TLS but accepts any TLS version S3 still negotiates. A second Deny with `NumericLessThan: {s3:TlsVersion: 1.2}` sets a floor (CDK: `minimumTLSVersion: 1.2` with `enforceSSL`). AWS API endpoints require TLS 1.2 since 2023, so this is a hint that makes the policy explicit and keeps it strict when newer versions become the floor.',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n  DataPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Data\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Sid: DenyInsecureTransport, Effect: Deny, Principal: '*', Action: 's3:*', Resource: [!GetAtt Data.Arn, !Sub '${Data.Arn}/*'], Condition: {Bool: {'aws:SecureTransport': 'false'}}}\n",
          good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n  DataPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Data\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Sid: DenyInsecureTransport, Effect: Deny, Principal: '*', Action: 's3:*', Resource: [!GetAtt Data.Arn, !Sub '${Data.Arn}/*'], Condition: {Bool: {'aws:SecureTransport': 'false'}}}\n          - {Sid: DenyOutdatedTLS, Effect: Deny, Principal: '*', Action: 's3:*', Resource: [!GetAtt Data.Arn, !Sub '${Data.Arn}/*'], Condition: {NumericLessThan: {'s3:TlsVersion': 1.2}}}\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html'],
    },
    peers: [{ tool: 'cdk-nag', id: 'AwsSolutions-S10', exact: false }],
  },
  resourceTypes: ['AWS::S3::BucketPolicy'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    const buckets = tpl.resources.filter((r) => r.type === 'AWS::S3::Bucket').map((r) => bucketInfo(tpl, r));
    for (const policy of tpl.resources.filter((r) => r.type === 'AWS::S3::BucketPolicy')) {
      const targets = policyTargets(tpl, policy, buckets);
      if (targets.length !== 1 || targets[0].kind !== 'bucket' || targets[0].conditions.length) continue;
      const b = buckets.find((x) => x.resource.logicalId === (targets[0] as { id: string }).id)!;
      if (documentGaps(tpl, policy, b).length) continue; // no SecureTransport deny: the core rule reports that
      const docs = expand(tpl, prop(policy.properties, 'PolicyDocument'));
      if (docs.length !== 1 || docs[0].node?.kind !== 'object') continue;
      const list = prop(docs[0].node, 'Statement');
      if (list?.kind !== 'array') continue;
      if (list.items.some((s) => s.kind !== 'object' || hasTlsFloor(s))) continue;
      const id = b.resource.logicalId;
      const l2 = l2BucketOf(tpl, policy.logicalId);
      if (l2) {
        // CDK: `minimumTLSVersion` adds the floor to the policy `enforceSSL` creates (the synthesis does not model it).
        if (!l2.props || l2.props.entries.some((e) => /^minimum_?tls_?version$/i.test(e.key))) continue;
        const renderer = rendererFor(tpl.code!.language);
        const edits = renderer ? new CodeEditor(tpl.code!, renderer).insertEntry(l2.props, 'minimumTLSVersion', { kind: 'number', value: 1.2 }) : [];
        const ssl = l2.props.entries.find((e) => /^enforce_?ssl$/i.test(e.key));
        ctx.report({
          messageId: 'noFloor',
          data: { policy: policy.logicalId, bucket: id },
          span: ssl ? ssl.keySpan : l2.calleeSpan,
          resource: policy,
          fixes: [{ title: 'Add minimumTLSVersion: 1.2 (CDK adds a Deny for s3:TlsVersion below 1.2); clients on TLS 1.0/1.1 are refused', safety: 'safe', replacesResource: false, edits }],
        });
        continue;
      }
      ctx.report({
        messageId: 'noFloor',
        data: { policy: policy.logicalId, bucket: id },
        span: list.span.start === list.span.end ? policy.logicalIdSpan : { start: list.span.start, end: list.span.start },
        resource: policy,
        fixes: [{
          title: 'Add a DenyOutdatedTLS statement (NumericLessThan s3:TlsVersion 1.2); clients on TLS 1.0/1.1 are refused',
          safety: 'safe',
          replacesResource: false,
          edits: ctx.fixer.append(propPath(policy, 'PolicyDocument', 'Statement'), {
            Sid: 'DenyOutdatedTLS', Effect: 'Deny', Principal: '*', Action: 's3:*',
            Resource: [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Sub': `\${${id}.Arn}/*` }],
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        }],
      });
      void str;
    }
  },
};
