import { Rule } from '../types';
import { rule as s3BucketEncryptionImplicit } from './s3-bucket-encryption-implicit';
import { rule as s3KmsKeyRequiresKmsAlgorithm } from './s3-kms-key-requires-kms-algorithm';
import { rule as s3InvalidSseAlgorithm } from './s3-invalid-sse-algorithm';
import { rule as s3BucketKeyDisabled } from './s3-bucket-key-disabled';
import { rule as s3SseCEnabledOnBucket } from './s3-sse-c-enabled-on-bucket';
import { rule as s3BucketPolicyNoSecureTransport } from './s3-bucket-policy-no-secure-transport';
import { rule as s3BucketUnencryptedDeprecated } from './s3-bucket-unencrypted-deprecated';
import { rule as s3SseCUsage } from './s3-sse-c-usage';
import { rule as s3SseCOverHttp } from './s3-sse-c-over-http';
import { rule as s3SseCIncomplete } from './s3-sse-c-incomplete';
import { rule as s3KmsKeyNotFullArn } from './s3-kms-key-not-full-arn';
import { rule as s3BucketPolicyMinTls } from './s3-bucket-policy-min-tls';
import { rule as s3BucketPolicyForcesSseHeader } from './s3-bucket-policy-forces-sse-header';

export const s3Rules: Rule[] = [
  s3BucketEncryptionImplicit,
  s3KmsKeyRequiresKmsAlgorithm,
  s3InvalidSseAlgorithm,
  s3BucketKeyDisabled,
  s3SseCEnabledOnBucket,
  s3BucketPolicyNoSecureTransport,
  // code only (CDK L2, SDK calls)
  s3BucketUnencryptedDeprecated, s3SseCUsage, s3SseCOverHttp, s3SseCIncomplete,
  // advanced (cross-resource / version reasoning)
  s3KmsKeyNotFullArn, s3BucketPolicyMinTls, s3BucketPolicyForcesSseHeader,
];
