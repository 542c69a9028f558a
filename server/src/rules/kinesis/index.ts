import { Rule } from '../types';
import { rule as kinesisStreamUnencrypted } from './kinesis-stream-unencrypted';

export const kinesisRules: Rule[] = [kinesisStreamUnencrypted];
