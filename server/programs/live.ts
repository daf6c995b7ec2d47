// The live programs of this instance, per tenant and program name. Going live compiles once and
// swaps one reference, so a request that already holds a LiveProgram finishes on its version
// while the next one sees the new version. Other instances hear of a change on the ReloadBus and
// reload from the version store; a periodic resync repairs any notice lost in transit.
import type { Logger } from 'pino';
import type { Evaluator } from '../../runtime/program.ts';
import type { Metrics } from '../metrics.ts';
import type { CompileFn, ProgramVersion, ReloadBus, ReloadNotice, VersionStore } from '../ports.ts';
import { deriveValidators, type ProgramValidators } from './validator.ts';

export interface LiveProgram {
  readonly tenant: string;
  readonly name: string;
  readonly version: number;
  /** `name@version`: what every outcome names as its programVersion. */
  readonly label: string;
  readonly evaluator: Evaluator;
  readonly validators: ProgramValidators;
}

export function versionLabel(program: string, version: number): string {
  return `${program}@${version}`;
}

/** `versionLabel` read back; undefined for a label this server did not write (a library caller's). */
export function parseVersionLabel(label: string): { program: string; version: number } | undefined {
  const at = label.lastIndexOf('@');
  const version = Number(label.slice(at + 1));
  if (at <= 0 || !Number.isSafeInteger(version) || version < 1) return undefined;
  return { program: label.slice(0, at), version };
}

/** A version compiled: what the compiled-version cache holds. */
type Compiled = Pick<LiveProgram, 'evaluator' | 'validators'>;

/** The compiled-version cache's key. */
const compiledKey = (tenant: string, label: string) => `${tenant}/${label}`;

/** A version compiled, as the LiveProgram a request holds. */
function liveProgram(record: Pick<ProgramVersion, 'tenant' | 'program' | 'version'>, compiled: Compiled): LiveProgram {
  return { tenant: record.tenant, name: record.program, version: record.version, label: versionLabel(record.program, record.version), ...compiled };
}

export interface LiveProgramsOptions {
  readonly versions: VersionStore;
  readonly compile: CompileFn;
  readonly bus: ReloadBus;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Re-read the live versions from the store this often (0: never). Default 5 s. */
  readonly resyncMs?: number;
}

export class LivePrograms {
  private readonly byTenant = new Map<string, Map<string, LiveProgram>>();
  private readonly compiled = new Map<string, Compiled>();
  private readonly seq = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveProgramsOptions) {}

  async start(): Promise<void> {
    await this.options.bus.subscribe((notice) => {
      this.reload(notice).catch((error) => this.options.logger.error({ err: error, notice }, 'program reload failed'));
    });
    await this.resync();
    const every = this.options.resyncMs ?? 5000;
    if (every > 0) {
      this.timer = setInterval(() => {
        this.resync().catch((error) => this.options.logger.warn({ err: error }, 'program resync failed'));
      }, every);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The live program `name` of `tenant`; without a name, the tenant's only live program. */
  get(tenant: string, name?: string): LiveProgram | undefined {
    const programs = this.byTenant.get(tenant);
    if (!programs) return undefined;
    if (name !== undefined) return programs.get(name);
    if (programs.size !== 1) return undefined;
    return programs.values().next().value;
  }

  names(tenant: string): string[] {
    return [...(this.byTenant.get(tenant)?.keys() ?? [])];
  }

  /** Every live program of `tenant`. */
  all(tenant: string): LiveProgram[] {
    return [...(this.byTenant.get(tenant)?.values() ?? [])];
  }

  /**
   * A stored version of a program, compiled (or reused), live or not: what a retry of a
   * transaction posted on it is judged against. Undefined when there is no such version or it
   * does not compile.
   */
  async atVersion(tenant: string, program: string, version: number): Promise<LiveProgram | undefined> {
    const live = this.get(tenant, program);
    if (live?.version === version) return live;
    // Compiled before (a retry of this version already came, or it was live): no store read.
    // `prepare` looks in the cache again: a concurrent retry may have compiled it meanwhile.
    const prepared = this.compiled.get(compiledKey(tenant, versionLabel(program, version))) ?? await this.options.versions.get(tenant, program, version).then((record) => record && this.prepare(record));
    return prepared && liveProgram({ tenant, program, version }, prepared);
  }

  /**
   * Compiles (or reuses) a stored version. Undefined when it has errors. `compiled`: the
   * record's source already compiled under its label (an upload checked it), kept instead of
   * compiling it again.
   */
  prepare(record: Pick<ProgramVersion, 'tenant' | 'program' | 'version' | 'source'>, compiled?: Evaluator): Compiled | undefined {
    const label = versionLabel(record.program, record.version);
    const key = compiledKey(record.tenant, label);
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const program = compiled?.version === label ? compiled : this.options.compile(record.source, { version: label }).program;
    if (!program) return undefined;
    const entry = { evaluator: program, validators: deriveValidators(program.checked.schema) };
    if (this.compiled.size > 256) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(key, entry);
    return entry;
  }

  /** Swaps `record` in as the live version of its program. */
  activate(record: ProgramVersion): LiveProgram | undefined {
    const prepared = this.prepare(record);
    if (!prepared) {
      this.options.logger.error({ tenant: record.tenant, program: record.program, version: record.version }, 'live version does not compile');
      return undefined;
    }
    const live = liveProgram(record, prepared);
    let programs = this.byTenant.get(record.tenant);
    if (!programs) this.byTenant.set(record.tenant, (programs = new Map()));
    const before = programs.get(record.program);
    if (before?.version === live.version) return before;
    programs.set(record.program, live);
    this.options.metrics?.programReloads.inc();
    this.options.logger.info({ tenant: record.tenant, program: record.program, version: record.version, was: before?.version }, 'program live');
    return live;
  }

  /** Re-reads what is live for one program (after a publish or rollback anywhere) and swaps it in. */
  async reload(notice: Pick<ReloadNotice, 'tenant' | 'program'>): Promise<void> {
    const key = `${notice.tenant}/${notice.program}`;
    const mine = (this.seq.get(key) ?? 0) + 1;
    this.seq.set(key, mine);
    const versions = await this.options.versions.list(notice.tenant, notice.program);
    if (this.seq.get(key) !== mine) return; // a later reload of the same program overtook this one
    const live = versions.find((v) => v.status === 'live');
    if (live) this.activate(live);
    else this.byTenant.get(notice.tenant)?.delete(notice.program);
  }

  async resync(): Promise<void> {
    for (const record of await this.options.versions.live()) {
      const current = this.get(record.tenant, record.program);
      if (current?.version !== record.version) this.activate(record);
    }
  }
}
