import { Rule } from '../types';

export const athenaRules: Rule[] = [];
