/**
 * Epoch arithmetic, as ProtocolParams counts it: block `n` is in epoch `n / epochLength`, and a
 * change made during epoch `e` is in force from block `(e + 1) * epochLength`, the first block of
 * epoch `e + 1`.
 *
 * The node applies to a block of epoch `e` the values ProtocolParams reports for `e` (`paramsAt(e)`)
 * in the post-state of that epoch's **boundary block**: the chain block at height `e * epochLength - 1`
 * (the last block of epoch `e - 1`) on the block's own selected chain; for epoch 0, genesis. Every
 * change scheduled for `e` was made at or before that block and every change made after it is for a
 * later epoch, so each block of the epoch sees the same values, on every node.
 */

/** The epoch of block `number`. */
export function epochOf(number: bigint, epochLength: bigint): bigint {
  checkEpochLength(epochLength);
  if (number < 0n) throw new RangeError(`block number ${number} is negative`);
  return number / epochLength;
}

/** The height of the block whose post-state defines the parameters of `epoch`. */
export function boundaryHeight(epoch: bigint, epochLength: bigint): bigint {
  checkEpochLength(epochLength);
  if (epoch < 0n) throw new RangeError(`epoch ${epoch} is negative`);
  return epoch === 0n ? 0n : epoch * epochLength - 1n;
}

/** The first block of the epoch after the one `number` is in: where a change made now takes effect. */
export function nextEpochStart(number: bigint, epochLength: bigint): bigint {
  return (epochOf(number, epochLength) + 1n) * epochLength;
}

function checkEpochLength(epochLength: bigint): void {
  if (epochLength <= 0n) throw new RangeError(`epoch length must be positive, got ${epochLength}`);
}
