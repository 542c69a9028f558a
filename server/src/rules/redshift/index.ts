import { Rule } from '../types';

export const redshiftRules: Rule[] = [];
