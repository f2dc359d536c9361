// Fixtures for the filter tests: an event source driven by hand and stored blocks carrying just
// what log formatting reads.
import { hexToBytes } from "@ethereumjs/util";
import type { BlockHash } from "../../../../node/consensus/hash.js";
import type { StoredBlock } from "../../../../node/execution/block-store.js";
import type { FilterChainUpdate, FilterEventSource } from "../../../../node/rpc/methods/filters/filter-manager.js";

/** A chain and a pool the test drives by hand; it counts its listeners to check the manager detaches. */
export class FakeEventSource implements FilterEventSource {
  readonly chainListeners = new Set<(update: FilterChainUpdate) => void>();
  readonly pendingListeners = new Set<(hash: `0x${string}`) => void>();

  onChainUpdate(listener: (update: FilterChainUpdate) => void): () => void {
    const entry = (update: FilterChainUpdate) => listener(update);
    this.chainListeners.add(entry);
    return () => this.chainListeners.delete(entry);
  }

  onPending(listener: (hash: `0x${string}`) => void): () => void {
    const entry = (hash: `0x${string}`) => listener(hash);
    this.pendingListeners.add(entry);
    return () => this.pendingListeners.delete(entry);
  }

  chain(update: Partial<FilterChainUpdate>): void {
    for (const listener of [...this.chainListeners]) listener({ removed: update.removed ?? [], added: update.added ?? [] });
  }

  pending(hash: `0x${string}`): void {
    for (const listener of [...this.pendingListeners]) listener(hash);
  }
}

export const TOKEN = "0x00000000000000000000000000000000000000aa" as const;
export const OTHER = "0x00000000000000000000000000000000000000bb" as const;
export const TRANSFER = `0x${"dd".repeat(32)}` as const;
export const APPROVAL = `0x${"8c".repeat(32)}` as const;

export interface FakeLog {
  readonly address: `0x${string}`;
  readonly topics: readonly `0x${string}`[];
  readonly data?: `0x${string}`;
}

/** A stored block with just what log formatting reads: one transaction per entry of `transactions`, each with its logs. */
export function fakeBlock(number: number, transactions: readonly (readonly FakeLog[])[] = [], fork = 0): StoredBlock {
  const hash = `0x${number.toString(16).padStart(8, "0")}${fork.toString(16).padStart(56, "0")}` as BlockHash;
  return {
    hash,
    header: { number: BigInt(number), timestamp: BigInt(1000 + number) },
    transactions: [],
    outcome: {
      executed: transactions.map((logs, i) => ({
        transaction: { hash: () => hexToBytes(`0x${"ee".repeat(24)}${number.toString(16).padStart(4, "0")}${fork.toString(16).padStart(2, "0")}${i.toString(16).padStart(10, "0")}`) },
        receipt: { logs: logs.map((log) => [hexToBytes(log.address), log.topics.map((t) => hexToBytes(t)), hexToBytes(log.data ?? "0x")]) },
      })),
      skipped: [],
    },
  } as unknown as StoredBlock;
}
