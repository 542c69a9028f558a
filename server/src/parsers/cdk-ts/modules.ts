import { CdkLibrary } from '../../model/code';

/** A module specifier as a CDK module: `aws-cdk-lib/aws-s3` → {aws-s3, aws-cdk-lib}; undefined for other modules. */
export function cdkModule(specifier: string): { module: string; library: CdkLibrary } | undefined {
  let m = /^aws-cdk-lib\/(aws-[a-z0-9-]+)$/.exec(specifier);
  if (m) return { module: m[1], library: 'aws-cdk-lib' };
  if (specifier === 'aws-cdk-lib') return { module: 'core', library: 'aws-cdk-lib' };
  m = /^@aws-cdk\/(aws-[a-z0-9-]+)-alpha$/.exec(specifier);
  if (m) return { module: m[1], library: 'alpha' };
  m = /^@aws-cdk\/(aws-[a-z0-9-]+)$/.exec(specifier);
  if (m) return { module: m[1], library: 'cdk-v1' };
  if (specifier === '@aws-cdk/core') return { module: 'core', library: 'cdk-v1' };
  return undefined;
}

/** `aws_s3` (the aws-cdk-lib barrel's namespace export) → `aws-s3`. */
export function barrelNamespace(name: string): string | undefined {
  return /^aws_[a-z0-9_]+$/.test(name) ? name.replace(/_/g, '-') : undefined;
}

/** SDK packages: JS v3 clients, lib-storage, v2 (whole or per-client). */
export function sdkPackage(specifier: string): { kind: 'v3-client'; service: string } | { kind: 'lib-storage' } | { kind: 'v2'; service?: string } | undefined {
  let m = /^@aws-sdk\/client-([a-z0-9-]+)$/.exec(specifier);
  if (m) return { kind: 'v3-client', service: v3Service(m[1]) };
  if (specifier === '@aws-sdk/lib-storage') return { kind: 'lib-storage' };
  // The browser bundle of v3 (`const { S3Client } = window.AWSv3`): the service comes from each client's name.
  if (specifier === 'window.AWSv3') return { kind: 'v3-client', service: '' };
  if (specifier === 'aws-sdk' || specifier === 'aws-sdk/global') return { kind: 'v2' };
  m = /^aws-sdk\/clients\/([a-z0-9]+)$/.exec(specifier);
  if (m) return { kind: 'v2', service: v2Service(m[1]) };
  return undefined;
}

/** JS v3 package suffix → boto3 service name. */
function v3Service(pkg: string): string {
  const map: Record<string, string> = { firehose: 'firehose', 'kinesis': 'kinesis', 's3': 's3', 'rds': 'rds', 'athena': 'athena', 'emr': 'emr', 'redshift': 'redshift', 'redshift-serverless': 'redshift-serverless', 'kms': 'kms' };
  return map[pkg] ?? pkg;
}

/** JS v2 class name (`S3`, `Firehose`, `RDS`, `EMR`) → boto3 service name. */
export function v2Service(className: string): string {
  const lower = className.toLowerCase();
  const map: Record<string, string> = { redshiftserverless: 'redshift-serverless' };
  return map[lower] ?? lower;
}

/** JS v3 client class name → service: `S3Client` → s3, `FirehoseClient` → firehose, `RDSClient` → rds. */
export function v3ClientService(className: string): string | undefined {
  const m = /^([A-Za-z0-9]+)Client$/.exec(className);
  return m ? v2Service(m[1]) : undefined;
}

/** JS v3 aggregated client class (`S3`, `Kinesis`): the package's bare class name. */
export function isAggregatedClient(className: string, service: string): boolean {
  return v2Service(className) === service;
}

/** `putObject` → `PutObject`; `createDBInstance` → `CreateDBInstance`. */
export function operationName(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1);
}
