// What the `accrue` subcommands share: where their output goes and how their options are read.

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/**
 * One input file (`-`: standard input) and options into `args`: `--name value` or
 * `--name=value` for each of `valued` (stored as `args.name`), presence for each of `booleans`.
 * Returns `args`, or an error message (an unknown option, a missing value, a second file);
 * `noun` names the file in that message.
 */
export function parseFileOptions<A extends { file: string | undefined }>(
  argv: readonly string[], args: A, spec: { readonly valued: readonly string[]; readonly booleans: readonly string[]; readonly noun: string },
): A | string {
  const fields = args as unknown as Record<string, string | boolean>;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (spec.booleans.includes(flag)) {
      fields[flag.slice(2)] = true;
      continue;
    }
    if (spec.valued.includes(flag)) {
      const v = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) return `${flag} needs a value`;
      fields[flag.slice(2)] = v;
      continue;
    }
    if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    if (args.file !== undefined) return `one ${spec.noun} at a time (got ${args.file} and ${a})`;
    args.file = a;
  }
  return args;
}

/** `--name value` and boolean flags, nothing else; returns an error message for anything else. */
export function parseFlags(args: readonly string[], valued: readonly string[], booleans: readonly string[]): Record<string, string | undefined> | string {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (booleans.includes(a)) out[a] = 'true';
    else if (valued.includes(a)) {
      const v = args[++i];
      if (v === undefined) return `${a} needs a value`;
      out[a] = v;
    } else return `unknown argument ${a}`;
  }
  return out;
}
