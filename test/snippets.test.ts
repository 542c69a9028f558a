/**
 * The snippets (snippets/*.json) start every resource encrypted: each one, expanded with its default placeholder
 * values and placed in a minimal template or CDK stack, parses, lints to nothing above hint (also under
 * `keyPolicy: customer-managed-required`), and yields the resources and encryption settings it promises. The
 * TypeScript snippets are also type-checked against the installed aws-cdk-lib, so their prop names are real.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { LintConfig, defaultConfig } from '../server/src/engine/config';
import { lintText, LintResult } from '../server/src/engine/lint';
import { CfnTemplate, ValueNode } from '../server/src/model/types';
import { ensurePythonParser, parsePythonTree, pythonParserError } from '../server/src/parsers/cdk-py/loader';
import { ALL_RULES } from '../server/src/rules/registry';
import { REPO } from './helpers';

// ---- snippet syntax (the subset VS Code documents: tabstops, placeholders, choices, variables, escapes) ---------

type SnippetPart =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; children?: SnippetPart[]; choices?: string[] }
  | { kind: 'variable'; name: string; children?: SnippetPart[] };

/** Parses snippet text into parts; `closing` stops at an unescaped `}` (inside a placeholder). */
function parseSnippet(s: string, pos = 0, closing = false): { parts: SnippetPart[]; end: number } {
  const parts: SnippetPart[] = [];
  let text = '';
  const flush = (): void => {
    if (text) parts.push({ kind: 'text', text });
    text = '';
  };
  let i = pos;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && '$}\\'.includes(s[i + 1])) {
      text += s[i + 1];
      i += 2;
    } else if (closing && c === '}') {
      flush();
      return { parts, end: i + 1 };
    } else if (c === '$') {
      const simple = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(i));
      const braced = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)([:|}])/.exec(s.slice(i));
      if (simple) {
        flush();
        parts.push(/^\d/.test(simple[1]) ? { kind: 'tabstop', index: Number(simple[1]) } : { kind: 'variable', name: simple[1] });
        i += simple[0].length;
      } else if (braced) {
        flush();
        const [whole, name, sep] = braced;
        const isTab = /^\d/.test(name);
        i += whole.length;
        if (sep === '}') {
          parts.push(isTab ? { kind: 'tabstop', index: Number(name) } : { kind: 'variable', name });
        } else if (sep === ':') {
          const inner = parseSnippet(s, i, true);
          parts.push(isTab ? { kind: 'tabstop', index: Number(name), children: inner.parts } : { kind: 'variable', name, children: inner.parts });
          i = inner.end;
        } else {
          // Choice: `${1|one,two|}`; `\,` and `\|` escape inside.
          const choices: string[] = [];
          let cur = '';
          while (i < s.length && !(s[i] === '|' && s[i + 1] === '}')) {
            if (s[i] === '\\' && i + 1 < s.length && ',|\\$}'.includes(s[i + 1])) {
              cur += s[i + 1];
              i += 2;
            } else if (s[i] === ',') {
              choices.push(cur);
              cur = '';
              i++;
            } else cur += s[i++];
          }
          choices.push(cur);
          i += 2;
          parts.push({ kind: 'tabstop', index: Number(name), choices });
        }
      } else {
        text += c;
        i++;
      }
    } else {
      text += c;
      i++;
    }
  }
  if (closing) throw new Error(`unclosed placeholder starting before offset ${pos} in ${JSON.stringify(s)}`);
  flush();
  return { parts, end: i };
}

/** Expands a snippet body as an editor would when every placeholder keeps its default (choices: the first). */
export function expandSnippet(body: string | string[]): string {
  const { parts } = parseSnippet(Array.isArray(body) ? body.join('\n') : body);
  // A tabstop's value is the default of its first occurrence that has one; mirrors (`$1`) repeat it.
  const defaults = new Map<number, SnippetPart[] | string>();
  const collect = (ps: SnippetPart[]): void => {
    for (const p of ps) {
      if (p.kind === 'tabstop' && !defaults.has(p.index) && (p.children || p.choices)) defaults.set(p.index, p.choices ? p.choices[0] : p.children!);
      if (p.kind !== 'text' && p.children) collect(p.children);
    }
  };
  collect(parts);
  const render = (ps: SnippetPart[]): string =>
    ps
      .map((p) => {
        if (p.kind === 'text') return p.text;
        if (p.kind === 'variable') return p.children ? render(p.children) : '';
        const d = defaults.get(p.index);
        return d === undefined ? '' : typeof d === 'string' ? d : render(d);
      })
      .join('');
  return render(parts);
}

