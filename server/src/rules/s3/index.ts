import { Rule } from '../types';
import { rule as s3BucketEncryptionImplicit } from './s3-bucket-encryption-implicit';

export const s3Rules: Rule[] = [s3BucketEncryptionImplicit];
