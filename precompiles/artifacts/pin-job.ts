/**
 * Pin jobs: what the artifact manager owes one CID, as pure data and transitions (no I/O). A job
 * wants the CID either held (`desired: "pinned"`: a local pin plus copies on replica endpoints up to
 * the requested replication factor, the local copy counting as one) or dropped (`"unpinned"`).
 * Committed ARTIFACT events set what is desired; the manager's steps move `state` towards it.
 */
import type { ArtifactEvent } from "../artifact/artifact-abi.js";

export type PinJobState =
  /** Waiting to get the content into the local store and pin it. */
  | "queued"
  /** Pinned locally; copying to replica endpoints. */
  | "replicating"
  /** Pinned locally and on enough endpoints; re-checked from time to time. */
  | "pinned"
  /** Pinned locally and on every configured endpoint, still fewer copies than requested. */
  | "underreplicated"
  /** Dropping the local and remote pins. */
  | "unpinning"
  /** Dropped everywhere this node had put it. */
  | "unpinned"
  /** Gave up after the most attempts; a new pin request starts it again. */
  | "failed";

/** Where in the chain an event was committed: block number, then the log's index in the batch. */
export interface LogPosition {
  readonly block: string;
  readonly index: number;
}

/** A job as stored (JSON). */
export interface PinJob {
  readonly cidHash: `0x${string}`;
  /** The CID as the chain named it. */
  readonly cid: string;
  readonly desired: "pinned" | "unpinned";
  readonly state: PinJobState;
  /** Copies requested on chain, the local one included. */
  readonly target: number;
  /** The local pin is done (and `onPinned` was called). */
  readonly local: boolean;
  /** Endpoints (backend names) that hold a pin this node put there. */
  readonly remotes: readonly string[];
  /** Failed attempts since the job last changed what it wants. */
  readonly attempts: number;
  readonly lastError: string | null;
  /** When the next step is due (ms since the epoch); null when nothing is left to do. */
  readonly nextAttemptAt: number | null;
  /** The last event applied, so replayed logs are ignored. */
  readonly appliedAt: LogPosition;
}

/** Backoff: `baseDelayMs × 2^(attempts − 1)`, capped; `maxAttempts` failures end in `failed`. */
export interface RetryPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  /** How often a pinned job re-checks that its copies still exist. */
  readonly recheckMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 10 * 60_000, maxAttempts: 12, recheckMs: 60 * 60_000 };

function after(position: LogPosition, other: LogPosition): boolean {
  const block = BigInt(position.block) - BigInt(other.block);
  return block > 0n || (block === 0n && position.index > other.index);
}

/**
 * The job after a committed event, or undefined when the event changes nothing for this node
 * (replayed, another provider's replication request, a confirmation). `provider` is this node's
 * provider address, if it is one.
 */
export function applyEvent(job: PinJob | undefined, event: ArtifactEvent, position: LogPosition, now: number, provider?: `0x${string}`): PinJob | undefined {
  if (job !== undefined && !after(position, job.appliedAt)) return undefined;
  switch (event.kind) {
    case "PinRequested":
      return restart(job, event, position, now, event.replicas);
    case "ReplicationRequested":
      // This node is asked to hold a copy: it keeps the job's factor, or holds its own copy.
      if (provider === undefined || event.provider !== provider) return undefined;
      if (job?.desired === "pinned") return { ...job, appliedAt: position };
      return restart(job, event, position, now, 1);
    case "Unpinned":
      if (job === undefined) return undefined;
      return { ...job, desired: "unpinned", state: "unpinning", attempts: 0, lastError: null, nextAttemptAt: now, appliedAt: position };
    case "PinConfirmed":
      return undefined;
  }
}

function restart(job: PinJob | undefined, event: ArtifactEvent, position: LogPosition, now: number, target: number): PinJob {
  if (job?.desired === "pinned") {
    // A repeated request: keep progress, take the new factor, and look again now.
    return { ...job, target, state: job.state === "failed" ? "queued" : job.state, attempts: 0, nextAttemptAt: now, appliedAt: position };
  }
  return {
    cidHash: event.cidHash,
    cid: event.cid,
    desired: "pinned",
    state: job?.local === true ? "replicating" : "queued",
    target,
    local: job?.local ?? false,
    remotes: job?.remotes ?? [],
    attempts: 0,
    lastError: null,
    nextAttemptAt: now,
    appliedAt: position,
  };
}

/** The job after a failed step: backoff, or `failed` once the attempts are spent. */
export function failed(job: PinJob, error: string, now: number, policy: RetryPolicy): PinJob {
  const attempts = job.attempts + 1;
  if (attempts >= policy.maxAttempts) return { ...job, attempts, lastError: error, state: "failed", nextAttemptAt: null };
  const delay = Math.min(policy.baseDelayMs * 2 ** (attempts - 1), policy.maxDelayMs);
  return { ...job, attempts, lastError: error, nextAttemptAt: now + delay };
}

/** Copies held: the local pin plus the endpoints' pins. */
export function replicasOf(job: PinJob): number {
  return (job.local ? 1 : 0) + job.remotes.length;
}
