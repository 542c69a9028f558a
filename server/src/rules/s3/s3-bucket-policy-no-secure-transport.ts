import { JsonValue } from '../../model/fixer';
import { Fix } from '../../model/types';
import { Rule } from '../types';
import { propPath, uniqueLogicalId } from '../support/helpers';
import { valuesAt } from '../support/resolve';
import { bucketInfo, denyInsecureTransportStatement, documentGaps, policyTargets, PolicyTarget } from './bucket-policies';
import { synthesisOf } from '../../parsers/cdk/synth';

const POLICY_FIX = 'Add an AWS::S3::BucketPolicy that denies requests over plain HTTP (aws:SecureTransport false) on the bucket and its objects';
const STATEMENT_FIX = 'Add a DenyInsecureTransport statement (aws:SecureTransport false) for the bucket and its objects to the policy';

export const rule: Rule = {
  meta: {
    id: 's3-bucket-policy-no-secure-transport',
    service: 's3',
    category: 'in-transit',
    tier: 'core',
    severity: 'warning',
    messages: {
      noPolicy: {
        text: 'Bucket {bucket} has no bucket policy in this template, so nothing denies requests with aws:SecureTransport false and S3 serves reads and writes over plain HTTP.',
      },
      noEnforceSsl: {
        text: 'Bucket {bucket} does not set enforceSSL: true (CDK default false) and no bucket policy in this file denies aws:SecureTransport false, so S3 serves reads and writes over plain HTTP.',
      },
      noStatement: {
        text: 'Bucket policy {policy} has no Deny statement for all principals and s3:* on aws:SecureTransport false that covers both bucket {bucket} and its objects, so S3 serves reads and writes over plain HTTP.',
      },
    },
    fix: {
      title: POLICY_FIX,
      safety: 'safe',
      replacesResource: false,
      note: 'When the bucket already has a policy, the statement is appended to it instead. Unsafe for a bucket with WebsiteConfiguration: the S3 website endpoint serves only HTTP.',
    },
    hoverTopic: 's3-in-transit',
    inputs: ['cfn-yaml', 'cfn-json'],
    docs: {
      summary: 'An S3 bucket whose bucket policy does not deny requests made without TLS.',
      why: 'S3 accepts HTTP as well as HTTPS requests unless the bucket policy denies them; the documented control is a Deny of `s3:*` for every principal on the bucket ARN and `bucket/*` when `aws:SecureTransport` is `false` (what CDK emits for `enforceSSL: true`, which defaults to false). A policy given as a JSON string, or a bucket the template cannot identify, is not judged. Adding the policy or the statement interrupts nothing; only requests over plain HTTP are refused afterwards, which includes every request to the S3 website endpoint of a bucket with `WebsiteConfiguration` (serve such a site through CloudFront over HTTPS first).',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n',
          good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n  DataPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Data\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: DenyInsecureTransport\n            Effect: Deny\n            Principal: '*'\n            Action: s3:*\n            Resource:\n              - !GetAtt Data.Arn\n              - !Sub '${Data.Arn}/*'\n            Condition:\n              Bool:\n                aws:SecureTransport: 'false'\n",
        },
        {
          input: 'cfn-json',
          bad: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket"}, "DataPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Data"}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}, "Action": "s3:GetObject", "Resource": {"Fn::Sub": "${Data.Arn}/*"}}]}}}}}',
          good: '{"Resources": {"Data": {"Type": "AWS::S3::Bucket"}, "DataPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Data"}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}, "Action": "s3:GetObject", "Resource": {"Fn::Sub": "${Data.Arn}/*"}}, {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [{"Fn::GetAtt": ["Data", "Arn"]}, {"Fn::Sub": "${Data.Arn}/*"}], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}}}}',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html',
      ],
    },
    peers: [
      { tool: 'cdk-nag', id: 'AwsSolutions-S10', exact: true },
      { tool: 'guard', id: 'S3_BUCKET_SSL_REQUESTS_ONLY', exact: false },
    ],
  },
  resourceTypes: ['AWS::S3::Bucket'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    const buckets = tpl.resources.filter((r) => r.type === 'AWS::S3::Bucket').map((r) => bucketInfo(tpl, r));
    const policies = tpl.resources
      .filter((r) => r.type === 'AWS::S3::BucketPolicy')
      .map((p) => ({ policy: p, targets: policyTargets(tpl, p, buckets) }));
    const all: PolicyTarget[] = policies.flatMap((p) => p.targets);
    const anyUnknown = all.some((t) => t.kind === 'unknown');
    const anyUnmatchedName = all.some((t) => t.kind === 'name');

    for (const b of buckets) {
      const r = b.resource;
      // The S3 website endpoint serves only HTTP: denying it breaks the site, so the fix is not safe there.
      const website = valuesAt(tpl, r.properties, ['WebsiteConfiguration']).some((o) => o.node);
      const safety = website ? 'unsafe' as const : 'safe' as const;
      const effect = website
        ? 'unsafe: the bucket has a WebsiteConfiguration and its website endpoint serves only HTTP, so website requests are refused'
        : 'only plain-HTTP requests are refused';
      const mine = policies.filter((p) => p.targets.some((t) => t.kind === 'bucket' && t.id === r.logicalId));
      if (!mine.length) {
        // A policy whose bucket cannot be resolved might be this bucket's.
        if (anyUnknown || (b.nameUnknown && anyUnmatchedName)) continue;
        const id = uniqueLogicalId(tpl, `${r.logicalId}Policy`);
        const body: { [k: string]: JsonValue } = { Type: 'AWS::S3::BucketPolicy' };
        if (r.condition) body.Condition = r.condition; // the policy must not outlive its bucket
        body.Properties = {
          Bucket: { Ref: r.logicalId },
          PolicyDocument: { Version: '2012-10-17', Statement: [denyInsecureTransportStatement(r.logicalId)] },
        };
        ctx.report({
          messageId: synthesisOf(tpl)?.origins.get(r)?.construct.className === 'Bucket' ? 'noEnforceSsl' : 'noPolicy',
          data: { bucket: r.logicalId },
          span: r.logicalIdSpan,
          resource: r,
          fixes: [{ title: `${POLICY_FIX} (new resource ${id}; ${effect})`, safety, replacesResource: false, edits: ctx.fixer.addResource(id, body) }],
        });
        continue;
      }
      for (const { policy, targets } of mine) {
        // The branch of the policy's Bucket property that names this bucket (`Fn::If` between buckets).
        const via = targets.find((t) => t.kind === 'bucket' && t.id === r.logicalId)!.conditions;
        for (const gap of documentGaps(tpl, policy, b)) {
          const conditions = [...new Set([...via, ...gap.conditions])];
          const fixes: Fix[] = [];
          if (!conditions.length) {
            const path = propPath(policy, 'PolicyDocument', 'Statement');
            const stmt = denyInsecureTransportStatement(r.logicalId);
            const edits = gap.statementMissing
              ? ctx.fixer.set(path, [stmt])
              : gap.statementList?.kind === 'array'
                ? ctx.fixer.append(path, stmt)
                : [];
            fixes.push({ title: `${STATEMENT_FIX} (${effect})`, safety, replacesResource: false, edits });
          }
          ctx.report({
            messageId: 'noStatement',
            data: { policy: policy.logicalId, bucket: r.logicalId },
            span: !gap.conditions.length && gap.docEntry ? gap.docEntry.keySpan : gap.docNode.span,
            resource: policy,
            conditions,
            fixes,
          });
        }
      }
    }
  },
};