// ---- the snippet files ----------------------------------------------------------------------------------------

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

type SnippetFile = 'cloudformation-yaml' | 'cloudformation-json' | 'cdk-typescript' | 'cdk-python';
const LANGUAGES: Record<SnippetFile, string> = {
  'cloudformation-yaml': 'yaml',
  'cloudformation-json': 'json',
  'cdk-typescript': 'typescript',
  'cdk-python': 'python',
};

function loadSnippets(file: SnippetFile): Snippet[] {
  const data = JSON.parse(fs.readFileSync(path.join(REPO, 'snippets', `${file}.json`), 'utf8')) as Record<string, Snippet>;
  return Object.entries(data).map(([name, s]) => {
    assert.ok(typeof s.prefix === 'string' && typeof s.description === 'string' && Array.isArray(s.body), `${file}: "${name}" needs prefix, description and body`);
    return s;
  });
}

/** What each snippet must produce, by prefix without `ael-` / `ael-cdk-`: resource types and settings that must be known values. */
const PROMISES: Record<string, [type: RegExp, paths: string[]][]> = {
  's3-bucket': [
    [/^AWS::S3::Bucket$/, ['BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID', 'BucketEncryption.ServerSideEncryptionConfiguration.0.BucketKeyEnabled']],
    [/^AWS::S3::BucketPolicy$/, ['Bucket', 'PolicyDocument.Statement.0.Condition']],
  ],
  'kms-key': [[/^AWS::KMS::Key$/, ['EnableKeyRotation']]],
  'kinesis-stream': [[/^AWS::Kinesis::Stream$/, ['StreamEncryption.EncryptionType', 'StreamEncryption.KeyId']]],
  firehose: [[/^AWS::KinesisFirehose::DeliveryStream$/, ['DeliveryStreamEncryptionConfigurationInput.KeyType', 'DeliveryStreamEncryptionConfigurationInput.KeyARN', 'ExtendedS3DestinationConfiguration.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN']]],
  'rds-instance': [
    [/^AWS::RDS::DBInstance$/, ['StorageEncrypted', 'KmsKeyId', 'DBParameterGroupName']],
    [/^AWS::RDS::DBParameterGroup$/, ['Parameters.rds\\.force_ssl']],
  ],
  'aurora-cluster': [
    [/^AWS::RDS::DBCluster$/, ['StorageEncrypted', 'KmsKeyId', 'DBClusterParameterGroupName']],
    [/^AWS::RDS::DB(Cluster)?ParameterGroup$/, ['Parameters.require_secure_transport']],
  ],
  'redshift-cluster': [
    [/^AWS::Redshift::Cluster$/, ['Encrypted', 'KmsKeyId', 'ClusterParameterGroupName']],
    [/^AWS::Redshift::ClusterParameterGroup$/, ['Parameters.0.ParameterName', 'Parameters.0.ParameterValue']],
  ],
  'athena-workgroup': [[/^AWS::Athena::WorkGroup$/, ['WorkGroupConfiguration.EnforceWorkGroupConfiguration', 'WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.EncryptionOption', 'WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.KmsKey']]],
  'emr-security-configuration': [[/^AWS::EMR::SecurityConfiguration$/, emrSecurityPaths()]],
  'emr-cluster': [
    [/^AWS::EMR::SecurityConfiguration$/, emrSecurityPaths()],
    [/^AWS::EMR::Cluster$/, ['SecurityConfiguration', 'ReleaseLabel']],
  ],
};

