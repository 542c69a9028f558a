import { Rule } from '../types';

export const firehoseRules: Rule[] = [];
