import { Fix } from '../../model/types';
import { Rule } from '../types';
import { expand, itemsOf, prop, referencedResource, resourcesOfType, str } from '../support/resolve';
import { synthesisOf } from '../../parsers/cdk/synth';
import { callsOf, codeEntry, codeString } from '../sdk/code';

/** A literal account id of an IAM principal or a replication destination: the template deals with another account. */
const OTHER_ACCOUNT = /arn:aws[a-z-]*:iam::\d{12}:|\bAccount["']?\s*:\s*["']?\d{12}\b|AccountPrincipal\(\s*["']\d{12}|ExpectedBucketOwner["']?\s*[:=]\s*["']\d{12}/;

export const rule: Rule = {
  meta: {
    id: 's3-kms-key-not-full-arn',
    service: 's3',
    category: 'key-management',
    tier: 'advanced',
    severity: 'hint',
    messages: {
      sdkNotArn: { text: '{operation} names its KMS key by {what} ({value}) in code that deals with another account; an alias or key id resolves in the requester\'s account, so the object may be encrypted with the wrong key or the call fails. Use the full key ARN.' },
      notArn: { text: 'Bucket {bucket} names its KMS key by {what} ({value}) while the template grants access to another account; an alias or key id resolves in the requester\'s account, so cross-account writers encrypt with the wrong key or fail. Use the full key ARN.' },
    },
    fix: { title: 'Use the key ARN (!GetAtt Key.Arn)', safety: 'safe', replacesResource: false },
    hoverTopic: 'sse-kms',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'A bucket default-encryption key given as an alias or key id in a cross-account setup.',
      why: '`KMSMasterKeyID` accepts a key id, alias or ARN, but S3 resolves a key id or alias in the account of the requester. When another account writes to the bucket (a cross-account principal in a policy, or a replication destination account), only the full key ARN names the intended key. `Ref` of an `AWS::KMS::Key` returns the key id, so use `!GetAtt Key.Arn`. CDK L1 `CfnBucket` is read the same way (`key.keyId` is a key id); L2 `s3.Bucket` always renders the key ARN and is not reported. In SDK code, `SSEKMSKeyId` of `PutObject`/`CopyObject`/`CreateMultipartUpload` given as an alias or key id is reported when the file names another account (`ExpectedBucketOwner`, an IAM ARN).',
      examples: [
        {
          input: 'cfn-yaml',
          bad: "Resources:\n  Key:\n    Type: AWS::KMS::Key\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: !Ref Key}\n  DataPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Data\n      PolicyDocument:\n        Statement:\n          - {Effect: Allow, Principal: {AWS: 'arn:aws:iam::444455556666:root'}, Action: s3:PutObject, Resource: !Sub '${Data.Arn}/*'}\n",
          good: "Resources:\n  Key:\n    Type: AWS::KMS::Key\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: !GetAtt Key.Arn}\n  DataPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Data\n      PolicyDocument:\n        Statement:\n          - {Effect: Allow, Principal: {AWS: 'arn:aws:iam::444455556666:root'}, Action: s3:PutObject, Resource: !Sub '${Data.Arn}/*'}\n",
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html', 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html'],
    },
    peers: [],
  },
  resourceTypes: ['AWS::S3::Bucket'],
  checkCfn(ctx) {
    const tpl = ctx.template;
    if (!OTHER_ACCOUNT.test(tpl.file.text)) return;
    const syn = tpl.code ? synthesisOf(tpl) : undefined;
    for (const r of resourcesOfType(tpl, 'AWS::S3::Bucket')) {
      const origin = syn?.origins.get(r);
      if (origin && !origin.l1) continue; // L2 buckets render `encryptionKey.keyArn`
      const sse = prop(prop(r.properties, 'BucketEncryption'), 'ServerSideEncryptionConfiguration');
      for (const rule of itemsOf(tpl, sse)) {
        const node = prop(prop(rule.node, 'ServerSideEncryptionByDefault'), 'KMSMasterKeyID');
        if (!node) continue;
        const outs = expand(tpl, node);
        if (outs.length !== 1 || !outs[0].node) continue;
        const n = outs[0].node;
        let what: string | undefined;
        let value = '';
        let keyId: string | undefined;
        const target = referencedResource(tpl, n);
        const type = target ? tpl.resourceById.get(target)?.type : undefined;
        if (n.kind === 'intrinsic' && n.fn === 'Ref' && type === 'AWS::KMS::Key') {
          what = 'key id (Ref of a key)';
          value = `!Ref ${target}`;
          keyId = target;
        } else if (n.kind === 'intrinsic' && n.fn === 'Ref' && type === 'AWS::KMS::Alias') {
          what = 'alias (Ref of an alias)';
          value = `!Ref ${target}`;
          const t = referencedResource(tpl, prop(tpl.resourceById.get(target!)!.properties, 'TargetKeyId'));
          keyId = t && tpl.resourceById.get(t)?.type === 'AWS::KMS::Key' ? t : undefined;
        } else {
          const s = str(n);
          if (s === undefined || s.startsWith('arn:')) continue;
          what = s.startsWith('alias/') ? 'alias name' : 'key id';
          value = s;
        }
        const fixes: Fix[] = keyId && !outs[0].viaParameter && !outs[0].conditions.length
          ? [{ title: `Use the key ARN (!GetAtt ${keyId}.Arn)`, safety: 'safe', replacesResource: false, edits: ctx.fixer.replace(node, { 'Fn::GetAtt': [keyId, 'Arn'] }) }]
          : [];
        ctx.report({ messageId: 'notArn', data: { bucket: r.logicalId, what, value }, span: node.span, resource: r, fixes });
      }
    }
  },
  checkCode(ctx) {
    if (!OTHER_ACCOUNT.test(ctx.code.file.text)) return;
    for (const call of callsOf(ctx.code.apiCalls, 's3', 'PutObject', 'CopyObject', 'CreateMultipartUpload')) {
      const v = codeEntry(call.params, 'SSEKMSKeyId')?.value;
      const text = codeString(v);
      if (!v || text === undefined || text.startsWith('arn:')) continue;
      ctx.report({ messageId: 'sdkNotArn', data: { operation: call.operation, what: text.startsWith('alias/') ? 'alias name' : 'key id', value: text }, span: v.span, source: 'sdk' });
    }
  },
};
