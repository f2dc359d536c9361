import { createFeeMarket1559Tx, type TypedTransaction } from "@ethereumjs/tx";
import { createAddressFromString, hexToBytes, MapDB } from "@ethereumjs/util";
import type { EvmPrecompiles } from "../../precompiles/evm/evm-precompiles.js";
import type { ChainSpec } from "../../node/chain/chain-spec.js";
import { BlockDag } from "../../node/consensus/block-dag.js";
import { createDagStores } from "../../node/consensus/stores/dag-stores.js";
import { BlockExecutor } from "../../node/execution/block-executor.js";
import { BlockProcessor, inMemoryDag } from "../../node/execution/block-processor.js";
import { MemoryBlockStore } from "../../node/execution/block-store.js";
import { chainCommon } from "../../node/execution/common.js";
import { genesisBlock } from "../../node/execution/genesis-block.js";

/** A node's block pipeline entirely in memory: its own trie, block store and DAG. */
export async function memoryNode(
  spec: ChainSpec,
  precompiles?: EvmPrecompiles,
): Promise<{ processor: BlockProcessor; executor: BlockExecutor }> {
  const executor = new BlockExecutor(chainCommon(spec), new MapDB(), spec.rewards, precompiles);
  const genesis = await genesisBlock(spec, executor);
  const blocks = new MemoryBlockStore();
  await blocks.put(genesis);
  const dag = new BlockDag({ k: spec.k, maxParents: spec.maxParents, genesis: genesis.hash }, createDagStores());
  return { processor: new BlockProcessor(spec, executor, inMemoryDag(dag), blocks), executor };
}

/** An EIP-1559 transfer signed by `privateKey`. */
export function transfer(
  spec: ChainSpec,
  privateKey: `0x${string}`,
  to: `0x${string}`,
  value: bigint,
  nonce: bigint,
): TypedTransaction {
  return createFeeMarket1559Tx(
    { chainId: spec.chainId, nonce, to: createAddressFromString(to), value, gasLimit: 21_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n },
    { common: chainCommon(spec) },
  ).sign(hexToBytes(privateKey));
}

/** An account's balance in the post-state with this root. */
export async function balanceAt(executor: BlockExecutor, stateRoot: `0x${string}`, address: `0x${string}`): Promise<bigint> {
  const account = await (await executor.stateAt(stateRoot)).getAccount(createAddressFromString(address));
  return account?.balance ?? 0n;
}
