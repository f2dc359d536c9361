import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import type { AccountStateReader, Address } from "./account-state-reader.js";
import { decodeRawTransaction, recoverSender, type DecodedTransaction, type TxHash } from "./decode-raw-transaction.js";
import { ListenerSet } from "./listener-set.js";
import { effectiveTip, feesOf, type PooledTransaction } from "./pooled-transaction.js";
import { selectForBlock, type SelectForBlockParameters } from "./select-for-block.js";
import { TxPoolError } from "./tx-pool-error.js";
import { DEFAULT_TX_POOL_LIMITS, type TxPoolLimits } from "./tx-pool-limits.js";
import { validateFeeAndGas } from "./validate-fee-and-gas.js";

export interface TxPoolOptions {
  /** The chain's rules (`chainCommon(spec)`): transaction types, gas costs, native sender recovery. */
  readonly common: Common;
  /** The chain id transactions must be signed for; must be the common's. */
  readonly chainId: bigint;
  /** The state at the current virtual tip and the next block's fee and gas parameters. */
  readonly accounts: AccountStateReader;
  /** Overrides of DEFAULT_TX_POOL_LIMITS. */
  readonly limits?: Partial<TxPoolLimits>;
  /** Milliseconds since some epoch (default `Date.now`); arrival times and queued expiry use it. */
  readonly clock?: () => number;
  /** Where a throwing event listener's error goes (default: a process warning). */
  readonly onListenerError?: (error: unknown) => void;
}

/** Why a pooled transaction left the pool without being selected. */
export type TxDropReason =
  /** A transaction with the same sender and nonce paying enough more took its place. */
  | "Replaced"
  /** The pool was full and a better-paying transaction of another sender needed the slot. */
  | "Evicted"
  /** The account nonce passed it: it (or another transaction with its nonce) is in the chain. */
  | "NonceUsed"
  /** Its cost (value + gasLimit × fee cap) now exceeds the sender's balance. */
  | "Unaffordable"
  /** Its gas limit now exceeds the block gas limit. */
  | "GasLimitExceeded"
  /** Its fee cap is now below the fee floor (the protocol's minimum gas price rose). */
  | "Underpriced"
  /** It was queued (not executable) for longer than the queued lifetime. */
  | "Expired"
  /** `drop(hash)` removed it. */
  | "Removed";

export interface TxAddedEvent {
  readonly transaction: PooledTransaction;
  /** Executable now (in the sender's gap-free run from the account nonce) rather than queued. */
  readonly pending: boolean;
  /** The transaction it replaced (same sender and nonce), if any. */
  readonly replaced: PooledTransaction | undefined;
}

export interface TxDroppedEvent {
  readonly transaction: PooledTransaction;
  readonly reason: TxDropReason;
}

/** A sender's transactions split as geth's `txpool_content` splits them. */
export interface SenderContent {
  /** Executable: nonces from the account nonce up, without gaps. */
  readonly pending: PooledTransaction[];
  /** Waiting for a missing nonce, in nonce order. */
  readonly queued: PooledTransaction[];
}

/** What the pool knows of a sender: its account as last read, and its pooled transactions. */
interface SenderAccount {
  nonce: bigint;
  balance: bigint;
  readonly byNonce: Map<bigint, PooledTransaction>;
  /** When it was last seen active (first queued, or a transaction became executable); queued expiry counts from here. */
  lastActivityAt: number;
}

/** The events one operation produces, published once the pool is consistent again. */
interface PoolChanges {
  readonly added: TxAddedEvent[];
  readonly nowPending: PooledTransaction[];
  readonly dropped: TxDroppedEvent[];
}

/**
 * The transaction pool, modelled on geth's legacypool: it validates incoming transactions against
 * the chain's rules and the state at the current virtual tip, keeps them per sender by nonce, splits
 * them into pending (executable) and queued (waiting for a missing nonce), and hands producers the
 * best-paying executable set. Every refusal is a TxPoolError with geth's message (docs/txpool.md).
 *
 * State changes (add, reinject, drop, onChainChanged) run one at a time, so a transaction validated
 * against an account nonce is never pooled after a concurrent chain update passed that nonce.
 */
export class TxPool {
  private readonly common: Common;
  private readonly accounts: AccountStateReader;
  private readonly limits: TxPoolLimits;
  private readonly clock: () => number;
  private readonly byHash = new Map<TxHash, PooledTransaction>();
  private readonly senders = new Map<Address, SenderAccount>();
  private nextSequence = 0;
  private serial: Promise<void> = Promise.resolve();
  private readonly pendingListeners: ListenerSet<TxHash>;
  private readonly addedListeners: ListenerSet<TxAddedEvent>;
  private readonly droppedListeners: ListenerSet<TxDroppedEvent>;

