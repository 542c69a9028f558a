import { Rule } from '../types';

export const emrRules: Rule[] = [];
