import { CfnTemplate, Resource } from '../../model/types';
import { str, valuesAt } from '../support/resolve';

export const DELIVERY_STREAM = 'AWS::KinesisFirehose::DeliveryStream';
export const SSE_INPUT = 'DeliveryStreamEncryptionConfigurationInput';

/** Where a delivery stream reads from; `unknown` when the template does not say it statically. */
export type StreamSource = 'direct' | 'kinesis' | 'msk' | 'database' | 'unknown';

export function streamSource(tpl: CfnTemplate, r: Resource): StreamSource {
  const p = r.properties;
  const has = (k: string) => valuesAt(tpl, p, [k]).some((o) => o.node !== undefined);
  // Source configuration and type are create-only and almost never conditional: any branch decides.
  if (has('KinesisStreamSourceConfiguration')) return 'kinesis';
  if (has('MSKSourceConfiguration')) return 'msk';
  if (has('DatabaseSourceConfiguration')) return 'database';
  const types = valuesAt(tpl, p, ['DeliveryStreamType']);
  let kind: StreamSource | undefined;
  for (const o of types) {
    const t = o.node ? str(o.node) : 'DirectPut';
    const k: StreamSource = t === 'DirectPut' ? 'direct' : t === 'KinesisStreamAsSource' ? 'kinesis' : t === 'MSKAsSource' ? 'msk' : t === 'DatabaseAsSource' ? 'database' : 'unknown';
    if (kind && kind !== k) return 'unknown';
    kind = k;
  }
  return kind ?? 'unknown';
}

export const FIREHOSE_SSE_URL = 'https://docs.aws.amazon.com/firehose/latest/dev/encryption.html';
