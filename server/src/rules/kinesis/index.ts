import { Rule } from '../types';
import { rule as kinesisStreamUnencrypted } from './kinesis-stream-unencrypted';
import { rule as cmkClientPermissions } from './kinesis-cmk-client-permissions';

export const kinesisRules: Rule[] = [kinesisStreamUnencrypted, cmkClientPermissions];
