import { getCalldataFloorGas, type TypedTransaction } from "@ethereumjs/tx";
import { TxPoolError } from "./tx-pool-error.js";

export interface FeeAndGasRules {
  /** The next block's gas limit. */
  readonly blockGasLimit: bigint;
  /** The node's fee floor in wei per gas. */
  readonly minGasPrice: bigint;
}

/**
 * The rules that depend on the chain's current parameters but not on the sender's account, in
 * geth's order: gas limit ≤ block gas limit, fee cap ≥ the node's floor, gas limit ≥ intrinsic gas,
 * gas limit ≥ the EIP-7623 calldata floor (Prague). Throws TxPoolError.
 */
export function validateFeeAndGas(transaction: TypedTransaction, feeCap: bigint, rules: FeeAndGasRules): void {
  const gasLimit = transaction.gasLimit;
  if (gasLimit > rules.blockGasLimit) {
    throw new TxPoolError("GasLimitExceeded", `exceeds block gas limit: gas ${gasLimit}, block gas limit ${rules.blockGasLimit}`);
  }
  if (feeCap < rules.minGasPrice) {
    throw new TxPoolError("Underpriced", `transaction underpriced: fee cap ${feeCap} below the minimum ${rules.minGasPrice}`);
  }
  // Base cost, calldata, contract creation (+ init code words), access list and, for EIP-7702,
  // 25,000 per authorization: what the transaction pays before any EVM step.
  const intrinsicGas = transaction.getIntrinsicGas();
  if (gasLimit < intrinsicGas) {
    throw new TxPoolError("IntrinsicGasTooLow", `intrinsic gas too low: have ${gasLimit}, want ${intrinsicGas}`);
  }
  // EIP-7623: a transaction is charged at least 10 gas per calldata token, so one whose gas limit
  // is below that floor fails in runTx however little it executes.
  const floorGas = getCalldataFloorGas(transaction);
  if (gasLimit < floorGas) {
    throw new TxPoolError("FloorDataGasTooLow", `insufficient gas for floor data gas cost: gas ${gasLimit}, minimum needed ${floorGas}`);
  }
}