function emrSecurityPaths(): string[] {
  const enc = 'SecurityConfiguration.EncryptionConfiguration';
  return [
    `${enc}.EnableAtRestEncryption`, `${enc}.EnableInTransitEncryption`,
    `${enc}.AtRestEncryptionConfiguration.S3EncryptionConfiguration.AwsKmsKey`,
    `${enc}.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.AwsKmsKey`,
    `${enc}.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.EnableEbsEncryption`,
    `${enc}.InTransitEncryptionConfiguration.TLSCertificateConfiguration.S3Object`,
  ];
}

function topic(prefix: string): string {
  return prefix.replace(/^ael-(cdk-)?/, '');
}

/** The node at a dotted path below a resource's Properties (`\.` escapes a dot inside a key). */
function nodeAt(root: ValueNode | undefined, dotted: string): ValueNode | undefined {
  let node = root;
  for (const seg of dotted.split(/(?<!\\)\./).map((x) => x.replace(/\\\./g, '.'))) {
    if (!node) return undefined;
    if (node.kind === 'object') node = node.entries.find((e) => e.key === seg)?.value;
    else if (node.kind === 'array' && /^\d+$/.test(seg)) node = node.items[Number(seg)];
    else return undefined;
  }
  return node;
}

/** Promises a snippet does not keep: missing resource types, or settings absent or unknown to the linter. */
function brokenPromises(prefix: string, tpl: CfnTemplate | undefined): string[] {
  const promises = PROMISES[topic(prefix)];
  if (!promises) return [`no expectations written for ${prefix}`];
  const broken: string[] = [];
  for (const [type, paths] of promises) {
    const candidates = (tpl?.resources ?? []).filter((r) => type.test(r.type));
    if (!candidates.length) {
      broken.push(`no ${type.source} resource`);
      continue;
    }
    const known = (p: string): boolean => candidates.some((r) => {
      const n = nodeAt(r.properties, p);
      return n !== undefined && n.kind !== 'unknown';
    });
    for (const p of paths) if (!known(p)) broken.push(`${type.source}: ${p} is missing or unknown`);
  }
  return broken;
}

const CONFIGS: [string, LintConfig][] = [
  ['default settings', defaultConfig()],
  ['keyPolicy: customer-managed-required', { ...defaultConfig(), keyPolicy: 'customer-managed-required' }],
];

/** Findings above hint, and every input problem (parse errors, internal errors) whatever its level. */
function serious(res: LintResult): string[] {
  return res.findings
    .filter((f) => f.category === 'input' || f.severity === 'error' || f.severity === 'warning' || f.severity === 'information')
    .map((f) => `${f.severity} ${f.ruleId}: ${f.message}`);
}

/**
 * Each snippet is linted after the key (and bucket) snippets it refers to, as a user would insert them; a support
 * snippet itself keeps its place in that order (TypeScript `const`s must be declared before use).
 */
function withSupport(all: Snippet[], snippet: Snippet, supportTopics: string[]): Snippet[] {
  const support = supportTopics.map((t) => all.find((s) => topic(s.prefix) === t)).filter((s): s is Snippet => !!s);
  return support.includes(snippet) ? support : [...support, snippet];
}

const SUPPORT = ['kms-key', 's3-bucket'];
const TOPICS = Object.keys(PROMISES);

/**
 * Gaps elsewhere in the engine that make a correct snippet fail, by test. Strict: a listed test that passes fails,
 * so that its entry is removed as soon as the gap is fixed; an unlisted failure fails as usual.
 */
const KNOWN_GAPS: Record<string, string> = {};

function unlessKnownGap(ctx: Mocha.Context, key: string, check: () => void): void {
  const gap = KNOWN_GAPS[key];
  if (!gap) return check();
  try {
    check();
  } catch (err) {
    if (err instanceof assert.AssertionError) {
      console.log(`    (known gap, skipped: ${gap})`);
      ctx.skip();
    }
    throw err;
  }
  assert.fail(`"${key}" passes now: remove it from KNOWN_GAPS in test/snippets.test.ts`);
}

// ---- document builders ----------------------------------------------------------------------------------------

function yamlTemplate(parts: Snippet[]): string {
  const body = parts.map((s) => expandSnippet(s.body)).join('\n');
  return `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${body.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n')}\n`;
}

