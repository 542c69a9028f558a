import { Rule } from '../types';
import { rule as firehoseSseDisabled } from './firehose-sse-disabled';
import { rule as firehoseSseWithStreamSource } from './firehose-sse-with-stream-source';
import { rule as firehoseCmkConfigInvalid } from './firehose-cmk-config-invalid';
import { rule as firehoseS3DeliveryUnencrypted } from './firehose-s3-delivery-unencrypted';
import { rule as s3KmsPermissions } from './firehose-s3-kms-permissions';

export const firehoseRules: Rule[] = [firehoseSseDisabled, firehoseSseWithStreamSource, firehoseCmkConfigInvalid, firehoseS3DeliveryUnencrypted, s3KmsPermissions];
