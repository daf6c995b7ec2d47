// `accrue serve`: the engine server (HTTP API) from environment configuration. SIGTERM/SIGINT
// drain in-flight requests (and the in-process worker, when ACCRUE_WORKER=1), then exit.
import { configFromEnv, type Config } from '../server/config.ts';
import { startEngine, type Engine } from '../server/engine.ts';

type Out = (text: string) => void;

export function parsePortArg(args: readonly string[]): Partial<Record<keyof Config, string>> {
  const overrides: Partial<Record<keyof Config, string>> = {};
  const port = args.indexOf('--port');
  if (port >= 0 && args[port + 1]) overrides.PORT = args[port + 1]!;
  return overrides;
}

/** Resolves when a signal arrives; then the engine closes in order. */
export function untilSignal(engine: { close(): Promise<void> }, err: Out): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      err(`accrue: ${signal}, shutting down\n`);
      engine.close().then(() => resolve(0), (error) => { err(`accrue: shutdown failed: ${(error as Error).message}\n`); resolve(1); });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

export async function runServe(args: readonly string[], io: { out: Out; err: Out }): Promise<number> {
  const { out, err } = io;
  let engine: Engine;
  try {
    engine = await startEngine(configFromEnv(process.env, parsePortArg(args)));
  } catch (error) {
    err(`accrue serve: ${(error as Error).message}\n`);
    return 1;
  }
  out(`accrue serve: listening on ${engine.url} (${engine.core.backend} back end)\n`);
  return untilSignal(engine, err);
}