function jsonTemplate(parts: Snippet[]): string {
  const body = parts.map((s) => expandSnippet(s.body)).join(',\n');
  return `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n  }\n}\n`;
}

const CDK_MODULES = ['athena', 'ec2', 'emr', 'kinesis', 'kinesisfirehose', 'kms', 'rds', 'redshift', 's3'];
const alias = (m: string): string => (m === 'kinesisfirehose' ? 'firehose' : m);

function tsStack(parts: Snippet[]): string {
  const imports = CDK_MODULES.map((m) => `import * as ${alias(m)} from 'aws-cdk-lib/aws-${m}';`).join('\n');
  const body = parts.map((s) => expandSnippet(s.body)).join('\n').split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
  return `import { Stack, StackProps } from 'aws-cdk-lib';\nimport { Construct } from 'constructs';\n${imports}\n\n` +
    `export class SnippetStack extends Stack {\n  constructor(scope: Construct, id: string, props?: StackProps) {\n    super(scope, id, props);\n` +
    `    const vpc = new ec2.Vpc(this, 'Vpc');\n${body}\n  }\n}\n`;
}

function pyStack(parts: Snippet[]): string {
  const imports = CDK_MODULES.map((m) => `from aws_cdk import aws_${m} as ${alias(m)}`).join('\n');
  const body = parts.map((s) => expandSnippet(s.body)).join('\n').split('\n').map((l) => (l ? `        ${l}` : l)).join('\n');
  return `from aws_cdk import Stack\n${imports}\nfrom constructs import Construct\n\n\n` +
    `class SnippetStack(Stack):\n    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:\n` +
    `        super().__init__(scope, construct_id, **kwargs)\n        vpc = ec2.Vpc(self, "Vpc")\n${body}\n`;
}

/** The synthesised template as plain data (no spans), to compare the TypeScript and Python snippets. */
function plain(n: ValueNode | undefined): unknown {
  if (!n) return undefined;
  switch (n.kind) {
    case 'scalar': return n.value;
    case 'array': return n.items.map(plain);
    case 'object': return Object.fromEntries(n.entries.map((e) => [e.key, plain(e.value)]));
    case 'intrinsic': return { [n.fn]: plain(n.arg) };
    default: return '<unknown>';
  }
}

function resourcesOf(tpl: CfnTemplate | undefined): Record<string, unknown> {
  return Object.fromEntries((tpl?.resources ?? []).map((r) => [r.logicalId, { Type: r.type, Properties: plain(r.properties) }]));
}

// ---- tests ----------------------------------------------------------------------------------------------------

