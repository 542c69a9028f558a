import { Rule } from '../types';
import { rule as kmsKeyRotationDisabled } from './kms-key-rotation-disabled';
import { rule as kmsRotationUnsupported } from './kms-rotation-unsupported';
import { rule as asymmetricKeyForServiceEncryption } from './kms-asymmetric-key-for-service-encryption';

export const kmsRules: Rule[] = [kmsKeyRotationDisabled, kmsRotationUnsupported, asymmetricKeyForServiceEncryption];
