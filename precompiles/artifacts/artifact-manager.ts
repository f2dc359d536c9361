/**
 * The node's artifact manager, outside consensus. Fed with committed ARTIFACT events, it keeps a job
 * per CID in LevelDB (`pin-job.ts`) and works them one at a time:
 *
 * - pin: the content must be in the local store, or be fetched from a source endpoint (the replica
 *   endpoints unless `sourceEndpoints` is given): `cat` there, re-import here with the Kubo profiles
 *   that can produce the CID, keep the import whose CID matches, pin. Then `onPinned(cid)` (the node
 *   sends the on-chain `confirm`; at-least-once: a crash right after it may repeat it).
 * - replicate: for each replica endpoint (in order) until the requested factor is held, the local copy
 *   counting as one: an endpoint that already pins the CID counts as is; otherwise `cat` locally →
 *   `add` there with the same profile → check the CID → pin there.
 * - hold: a pinned job re-checks its copies every `recheckMs` and replaces lost ones.
 * - unpin: drop the local pin and the pins this node put on endpoints, then garbage-collect locally.
 *
 * A failed step retries with exponential backoff (`RetryPolicy`); every step is idempotent and each
 * transition is written before the next step, so a process killed mid-job resumes where it was.
 */
import { ClassicLevel } from "classic-level";
import { CID } from "multiformats/cid";
import { bytesToHex } from "@ethereumjs/util";
import { cidHashOf, decodeArtifactLog, parseArtifactCid, type ArtifactLogInput } from "../artifact/artifact-abi.js";
import { concatBytes, ArtifactNotFoundError, NotPinnedError, type ArtifactBackend } from "./artifact-backend.js";
import { candidateProfiles } from "./cid-options.js";
import { KuboBackend } from "./kubo-backend.js";
import { applyEvent, DEFAULT_RETRY, failed, replicasOf, type PinJob, type PinJobState, type RetryPolicy } from "./pin-job.js";

/** Time for the manager: real in the node, driven by hand in tests. */
export interface ManagerClock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: ManagerClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The part of a pino logger the manager uses. */
export interface ManagerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

const silentLog: ManagerLog = { info: () => {}, warn: () => {} };

/** A Kubo-RPC URL or a backend object. */
export type Endpoint = string | ArtifactBackend;

export interface ArtifactManagerOptions {
  /** LevelDB directory for the job queue (the node gives `<datadir>/artifact-jobs`). */
  readonly dir: string;
  /** The local store (a `HeliaBackend` in the node). */
  readonly backend: ArtifactBackend;
  /** Kubo-RPC endpoints that receive replicas, in order of preference. */
  readonly replicaEndpoints?: readonly Endpoint[];
  /** Where content missing locally is fetched from (default: the replica endpoints). */
  readonly sourceEndpoints?: readonly Endpoint[];
  /** This node's provider address: `ReplicationRequested` for it makes the node hold a copy. */
  readonly provider?: `0x${string}`;
  /** Called once the local copy is pinned (the node then sends `confirm(cid)` on chain). */
  readonly onPinned?: (cid: string) => void | Promise<void>;
  readonly clock?: ManagerClock;
  readonly log?: ManagerLog;
  readonly retry?: Partial<RetryPolicy>;
}

/** `citrate_getArtifactStatus`'s answer for one CID. */
export interface ArtifactJobStatus {
  readonly cid: string;
  readonly state: PinJobState;
  /** Copies this node holds or placed (local + endpoints). */
  readonly replicas: number;
  /** Copies requested on chain. */
  readonly target: number;
  readonly attempts: number;
  readonly lastError: string | null;
  /** When the next step is due (ms since the epoch), or null. */
  readonly nextAttemptAt: number | null;
}

const JOB_PREFIX = "job:";
/** The manager's bookkeeping beside the jobs (a sublevel of its database). */
interface MetaStore {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

/** Under the meta sublevel: the highest block whose events were taken. */
const CURSOR_KEY = "committed-block";

export class ArtifactManager {
  private readonly jobs = new Map<string, PinJob>();
  private readonly replicas: readonly ArtifactBackend[];
  private readonly sources: readonly ArtifactBackend[];
  private readonly clock: ManagerClock;
  private readonly log: ManagerLog;
  private readonly retry: RetryPolicy;
  /** Serialises job steps and event intake. */
  private queue: Promise<unknown> = Promise.resolve();
  private timer: unknown;
  private started = false;
  private closed = false;
  private committedBlock: bigint | undefined;

