import { Rule } from '../types';
import { label, related } from '../support/project';
import { RDS_MIGRATION } from './rds-support';

export const rule: Rule = {
  meta: {
    id: 'rds-read-replica-encryption',
    service: 'rds',
    category: 'compatibility',
    tier: 'advanced',
    severity: 'warning',
    messages: {
      specified: { text: 'Read replica {replica} sets StorageEncrypted, but a replica inherits the encryption of its source; do not specify it.' },
      unencryptedSource: { text: 'Read replica {replica} of unencrypted source {source} will be unencrypted: an encrypted replica of an unencrypted instance is impossible; encrypt the source first ({migration}).' },
      sdkCrossRegionNoKey: { text: '{operation} creates cross-Region read replica {replica} of {source} without KmsKeyId: a replica of an encrypted source in another Region must name a KMS key of the destination Region, or the call fails.', severity: 'error' },
      crossRegionNoKey: { text: 'Cross-Region read replica {replica} of encrypted source {source} has no KmsKeyId: an encrypted cross-Region replica needs a key in the destination Region.', severity: 'error' },
    },
    hoverTopic: 'rds-at-rest',
    inputs: ['cfn-yaml', 'cfn-json', 'cdk-ts', 'cdk-py', 'sdk-js', 'sdk-py'],
    docs: {
      summary: 'Read replicas whose encryption settings contradict their source.',
      why: 'A read replica has the encryption state of its source: `StorageEncrypted` must not be specified with `SourceDBInstanceIdentifier`, an unencrypted source gives an unencrypted replica (RDS cannot create an encrypted replica of an unencrypted instance; the way out is snapshot → encrypted copy → restore of the source), and a cross-Region replica (`SourceRegion` set, or an ARN source) of an encrypted source must name a KMS key of the destination Region in `KmsKeyId`. The source is looked up in the project by `Ref` or by its DBInstanceIdentifier; unknown sources are not judged. CDK `DatabaseInstanceReadReplica` with `storageEncrypted` gets the first finding; an SDK `CreateDBInstanceReadReplica` with `SourceRegion` or an ARN source and no `KmsKeyId` is an error unless the project shows the source unencrypted (then the second finding applies).',
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Primary:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t4g.micro\n      AllocatedStorage: 20\n  Replica:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      SourceDBInstanceIdentifier: !Ref Primary\n      DBInstanceClass: db.t4g.micro\n',
          good: 'Resources:\n  Primary:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t4g.micro\n      AllocatedStorage: 20\n      StorageEncrypted: true\n  Replica:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      SourceDBInstanceIdentifier: !Ref Primary\n      DBInstanceClass: db.t4g.micro\n',
        },
      ],
      references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html', 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html'],
    },
    peers: [],
  },
  checkProject(ctx) {
    for (const db of ctx.project.document(ctx.uri)?.dbInstances ?? []) {
      if (!db.source || !db.sourceSpan) continue;
      if (db.storageEncryptedSpan) {
        ctx.report({ messageId: 'specified', data: { replica: db.logicalId }, span: db.storageEncryptedSpan, resource: db.logicalId });
      }
      const src = ctx.project.resolveDbInstance(db.source, ctx.uri);
      if (db.operation && db.crossRegion && !db.kmsKey && src?.encrypted !== false) {
        const source = src ? label(ctx, src) : db.source.kind === 'name' ? db.source.name : 'its source';
        ctx.report({
          messageId: 'sdkCrossRegionNoKey',
          data: { operation: db.operation, replica: db.logicalId, source },
          span: db.sourceSpan,
          resource: db.logicalId,
          related: src ? [related(src, `source ${src.logicalId}`)] : undefined,
        });
        continue;
      }
      if (!src) continue;
      if (src.encrypted === false) {
        ctx.report({
          messageId: 'unencryptedSource',
          data: { replica: db.logicalId, source: label(ctx, src), migration: RDS_MIGRATION },
          span: db.sourceSpan,
          resource: db.logicalId,
          related: [related(src, `unencrypted source ${src.logicalId}`)],
        });
      } else if (src.encrypted === true && db.crossRegion && !db.kmsKey) {
        ctx.report({
          messageId: 'crossRegionNoKey',
          data: { replica: db.logicalId, source: label(ctx, src) },
          span: db.sourceSpan,
          resource: db.logicalId,
          related: [related(src, `encrypted source ${src.logicalId}`)],
        });
      }
    }
  },
};
