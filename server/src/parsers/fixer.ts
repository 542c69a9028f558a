import { Fixer } from '../model/fixer';
import { CfnTemplate } from '../model/types';
import { JsonFixer } from './cfn-json/fixer';
import { YamlFixer } from './cfn-yaml/fixer';

export function fixerFor(tpl: CfnTemplate): Fixer {
  return tpl.format === 'json' ? new JsonFixer(tpl) : new YamlFixer(tpl);
}
