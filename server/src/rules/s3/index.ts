import { Rule } from '../types';
import { rule as s3BucketEncryptionImplicit } from './s3-bucket-encryption-implicit';
import { rule as s3KmsKeyRequiresKmsAlgorithm } from './s3-kms-key-requires-kms-algorithm';
import { rule as s3InvalidSseAlgorithm } from './s3-invalid-sse-algorithm';
import { rule as s3BucketKeyDisabled } from './s3-bucket-key-disabled';
import { rule as s3SseCEnabledOnBucket } from './s3-sse-c-enabled-on-bucket';
import { rule as s3BucketPolicyNoSecureTransport } from './s3-bucket-policy-no-secure-transport';

export const s3Rules: Rule[] = [
  s3BucketEncryptionImplicit,
  s3KmsKeyRequiresKmsAlgorithm,
  s3InvalidSseAlgorithm,
  s3BucketKeyDisabled,
  s3SseCEnabledOnBucket,
  s3BucketPolicyNoSecureTransport,
];
