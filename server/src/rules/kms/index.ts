import { Rule } from '../types';
import { rule as kmsKeyRotationDisabled } from './kms-key-rotation-disabled';
import { rule as kmsRotationUnsupported } from './kms-rotation-unsupported';

export const kmsRules: Rule[] = [kmsKeyRotationDisabled, kmsRotationUnsupported];
