import type { RpcMethod } from "../../method-registry.js";
import { evmIncreaseTime, evmMine, evmSetNextBlockTimestamp, hardhatGetAutomine, hardhatMine, type DevMiningContext } from "./mining.js";
import { ethSendTransaction, ethSignTransaction, type SendTransactionContext } from "./send-transaction.js";
import { anvilSetBalance, hardhatSetBalance, type SetBalanceContext } from "./set-balance.js";
import { ethAccounts, ethSign, ethSignTypedDataV4, personalSign, type DevKeysContext } from "./signing.js";
import { evmRevert, evmSnapshot, type DevSnapshotContext } from "./snapshots.js";

/** What the dev methods read from the node: keys, the chain, the pool, the producer and its clock, snapshots, the faucet. */
export type DevMethodsContext = DevKeysContext & SendTransactionContext & DevMiningContext & DevSnapshotContext & SetBalanceContext;

/**
 * The methods of a development chain (Hardhat's and anvil's): the node signs for the test accounts
 * and lets clients mine blocks and move time. Only `citrate node --dev` serves them; any other
 * node answers -32601, as geth does for methods it does not have.
 */
export const devMethods: readonly RpcMethod<DevMethodsContext>[] = [
  ethAccounts,
  ethSign,
  personalSign,
  ethSignTypedDataV4,
  ethSendTransaction,
  ethSignTransaction,
  evmMine,
  evmSetNextBlockTimestamp,
  evmIncreaseTime,
  hardhatMine,
  hardhatGetAutomine,
  evmSnapshot,
  evmRevert,
  hardhatSetBalance,
  anvilSetBalance,
];
