import type { Address } from "./account-state-reader.js";
import { PriorityHeap } from "./priority-heap.js";
import { effectiveTip, type PooledTransaction } from "./pooled-transaction.js";

export interface SelectForBlockParameters {
  /** The base fee of the block being built. */
  readonly baseFee: bigint;
  /** The gas the block may use; transactions are counted at their gas limit. */
  readonly gasLimit: bigint;
}

/** No transaction needs less than this (the base cost of a transfer): below it, the block is full. */
const MIN_TRANSACTION_GAS = 21_000n;

interface SenderCursor {
  readonly transactions: readonly PooledTransaction[];
  index: number;
  tip: bigint;
}

/**
 * The transactions a producer should put in a block, in block order (geth's
 * `newTransactionsByPriceAndNonce` + `commitTransactions`): each sender's executable transactions
 * in nonce order; across senders, the next transaction with the highest effective tip at
 * `baseFee` first, ties to the one that arrived first. A sender leaves the selection at its first
 * transaction whose fee cap is below the base fee or whose gas limit no longer fits, since nothing
 * after it in nonce order can run without it.
 *
 * `pending` holds, per sender, gap-free runs of transactions starting at the account nonce.
 */
export function selectForBlock(
  pending: ReadonlyMap<Address, readonly PooledTransaction[]>,
  parameters: SelectForBlockParameters,
): PooledTransaction[] {
  const { baseFee } = parameters;
  const heap = new PriorityHeap<SenderCursor>((a, b) =>
    a.tip !== b.tip ? a.tip > b.tip : a.transactions[a.index].sequence < b.transactions[b.index].sequence,
  );
  for (const transactions of pending.values()) {
    const head = transactions[0];
    if (head !== undefined && head.feeCap >= baseFee) heap.push({ transactions, index: 0, tip: effectiveTip(head, baseFee) });
  }

  const selected: PooledTransaction[] = [];
  let gasLeft = parameters.gasLimit;
  for (let cursor = heap.peek(); cursor !== undefined && gasLeft >= MIN_TRANSACTION_GAS; cursor = heap.peek()) {
    const next = cursor.transactions[cursor.index];
    if (next.gasLimit > gasLeft) {
      heap.pop();
      continue;
    }
    selected.push(next);
    gasLeft -= next.gasLimit;
    const following = cursor.transactions[cursor.index + 1];
    if (following === undefined || following.feeCap < baseFee) {
      heap.pop();
      continue;
    }
    cursor.index += 1;
    cursor.tip = effectiveTip(following, baseFee);
    heap.replaceTop(cursor);
  }
  return selected;
}
