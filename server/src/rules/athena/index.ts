import { Rule } from '../types';
import { rule as athenaResultsUnencrypted } from './athena-results-unencrypted';
import { rule as athenaWorkgroupNotEnforced } from './athena-workgroup-not-enforced';
import { rule as athenaKmsKeyMissing } from './athena-kms-key-missing';
import { rule as athenaEncryptionRemoved } from './athena-encryption-removed';

export const athenaRules: Rule[] = [athenaResultsUnencrypted, athenaWorkgroupNotEnforced, athenaKmsKeyMissing, athenaEncryptionRemoved];
