import { createAddressFromString } from "@ethereumjs/util";
import { devSystemAccounts, type DevAccount } from "../chain/dev-accounts.js";
import type { CitrateNode } from "../citrate-node.js";
import { DevFaucet } from "../dev/dev-faucet.js";
import { DevSnapshots } from "../dev/dev-snapshots.js";
import type { DevClock } from "../dev/dev-clock.js";
import { accountSigner, DevKeyring, type Keyring } from "../dev/dev-keyring.js";
import { KeyedMutex } from "../dev/keyed-mutex.js";
import { bindContext, type RpcMethod } from "./method-registry.js";
import { devMethods, type DevMethodsContext } from "./methods/dev/dev-methods.js";
import type { CallContext } from "./methods/eth/call.js";
import type { ChainIdContext } from "./methods/eth/chainId.js";
import type { FeeContext } from "./methods/eth/fees.js";
import type { PendingNonceContext } from "./methods/eth/state.js";
import type { MempoolContext } from "./methods/eth/transactions.js";

/** The parts of the node's RPC context (what `nodeRpc` builds) that the dev methods share with the eth_ methods. */
export type DevSharedContext = ChainIdContext & CallContext & FeeContext & PendingNonceContext & Pick<MempoolContext, "submitTransaction" | "blocksSettled">;

export interface DevRpcOptions {
  /** The clock the node's block producer was opened with (`CitrateNodeOptions.clock`). */
  readonly clock: DevClock;
  /** The accounts the node signs for; default the 20 Hardhat test accounts, which the dev chain funds. */
  readonly keyring?: Keyring;
  /** The most blocks one hardhat_mine may produce; default 10,000. */
  readonly maxMineBlocks?: bigint;
  /** The account that pays hardhat_setBalance's raises; default the dev chain's (`devSystemAccounts().faucet`), which it funds at genesis. */
  readonly faucet?: DevAccount;
}

/**
 * hardhat_mine's default cap. Hardhat reserves block ranges without building them; every Citrate
 * block is real (built, executed, stored, verifiable): about 6 ms each when empty, so the cap's
 * worth takes about a minute.
 */
export const DEFAULT_MAX_MINE_BLOCKS = 10_000n;

/** The names of the dev methods, which only a dev node serves. */
export const DEV_METHOD_NAMES: readonly string[] = devMethods.map((method) => method.name);


/**
 * The dev methods of `citrate node --dev` (eth_accounts, eth_sendTransaction, eth_signTransaction,
 * the signing methods, evm_mine and the time methods, hardhat_mine, evm_snapshot/evm_revert,
 * hardhat_setBalance) and the context they run with: `shared` (the
 * context `nodeRpc` built for the same node) plus the keys, the producer and its clock. The
 * methods come bound to that context, so they join the node's registry as they are:
 *
 *     const { methods, context } = nodeRpc(node, pool);
 *     if (dev) methods.add(...devRpc(node, context, { clock }).methods);
 */
export function devRpc(
  node: CitrateNode,
  shared: DevSharedContext,
  options: DevRpcOptions,
): { methods: readonly RpcMethod<unknown>[]; context: DevMethodsContext } {
  const keyring = options.keyring ?? DevKeyring.hardhat();
  const faucetAccount = options.faucet ?? devSystemAccounts().faucet;
  const faucet = new DevFaucet(
    {
      chainId: shared.chainId,
      nextBaseFee: () => shared.chain.nextBaseFee(),
      balanceAtHead: async (address) => (await (await shared.chain.stateOf(shared.chain.head())).getAccount(createAddressFromString(address)))?.balance ?? 0n,
      pendingNonce: (address) => shared.pendingNonce(address),
      addToPool: (raw) => node.mempool.add(raw),
      producer: node.producer,
    },
    accountSigner(faucetAccount),
    keyring,
    shared.suggestedTip,
  );
  const snapshots = new DevSnapshots({ tips: () => node.processor.dag.tips(), rewind: (tips) => node.rewind(tips) }, options.clock, node.producer);
  const context: DevMethodsContext = {
    chainId: shared.chainId,
    chain: shared.chain,
    common: shared.common,
    callGasCap: shared.callGasCap,
    suggestedTip: shared.suggestedTip,
    pendingNonce: (address) => shared.pendingNonce(address),
    submitTransaction: (raw) => shared.submitTransaction(raw),
    blocksSettled: () => shared.blocksSettled(),
    keyring,
    senderLock: new KeyedMutex(),
    clock: options.clock,
    producer: node.producer,
    maxMineBlocks: options.maxMineBlocks ?? DEFAULT_MAX_MINE_BLOCKS,
    snapshots,
    faucet,
  };
  return { methods: devMethods.map((method) => bindContext(method, context)), context };
}