  constructor(options: TxPoolOptions) {
    if (options.common.chainId() !== options.chainId) {
      throw new Error(`TxPool: chain id ${options.chainId} is not the common's (${options.common.chainId()})`);
    }
    this.common = options.common;
    this.accounts = options.accounts;
    this.limits = { ...DEFAULT_TX_POOL_LIMITS, ...options.limits };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`TxPool: limit ${name} must be a positive integer, got ${value}`);
    }
    this.clock = options.clock ?? Date.now;
    const onListenerError =
      options.onListenerError ?? ((error: unknown) => process.emitWarning(`txpool listener failed: ${String(error)}`, "TxPoolListenerWarning"));
    this.pendingListeners = new ListenerSet(onListenerError);
    this.addedListeners = new ListenerSet(onListenerError);
    this.droppedListeners = new ListenerSet(onListenerError);
  }

  /** Transactions pooled, pending and queued. */
  get size(): number {
    return this.byHash.size;
  }

  /**
   * Validates and pools an encoded transaction (`eth_sendRawTransaction`'s bytes); resolves with its
   * hash. Rejects with TxPoolError when a rule refuses it; the pool then holds what it held, less
   * any of the sender's transactions the account state just read made stale. A pooled transaction
   * with the same sender and nonce is replaced when both fees rise by the price bump.
   */
  async add(raw: Uint8Array): Promise<TxHash> {
    const decoded = decodeRawTransaction(raw, { common: this.common, maxTransactionSize: this.limits.maxTransactionSize });
    // Checked before recovery, the expensive step: gossip delivers the same transaction many times.
    if (this.byHash.has(decoded.hash)) throw alreadyKnown();
    const sender = recoverSender(decoded.transaction);
    const fees = feesOf(decoded.transaction);
    validateFeeAndGas(decoded.transaction, fees.feeCap, {
      blockGasLimit: this.accounts.blockGasLimit(),
      minGasPrice: this.accounts.minGasPrice(),
    });
    return this.exclusive(async () => {
      const [nonce, balance] = await Promise.all([this.accounts.nonceOf(sender), this.accounts.balanceOf(sender)]);
      const changes = emptyChanges();
      // The pool's view of the sender may predate the chain's last change; the state just read wins.
      const known = this.senders.get(sender);
      if (known !== undefined) this.applyAccountState(sender, known, nonce, balance, changes);
      try {
        this.admit(decoded, sender, fees, nonce, balance, changes);
      } finally {
        this.publish(changes);
      }
      return decoded.hash;
    });
  }

  /**
   * Re-adds transactions of blocks a re-org took off the selected chain (in their block order, so
   * each sender's come in nonce order). Those that no longer pass (already in the new chain,
   * unaffordable, ...) are skipped silently; resolves with the hashes pooled.
   */
  async reinject(transactions: Iterable<TypedTransaction>): Promise<TxHash[]> {
    const pooled: TxHash[] = [];
    for (const transaction of transactions) {
      try {
        pooled.push(await this.add(transaction.serialize()));
      } catch (error) {
        if (!(error instanceof TxPoolError)) throw error;
      }
    }
    return pooled;
  }

  /**
   * Call after the virtual tip changed (a block applied, a re-org): re-reads the nonce and balance
   * of `senders` (default: every sender in the pool), drops transactions whose nonce the chain has
   * used, that became unaffordable or exceed the block gas limit, and those queued for longer than
   * the queued lifetime; promotes queued transactions whose nonce gap closed.
   */
  async onChainChanged(senders?: Iterable<Address>): Promise<void> {
    await this.exclusive(async () => {
      const affected =
        senders === undefined
          ? [...this.senders.keys()]
          : [...new Set([...senders].map(normalize))].filter((sender) => this.senders.has(sender));
      const states = await Promise.all(
        affected.map(async (sender) => Promise.all([this.accounts.nonceOf(sender), this.accounts.balanceOf(sender)])),
      );
      const changes = emptyChanges();
      affected.forEach((sender, i) => {
        const account = this.senders.get(sender);
        if (account !== undefined) this.applyAccountState(sender, account, states[i][0], states[i][1], changes);
      });
      this.expireQueued(changes);
      this.publish(changes);
    });
  }

  /** Removes a transaction (anvil's `anvil_dropTransaction`); its sender's later nonces become queued. */
  async drop(hash: TxHash): Promise<boolean> {
    return this.exclusive(async () => {
      const pooled = this.byHash.get(hash);
      if (pooled === undefined) return false;
      const changes = emptyChanges();
      this.remove(pooled, "Removed", changes);
      this.publish(changes);
      return true;
    });
  }

  has(hash: TxHash): boolean {
    return this.byHash.has(hash);
  }

  get(hash: TxHash): PooledTransaction | undefined {
    return this.byHash.get(hash);
  }

  /** Executable transactions per sender, in nonce order from the account nonce without gaps (geth's "pending"). */
  pending(): Map<Address, PooledTransaction[]> {
    const pending = new Map<Address, PooledTransaction[]>();
    for (const [sender, account] of this.senders) {
      const run = executableRun(account);
      if (run.length > 0) pending.set(sender, run);
    }
    return pending;
  }

  /** Transactions waiting for a missing nonce, per sender in nonce order (geth's "queued"). */
  queued(): Map<Address, PooledTransaction[]> {
    const queued = new Map<Address, PooledTransaction[]>();
    for (const [sender, account] of this.senders) {
      const waiting = queuedOf(account);
      if (waiting.length > 0) queued.set(sender, waiting);
    }
    return queued;
  }

  /** How many transactions are pending and queued (`txpool_status`). */
  counts(): { readonly pending: number; readonly queued: number } {
    let pending = 0;
    for (const account of this.senders.values()) pending += executableRun(account).length;
    return { pending, queued: this.byHash.size - pending };
  }

  /** One sender's transactions (`txpool_contentFrom`). */
  contentFor(address: Address): SenderContent {
    const account = this.senders.get(normalize(address));
    if (account === undefined) return { pending: [], queued: [] };
    return { pending: executableRun(account), queued: queuedOf(account) };
  }

  /**
   * The nonce the sender's next transaction should carry: the account nonce plus its executable
   * pooled transactions (`eth_getTransactionCount(address, "pending")`).
   */
  async nextNonce(address: Address): Promise<bigint> {
    const sender = normalize(address);
    let nonce = await this.accounts.nonceOf(sender);
    const byNonce = this.senders.get(sender)?.byNonce;
    while (byNonce?.has(nonce) === true) nonce += 1n;
    return nonce;
  }

  /**
   * The transactions for a block with this base fee and gas limit, in block order: per sender in
   * nonce order, across senders by effective tip (ties to the earlier arrival), skipping senders
   * whose next fee cap is below the base fee, until the gas (counted at gas limits) is used up.
   * The pool is not changed: transactions leave it when `onChainChanged` sees their nonces used.
   */
  selectForBlock(parameters: SelectForBlockParameters): TypedTransaction[] {
    return selectForBlock(this.pending(), parameters).map((pooled) => pooled.transaction);
  }

  /** Each transaction hash as it becomes executable (`newPendingTransactions`); returns the unsubscribe function. */
  onPending(listener: (hash: TxHash) => void): () => void {
    return this.pendingListeners.subscribe(listener);
  }

  /** Each transaction accepted by `add`/`reinject`, pending or queued (a producer's automine trigger). */
  onAdded(listener: (event: TxAddedEvent) => void): () => void {
    return this.addedListeners.subscribe(listener);
  }

  /** Each transaction that leaves the pool other than by `selectForBlock` + `onChainChanged` seeing it mined. */
  onDropped(listener: (event: TxDroppedEvent) => void): () => void {
    return this.droppedListeners.subscribe(listener);
  }

  /** The account-dependent rules, then the pool's own; pools the transaction or throws with the pool unchanged. */
  private admit(
    decoded: DecodedTransaction,
    sender: Address,
    fees: { readonly feeCap: bigint; readonly tipCap: bigint },
    accountNonce: bigint,
    balance: bigint,
    changes: PoolChanges,
  ): void {
    if (this.byHash.has(decoded.hash)) throw alreadyKnown();
    const { transaction } = decoded;
    const nonce = transaction.nonce;
    if (nonce < accountNonce) {
      throw new TxPoolError("NonceTooLow", `nonce too low: next nonce ${accountNonce}, tx nonce ${nonce}`);
    }
    const highestNonce = accountNonce + BigInt(this.limits.maxNonceGap) - 1n;
    if (nonce > highestNonce) {
      throw new TxPoolError("NonceTooHigh", `nonce too high: next nonce ${accountNonce}, tx nonce ${nonce}, highest accepted ${highestNonce}`);
    }

    const account = this.senders.get(sender);
    const previous = account?.byNonce.get(nonce);
    const cost = transaction.value + transaction.gasLimit * fees.feeCap;
    if (balance < cost) {
      throw new TxPoolError(
        "InsufficientFunds",
        `insufficient funds for gas * price + value: balance ${balance}, tx cost ${cost}, overshot ${cost - balance}`,
      );
    }
    // geth's rule against overdrafts: the sender's other pooled transactions must stay payable too,
    // or one funded account could fill the pool with transactions only the first of which can run.
    let queuedCost = 0n;
    for (const other of account?.byNonce.values() ?? []) if (other !== previous) queuedCost += other.cost;
    if (balance < queuedCost + cost) {
      throw new TxPoolError(
        "InsufficientFunds",
        `insufficient funds for gas * price + value: balance ${balance}, queued cost ${queuedCost}, tx cost ${cost}, overshot ${queuedCost + cost - balance}`,
      );
    }

    if (previous !== undefined) {
      this.checkReplacement(previous, fees);
    } else {
      const pooledBySender = account?.byNonce.size ?? 0;
      if (pooledBySender >= this.limits.maxPerSender) {
        throw new TxPoolError(
          "SenderLimitExceeded",
          `txpool is full for this sender: ${pooledBySender} transactions pooled, limit ${this.limits.maxPerSender}`,
        );
      }
      if (this.byHash.size >= this.limits.maxTotal) this.makeRoom(sender, fees, changes);
    }

    const now = this.clock();
    const pooled: PooledTransaction = {
      hash: decoded.hash,
      sender,
      transaction,
      raw: decoded.raw,
      nonce,
      gasLimit: transaction.gasLimit,
      feeCap: fees.feeCap,
      tipCap: fees.tipCap,
      cost,
      arrivedAt: now,
      sequence: this.nextSequence++,
    };
    let target = account;
    if (target === undefined) {
      target = { nonce: accountNonce, balance, byNonce: new Map(), lastActivityAt: now };
      this.senders.set(sender, target);
    }
    if (previous !== undefined) {
      this.byHash.delete(previous.hash);
      changes.dropped.push({ transaction: previous, reason: "Replaced" });
    }
    target.byNonce.set(nonce, pooled);
    this.byHash.set(pooled.hash, pooled);

    const run = executableRun(target);
    const pending = nonce < target.nonce + BigInt(run.length);
    changes.added.push({ transaction: pooled, pending, replaced: previous });
    if (pending) {
      target.lastActivityAt = now;
      // A new nonce that closes the gap promotes the queued run behind it; a replacement promotes nothing.
      const promoted = previous === undefined ? run.slice(Number(nonce - target.nonce)) : [pooled];
      changes.nowPending.push(...promoted);
    } else if (queuedOf(target).length === 1) {
      // geth's heartbeat: the queued lifetime of a sender counts from its first queued transaction.
      target.lastActivityAt = now;
    }
  }

  /** geth's price bump: a replacement must pay strictly more and at least priceBump % more, on both fee cap and tip. */
  private checkReplacement(previous: PooledTransaction, fees: { readonly feeCap: bigint; readonly tipCap: bigint }): void {
    const bump = BigInt(100 + this.limits.priceBumpPercent);
    const minFeeCap = (previous.feeCap * bump) / 100n;
    const minTip = (previous.tipCap * bump) / 100n;
    const paysMore = fees.feeCap > previous.feeCap && fees.tipCap > previous.tipCap;
    if (!paysMore || fees.feeCap < minFeeCap || fees.tipCap < minTip) {
      throw new TxPoolError(
        "ReplacementUnderpriced",
        `replacement transaction underpriced: fee cap ${fees.feeCap} and tip ${fees.tipCap}, ` +
          `replacing one needs at least ${maxOf(minFeeCap, previous.feeCap + 1n)} and ${maxOf(minTip, previous.tipCap + 1n)}`,
      );
    }
  }

  /**
   * The pool is full: evicts the cheapest transaction that can go without opening a nonce gap (the
   * highest-nonce one of another sender), priced by effective tip at the next base fee, if the
   * newcomer pays more than it; otherwise refuses the newcomer.
   */
  private makeRoom(sender: Address, fees: { readonly feeCap: bigint; readonly tipCap: bigint }, changes: PoolChanges): void {
    const baseFee = this.accounts.baseFee();
    let victim: PooledTransaction | undefined;
    for (const [other, account] of this.senders) {
      if (other === sender) continue;
      let last: PooledTransaction | undefined;
      for (const pooled of account.byNonce.values()) if (last === undefined || pooled.nonce > last.nonce) last = pooled;
      if (last !== undefined && (victim === undefined || cheaper(last, victim, baseFee))) victim = last;
    }
    const newcomerTip = minOf(fees.tipCap, fees.feeCap - baseFee);
    const outbids =
      victim !== undefined &&
      (newcomerTip > effectiveTip(victim, baseFee) || (newcomerTip === effectiveTip(victim, baseFee) && fees.feeCap > victim.feeCap));
    if (victim === undefined || !outbids) {
      throw new TxPoolError("PoolFull", `txpool is full: ${this.byHash.size} transactions, limit ${this.limits.maxTotal}`);
    }
    this.remove(victim, "Evicted", changes);
  }

  /**
   * Brings a sender up to its account state: drops what the nonce passed, what it can no longer pay
   * and what no block can hold; reports transactions that became executable.
   */
  private applyAccountState(sender: Address, account: SenderAccount, nonce: bigint, balance: bigint, changes: PoolChanges): void {
    const wasPending = new Set(executableRun(account));
    account.nonce = nonce;
    account.balance = balance;
    const blockGasLimit = this.accounts.blockGasLimit();
    const minGasPrice = this.accounts.minGasPrice();
    for (const pooled of sortedByNonce(account)) {
      if (pooled.nonce < nonce) this.detach(account, pooled, "NonceUsed", changes);
      else if (pooled.cost > balance) this.detach(account, pooled, "Unaffordable", changes);
      else if (pooled.gasLimit > blockGasLimit) this.detach(account, pooled, "GasLimitExceeded", changes);
      else if (pooled.feeCap < minGasPrice) this.detach(account, pooled, "Underpriced", changes);
    }
    const promoted = executableRun(account).filter((pooled) => !wasPending.has(pooled));
    if (promoted.length > 0) {
      account.lastActivityAt = this.clock();
      changes.nowPending.push(...promoted);
    }
    if (account.byNonce.size === 0) this.senders.delete(sender);
  }

  /** geth's Lifetime rule: a sender inactive for the queued lifetime loses its queued transactions. */
  private expireQueued(changes: PoolChanges): void {
    const now = this.clock();
    for (const [sender, account] of this.senders) {
      if (now - account.lastActivityAt <= this.limits.queuedLifetimeMs) continue;
      for (const pooled of queuedOf(account)) this.detach(account, pooled, "Expired", changes);
      if (account.byNonce.size === 0) this.senders.delete(sender);
    }
  }

  private remove(pooled: PooledTransaction, reason: TxDropReason, changes: PoolChanges): void {
    const account = this.senders.get(pooled.sender);
    if (account === undefined) return;
    this.detach(account, pooled, reason, changes);
    if (account.byNonce.size === 0) this.senders.delete(pooled.sender);
  }

  private detach(account: SenderAccount, pooled: PooledTransaction, reason: TxDropReason, changes: PoolChanges): void {
    account.byNonce.delete(pooled.nonce);
    this.byHash.delete(pooled.hash);
    changes.dropped.push({ transaction: pooled, reason });
  }

  private publish(changes: PoolChanges): void {
    for (const event of changes.dropped) this.droppedListeners.emit(event);
    for (const event of changes.added) this.addedListeners.emit(event);
    for (const pooled of changes.nowPending) this.pendingListeners.emit(pooled.hash);
  }

  /** Runs state changes one at a time, in call order; a failure does not block the next. */
  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.serial.then(operation);
    this.serial = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