  private constructor(
    private readonly db: ClassicLevel<string, PinJob>,
    private readonly meta: MetaStore,
    private readonly options: ArtifactManagerOptions,
  ) {
    this.replicas = (options.replicaEndpoints ?? []).map(toBackend);
    this.sources = options.sourceEndpoints === undefined ? this.replicas : options.sourceEndpoints.map(toBackend);
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLog;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** Opens the job queue and loads its jobs; call `start()` to work them in the background. */
  static async open(options: ArtifactManagerOptions): Promise<ArtifactManager> {
    const db = new ClassicLevel<string, PinJob>(options.dir, { keyEncoding: "utf8", valueEncoding: "json" });
    await db.open();
    const meta = db.sublevel<string, string>("meta", { valueEncoding: "utf8" });
    const manager = new ArtifactManager(db, meta, options);
    for await (const [, job] of db.iterator({ gte: JOB_PREFIX, lt: `${JOB_PREFIX}\xff` })) manager.jobs.set(job.cidHash, job);
    const cursor = await meta.get(CURSOR_KEY);
    manager.committedBlock = cursor === undefined ? undefined : BigInt(cursor);
    return manager;
  }

  /**
   * The highest block whose events the manager has taken (persisted), or undefined before any: a
   * node feeding it after a restart starts at the next block.
   */
  lastCommittedBlock(): bigint | undefined {
    return this.committedBlock;
  }

  /** Takes the ARTIFACT events among `logs`, committed in block `blockNumber` (other logs are skipped). */
  async onCommittedLogs(logs: readonly ArtifactLogInput[], blockNumber: bigint): Promise<void> {
    await this.exclusive(async () => {
      for (const [index, log] of logs.entries()) {
        const event = decodeArtifactLog(log);
        if (event === undefined) continue;
        const next = applyEvent(this.jobs.get(event.cidHash), event, { block: blockNumber.toString(), index }, this.clock.now(), this.options.provider);
        if (next === undefined) continue;
        await this.save(next);
        this.log.info({ cid: next.cid, event: event.kind, block: blockNumber.toString() }, "artifact job updated");
      }
      if (this.committedBlock === undefined || blockNumber > this.committedBlock) {
        await this.meta.put(CURSOR_KEY, blockNumber.toString());
        this.committedBlock = blockNumber;
      }
    });
    this.schedule();
  }

  /** The job for `cid` (a CIDv0 and its CIDv1 form name the same job), or undefined. */
  status(cid: string): ArtifactJobStatus | undefined {
    const job = this.jobs.get(bytesToHex(cidHashOf(parseArtifactCid(cid))) as `0x${string}`);
    return job === undefined ? undefined : statusOf(job);
  }

  /** Every job. */
  list(): ArtifactJobStatus[] {
    return [...this.jobs.values()].map(statusOf);
  }

  /** Runs one step of every job due now (in due order); returns how many ran. */
  async runDue(): Promise<number> {
    return this.exclusive(async () => {
      const now = this.clock.now();
      const due = [...this.jobs.values()].filter((job) => job.nextAttemptAt !== null && job.nextAttemptAt <= now).sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0));
      for (const job of due) {
        if (this.closed) break;
        await this.step(job);
      }
      return due.length;
    });
  }

  /** Works due jobs in the background, waking when the next one is due or new events arrive. */
  start(): void {
    this.started = true;
    this.schedule();
  }

  /** Stops the background work, waits for the step in progress, closes the queue. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    await this.queue.catch(() => {});
    await this.db.close();
  }

  private schedule(): void {
    if (!this.started || this.closed) return;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    let next = Infinity;
    for (const job of this.jobs.values()) if (job.nextAttemptAt !== null) next = Math.min(next, job.nextAttemptAt);
    if (next === Infinity) return;
    this.timer = this.clock.setTimer(
      () => {
        this.timer = undefined;
        this.runDue()
          .catch((error: unknown) => this.log.warn({ error: messageOf(error) }, "artifact manager step failed"))
          .finally(() => this.schedule());
      },
      Math.max(0, next - this.clock.now()),
    );
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => {});
    return result;
  }

  private async save(job: PinJob): Promise<void> {
    await this.db.put(`${JOB_PREFIX}${job.cidHash}`, job);
    this.jobs.set(job.cidHash, job);
  }

  /** One step of `job`: every sub-step saves its progress, a failure schedules a retry. */
  private async step(initial: PinJob): Promise<void> {
    let job = initial;
    const cid = CID.parse(job.cid);
    try {
      if (job.desired === "unpinned") {
        job = await this.dropCopies(job, cid);
        return;
      }
      if (job.state === "pinned" || job.state === "underreplicated") job = await this.recheck(job, cid);
      if (!job.local) job = await this.pinLocally(job, cid);
      job = await this.replicate(job, cid);
    } catch (error) {
      const message = messageOf(error);
      job = failed(this.jobs.get(job.cidHash) ?? job, message, this.clock.now(), this.retry);
      await this.save(job);
      this.log.warn({ cid: job.cid, attempts: job.attempts, error: message, state: job.state }, "artifact job step failed");
    }
  }

  private async pinLocally(job: PinJob, cid: CID): Promise<PinJob> {
    try {
      await this.options.backend.pin(cid);
    } catch (error) {
      if (!(error instanceof ArtifactNotFoundError)) throw error;
      await this.fetch(cid);
    }
    const pinned: PinJob = { ...job, local: true, state: "replicating" };
    await this.save(pinned);
    this.log.info({ cid: job.cid }, "artifact pinned locally");
    try {
      await this.options.onPinned?.(job.cid);
    } catch (error) {
      this.log.warn({ cid: job.cid, error: messageOf(error) }, "onPinned failed");
    }
    return pinned;
  }

