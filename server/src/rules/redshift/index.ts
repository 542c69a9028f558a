import { Rule } from '../types';
import { rule as redshiftClusterUnencrypted } from './redshift-cluster-unencrypted';
import { rule as redshiftKmsKeyWithoutEncrypted } from './redshift-kms-key-without-encrypted';
import { rule as redshiftRequireSsl } from './redshift-require-ssl';
import { rule as redshiftServerlessDefaultKey } from './redshift-serverless-default-key';
import { rule as hsmConfig } from './redshift-hsm-config';
import { rule as rotateKeyFlag } from './redshift-rotate-key-flag';

export const redshiftRules: Rule[] = [redshiftClusterUnencrypted, redshiftKmsKeyWithoutEncrypted, redshiftRequireSsl, redshiftServerlessDefaultKey, hsmConfig, rotateKeyFlag];
