import { Rule } from '../types';
import { rule as sdkTlsDisabled } from './sdk-tls-disabled';
import { rule as sdkTlsVerifyDisabled } from './sdk-tls-verify-disabled';

/** Transport rules for every AWS SDK client (code only). */
export const sdkRules: Rule[] = [sdkTlsDisabled, sdkTlsVerifyDisabled];