  /** Gets missing content from a source endpoint: re-imported with the profile that gives the same CID. */
  private async fetch(cid: CID): Promise<void> {
    const problems: string[] = [];
    for (const source of this.sources) {
      try {
        const bytes = await concatBytes(source.cat(cid));
        for (const profile of candidateProfiles(cid)) {
          const added = await this.options.backend.add(bytes, { profile, pin: false });
          if (added.cid.equals(cid)) {
            await this.options.backend.pin(cid);
            return;
          }
        }
        problems.push(`${source.name}: its bytes do not re-import as ${cid} with Kubo's settings`);
      } catch (error) {
        problems.push(`${source.name}: ${messageOf(error)}`);
      }
    }
    throw new Error(`content of ${cid} is not in the local store${problems.length === 0 ? " and no source endpoint is configured" : `; sources failed: ${problems.join("; ")}`}`);
  }

  private async replicate(job: PinJob, cid: CID): Promise<PinJob> {
    let current = job;
    const problems: string[] = [];
    for (const endpoint of this.replicas) {
      if (replicasOf(current) >= current.target) break;
      if (current.remotes.includes(endpoint.name)) continue;
      try {
        await this.copyTo(endpoint, cid);
        current = { ...current, remotes: [...current.remotes, endpoint.name] };
        await this.save(current);
        this.log.info({ cid: job.cid, endpoint: endpoint.name }, "artifact replicated");
      } catch (error) {
        problems.push(`${endpoint.name}: ${messageOf(error)}`);
      }
    }
    if (problems.length > 0) throw new Error(`replication of ${cid} failed: ${problems.join("; ")}`);
    const state: PinJobState = replicasOf(current) >= current.target ? "pinned" : "underreplicated";
    if (state === "underreplicated" && current.state !== "underreplicated") {
      this.log.warn({ cid: job.cid, replicas: replicasOf(current), target: current.target }, "fewer replica endpoints than requested replicas");
    }
    const done: PinJob = { ...current, state, attempts: 0, lastError: null, nextAttemptAt: this.clock.now() + this.retry.recheckMs };
    await this.save(done);
    return done;
  }

  private async copyTo(endpoint: ArtifactBackend, cid: CID): Promise<void> {
    if (await endpoint.isPinned(cid)) return;
    const produced: string[] = [];
    for (const profile of candidateProfiles(cid)) {
      const added = await endpoint.add(this.options.backend.cat(cid), { profile, pin: false });
      if (added.cid.equals(cid)) {
        await endpoint.pin(cid);
        return;
      }
      produced.push(added.cid.toString());
    }
    throw new Error(`it imported the bytes as ${produced.join(" / ")}, not ${cid}`);
  }

  /** Drops copies that no longer exist, so `replicate` replaces them. */
  private async recheck(job: PinJob, cid: CID): Promise<PinJob> {
    const local = await this.options.backend.isPinned(cid);
    const remotes: string[] = [];
    for (const name of job.remotes) {
      const endpoint = this.replicas.find((candidate) => candidate.name === name);
      // An endpoint no longer configured cannot be checked: its copy is kept on the books.
      if (endpoint === undefined || (await endpoint.isPinned(cid))) remotes.push(name);
    }
    if (local === job.local && remotes.length === job.remotes.length) return job;
    this.log.warn({ cid: job.cid, local, remotes }, "artifact copies lost; replacing them");
    const checked: PinJob = { ...job, local, remotes, state: local ? "replicating" : "queued" };
    await this.save(checked);
    return checked;
  }

  private async dropCopies(job: PinJob, cid: CID): Promise<PinJob> {
    let current = job;
    if (current.local) {
      await ignoreNotPinned(this.options.backend.unpin(cid));
      current = { ...current, local: false };
      await this.save(current);
    }
    for (const name of current.remotes) {
      const endpoint = this.replicas.find((candidate) => candidate.name === name);
      if (endpoint !== undefined) await ignoreNotPinned(endpoint.unpin(cid));
      current = { ...current, remotes: current.remotes.filter((remote) => remote !== name) };
      await this.save(current);
    }
    await this.options.backend.gc();
    const done: PinJob = { ...current, state: "unpinned", attempts: 0, lastError: null, nextAttemptAt: null };
    await this.save(done);
    this.log.info({ cid: job.cid }, "artifact unpinned");
    return done;
  }
}

function toBackend(endpoint: Endpoint): ArtifactBackend {
  return typeof endpoint === "string" ? new KuboBackend(endpoint) : endpoint;
}

function statusOf(job: PinJob): ArtifactJobStatus {
  return { cid: job.cid, state: job.state, replicas: replicasOf(job), target: job.target, attempts: job.attempts, lastError: job.lastError, nextAttemptAt: job.nextAttemptAt };
}

async function ignoreNotPinned(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof NotPinnedError)) throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
