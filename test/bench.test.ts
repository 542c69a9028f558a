// The benchmark's own parts (scripts/bench): statistics, generated templates, the typing plan. No timings here:
// time goals live in `npm run bench`.
import * as assert from 'assert';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { parseCfnYaml } from '../server/src/parsers/cfn-yaml/parse';
import { ValueNode } from '../server/src/model/types';
import { ALL_RULES } from '../server/src/rules/registry';
import { typingPlan } from '../scripts/bench/editor-latency';
import { countLines, nestedIfTemplate, RESOURCES_PER_GROUP, serviceGroup, serviceTemplate, toJson, toYaml, yamlTemplateOfLines } from '../scripts/bench/generate';
import { fitExponent, median, percentile } from '../scripts/bench/stats';

const config = { ...defaultConfig(), maxFileSize: Number.MAX_SAFE_INTEGER };

describe('benchmark statistics', () => {
  it('computes medians and nearest-rank percentiles', () => {
    assert.strictEqual(median([5, 1, 3]), 3);
    assert.strictEqual(median([4, 1, 3, 2]), 2.5);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.strictEqual(percentile(hundred, 95), 95);
    assert.strictEqual(percentile(hundred, 50), 50);
    assert.strictEqual(percentile([7], 95), 7);
  });

  it('fits the exponent of time ∝ size^k', () => {
    const sizes = [100, 1000, 5000, 20000];
    assert.ok(Math.abs(fitExponent(sizes.map((x) => ({ x, y: 3 * x }))) - 1) < 1e-9);
    assert.ok(Math.abs(fitExponent(sizes.map((x) => ({ x, y: 0.001 * x * x }))) - 2) < 1e-9);
    assert.ok(Number.isNaN(fitExponent([{ x: 1, y: 1 }])));
  });
});

describe('benchmark templates', () => {
  it('writes the same template as YAML (short-form tags) and as JSON', () => {
    const tpl = serviceTemplate(40);
    const yaml = lintText({ uri: 'g.yaml', text: toYaml(tpl) }, { config, rules: ALL_RULES });
    const json = lintText({ uri: 'g.json', text: toJson(tpl) }, { config, rules: ALL_RULES });
    assert.strictEqual(yaml.kind, 'template');
    assert.deepStrictEqual(yaml.template!.parseErrors, []);
    assert.ok(yaml.template!.usesShortForm);
    assert.strictEqual(yaml.template!.resources.length, 40);
    const summary = (r: typeof yaml) => r.findings.map((f) => `${f.ruleId} ${f.resource}`).sort();
    assert.deepStrictEqual(summary(yaml), summary(json));
  });

  it('an unencrypted group has findings for each of the seven services', () => {
    const tpl = { AWSTemplateFormatVersion: '2010-09-09', Resources: serviceGroup(0, false) };
    const r = lintText({ uri: 'g.yaml', text: toYaml(tpl) }, { config, rules: ALL_RULES });
    const services = new Set(r.findings.map((f) => f.service));
    for (const s of ['s3', 'athena', 'emr', 'rds', 'kinesis', 'firehose', 'redshift', 'kms']) assert.ok(services.has(s as never), `no finding for ${s}`);
    assert.ok(r.findings.every((f) => f.category !== 'input'), r.findings.map((f) => f.message).join('\n'));
  });

  it('has as many lines as asked for, in whole groups', () => {
    const text = yamlTemplateOfLines(300);
    assert.ok(countLines(text) >= 300 && countLines(text) < 300 + 100, String(countLines(text)));
    const t = parseCfnYaml({ uri: 'g.yaml', text });
    assert.strictEqual(t.resources.length % RESOURCES_PER_GROUP, 0);
  });

  it('nests Fn::If as deep as asked', () => {
    const depthOf = (n: ValueNode | undefined): number =>
      n?.kind === 'intrinsic' && n.fn === 'Fn::If' && n.arg.kind === 'array' ? 1 + depthOf(n.arg.items[2]) : 0;
    for (const d of [1, 5, 12]) {
      const t = parseCfnYaml({ uri: 'if.yaml', text: toYaml(nestedIfTemplate(d, 2)) });
      assert.deepStrictEqual(t.parseErrors, []);
      const db = t.resourceById.get('Database1')!;
      assert.strictEqual(depthOf(db.properties!.entries.find((e) => e.key === 'StorageEncrypted')!.value), d);
      assert.strictEqual(t.conditions.size, d);
    }
  });
});

describe('benchmark typing plan', () => {
  it('types letters into values so that the template keeps its structure', () => {
    const text = yamlTemplateOfLines(900, { allUnencrypted: true });
    const plan = typingPlan(text, 200);
    assert.strictEqual(plan.length, 200);
    assert.strictEqual(new Set(plan.map((k) => k.line)).size, 20);
    const lines = text.split('\n');
    for (const k of plan) lines[k.line] = lines[k.line].slice(0, k.character) + k.text + lines[k.line].slice(k.character);
    const before = parseCfnYaml({ uri: 'a.yaml', text });
    const after = parseCfnYaml({ uri: 'a.yaml', text: lines.join('\n') });
    assert.deepStrictEqual(after.parseErrors, []);
    assert.deepStrictEqual(after.resources.map((r) => `${r.logicalId} ${r.type}`), before.resources.map((r) => `${r.logicalId} ${r.type}`));
  });
});
