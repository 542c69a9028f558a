/** Helpers for rules that read AWS SDK calls and CDK constructs in code (language-neutral). */
import { ApiCall, CodeEntry, CodeObject, CodeValue, ConstructCall, SdkClient } from '../../model/code';
import { Span } from '../../model/types';

/** An entry of an object by name; snake_case keyword arguments match their camelCase name. */
export function codeEntry(obj: CodeObject | undefined, ...names: string[]): CodeEntry | undefined {
  if (!obj) return undefined;
  for (const n of names) {
    const e = obj.entries.find((x) => x.key === n);
    if (e) return e;
  }
  return undefined;
}

export function codeString(v: CodeValue | undefined): string | undefined {
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
}

export function codeBool(v: CodeValue | undefined): boolean | undefined {
  return v?.kind === 'scalar' && typeof v.value === 'boolean' ? v.value : undefined;
}

/** The object at a dotted path of params (`ResultConfiguration.EncryptionConfiguration`), when written. */
export function codePath(obj: CodeObject | undefined, ...path: string[]): CodeValue | undefined {
  let cur: CodeValue | undefined = obj;
  for (const k of path) {
    if (cur?.kind !== 'object') return undefined;
    cur = codeEntry(cur, k)?.value;
  }
  return cur;
}

/** Calls of one service's operations. */
export function callsOf(calls: ApiCall[], service: string, ...operations: string[]): ApiCall[] {
  return calls.filter((c) => c.service === service && (!operations.length || operations.includes(c.operation)));
}

/** Constructs of a module/class (CDK v2, v1 and alpha modules share normalised names). */
export function constructsOf(cs: ConstructCall[], module: string, ...classNames: string[]): ConstructCall[] {
  return cs.filter((c) => c.module === module && classNames.includes(c.className));
}

/** `s3.BucketEncryption.UNENCRYPTED` → 'UNENCRYPTED' when the reference goes through `enumName`. */
export function enumMemberOf(v: CodeValue | undefined, enumName: string): string | undefined {
  if (v?.kind !== 'ref') return undefined;
  const p = v.path;
  return p.length >= 2 && p[p.length - 2] === enumName ? p[p.length - 1] : undefined;
}

export const LOCAL_ENDPOINT = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\]|::1|0\.0\.0\.0|host\.docker\.internal|[a-z0-9.-]*localstack[a-z0-9.-]*)(:\d+)?(\/|$)/i;

/** A client setting that sends requests without TLS. */
export interface PlainTransport {
  entry: CodeEntry;
  /** 'tls: false', 'endpoint http://…' */
  what: string;
  local: boolean;
  kind: 'flag' | 'endpoint';
}

/** Settings of a client that turn TLS off: JS v3 `tls: false`, v2 `sslEnabled: false`, boto3 `use_ssl=False`, `http://` endpoints. */
export function plainTransport(client: SdkClient | undefined): PlainTransport[] {
  const cfg = client?.config;
  if (!cfg) return [];
  const out: PlainTransport[] = [];
  for (const e of cfg.entries) {
    if (['tls', 'sslEnabled', 'use_ssl'].includes(e.key) && codeBool(e.value) === false) {
      out.push({ entry: e, what: client!.sdk === 'boto3' ? `${e.key}=False` : `${e.key}: false`, local: false, kind: 'flag' });
    }
    if (['endpoint', 'endpoint_url'].includes(e.key)) {
      const url = codeString(e.value);
      if (url && /^http:\/\//i.test(url)) out.push({ entry: e, what: `${e.key} ${url}`, local: LOCAL_ENDPOINT.test(url), kind: 'endpoint' });
    }
  }
  // A local endpoint makes a TLS flag local too (LocalStack setups write both).
  if (out.some((p) => p.local)) for (const p of out) p.local = true;
  return out;
}

/** An entry as written, key to value (its value may have been resolved from a const elsewhere). */
export function spanOf(e: CodeEntry): Span {
  if (e.entrySpan) return e.entrySpan;
  const end = e.value.span.end;
  return { start: e.keySpan.start, end: end >= e.keySpan.end && e.value.span.start >= e.keySpan.end ? end : e.keySpan.end };
}

/** One fix for all the plain-transport settings of a client: flags removed, `http://` endpoints made `https://`. */
export function describeSettings(list: PlainTransport[]): string {
  return list.map((p) => p.what).join(' and ');
}
