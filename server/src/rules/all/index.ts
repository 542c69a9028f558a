import { Rule } from '../types';
import { rule as cmkRequired } from './cmk-required';

/** Rules that span every service (their meta names one service for grouping). */
export const allServiceRules: Rule[] = [cmkRequired];
