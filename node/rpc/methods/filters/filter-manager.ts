import type { StoredBlock } from "../../../execution/block-store.js";
import type { LogFilter } from "../../codec/log-filter.js";
import { RpcError } from "../../json-rpc.js";
import { newSubscriptionId } from "../../subscriptions.js";
import { blockLogs } from "../eth/logs.js";
import { BoundedQueue } from "./bounded-queue.js";

/** How the canonical chain moved: blocks that left it (old tip first) and joined it (in chain order). */
export interface FilterChainUpdate {
  readonly removed: readonly StoredBlock[];
  readonly added: readonly StoredBlock[];
}

/**
 * What feeds the filters: the node's chain updates (`CitrateNode.onChainUpdate`) and the pool's
 * newly executable transactions (`TxPool.onPending`). Each returns its unsubscribe function.
 */
export interface FilterEventSource {
  onChainUpdate(listener: (update: FilterChainUpdate) => void): () => void;
  onPending(listener: (hash: `0x${string}`) => void): () => void;
}

/** The three kinds of poll filters: `eth_newFilter`, `eth_newBlockFilter`, `eth_newPendingTransactionFilter`. */
export type FilterKind = "logs" | "blocks" | "pendingTransactions";

/** A filter id: 16 random bytes as a QUANTITY, as geth makes them (shared with subscription ids). */
export type FilterId = `0x${string}`;

export interface FilterLimits {
  /** A filter not polled (eth_getFilterChanges) for this long is uninstalled: geth's deadline, 5 minutes. */
  readonly timeoutMs: number;
  /** Most filters installed at once on the node; beyond it new filters are refused with -32005. */
  readonly maxFilters: number;
  /** Most results one filter holds between polls; when full, the oldest result is dropped. */
  readonly maxBufferedResults: number;
}

export const DEFAULT_FILTER_LIMITS: FilterLimits = {
  timeoutMs: 5 * 60 * 1000,
  maxFilters: 10_000,
  maxBufferedResults: 10_000,
};

export interface FilterManagerOptions {
  readonly source: FilterEventSource;
  readonly limits?: Partial<FilterLimits>;
  /** Milliseconds since some epoch (default `Date.now`); deadlines are measured with it. */
  readonly clock?: () => number;
  /** How often expired filters are swept (default: every minute, or the timeout if shorter). */
  readonly sweepIntervalMs?: number;
  /** Where an error raised while feeding filters goes (default: a process warning); the source never sees it. */
  readonly onError?: (error: unknown) => void;
}

/** The block range a live log filter covers; an absent bound is open (geth's "latest"). */
interface LiveRange {
  readonly from: bigint | undefined;
  readonly to: bigint | undefined;
}

interface InstalledFilter {
  readonly kind: FilterKind;
  /** The criteria of a log filter (for eth_getFilterLogs) and the live range derived from them. */
  readonly criteria: LogFilter | undefined;
  readonly range: LiveRange;
  readonly buffer: BoundedQueue<unknown>;
  lastPolledAt: number;
}

/** geth's answer for an unknown, expired or uninstalled filter id (and for eth_getFilterLogs on a non-log filter). */
export function filterNotFound(): RpcError {
  return RpcError.serverError("filter not found");
}

/**
 * The node's poll filters (geth's `eth_newFilter` family). Each filter buffers what happened since its
 * last `changes` call: logs (with `removed: true` copies when their block leaves the canonical chain),
 * the hashes of blocks that joined the canonical chain, or the hashes of transactions that became
 * pending. A filter not polled for `timeoutMs` is uninstalled; ids are random, so only the client that
 * installed a filter can poll it.
 *
 * The manager listens to its source only while a filter needs it: with no filters installed it holds
 * no listener and no timer.
 */
