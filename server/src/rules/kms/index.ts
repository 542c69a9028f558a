import { Rule } from '../types';

export const kmsRules: Rule[] = [];
