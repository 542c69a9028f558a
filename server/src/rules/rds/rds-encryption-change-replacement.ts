import { Rule } from '../types';
import { RDS_MIGRATION } from './rds-support';

/**
 * Editor-only: the language server shows a hover and a code lens on the encryption properties of a database
 * (from docs/hover.ts `replacementTargets`); the CLI reports nothing. The rule exists so that its id has docs, a
 * setting (`off` hides the code lens) and a link.
 */
export const rule: Rule = {
  meta: {
    id: 'rds-encryption-change-replacement',
    service: 'rds',
    category: 'key-management',
    tier: 'core',
    severity: 'information',
    messages: {
      replaces: { text: 'Changing {property} of {name} replaces the database: CloudFormation creates a new, empty one and deletes the old one; data is not migrated.' },
    },
    hoverTopic: 'rds-at-rest',
    inputs: ['cfn-yaml', 'cfn-json'],
    cli: false,
    docs: {
      summary: 'In the editor, `StorageEncrypted` and `KmsKeyId` of an RDS DB instance or DB cluster (and `StorageEncrypted` of a global cluster) carry a code lens and a hover saying that changing them replaces the database.',
      why: `These properties are create-only: an update that changes them makes CloudFormation create a new database and delete the old one, and the data is not carried over. Encrypting an existing database, or moving it to another key, goes through a snapshot: ${RDS_MIGRATION}. The editor says so where the property is written, before the change reaches a deployment. The command-line tool does not report it, since nothing is wrong with the template itself.`,
      examples: [
        {
          input: 'cfn-yaml',
          bad: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t4g.micro\n      StorageEncrypted: true   # code lens: changing this replaces the database\n',
          good: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t4g.micro\n      StorageEncrypted: true   # decided at creation; changed only through a snapshot copy and restore\n',
        },
      ],
      references: [
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html',
        'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html',
      ],
      replacementWarning: `StorageEncrypted and KmsKeyId are create-only. To keep the data, ${RDS_MIGRATION}.`,
    },
    peers: [],
  },
};
