import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/lint';
import { ALL_RULES } from '../server/src/rules/registry';
import { CORPUS, REPO, sharedAvailable } from './helpers';

/** Our rules that answer the same question as a peer check. */
export const PEER_TO_OURS: Record<string, string[]> = {
  CKV_AWS_19: ['s3-bucket-encryption-implicit'],
  CKV_AWS_16: ['rds-storage-unencrypted'],
  CKV_AWS_96: ['rds-storage-unencrypted'],
  CKV_AWS_43: ['kinesis-stream-unencrypted'],
  CKV_AWS_64: ['redshift-cluster-unencrypted'],
  CKV_AWS_82: ['athena-workgroup-not-enforced'],
  W41: ['s3-bucket-encryption-implicit'],
  F26: ['rds-storage-unencrypted'],
  F27: ['rds-storage-unencrypted'],
  F28: ['redshift-cluster-unencrypted'],
  W49: ['kinesis-stream-unencrypted'],
  W88: ['firehose-sse-disabled'],
  W61: ['emr-at-rest-disabled', 'emr-in-transit-disabled', 'emr-encryption-config-incomplete'],
  W63: ['emr-cluster-no-security-configuration'],
};

interface Label {
  file: string;
  tool: string;
  check: string;
  expected: string;
  offending?: string[];
}

function labels(): Label[] {
  const rows = fs.readFileSync(path.join(CORPUS, 'labeled', 'LABELS.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((r) => r.split('\t')).filter((c) => c[1] === 'checkov-cfn' || c[1] === 'cfn_nag').map((c) => {
    const m = /offending logical ids: (.*)$/.exec(c[6] ?? '');
    const offending = m && m[1] !== '(none)' ? m[1].split(/\s+/) : m ? [] : undefined;
    return { file: c[0], tool: c[1], check: c[2], expected: c[5], offending };
  });
}

/** Disagreements listed in docs/peer-comparison.md: rows `| <file name> | <check id> | ... |`. */
function documented(): Set<string> {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'peer-comparison.md'), 'utf8');
  const out = new Set<string>();
  for (const m of doc.matchAll(/^\| `([^`]+)` \| `([^`]+)` \|/gm)) out.add(`${m[1]}|${m[2]}`);
  return out;
}

describe('agreement with peer tools on their labeled fixtures', () => {
  it('every disagreement is listed, with its reason, in docs/peer-comparison.md (and nothing else is)', function () {
    if (!sharedAvailable(this)) return;
    const disagreements: string[] = [];
    const details: string[] = [];
    for (const l of labels()) {
      if (l.expected !== 'pass' && l.expected !== 'fail') continue;
      const ours = PEER_TO_OURS[l.check];
      if (!ours) continue;
      const text = fs.readFileSync(path.join(CORPUS, l.file), 'utf8');
      const res = lintText({ uri: l.file, text }, { config: defaultConfig(), rules: ALL_RULES });
      const hits = res.findings.filter((f) => ours.includes(f.ruleId));
      let agree: boolean;
      if (l.offending) {
        const flagged = new Set(hits.map((h) => h.resource));
        agree = l.offending.every((id) => flagged.has(id)) && [...flagged].every((id) => id && l.offending!.includes(id));
      } else agree = (hits.length > 0) === (l.expected === 'fail');
      if (!agree) {
        const key = `${path.basename(l.file)}|${l.check}`;
        disagreements.push(key);
        details.push(`${key}: peer ${l.expected}${l.offending ? ` [${l.offending.join(' ')}]` : ''}, ours: ${hits.map((h) => `${h.ruleId}(${h.severity}) ${h.resource}`).join(', ') || 'nothing'}`);
      }
    }
    const doc = documented();
    const unlisted = disagreements.filter((d) => !doc.has(d));
    const stale = [...doc].filter((d) => !disagreements.includes(d));
    assert.deepStrictEqual({ unlisted: details.filter((d) => unlisted.some((u) => d.startsWith(u))), stale }, { unlisted: [], stale: [] });
  });
});
