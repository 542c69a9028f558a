/**
 * Mechanism hovers and finding hovers on real positions of small inline templates (YAML and JSON), the topic tables
 * against rule metadata, and the generated docs page against its source.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { CfnTemplate } from '../server/src/model/types';
import { parseCfnJson } from '../server/src/parsers/cfn-json/parse';
import { parseCfnYaml } from '../server/src/parsers/cfn-yaml/parse';
import { ALL_RULES, RULES_BY_ID } from '../server/src/rules/registry';
import {
  findingsAt, hoverAt, hoverForFindings, hoverForTemplate, markdownForMatch, renderMechanismsPage, replacementTargets,
} from '../server/src/docs/hover';
import { MECHANISMS, MECHANISMS_BY_ID, renderTopic } from '../server/src/docs/mechanisms';
import {
  CFN_TOPICS, RESOURCE_TYPE_TOPICS, SDK_TOPICS, pathMatches, topicForCfnProperty, topicForResourceType, topicForSdkParam,
} from '../server/src/docs/topic-map';
import { ruleDocsUrl } from '../server/src/version';
import { CORPUS, REPO, sharedAvailable } from './helpers';

const yaml = (text: string): CfnTemplate => parseCfnYaml({ uri: 'file:///t.yaml', text });
const json = (text: string): CfnTemplate => parseCfnJson({ uri: 'file:///t.json', text });

/** Offset of the `nth` occurrence of `needle`, plus `delta` characters into it. */
function at(text: string, needle: string, delta = 1, nth = 1): number {
  let i = -1;
  for (let k = 0; k < nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} not in text`);
  }
  return i + delta;
}

function hovered(tpl: CfnTemplate, offset: number): { topic?: string; text: string; markdown: string } {
  const h = hoverForTemplate(tpl, offset);
  assert.ok(h, `no hover at ${offset}: ${JSON.stringify(tpl.file.text.slice(offset - 10, offset + 10))}`);
  return { topic: h.topic, text: tpl.file.text.slice(h.span.start, h.span.end), markdown: h.markdown };
}

const BUCKET = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Algo:
    Type: String
    Default: aws:kms:dsse
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: my-data
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt Key.Arn
            BucketKeyEnabled: true
      Tags:
        - Key: team
          Value: data
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: AES256
  Dual:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: !Ref Algo
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeySpec: SYMMETRIC_DEFAULT
`;

describe('mechanism hovers: S3 and KMS (YAML)', () => {
  const tpl = yaml(BUCKET);

  it('explains SSE-KMS on the aws:kms value, with the value as the hovered span', () => {
    const h = hovered(tpl, at(BUCKET, 'aws:kms\n', 3));
    assert.strictEqual(h.topic, 'sse-kms');
    assert.strictEqual(h.text, 'aws:kms');
    assert.match(h.markdown, /^### SSE-KMS: server-side encryption with KMS keys/);
    assert.match(h.markdown, /kms:Decrypt/);
    assert.match(h.markdown, /https:\/\/docs\.aws\.amazon\.com\/AmazonS3\/latest\/userguide\/UsingKMSEncryption\.html/);
  });

  it('explains SSE-S3 on AES256 and on its key', () => {
    const v = hovered(tpl, at(BUCKET, 'AES256', 2));
    assert.strictEqual(v.topic, 'sse-s3');
    assert.strictEqual(v.text, 'AES256');
    assert.match(v.markdown, /5 January 2023/);
    const k = hovered(tpl, at(BUCKET, 'SSEAlgorithm', 2, 2));
    assert.strictEqual(k.topic, 'sse-s3');
    assert.strictEqual(k.text, 'SSEAlgorithm');
  });

  it('follows a Ref to a parameter default (aws:kms:dsse → DSSE-KMS)', () => {
    const h = hovered(tpl, at(BUCKET, '!Ref Algo', 3));
    assert.strictEqual(h.topic, 'dsse-kms');
    assert.match(h.markdown, /Bucket Keys are not supported/);
  });

  it('names the mechanism on container keys from the algorithm they hold', () => {
    assert.strictEqual(hovered(tpl, at(BUCKET, 'BucketEncryption', 3)).topic, 'sse-kms');
    assert.strictEqual(hovered(tpl, at(BUCKET, 'ServerSideEncryptionByDefault', 3, 2)).topic, 'sse-s3');
    assert.strictEqual(hovered(tpl, at(BUCKET, 'KMSMasterKeyID', 3)).topic, 'sse-kms');
  });

  it('explains bucket keys on BucketKeyEnabled', () => {
    const h = hovered(tpl, at(BUCKET, 'BucketKeyEnabled', 4));
    assert.strictEqual(h.topic, 's3-bucket-keys');
    assert.strictEqual(h.text, 'BucketKeyEnabled');
    assert.match(h.markdown, /DSSE-KMS/);
  });

  it('explains the resource type with today’s default', () => {
    const h = hovered(tpl, at(BUCKET, 'AWS::S3::Bucket', 5));
    assert.strictEqual(h.text, 'AWS::S3::Bucket');
    assert.match(h.markdown, /^\*\*AWS::S3::Bucket\*\* — Objects are always encrypted at rest/);
    assert.match(h.markdown, /Related: .*Requiring HTTPS for S3/);
  });

  it('explains KMS rotation and key specs', () => {
    assert.strictEqual(hovered(tpl, at(BUCKET, 'EnableKeyRotation', 2)).topic, 'kms-rotation');
    assert.strictEqual(hovered(tpl, at(BUCKET, 'SYMMETRIC_DEFAULT', 2)).topic, 'crypto-basics');
    assert.strictEqual(hovered(tpl, at(BUCKET, 'AWS::KMS::Key', 2)).topic, 'crypto-basics');
  });

  it('stays silent on unrelated keys, values, logical ids, whitespace and outside resources', () => {
    for (const [needle, delta] of [['BucketName', 2], ['my-data', 2], ['Tags', 1], ['team', 1], ['Data:', 1], ['AWSTemplateFormatVersion', 3], ['Default', 2]] as const) {
      assert.strictEqual(hoverForTemplate(tpl, at(BUCKET, needle, delta)), undefined, needle);
    }
    assert.strictEqual(hoverForTemplate(tpl, at(BUCKET, '      BucketName', 2)), undefined);
    assert.strictEqual(hoverForTemplate(tpl, BUCKET.length + 50), undefined);
    assert.strictEqual(hoverForTemplate(tpl, -1), undefined);
  });
});

describe('mechanism hovers: RDS, with the replacement warning', () => {
  const Y = `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      StorageEncrypted: true
      KmsKeyId: !Ref Key
  Params:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres14
      Parameters:
        rds.force_ssl: 1
  Options:
    Type: AWS::RDS::OptionGroup
    Properties:
      EngineName: oracle-ee
      OptionConfigurations:
        - OptionName: NATIVE_NETWORK_ENCRYPTION
          OptionSettings:
            - Name: SQLNET.ENCRYPTION_SERVER
              Value: REQUIRED
        - OptionName: TDE
        - OptionName: APEX
          OptionSettings:
            - Name: APEX_VERSION
              Value: '20.1'
`;
  const tpl = yaml(Y);

  it('puts the replacement warning first on StorageEncrypted and KmsKeyId', () => {
    for (const needle of ['StorageEncrypted', 'KmsKeyId', 'true']) {
      const h = hovered(tpl, at(Y, needle, 2));
      assert.strictEqual(h.topic, 'rds-at-rest', needle);
      assert.match(h.markdown, /^\*\*⚠ Changing `(StorageEncrypted|KmsKeyId)` replaces this DB instance\.\*\*/, needle);
      assert.match(h.markdown, /data is not migrated/);
      assert.match(h.markdown, /copy the snapshot with encryption/);
      assert.match(h.markdown, /rds-encryption-change-replacement/);
      assert.match(h.markdown, /### RDS and Aurora storage encryption/);
    }
  });

  it('explains force_ssl, NNE and TDE, and nothing on other options', () => {
    assert.strictEqual(hovered(tpl, at(Y, 'rds.force_ssl', 2)).topic, 'rds-in-transit');
    assert.strictEqual(hovered(tpl, at(Y, 'NATIVE_NETWORK', 2)).topic, 'rds-nne');
    assert.strictEqual(hovered(tpl, at(Y, 'SQLNET.ENCRYPTION_SERVER', 2)).topic, 'rds-nne');
    assert.strictEqual(hovered(tpl, at(Y, 'REQUIRED', 2)).topic, 'rds-nne');
    assert.strictEqual(hovered(tpl, at(Y, 'OptionName: TDE', 13)).topic, 'rds-tde');
    assert.strictEqual(hoverForTemplate(tpl, at(Y, 'APEX', 1)), undefined);
    assert.strictEqual(hoverForTemplate(tpl, at(Y, "'20.1'", 2)), undefined);
    assert.strictEqual(hoverForTemplate(tpl, at(Y, 'Engine: postgres', 2)), undefined);
  });

  it('lists replacement targets for code lenses (DBInstance and DBCluster, JSON too)', () => {
    const targets = replacementTargets(tpl);
    assert.deepStrictEqual(targets.map((t) => [t.resource, t.property, Y.slice(t.span.start, t.span.end)]), [
      ['Db', 'StorageEncrypted', 'StorageEncrypted'], ['Db', 'KmsKeyId', 'KmsKeyId'],
    ]);
    assert.ok(targets.every((t) => t.ruleId === 'rds-encryption-change-replacement' && /replaces the database/.test(t.message)));
    const J = '{"Resources": {"C": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-mysql", "KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/x", "StorageEncrypted": false}}}}';
    const jt = json(J);
    assert.deepStrictEqual(replacementTargets(jt).map((t) => t.property), ['KmsKeyId', 'StorageEncrypted']);
    const h = hovered(jt, at(J, '"KmsKeyId"', 3));
    assert.match(h.markdown, /^\*\*⚠ Changing `KmsKeyId` replaces this DB cluster\.\*\*/);
  });
});

describe('mechanism hovers: streams, analytics, EMR, Redshift (YAML and JSON)', () => {
  it('Kinesis StreamEncryption (YAML) explains data-key reuse, latency and client permissions', () => {
    const Y = `Resources:
  S:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
      StreamEncryption:
        EncryptionType: KMS
        KeyId: alias/aws/kinesis
`;
    const tpl = yaml(Y);
    const h = hovered(tpl, at(Y, 'StreamEncryption', 3));
    assert.strictEqual(h.topic, 'kinesis-sse');
    assert.match(h.markdown, /five minutes/);
    assert.match(h.markdown, /100 µs/);
    assert.match(h.markdown, /kms:GenerateDataKey/);
    assert.strictEqual(hovered(tpl, at(Y, 'alias/aws/kinesis', 3)).topic, 'kinesis-sse');
    assert.strictEqual(hoverForTemplate(tpl, at(Y, 'ShardCount', 2)), undefined);
    assert.match(hovered(tpl, at(Y, 'AWS::Kinesis::Stream', 3)).markdown, /Not encrypted unless `StreamEncryption`/);
  });

  it('Kinesis StreamEncryption (JSON)', () => {
    const J = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"S": {"Type": "AWS::Kinesis::Stream", "Properties": {"StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}}}}}';
    const h = hovered(json(J), at(J, '"StreamEncryption"', 4));
    assert.strictEqual(h.topic, 'kinesis-sse');
    assert.strictEqual(h.text, '"StreamEncryption"');
  });

  it('Athena EncryptionOption (YAML), linking the S3 mechanism of the value', () => {
    const Y = `Resources:
  W:
    Type: AWS::Athena::WorkGroup
    Properties:
      Name: wg
      WorkGroupConfiguration:
        EnforceWorkGroupConfiguration: true
        ResultConfiguration:
          OutputLocation: s3://results/
          EncryptionConfiguration:
            EncryptionOption: CSE_KMS
            KmsKey: arn:aws:kms:eu-west-1:111122223333:key/k
`;
    const tpl = yaml(Y);
    const h = hovered(tpl, at(Y, 'CSE_KMS', 2));
    assert.strictEqual(h.topic, 'athena-encryption');
    assert.match(h.markdown, /Not readable/);
    assert.match(h.markdown, /\[CSE-KMS\]\([^)]*mechanisms\.md#cse-kms\)/);
    assert.strictEqual(hovered(tpl, at(Y, 'EncryptionOption', 2)).topic, 'athena-encryption');
    assert.strictEqual(hovered(tpl, at(Y, 'EnforceWorkGroupConfiguration', 2)).topic, 'athena-encryption');
    assert.strictEqual(hoverForTemplate(tpl, at(Y, 'OutputLocation', 2)), undefined);
  });

  it('Athena EncryptionOption (JSON)', () => {
    const J = JSON.stringify({ Resources: { W: { Type: 'AWS::Athena::WorkGroup', Properties: { WorkGroupConfiguration: { ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS' } } } } } } });
    const h = hovered(json(J), at(J, 'SSE_KMS', 1));
    assert.strictEqual(h.topic, 'athena-encryption');
    assert.strictEqual(h.text, '"SSE_KMS"');
  });

  it('EMR EncryptionMode inside a SecurityConfiguration object (YAML)', () => {
    const Y = `Resources:
  Sc:
    Type: AWS::EMR::SecurityConfiguration
    Properties:
      SecurityConfiguration:
        EncryptionConfiguration:
          EnableInTransitEncryption: true
          EnableAtRestEncryption: true
          AtRestEncryptionConfiguration:
            S3EncryptionConfiguration:
              EncryptionMode: SSE-KMS
              AwsKmsKey: arn:aws:kms:eu-west-1:111122223333:key/k
            LocalDiskEncryptionConfiguration:
              EncryptionKeyProviderType: AwsKms
              AwsKmsKey: arn:aws:kms:eu-west-1:111122223333:key/k
              EnableEbsEncryption: true
          InTransitEncryptionConfiguration:
            TLSCertificateConfiguration:
              CertificateProviderType: PEM
              S3Object: s3://certs/certs.zip
`;
    const tpl = yaml(Y);
    const mode = hovered(tpl, at(Y, 'SSE-KMS', 2));
    assert.strictEqual(mode.topic, 'emr-at-rest');
    assert.match(mode.markdown, /SSE-C is not available on EMR/);
    assert.match(mode.markdown, /\[SSE-KMS\]\([^)]*#sse-kms\)/);
    assert.strictEqual(hovered(tpl, at(Y, 'EncryptionMode', 2)).topic, 'emr-at-rest');
    assert.strictEqual(hovered(tpl, at(Y, 'S3EncryptionConfiguration', 2)).topic, 'emr-at-rest');
    assert.strictEqual(hovered(tpl, at(Y, 'AwsKmsKey', 2, 2)).topic, 'emr-local-disk');
    const ebs = hovered(tpl, at(Y, 'EnableEbsEncryption', 2));
    assert.strictEqual(ebs.topic, 'emr-local-disk');
    assert.match(ebs.markdown, /5\.24\.0/);
    const pem = hovered(tpl, at(Y, 'PEM', 1));
    assert.strictEqual(pem.topic, 'emr-in-transit');
    assert.match(pem.markdown, /Presto/);
    assert.match(pem.markdown, /Tez/);
    assert.match(pem.markdown, /Spark/);
    assert.strictEqual(hovered(tpl, at(Y, 'EnableInTransitEncryption', 2)).topic, 'emr-in-transit');
    assert.strictEqual(hovered(tpl, at(Y, 'SecurityConfiguration:', 2)).topic, 'emr-security-configuration');
  });

  it('EMR EncryptionMode inside a SecurityConfiguration JSON string (JSON template, escaped quotes)', () => {
    const doc = { EncryptionConfiguration: { EnableAtRestEncryption: true, AtRestEncryptionConfiguration: { S3EncryptionConfiguration: { EncryptionMode: 'CSE-Custom', S3Object: 's3://b/p.jar', EncryptionKeyProviderClass: 'com.x.P' }, LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: 'arn:aws:kms:eu-west-1:1:key/k' } }, EnableInTransitEncryption: false } };
    const J = JSON.stringify({ Resources: { Sc: { Type: 'AWS::EMR::SecurityConfiguration', Properties: { Name: 'sc', SecurityConfiguration: JSON.stringify(doc) } } } }, null, 2);
    const tpl = json(J);
    const value = hovered(tpl, at(J, 'CSE-Custom', 2));
    assert.strictEqual(value.topic, 'emr-at-rest');
    assert.strictEqual(value.text, 'CSE-Custom');
    assert.match(value.markdown, /\[CSE-C\]\([^)]*#cse-c\)/);
    const key = hovered(tpl, at(J, 'EncryptionMode', 2));
    assert.strictEqual(key.text, 'EncryptionMode');
    assert.match(key.markdown, /\[CSE-C\]\([^)]*#cse-c\)/);
    // The same key name in another block resolves by its position in the document.
    assert.strictEqual(hovered(tpl, at(J, 'AwsKmsKey', 2)).topic, 'emr-local-disk');
    assert.strictEqual(hovered(tpl, at(J, 'S3Object', 2)).topic, 'emr-at-rest');
    assert.strictEqual(hovered(tpl, at(J, 'EnableInTransitEncryption', 2)).topic, 'emr-in-transit');
  });

  it('EMR security configuration as a YAML block scalar', () => {
    const Y = `Resources:
  Sc:
    Type: AWS::EMR::SecurityConfiguration
    Properties:
      SecurityConfiguration: |
        {
          "EncryptionConfiguration": {
            "InTransitEncryptionConfiguration": {
              "TLSCertificateConfiguration": {"CertificateProviderType": "Custom", "S3Object": "s3://b/p.jar"}
            }
          }
        }
`;
    const tpl = yaml(Y);
    assert.strictEqual(hovered(tpl, at(Y, 'Custom', 2)).topic, 'emr-in-transit');
    assert.strictEqual(hovered(tpl, at(Y, 'S3Object', 2)).topic, 'emr-in-transit');
  });

  it('Firehose SSE and S3 destination encryption; Redshift tiers, HSM and SSL', () => {
    const Y = `Resources:
  F:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamEncryptionConfigurationInput:
        KeyType: AWS_OWNED_CMK
      ExtendedS3DestinationConfiguration:
        BucketARN: arn:aws:s3:::b
        EncryptionConfiguration:
          NoEncryptionConfig: NoEncryption
  R:
    Type: AWS::Redshift::Cluster
    Properties:
      Encrypted: true
      HsmConfigurationIdentifier: hsm
      ClusterParameterGroupName: !Ref P
  P:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Parameters:
        - ParameterName: require_ssl
          ParameterValue: "true"
        - ParameterName: max_concurrency_scaling_clusters
          ParameterValue: "1"
`;
    const tpl = yaml(Y);
    assert.strictEqual(hovered(tpl, at(Y, 'AWS_OWNED_CMK', 2)).topic, 'firehose-sse');
    assert.strictEqual(hovered(tpl, at(Y, 'NoEncryption\n', 2)).topic, 'firehose-s3-destination');
    assert.strictEqual(hoverForTemplate(tpl, at(Y, 'BucketARN', 2)), undefined);
    const enc = hovered(tpl, at(Y, 'Encrypted', 2));
    assert.strictEqual(enc.topic, 'redshift-at-rest');
    assert.match(enc.markdown, /cluster encryption key \(CEK\)/);
    assert.strictEqual(hovered(tpl, at(Y, 'HsmConfigurationIdentifier', 2)).topic, 'redshift-hsm');
    assert.strictEqual(hovered(tpl, at(Y, 'ClusterParameterGroupName', 2)).topic, 'redshift-in-transit');
    assert.strictEqual(hovered(tpl, at(Y, 'require_ssl', 2)).topic, 'redshift-in-transit');
    assert.strictEqual(hovered(tpl, at(Y, '"true"', 2)).topic, 'redshift-in-transit');
    assert.strictEqual(hoverForTemplate(tpl, at(Y, 'max_concurrency', 2)), undefined);
    assert.strictEqual(hoverForTemplate(tpl, at(Y, '"1"', 1)), undefined);
  });

  it('looks through Fn::If to both branches', () => {
    const Y = `Conditions:
  Prod: !Equals [!Ref Env, prod]
Parameters:
  Env:
    Type: String
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: !If [Prod, aws:kms, AES256]
`;
    const tpl = yaml(Y);
    assert.strictEqual(hovered(tpl, at(Y, 'aws:kms', 2)).topic, 'sse-kms');
    assert.strictEqual(hovered(tpl, at(Y, 'AES256', 2)).topic, 'sse-s3');
    assert.strictEqual(hoverForTemplate(tpl, at(Y, 'Prod, aws', 1)), undefined);
  });
});

describe('finding hovers', () => {
  const Y = `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t4g.micro
      StorageEncrypted: false
`;
  const tpl = yaml(Y);
  const findings = lintText({ uri: 'file:///t.yaml', text: Y }, { config: defaultConfig(), rules: ALL_RULES }).findings;

  it('explains the finding under the cursor: rule, summary, why, fix safety, replacement and docs link', () => {
    const offset = at(Y, 'false', 2);
    const here = findingsAt(findings, offset);
    assert.ok(here.some((f) => f.ruleId === 'rds-storage-unencrypted'), JSON.stringify(findings.map((f) => f.ruleId)));
    const md = hoverForFindings(here, RULES_BY_ID)!;
    const rule = RULES_BY_ID.get('rds-storage-unencrypted')!;
    assert.match(md, /\*\*rds-storage-unencrypted\*\* \(error\)/);
    assert.ok(md.includes(rule.meta.docs.summary));
    assert.ok(md.includes(`**Why:** ${rule.meta.docs.why}`));
    assert.match(md, /\*\*Fix:\*\* Set StorageEncrypted: true .* — unsafe; ⚠ replaces the deployed resource\./);
    assert.match(md, /\*\*⚠ Replacement:\*\*/);
    assert.ok(md.includes(`(${ruleDocsUrl('rds-storage-unencrypted')})`));
    assert.match(md, /docs\/mechanisms\.md#rds-at-rest/);
  });

  it('combines findings and the mechanism into one hover', () => {
    const offset = at(Y, 'false', 2);
    const h = hoverAt(tpl, offset, findings, RULES_BY_ID)!;
    assert.strictEqual(h.topic, 'rds-at-rest');
    assert.strictEqual(Y.slice(h.span.start, h.span.end), 'false');
    const [findingPart, mechanismPart] = h.markdown.split('\n\n---\n\n');
    assert.match(findingPart, /rds-storage-unencrypted/);
    assert.match(mechanismPart, /^\*\*⚠ Changing `StorageEncrypted`/);
  });

  it('says nothing without findings; unknown ids show their message only', () => {
    assert.strictEqual(hoverForFindings([], RULES_BY_ID), undefined);
    const md = hoverForFindings([{ ...findings[0], ruleId: 'parse-error', severity: 'error', message: 'bad' }], RULES_BY_ID)!;
    assert.strictEqual(md, '**parse-error** (error) — bad');
    assert.strictEqual(hoverAt(tpl, at(Y, 'db.t4g', 2), [], RULES_BY_ID), undefined);
  });
});

describe('topic tables', () => {
  it('every hover topic a rule names exists', () => {
    const missing = ALL_RULES.filter((r) => !MECHANISMS_BY_ID.has(r.meta.hoverTopic)).map((r) => `${r.meta.id} → ${r.meta.hoverTopic}`);
    assert.deepStrictEqual(missing, []);
  });

  it('every hover topic of the rule catalog exists', function () {
    const spec = path.join(REPO, '..', 'shared', 'spec', 'rules.md');
    if (!fs.existsSync(spec)) {
      console.log(`    (skipped: ${spec} is not present)`);
      this.skip();
    }
    const ids = [...fs.readFileSync(spec, 'utf8').matchAll(/hover `([a-z0-9-]+)`/g)].map((m) => m[1]);
    assert.ok(ids.length > 40);
    assert.deepStrictEqual([...new Set(ids)].filter((id) => !MECHANISMS_BY_ID.has(id)), []);
  });

  it('every table entry points at an existing topic, and every topic is reachable', () => {
    const referenced = new Set<string>();
    for (const e of [...CFN_TOPICS, ...RESOURCE_TYPE_TOPICS, ...SDK_TOPICS]) {
      for (const id of [e.topic, ...(e.also ?? [])]) {
        assert.ok(MECHANISMS_BY_ID.has(id), `${JSON.stringify(e)} → ${id}`);
        referenced.add(id);
      }
    }
    for (const t of MECHANISMS) for (const s of t.seeAlso ?? []) assert.ok(MECHANISMS_BY_ID.has(s), `${t.id} sees also ${s}`);
    for (const r of ALL_RULES) referenced.add(r.meta.hoverTopic);
    assert.deepStrictEqual(MECHANISMS.filter((t) => !referenced.has(t.id)).map((t) => t.id), []);
  });

  it('every topic has a title, summary, body and an AWS link', () => {
    for (const t of MECHANISMS) {
      assert.ok(t.title && t.summary && t.body.length > 100, t.id);
      assert.ok(t.links.length && t.links.every((l) => /^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com)\//.test(l.url)), t.id);
      const md = renderTopic(t.id)!;
      assert.ok(md.startsWith(`### ${t.title}\n`));
    }
    assert.strictEqual(renderTopic('no-such-topic'), undefined);
  });

  it('covers the resource types of the seven services and KMS', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::Athena::WorkGroup', 'AWS::EMR::Cluster', 'AWS::EMR::SecurityConfiguration',
      'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup', 'AWS::RDS::OptionGroup',
      'AWS::Kinesis::Stream', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::Redshift::Cluster', 'AWS::Redshift::ClusterParameterGroup',
      'AWS::RedshiftServerless::Namespace', 'AWS::KMS::Key']) {
      assert.ok(topicForResourceType(type), type);
    }
  });

  it('matches path patterns with array items and any-depth segments', () => {
    assert.ok(pathMatches(['a', '[]', 'b'], ['a', 0, 'b']));
    assert.ok(!pathMatches(['a', '[]', 'b'], ['a', 'x', 'b']));
    assert.ok(pathMatches(['**', 'E'], ['x', 'y', 'E']));
    assert.ok(pathMatches(['E', '**'], ['E']));
    assert.ok(!pathMatches(['E'], ['E', 'x']));
    assert.strictEqual(topicForCfnProperty('AWS::KinesisFirehose::DeliveryStream', ['RedshiftDestinationConfiguration', 'S3Configuration', 'EncryptionConfiguration', 'KMSEncryptionConfig', 'AWSKMSKeyARN'])?.topic, 'firehose-s3-destination');
    assert.strictEqual(topicForCfnProperty('AWS::S3::Bucket', ['BucketName']), undefined);
    assert.strictEqual(topicForCfnProperty('AWS::SQS::Queue', ['KmsMasterKeyId']), undefined);
  });

  it('maps SDK parameters and client options', () => {
    assert.strictEqual(topicForSdkParam('s3', 'ServerSideEncryption', 'aws:kms')?.topic, 'sse-kms');
    assert.strictEqual(topicForSdkParam('s3', 'ServerSideEncryption', 'AES256')?.topic, 'sse-s3');
    assert.strictEqual(topicForSdkParam('s3', 'ServerSideEncryption', 'aws:kms:dsse')?.topic, 'dsse-kms');
    assert.strictEqual(topicForSdkParam('s3', 'SSEKMSKeyId')?.topic, 'sse-kms');
    assert.strictEqual(topicForSdkParam('s3', 'SSECustomerKey')?.topic, 'sse-c');
    assert.strictEqual(topicForSdkParam('s3', 'SSECustomerAlgorithm')?.topic, 'sse-c');
    assert.strictEqual(topicForSdkParam('s3', 'BucketKeyEnabled')?.topic, 's3-bucket-keys');
    assert.deepStrictEqual(topicForSdkParam('rds', 'StorageEncrypted'), { topic: 'rds-at-rest', also: [], replacement: true });
    assert.strictEqual(topicForSdkParam('rds', 'KmsKeyId')?.topic, 'rds-at-rest');
    assert.strictEqual(topicForSdkParam('redshift', 'KmsKeyId')?.topic, 'redshift-at-rest');
    assert.strictEqual(topicForSdkParam('athena', 'EncryptionOption', 'SSE_KMS')?.also[0], 'sse-kms');
    assert.strictEqual(topicForSdkParam('athena', 'EncryptionConfiguration')?.topic, 'athena-encryption');
    assert.strictEqual(topicForSdkParam('kinesis', 'EncryptionType')?.topic, 'kinesis-sse');
    assert.strictEqual(topicForSdkParam('kinesis', 'StreamEncryption')?.topic, 'kinesis-sse');
    assert.strictEqual(topicForSdkParam('firehose', 'EncryptionConfiguration')?.topic, 'firehose-s3-destination');
    assert.strictEqual(topicForSdkParam('firehose', 'KeyType')?.topic, 'firehose-sse');
    assert.strictEqual(topicForSdkParam('emr', 'EncryptionMode', 'CSE-KMS')?.also[0], 'cse-kms');
    assert.strictEqual(topicForSdkParam('emr', 'EnableEbsEncryption')?.topic, 'emr-local-disk');
    assert.strictEqual(topicForSdkParam('s3', 'use_ssl')?.topic, 'tls-in-transit');
    assert.strictEqual(topicForSdkParam('dynamodb', 'tls')?.topic, 'tls-in-transit');
    assert.strictEqual(topicForSdkParam('s3', 'Bucket'), undefined);
    assert.strictEqual(topicForSdkParam('S3', 'SSEKMSKeyId')?.topic, 'sse-kms');
  });

  it('renders markdown for SDK matches, with the RDS note where encryption is fixed at creation', () => {
    const rds = markdownForMatch(topicForSdkParam('rds', 'StorageEncrypted')!)!;
    assert.match(rds, /^\*\*⚠ RDS storage encryption is fixed at creation\.\*\*/);
    assert.match(rds, /### RDS and Aurora storage encryption/);
    const s3 = markdownForMatch(topicForSdkParam('s3', 'SSECustomerKey')!)!;
    assert.match(s3, /^### SSE-C/);
  });
});

describe('mechanisms docs page', () => {
  it('docs/mechanisms.md is generated from the same source as the hovers', () => {
    const page = renderMechanismsPage(ALL_RULES);
    for (const t of MECHANISMS) {
      assert.ok(page.includes(`<a id="${t.id}"></a>\n\n${renderTopic(t.id, { localLinks: true })}`), t.id);
      // Hovers use the same text, with absolute links.
      assert.ok(renderTopic(t.id)!.includes(t.body));
    }
    const file = path.join(REPO, 'docs', 'mechanisms.md');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), page, 'run `npm run generate`');
  });
});

describe('hover over the corpus (hang guard, no crash)', () => {
  it('answers at the first word of every line of 40 corpus templates with EMR, Redshift, Athena, Firehose, Kinesis or RDS', function () {
    if (!sharedAvailable(this)) return;
    this.timeout(120000);
    const dir = path.join(CORPUS, 'cfn');
    let hovers = 0;
    let lines = 0;
    let files = 0;
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.(ya?ml|json|template)$/.test(name) || files >= 40) continue;
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      // The templates with the less common services keep this test short; S3 and KMS appear in most of them.
      if (!/AWS::(EMR|Redshift|Athena|KinesisFirehose|Kinesis::Stream|RDS)/.test(text)) continue;
      files++;
      const tpl = /^\s*[{[]/.test(text) ? json(text) : yaml(text);
      let lineStart = 0;
      while (lineStart < text.length) {
        const nl = text.indexOf('\n', lineStart);
        const end = nl < 0 ? text.length : nl;
        const firstWord = text.slice(lineStart, end).search(/\S/);
        if (firstWord >= 0) {
          lines++;
          const h = hoverForTemplate(tpl, lineStart + firstWord + 1);
          if (h) {
            hovers++;
            assert.ok(h.span.start >= 0 && h.span.end <= text.length && h.markdown.length > 0, name);
          }
        }
        lineStart = end + 1;
      }
    }
    console.log(`    ${hovers} mechanism hovers on ${lines} lines`);
    assert.ok(hovers > 20, `only ${hovers} hovers`);
  });
});

describe('hovers in CDK and SDK code', () => {
  const { hoverForCode } = require('../server/src/docs/code-hover') as typeof import('../server/src/docs/code-hover');
  const { lintText: lint } = require('../server/src/engine/lint') as typeof import('../server/src/engine/lint');
  const { defaultConfig: defaults } = require('../server/src/engine/config') as typeof import('../server/src/engine/config');
  const { ALL_RULES: rules } = require('../server/src/rules/registry') as typeof import('../server/src/rules/registry');
  const { ensurePythonParser } = require('../server/src/parsers/cdk-py/loader') as typeof import('../server/src/parsers/cdk-py/loader');
  before(async () => ensurePythonParser());

  function topicAt(uri: string, text: string, needle: string, delta = 1): string | undefined {
    const r = lint({ uri, text }, { config: defaults(), rules });
    assert.ok(r.template && r.code, `${uri} is linted as code`);
    return hoverForCode(r.template!, r.code!, text.indexOf(needle) + delta)?.topic;
  }

  const STACK = `import * as s3 from 'aws-cdk-lib/aws-s3';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
new s3.Bucket(this, 'B', { encryption: s3.BucketEncryption.KMS, bucketKeyEnabled: true });
new kinesis.Stream(this, 'S', { encryption: kinesis.StreamEncryption.MANAGED });
`;
  it('explains CDK construct props on their value and on their key', () => {
    assert.strictEqual(topicAt('s.ts', STACK, 'BucketEncryption.KMS', 18), 'sse-kms');
    assert.strictEqual(topicAt('s.ts', STACK, 'encryption: s3'), 'sse-kms');
    assert.strictEqual(topicAt('s.ts', STACK, 'encryption: kinesis'), 'kinesis-sse');
  });

  const SDK = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const client = new S3Client({ tls: true });
await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms' }));
await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x', SSECustomerKey: key, SSECustomerAlgorithm: 'AES256' }));
`;
  it('explains SDK request parameters and client options', () => {
    assert.strictEqual(topicAt('c.ts', SDK, 'ServerSideEncryption'), 'sse-kms');
    assert.strictEqual(topicAt('c.ts', SDK, 'SSECustomerKey'), 'sse-c');
    assert.ok(topicAt('c.ts', SDK, 'tls: true'));
    assert.strictEqual(topicAt('c.ts', SDK, "Bucket: 'b'"), undefined);
  });

  it('explains boto3 keyword arguments', () => {
    const py = 's3 = boto3.client("s3", use_ssl=False)\ns3.put_object(Bucket="b", Key="k", Body=b"x", ServerSideEncryption="aws:kms")\n';
    const text = `import boto3\n${py}`;
    assert.strictEqual(topicAt('a.py', text, 'ServerSideEncryption'), 'sse-kms');
    assert.ok(topicAt('a.py', text, 'use_ssl'));
  });
});