export class FilterManager {
  private readonly source: FilterEventSource;
  private readonly limits: FilterLimits;
  private readonly clock: () => number;
  private readonly sweepIntervalMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly filters = new Map<FilterId, InstalledFilter>();
  private chainFilters = 0;
  private pendingFilters = 0;
  private detachChain: (() => void) | undefined;
  private detachPending: (() => void) | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(options: FilterManagerOptions) {
    this.source = options.source;
    this.limits = { ...DEFAULT_FILTER_LIMITS, ...options.limits };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`FilterManager: limit ${name} must be a positive integer, got ${value}`);
    }
    this.clock = options.clock ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? Math.min(this.limits.timeoutMs, 60_000);
    this.onError =
      options.onError ?? ((error: unknown) => process.emitWarning(`filter update failed: ${String(error)}`, "FilterManagerWarning"));
  }

  /** Filters installed (expired ones count until they are swept or looked up). */
  get size(): number {
    return this.filters.size;
  }

  /**
   * Installs a log filter. As geth: fromBlock/toBlock absent or "latest" means open-ended, a block
   * number bounds the blocks whose logs are delivered, "earliest" is block 0; "pending" is refused
   * ("pending logs are not supported"), as are "safe"/"finalized" and a range that ends before it starts
   * ("invalid from and to block combination"), all with -32000.
   */
  newLogFilter(criteria: LogFilter): FilterId {
    return this.install("logs", criteria, liveRange(criteria));
  }

  /** Installs a filter for the hashes of blocks that join the canonical chain. */
  newBlockFilter(): FilterId {
    return this.install("blocks", undefined, { from: undefined, to: undefined });
  }

  /** Installs a filter for the hashes of transactions that become pending (executable) in the pool. */
  newPendingTransactionFilter(): FilterId {
    return this.install("pendingTransactions", undefined, { from: undefined, to: undefined });
  }

  /**
   * What happened since the last poll (oldest first), and restarts the filter's deadline: log objects
   * for a log filter, block hashes for a block filter, transaction hashes for a pending filter.
   */
  changes(id: string): unknown[] {
    const filter = this.lookup(id);
    filter.lastPolledAt = this.clock();
    return filter.buffer.drain();
  }

  /** A log filter's criteria (eth_getFilterLogs); "filter not found" for other kinds, as geth. */
  logCriteria(id: string): LogFilter {
    const filter = this.lookup(id);
    if (filter.kind !== "logs" || filter.criteria === undefined) throw filterNotFound();
    return filter.criteria;
  }

  /** The kind of an installed filter, or undefined. */
  kindOf(id: string): FilterKind | undefined {
    return this.find(id)?.kind;
  }

  /** Uninstalls a filter; false when there was none with that id (or it had expired). */
  uninstall(id: string): boolean {
    const filter = this.find(id);
    if (filter === undefined) return false;
    this.remove(id as FilterId, filter);
    return true;
  }

  /** Uninstalls every filter not polled within the timeout; returns how many. Runs on a timer too. */
  removeExpired(): number {
    const now = this.clock();
    let removed = 0;
    for (const [id, filter] of this.filters) {
      if (this.isExpired(filter, now)) {
        this.remove(id, filter);
        removed++;
      }
    }
    return removed;
  }

  /** Uninstalls every filter (the node is shutting down). */
  close(): void {
    for (const [id, filter] of [...this.filters]) this.remove(id, filter);
  }

  private install(kind: FilterKind, criteria: LogFilter | undefined, range: LiveRange): FilterId {
    if (this.filters.size >= this.limits.maxFilters) this.removeExpired();
    if (this.filters.size >= this.limits.maxFilters) {
      throw RpcError.limitExceeded(`too many filters installed (limit ${this.limits.maxFilters})`);
    }
    let id = newSubscriptionId();
    while (this.filters.has(id)) id = newSubscriptionId();
    this.filters.set(id, { kind, criteria, range, buffer: new BoundedQueue(this.limits.maxBufferedResults), lastPolledAt: this.clock() });
    if (kind === "pendingTransactions") {
      if (this.pendingFilters++ === 0) this.detachPending = this.source.onPending((hash) => this.guard(() => this.onPending(hash)));
    } else if (this.chainFilters++ === 0) {
      this.detachChain = this.source.onChainUpdate((update) => this.guard(() => this.onChainUpdate(update)));
    }
    if (this.sweepTimer === undefined) {
      this.sweepTimer = setInterval(() => this.guard(() => this.removeExpired()), this.sweepIntervalMs);
      this.sweepTimer.unref();
    }
    return id;
  }

  private remove(id: FilterId, filter: InstalledFilter): void {
    if (this.filters.get(id) !== filter) return;
    this.filters.delete(id);
    if (filter.kind === "pendingTransactions") {
      if (--this.pendingFilters === 0) {
        this.detachPending?.();
        this.detachPending = undefined;
      }
    } else if (--this.chainFilters === 0) {
      this.detachChain?.();
      this.detachChain = undefined;
    }
    if (this.filters.size === 0) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }

  private find(id: string): InstalledFilter | undefined {
    const filter = this.filters.get(id as FilterId);
    if (filter === undefined) return undefined;
    if (this.isExpired(filter, this.clock())) {
      this.remove(id as FilterId, filter);
      return undefined;
    }
    return filter;
  }

  private lookup(id: string): InstalledFilter {
    const filter = this.find(id);
    if (filter === undefined) throw filterNotFound();
    return filter;
  }

  private isExpired(filter: InstalledFilter, now: number): boolean {
    return now - filter.lastPolledAt >= this.limits.timeoutMs;
  }

  private onChainUpdate({ removed, added }: FilterChainUpdate): void {
    const now = this.clock();
    for (const [id, filter] of this.filters) {
      if (this.isExpired(filter, now)) {
        this.remove(id, filter);
        continue;
      }
      if (filter.kind === "blocks") {
        for (const block of added) filter.buffer.push(block.hash);
      } else if (filter.kind === "logs") {
        for (const block of removed) this.pushLogs(filter, block, true);
        for (const block of added) this.pushLogs(filter, block, false);
      }
    }
  }

  private pushLogs(filter: InstalledFilter, block: StoredBlock, removed: boolean): void {
    const criteria = filter.criteria as LogFilter;
    const { from, to } = filter.range;
    const number = block.header.number;
    if ((from !== undefined && number < from) || (to !== undefined && number > to)) return;
    if (criteria.blockHash !== undefined && criteria.blockHash !== block.hash) return;
    for (const log of blockLogs(block, criteria, removed)) filter.buffer.push(log);
  }

  private onPending(hash: `0x${string}`): void {
    const now = this.clock();
    for (const [id, filter] of this.filters) {
      if (filter.kind !== "pendingTransactions") continue;
      if (this.isExpired(filter, now)) this.remove(id, filter);
      else filter.buffer.push(hash);
    }
  }

  /** Runs a listener body so that nothing it throws reaches the chain or the pool that called it. */
  private guard(action: () => unknown): void {
    try {
      action();
    } catch (error) {
      this.onError(error);
    }
  }
}

/** geth's EventSystem.SubscribeLogs rules for the block range of a live log filter. */
function liveRange(criteria: LogFilter): LiveRange {
  if (criteria.blockHash !== undefined) return { from: undefined, to: undefined };
  const bound = (value: LogFilter["fromBlock"]): bigint | "latest" | "other" => {
    if (value === undefined || value === "latest") return "latest";
    if (value === "earliest") return 0n;
    if (typeof value === "bigint") return value;
    return "other";
  };
  if (criteria.fromBlock === "pending" || criteria.toBlock === "pending") throw RpcError.serverError("pending logs are not supported");
  const from = bound(criteria.fromBlock);
  const to = bound(criteria.toBlock);
  if (from === "latest" && to === "latest") return { from: undefined, to: undefined };
  if (typeof from === "bigint" && typeof to === "bigint" && to >= from) return { from, to };
  if (typeof from === "bigint" && to === "latest") return { from, to: undefined };
  throw RpcError.serverError("invalid from and to block combination");
}
