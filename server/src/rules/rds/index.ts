import { Rule } from '../types';
import { rule as rdsStorageUnencrypted } from './rds-storage-unencrypted';

export const rdsRules: Rule[] = [rdsStorageUnencrypted];
