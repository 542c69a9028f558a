// Builds the throw-away workspace the editor-host tests open: copies of the project's examples plus a few small
// templates written here, so tests may edit freely without touching tracked files.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from './paths';

const HOVER_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt Key.Arn
            BucketKeyEnabled: true
`;

const SNIPPET_START = `AWSTemplateFormatVersion: '2010-09-09'
Description: Resources inserted from the extension's snippets by the e2e test
Resources:
`;

/** A template of exactly `lines` lines: unencrypted buckets, keys without rotation and plain-text streams. */
export function generatedTemplate(lines: number): string {
  const out = ["AWSTemplateFormatVersion: '2010-09-09'", 'Description: Generated template for the editor-host timing test', 'Resources:'];
  const blocks = [
    (i: number) => [`  Bucket${i}:`, '    Type: AWS::S3::Bucket', '    Properties:', '      VersioningConfiguration:', '        Status: Enabled'],
    (i: number) => [`  Key${i}:`, '    Type: AWS::KMS::Key', '    Properties:', `      Description: Key number ${i}`],
    (i: number) => [`  Stream${i}:`, '    Type: AWS::Kinesis::Stream', '    Properties:', '      ShardCount: 1'],
  ];
  for (let i = 0; out.length < lines; i++) {
    const block = blocks[i % blocks.length](i);
    if (out.length + block.length > lines) break;
    out.push(...block);
  }
  while (out.length < lines) out.push(`# padding line ${out.length + 1}`);
  return `${out.join('\n')}\n`;
}

/** `only` = a workspace holding just the example (the UI test counts every finding in the workspace). */
export function prepareWorkspace(dir: string, options: { only?: 'data-lake.yaml' } = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  const dataLake = fs.readFileSync(path.join(repoRoot, 'examples', 'data-lake.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'data-lake.yaml'), dataLake);
  if (options.only) return dir;
  fs.writeFileSync(path.join(dir, 'fix-all.yaml'), dataLake);
  fs.writeFileSync(path.join(dir, 'settings.yaml'), dataLake);
  fs.writeFileSync(path.join(dir, 'hover.yaml'), HOVER_TEMPLATE);
  fs.writeFileSync(path.join(dir, 'snippet.yaml'), SNIPPET_START);
  fs.writeFileSync(path.join(dir, 'generated-300.yaml'), generatedTemplate(300));
  return dir;
}

/** The 8,925-line media2cloud backend stack from the shared corpus, found by its line count (absent → undefined). */
export function findCorpusTemplate(): string | undefined {
  const dir = path.resolve(repoRoot, '..', 'shared', 'corpus', 'cfn');
  if (!fs.existsSync(dir)) return undefined;
  const candidates = fs.readdirSync(dir).filter((f) => /media2cloud.*backend/i.test(f));
  for (const name of candidates) {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    if (text.split('\n').length - (text.endsWith('\n') ? 1 : 0) === 8925) return file;
  }
  return undefined;
}

/** A temporary copy (outside the project) of a corpus template with one unencrypted canary bucket added as the
 * first resource: the stack has no finding of its own, and the canary's finding marks its first diagnostics. The
 * copy keeps the original file name; the caller removes its folder. */
export function corpusCanaryCopy(corpusFile: string): { file: string; originalLines: number } {
  const original = fs.readFileSync(corpusFile, 'utf8');
  const header = /^Resources:[ \t]*\r?\n/m.exec(original);
  if (!header) throw new Error(`${corpusFile} has no Resources section`);
  const at = header.index + header[0].length;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ael-e2e-corpus-'));
  const file = path.join(dir, path.basename(corpusFile));
  fs.writeFileSync(file, `${original.slice(0, at)}  E2eCanaryBucket:\n    Type: AWS::S3::Bucket\n${original.slice(at)}`);
  return { file, originalLines: original.split('\n').length - (original.endsWith('\n') ? 1 : 0) };
}
