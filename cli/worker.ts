// `accrue worker`: consumes the async ingestion stream (Redis) and posts to the ledger
// (Postgres). Needs DATABASE_URL and REDIS_URL. SIGTERM finishes the entries in hand, then exits.
import { configFromEnv } from '../server/config.ts';
import { openCore, startWorker } from '../server/engine.ts';
import { untilSignal } from './serve.ts';

type Out = (text: string) => void;

export async function runWorker(_args: readonly string[], io: { out: Out; err: Out }): Promise<number> {
  const { out, err } = io;
  const config = configFromEnv();
  if (!config.REDIS_URL || !config.DATABASE_URL) {
    err('accrue worker: set DATABASE_URL and REDIS_URL (the worker shares Postgres and the Redis stream with the servers)\n');
    return 2;
  }
  let core;
  try {
    core = await openCore(config);
  } catch (error) {
    err(`accrue worker: ${(error as Error).message}\n`);
    return 1;
  }
  const worker = startWorker(core, config);
  out(`accrue worker: consuming ${worker.keys.stream} as part of group ${worker.keys.group}\n`);
  return untilSignal({ close: async () => { await worker.stop(); await core.close(); } }, err);
}
