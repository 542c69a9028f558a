import { Rule } from '../types';
import { rule as rdsStorageUnencrypted } from './rds-storage-unencrypted';
import { rule as rdsKmsKeyWithoutEncryption } from './rds-kms-key-without-encryption';
import { rule as rdsAuroraInstanceEncryptionIgnored } from './rds-aurora-instance-encryption-ignored';
import { rule as rdsSslNotEnforced } from './rds-ssl-not-enforced';

export const rdsRules: Rule[] = [rdsStorageUnencrypted, rdsKmsKeyWithoutEncryption, rdsAuroraInstanceEncryptionIgnored, rdsSslNotEnforced];
