import { Rule } from '../types';
import { rule as athenaResultsUnencrypted } from './athena-results-unencrypted';
import { rule as athenaWorkgroupNotEnforced } from './athena-workgroup-not-enforced';
import { rule as athenaKmsKeyMissing } from './athena-kms-key-missing';
import { rule as athenaEncryptionRemoved } from './athena-encryption-removed';
import { rule as athenaUnsupportedSourceEncryption } from './athena-unsupported-source-encryption';
import { rule as athenaCseKmsCrossRegion } from './athena-cse-kms-cross-region';
import { rule as athenaKmsPermissions } from './athena-kms-permissions';

export const athenaRules: Rule[] = [athenaResultsUnencrypted, athenaWorkgroupNotEnforced, athenaKmsKeyMissing, athenaEncryptionRemoved, athenaUnsupportedSourceEncryption, athenaCseKmsCrossRegion, athenaKmsPermissions];
