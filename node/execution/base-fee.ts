/** EIP-1559: the base fee moves at most 1/8 per block towards keeping blocks half full. */
const BASE_FEE_MAX_CHANGE_DENOMINATOR = 8n;
const ELASTICITY_MULTIPLIER = 2n;

/**
 * The base fee of a block whose selected parent had these gas figures: Ethereum's rule (with the
 * selected parent as parent), never below `minBaseFee`, the protocol's minimum gas price in force
 * for the block. With that floor in the base fee itself (as OP Stack's `minBaseFee` does), every
 * wallet that prices from the base fee meets the minimum; a decaying base fee alone would lead
 * them to fee caps the chain refuses.
 */
export function nextBaseFee(parent: { gasUsed: bigint; gasLimit: bigint; baseFeePerGas: bigint }, minBaseFee: bigint): bigint {
  const next = eip1559BaseFee(parent);
  return next > minBaseFee ? next : minBaseFee;
}

function eip1559BaseFee(parent: { gasUsed: bigint; gasLimit: bigint; baseFeePerGas: bigint }): bigint {
  const target = parent.gasLimit / ELASTICITY_MULTIPLIER;
  if (target === 0n || parent.gasUsed === target) return parent.baseFeePerGas;
  if (parent.gasUsed > target) {
    const delta = (parent.baseFeePerGas * (parent.gasUsed - target)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
    return parent.baseFeePerGas + (delta > 1n ? delta : 1n);
  }
  const delta = (parent.baseFeePerGas * (target - parent.gasUsed)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
  return parent.baseFeePerGas - delta;
}
