// Redis keys of async ingestion, under one prefix (tests use one prefix each).
export interface StreamKeys {
  /** The stream of queued transactions. */
  readonly stream: string;
  /** Where a transaction goes after too many failed deliveries. */
  readonly dead: string;
  readonly group: string;
  /** Hash per tenant: transaction id → status JSON while queued or failed. */
  status(tenant: string): string;
}

export function streamKeys(prefix: string): StreamKeys {
  return {
    stream: `${prefix}ingest`,
    dead: `${prefix}ingest:dead`,
    group: 'accrue-workers',
    status: (tenant) => `${prefix}async:{${tenant}}`,
  };
}
