// A CDK app (TypeScript): the linter reads the constructs without running `cdk synth`.
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

export class AnalyticsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'DataKey', { enableKeyRotation: true });

    // Encrypted with the key, bucket key on, TLS enforced: nothing to report.
    new s3.Bucket(this, 'Curated', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
    });

    // Deprecated and ineffective: S3 still encrypts with SSE-S3, and nothing enforces TLS.
    new s3.Bucket(this, 'Scratch', { encryption: s3.BucketEncryption.UNENCRYPTED });

    new kinesis.Stream(this, 'Clicks', { encryption: kinesis.StreamEncryption.UNENCRYPTED });

    const vpc = ec2.Vpc.fromLookup(this, 'Vpc', { isDefault: true });
    new rds.DatabaseInstance(this, 'Reporting', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
    });
  }
}
