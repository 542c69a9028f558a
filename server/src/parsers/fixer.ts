import { Fixer } from '../model/fixer';
import { CfnTemplate } from '../model/types';
import { JsonFixer } from './cfn-json/fixer';
import { YamlFixer } from './cfn-yaml/fixer';
import { CdkFixer } from './code-fixer/cdk-fixer';

export function fixerFor(tpl: CfnTemplate): Fixer {
  if (tpl.format === 'code') return new CdkFixer(tpl);
  return tpl.format === 'json' ? new JsonFixer(tpl) : new YamlFixer(tpl);
}
