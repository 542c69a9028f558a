import { Rule } from '../types';
import { rule as rdsStorageUnencrypted } from './rds-storage-unencrypted';
import { rule as rdsKmsKeyWithoutEncryption } from './rds-kms-key-without-encryption';
import { rule as rdsAuroraInstanceEncryptionIgnored } from './rds-aurora-instance-encryption-ignored';
import { rule as rdsSslNotEnforced } from './rds-ssl-not-enforced';
import { rule as readReplicaEncryption } from './rds-read-replica-encryption';
import { rule as tdeOption } from './rds-tde-option';
import { rule as oracleNneWeak } from './rds-oracle-nne-weak';
import { rule as encryptionChangeReplacement } from './rds-encryption-change-replacement';

export const rdsRules: Rule[] = [rdsStorageUnencrypted, rdsKmsKeyWithoutEncryption, rdsAuroraInstanceEncryptionIgnored, rdsSslNotEnforced, encryptionChangeReplacement, readReplicaEncryption, tdeOption, oracleNneWeak];
