#!/usr/bin/env node
// The `accrue` command. Registers tsx so the TypeScript sources run as they are (no build
// step), then hands over to cli/main.ts.
//
// The long-running commands (start, serve, worker) run with a larger V8 young generation
// (NODE_FLAGS): a posting allocates many short-lived objects, and with the default semi-space
// garbage collection took ~20% of the ledger's CPU (docs/ledger.md, "Performance"). V8 sizes
// its heap when the process starts, so the flag needs a process started with it: unless it has
// it (in the command line or NODE_OPTIONS), this process starts one child that has it, passes
// SIGTERM/SIGINT/SIGHUP on, and exits as the child did. The child is in its own process group
// (a terminal's Ctrl-C reaches it once, through us) and kills itself if we disappear (our
// SIGKILL closes its IPC channel), so stopping this process always stops the command.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const NODE_FLAGS = ['--max-semi-space-size=128'];
const LONG_RUNNING = new Set(['start', 'serve', 'worker']);
const CHILD_ENV = 'ACCRUE_NODE_FLAGS_CHILD';

const args = process.argv.slice(2);
const given = (flag) => {
  const name = flag.split('=')[0];
  return process.execArgv.some((a) => a.split('=')[0] === name) || (process.env.NODE_OPTIONS ?? '').split(/\s+/).some((a) => a.split('=')[0] === name);
};

if (LONG_RUNNING.has(args[0]) && process.env[CHILD_ENV] !== '1' && !NODE_FLAGS.every(given)) {
  const child = spawn(process.execPath, [...NODE_FLAGS.filter((f) => !given(f)), ...process.execArgv, fileURLToPath(import.meta.url), ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [CHILD_ENV]: '1' },
    detached: true,
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.exitCode = 128 + (constants.signals[signal] ?? 0);
    } else process.exitCode = code ?? 1;
    process.exit();
  });
  child.on('error', (err) => {
    process.stderr.write(`accrue: could not start: ${err.message}\n`);
    process.exit(1);
  });
} else {
  if (process.env[CHILD_ENV] === '1' && process.channel) {
    // Our parent is gone (even by SIGKILL): stop as abruptly as it did.
    process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
    process.channel.unref();
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(new URL('../cli/main.ts', import.meta.url).href);
  process.exitCode = await main(args);
}
