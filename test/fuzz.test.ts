/**
 * The short fuzz run (scripts/fuzz.js) inside `npm test`, the regression fixtures it has produced
 * (test/fixtures/fuzz/), and the fuzzer's own parts (mutations, minimiser).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO, CORPUS } from './helpers';

interface FuzzStats {
  inputs: number;
  files: number;
  findings: number;
  fixes: number;
  failures: { signature: string; file: string; mutation: string; count: number }[];
  hangs: { file: string; index: number }[];
  saved: string[];
  durationMs: number;
}
interface Mutation { mutation: string; text: string }
interface Engine { config: unknown }
interface CheckResult { failure?: { kind: string; detail: string } }

// The fuzzer is plain JavaScript so that `npm run fuzz` needs no build of its own.
const fuzz = require(path.join(REPO, 'scripts', 'fuzz.js')) as {
  runFuzz(o: Record<string, unknown>): Promise<FuzzStats>;
  summaryLine(s: FuzzStats): string;
  mutationsOf(text: string, name: string, seed: number, perFile: number): Iterable<Mutation>;
  FIXTURE_DIR: string;
};
const check = require(path.join(REPO, 'scripts', 'fuzz', 'check.js')) as {
  loadEngine(): Promise<Engine>;
  checkInput(e: Engine, uri: string, text: string): Promise<CheckResult>;
};
const { minimise } = require(path.join(REPO, 'scripts', 'fuzz', 'minimise.js')) as {
  minimise(text: string, stillFails: (t: string) => Promise<boolean>, maxChecks?: number): Promise<string>;
};

const SAMPLE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-logs'
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt Key.Arn
`;

describe('fuzzing (scripts/fuzz.js)', function () {
  this.timeout(300_000);

  it('short run: every mutated corpus file and fixture goes through lintText without exception, internal error, stray span or hang', async function () {
    if (!fs.existsSync(CORPUS)) console.log(`    (notice: ${CORPUS} is not present; fuzzing the project's fixtures only)`);
    const saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-failures-'));
    const stats = await fuzz.runFuzz({ full: false, saveDir, hangMs: 10_000 });
    console.log(`    ${fuzz.summaryLine(stats)}`);
    const failures = stats.failures.map((f) => `${f.signature} (x${f.count}; first ${f.file} ${f.mutation})`);
    assert.deepStrictEqual(failures, [], `minimised failing inputs were written to ${saveDir}; move them to test/fixtures/fuzz/`);
    assert.deepStrictEqual(stats.hangs, []);
    assert.ok(stats.inputs >= stats.files * 20, 'at least the twenty truncations of every file ran');
    fs.rmSync(saveDir, { recursive: true, force: true });
  });

  it('regression fixtures (minimised failures found earlier) pass every check and say where they came from', async () => {
    const engine = await check.loadEngine();
    const inputs = fs.readdirSync(fuzz.FIXTURE_DIR).filter((f) => !f.endsWith('.meta.json'));
    assert.ok(inputs.length > 0);
    for (const f of inputs) {
      const meta = path.join(fuzz.FIXTURE_DIR, f.replace(/\.[^.]+$/, '.meta.json'));
      assert.ok(fs.existsSync(meta), `${f} has no .meta.json`);
      const r = await check.checkInput(engine, f, fs.readFileSync(path.join(fuzz.FIXTURE_DIR, f), 'utf8'));
      assert.strictEqual(r.failure, undefined, `${f}: ${JSON.stringify(r.failure)}`);
    }
  });

  it('mutations are reproducible and cover truncation, BOM, CRLF, lone surrogates, tag swaps and line edits', () => {
    const a = [...fuzz.mutationsOf(SAMPLE, 'sample.yaml', 11, 48)];
    const b = [...fuzz.mutationsOf(SAMPLE, 'sample.yaml', 11, 48)];
    assert.deepStrictEqual(a, b, 'same seed, same inputs');
    assert.notDeepStrictEqual([...fuzz.mutationsOf(SAMPLE, 'sample.yaml', 12, 48)].map((m) => m.text), a.map((m) => m.text));
    const truncations = a.filter((m) => m.mutation.startsWith('truncate-'));
    assert.strictEqual(truncations.length, 20);
    assert.deepStrictEqual(truncations.map((m) => m.text.length), truncations.map((_, k) => Math.floor((SAMPLE.length * k) / 20)));
    const families = new Set(a.flatMap((m) => m.mutation.replace(/#\d+$/, '').split('+')));
    for (const f of ['byteFlip', 'lineDelete', 'lineDuplicate', 'indentShift', 'tagSwap', 'oddUnicode', 'bom', 'lineEndings']) {
      assert.ok(families.has(f), `family ${f} is used`);
    }
    const texts = a.map((m) => m.text);
    assert.ok(texts.some((t) => t.startsWith('\uFEFF')), 'a BOM');
    assert.ok(texts.some((t) => t.includes('\r\n') || t.includes('\r')), 'CR line endings');
    assert.ok(texts.some((t) => t !== SAMPLE && !SAMPLE.includes(t) && t.length !== SAMPLE.length), 'length-changing edits');
    const many = [...fuzz.mutationsOf(SAMPLE, 'sample.yaml', 1, 400)].map((m) => m.text);
    assert.ok(many.some((t) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(t)), 'a lone surrogate');
    assert.ok(many.some((t) => /!(?!Sub|GetAtt)[A-Za-z!]*/.test(t) && !t.includes('!GetAtt Key.Arn')), 'a swapped tag');
  });

  it('the minimiser shrinks a failing input to what makes it fail', async () => {
    const failing = async (t: string) => t.includes('Type: AWS::S3::Bucket') && t.includes('!GetAtt');
    const small = await minimise(SAMPLE, failing);
    assert.ok(await failing(small));
    assert.ok(small.length < 40, `minimised to ${JSON.stringify(small)}`);
  });

  it('the checker catches what it guards against: stray spans are failures', async () => {
    const engine = await check.loadEngine();
    const ok = await check.checkInput(engine, 'sample.yaml', SAMPLE);
    assert.strictEqual(ok.failure, undefined);
    const fake: Engine & { lintText: unknown; rules: unknown } = {
      config: {},
      rules: [],
      lintText: () => ({ kind: 'template', findings: [{ ruleId: 'x', span: { start: 0, end: 999 }, fixes: [] }] }),
    };
    const bad = await check.checkInput(fake, 'sample.yaml', SAMPLE);
    assert.strictEqual(bad.failure?.kind, 'span-outside');
    const throwing = { ...fake, lintText: () => { throw new Error('boom'); } };
    assert.strictEqual((await check.checkInput(throwing, 'sample.yaml', SAMPLE)).failure?.kind, 'exception');
  });
});