describe('snippets', () => {
  const files = Object.keys(LANGUAGES) as SnippetFile[];
  const snippets = Object.fromEntries(files.map((f) => [f, loadSnippets(f)])) as Record<SnippetFile, Snippet[]>;

  describe('expansion of snippet syntax', () => {
    it('fills placeholders with defaults, mirrors, first choices and escapes', () => {
      assert.strictEqual(expandSnippet('${1:Bucket}: !Ref $1 ${2} $0'), 'Bucket: !Ref Bucket  ');
      assert.strictEqual(expandSnippet("${1|SSE_KMS,CSE_KMS|} ${2|a\\,b,c|}"), 'SSE_KMS a,b');
      assert.strictEqual(expandSnippet("!Sub '\\${${1:B}.Arn}/*' \\} \\\\"), "!Sub '${B.Arn}/*' } \\");
      assert.strictEqual(expandSnippet('${1:outer ${2:inner}} $2 ${TM_FILENAME:file} $TM_SELECTED_TEXT'), 'outer inner inner file ');
      assert.throws(() => expandSnippet('${1:open'), /unclosed/);
    });
  });

  describe('snippet files', () => {
    it('are contributed to their languages in package.json', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
      const contributed = pkg.contributes.snippets.map((s) => `${s.language} ${path.normalize(s.path)}`).sort();
      const expected = files.map((f) => `${LANGUAGES[f]} ${path.normalize(`./snippets/${f}.json`)}`).sort();
      assert.deepStrictEqual(contributed, expected);
    });

    it('cover every promised resource in each language, with consistent ael- prefixes', () => {
      for (const f of files) {
        const prefixes = snippets[f].map((s) => s.prefix);
        const pattern = f.startsWith('cdk') ? /^ael-cdk-[a-z0-9-]+$/ : /^ael-[a-z0-9-]+$/;
        for (const p of prefixes) assert.match(p, pattern, `${f}: prefix ${p}`);
        assert.strictEqual(new Set(prefixes).size, prefixes.length, `${f}: duplicate prefixes`);
        assert.deepStrictEqual(prefixes.map(topic).sort(), [...TOPICS].sort(), `${f}: snippet set`);
        for (const s of snippets[f]) assert.ok(s.description.length > 20, `${f}: ${s.prefix} needs a description`);
      }
    });
  });

  for (const [label, config] of CONFIGS) {
    describe(`CloudFormation YAML snippets lint clean (${label})`, () => {
      for (const s of snippets['cloudformation-yaml']) {
        it(s.prefix, () => {
          const text = yamlTemplate(withSupport(snippets['cloudformation-yaml'], s, SUPPORT));
          const res = lintText({ uri: 'snippet.yaml', text }, { config, rules: ALL_RULES });
          assert.strictEqual(res.kind, 'template');
          assert.deepStrictEqual(res.template?.parseErrors, []);
          assert.deepStrictEqual(serious(res), []);
          assert.deepStrictEqual(brokenPromises(s.prefix, res.template), []);
        });
      }
    });

    describe(`CloudFormation JSON snippets lint clean (${label})`, () => {
      for (const s of snippets['cloudformation-json']) {
        it(s.prefix, () => {
          const text = jsonTemplate(withSupport(snippets['cloudformation-json'], s, SUPPORT));
          assert.doesNotThrow(() => JSON.parse(text), 'the expanded fragments form strict JSON');
          const res = lintText({ uri: 'snippet.json', text }, { config, rules: ALL_RULES });
          assert.strictEqual(res.kind, 'template');
          assert.deepStrictEqual(res.template?.parseErrors, []);
          assert.deepStrictEqual(serious(res), []);
          assert.deepStrictEqual(brokenPromises(s.prefix, res.template), []);
        });
      }
    });
  }

  describe('CloudFormation YAML and JSON snippets describe the same resources', () => {
    for (const s of snippets['cloudformation-yaml']) {
      it(s.prefix, () => {
        const j = snippets['cloudformation-json'].find((x) => x.prefix === s.prefix)!;
        const y = lintText({ uri: 'a.yaml', text: yamlTemplate([s]) }, { config: defaultConfig(), rules: [] });
        const js = lintText({ uri: 'a.json', text: jsonTemplate([j]) }, { config: defaultConfig(), rules: [] });
        // Short-form `!GetAtt A.Arn` and long-form `{"Fn::GetAtt": ["A", "Arn"]}` mean the same.
        const norm = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replace(/\{"Fn::GetAtt":"([^".]+)\.([^"]+)"\}/g, '{"Fn::GetAtt":["$1","$2"]}'));
        assert.deepStrictEqual(norm(resourcesOf(y.template)), norm(resourcesOf(js.template)));
      });
    }
  });

  /** Lints a CDK stack; pending (skipped with a notice) while the engine does not read code files. */
  function lintCdk(ctx: Mocha.Context, uri: string, text: string, config: LintConfig): LintResult {
    const res = lintText({ uri, text }, { config, rules: ALL_RULES });
    if (res.kind === 'not-a-template') {
      console.log(`    (pending: the engine does not lint ${path.extname(uri)} files yet)`);
      ctx.skip();
    }
    return res;
  }

  for (const [label, config] of CONFIGS) {
    describe(`CDK TypeScript snippets lint clean (${label})`, () => {
      for (const s of snippets['cdk-typescript']) {
        it(s.prefix, function () {
          const text = tsStack(withSupport(snippets['cdk-typescript'], s, SUPPORT));
          const res = lintCdk(this, 'lib/snippet-stack.ts', text, config);
          assert.strictEqual(res.kind, 'template');
          assert.ok(res.code, 'linted as code');
          unlessKnownGap(this, `lint cdk-typescript ${s.prefix}`, () => {
            assert.deepStrictEqual(serious(res), []);
            assert.deepStrictEqual(brokenPromises(s.prefix, res.template), []);
          });
        });
      }
    });

    describe(`CDK Python snippets lint clean (${label})`, () => {
      before(async function () {
        await ensurePythonParser();
        if (pythonParserError()) {
          console.log(`    (skipped: the Python parser did not load: ${pythonParserError()})`);
          this.skip();
        }
      });
      for (const s of snippets['cdk-python']) {
        it(s.prefix, function () {
          const text = pyStack(withSupport(snippets['cdk-python'], s, SUPPORT));
          const res = lintCdk(this, 'snippet_stack.py', text, config);
          assert.strictEqual(res.kind, 'template');
          assert.ok(res.code, 'linted as code');
          unlessKnownGap(this, `lint cdk-python ${s.prefix}`, () => {
            assert.deepStrictEqual(serious(res), []);
            assert.deepStrictEqual(brokenPromises(s.prefix, res.template), []);
          });
        });
      }
    });
  }

  describe('CDK snippets are valid code', () => {
    it('TypeScript snippets type-check against the installed aws-cdk-lib', function () {
      this.timeout(180_000); // hang guard: loading aws-cdk-lib's declarations takes seconds
      const virtual = new Map<string, string>();
      for (const s of snippets['cdk-typescript']) {
        virtual.set(path.join(REPO, 'test', `__snippet_${topic(s.prefix)}.ts`), tsStack(withSupport(snippets['cdk-typescript'], s, SUPPORT)));
      }
      const options: ts.CompilerOptions = {
        strict: true, noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true,
      };
      const host = ts.createCompilerHost(options, true);
      const getSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (name, lang, onError, create) =>
        virtual.has(path.resolve(name)) ? ts.createSourceFile(name, virtual.get(path.resolve(name))!, lang, true) : getSourceFile(name, lang, onError, create);
      const fileExists = host.fileExists.bind(host);
      host.fileExists = (name) => virtual.has(path.resolve(name)) || fileExists(name);
      const readFile = host.readFile.bind(host);
      host.readFile = (name) => virtual.get(path.resolve(name)) ?? readFile(name);
      const program = ts.createProgram([...virtual.keys()], options, host);
      const problems = [...virtual.keys()].flatMap((f) => {
        const sf = program.getSourceFile(f)!;
        return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
          const { line } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
          return `${path.basename(f)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
        });
      });
      assert.deepStrictEqual(problems, []);
    });

    it('Python snippets parse with tree-sitter', async function () {
      await ensurePythonParser();
      if (pythonParserError()) {
        console.log(`    (skipped: the Python parser did not load: ${pythonParserError()})`);
        this.skip();
      }
      for (const s of snippets['cdk-python']) {
        const tree = parsePythonTree(pyStack(withSupport(snippets['cdk-python'], s, SUPPORT)))!;
        try {
          assert.strictEqual(tree.rootNode.hasError, false, `${s.prefix} has a syntax error`);
        } finally {
          tree.delete();
        }
      }
    });
  });

  describe('CDK Python and TypeScript snippets synthesise the same resources', () => {
    before(async function () {
      await ensurePythonParser();
      if (pythonParserError()) this.skip();
    });
    for (const s of snippets['cdk-typescript']) {
      it(s.prefix, function () {
        const py = snippets['cdk-python'].find((x) => x.prefix === s.prefix)!;
        const tsRes = lintCdk(this, 'lib/snippet-stack.ts', tsStack(withSupport(snippets['cdk-typescript'], s, SUPPORT)), defaultConfig());
        const pyRes = lintCdk(this, 'snippet_stack.py', pyStack(withSupport(snippets['cdk-python'], py, SUPPORT)), defaultConfig());
        unlessKnownGap(this, `parity ${s.prefix}`, () => assert.deepStrictEqual(resourcesOf(pyRes.template), resourcesOf(tsRes.template)));
      });
    }
  });
});