function emptyChanges(): PoolChanges {
  return { added: [], nowPending: [], dropped: [] };
}

function alreadyKnown(): TxPoolError {
  return new TxPoolError("AlreadyKnown", "already known");
}

/** The sender's executable transactions: nonces account.nonce, account.nonce + 1, ... while pooled. */
function executableRun(account: SenderAccount): PooledTransaction[] {
  const run: PooledTransaction[] = [];
  let nonce = account.nonce;
  for (let next = account.byNonce.get(nonce); next !== undefined; next = account.byNonce.get(nonce)) {
    run.push(next);
    nonce += 1n;
  }
  return run;
}

function queuedOf(account: SenderAccount): PooledTransaction[] {
  const executableCount = BigInt(executableRun(account).length);
  return sortedByNonce(account).filter((pooled) => pooled.nonce >= account.nonce + executableCount);
}

function sortedByNonce(account: SenderAccount): PooledTransaction[] {
  return [...account.byNonce.values()].sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
}

/** Eviction order: lower effective tip first, then lower fee cap, then the later arrival. */
function cheaper(a: PooledTransaction, b: PooledTransaction, baseFee: bigint): boolean {
  const tipA = effectiveTip(a, baseFee);
  const tipB = effectiveTip(b, baseFee);
  if (tipA !== tipB) return tipA < tipB;
  if (a.feeCap !== b.feeCap) return a.feeCap < b.feeCap;
  return a.sequence > b.sequence;
}

function normalize(address: Address): Address {
  return address.toLowerCase() as Address;
}

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
