import { getMerkleStateProof } from "@ethereumjs/statemanager";
import { hexToBytes } from "@ethereumjs/util";
import type { CitrateNode } from "../citrate-node.js";
import type { TxPool } from "../txpool/tx-pool.js";
import { CallEnvironments } from "./call-environments.js";
import { formatAddress } from "./codec/address.js";
import { parseLogFilter, type LogFilter } from "./codec/log-filter.js";
import { invalidParam } from "./codec/param-error.js";
import { clientVersion } from "./client-version.js";
import { formatBlock } from "./format/block.js";
import { MethodRegistry } from "./method-registry.js";
import { baseMethods, type BaseMethodsContext } from "./methods/base-methods.js";
import { ethMethods, type EthMethodsContext } from "./methods/eth-methods.js";
import type { CallEnvironment, ChainReader } from "./methods/eth/chain-reader.js";
import type { StoredBlock } from "../execution/block-store.js";
import { blockLogs } from "./methods/eth/logs.js";
import { citrateDagMethods } from "./methods/citrate/dag.js";
import { dagReaderOf, type CitrateDagContext } from "./methods/citrate/dag-reader.js";
import { citrateParamsMethods, type CitrateParamsContext } from "./methods/citrate/params.js";
import { citrateProtocolMethods, type CitrateProtocolContext } from "./methods/citrate/protocol.js";
import { precompileParamsOf } from "../params/epoch-params.js";
import { paramsReport } from "../params/params-report.js";
import { protocolContracts } from "../chain/predeploys/protocol-predeploys.js";
import { FilterManager, type FilterLimits } from "./methods/filters/filter-manager.js";
import { filterMethods, type FiltersContext } from "./methods/filters/filters.js";
import { SubscriptionSources } from "./subscriptions.js";

export type NodeRpcContext = BaseMethodsContext &
  EthMethodsContext &
  FiltersContext &
  CitrateDagContext &
  CitrateProtocolContext &
  CitrateParamsContext;

/** RPC settings that are the node operator's, not the chain's. */
export interface NodeRpcSettings {
  /** geth's RPCGasCap: the most gas an eth_call or eth_estimateGas may use. */
  readonly callGasCap: bigint;
  /** The widest block range one eth_getLogs may scan. */
  readonly maxLogBlockRange: bigint;
  /** The tip eth_maxPriorityFeePerGas suggests. */
  readonly suggestedTip: bigint;
  /** Poll filters (eth_newFilter …): deadline, node-wide cap, results buffered per filter. */
  readonly filterLimits?: Partial<FilterLimits>;
}

export const DEFAULT_NODE_RPC_SETTINGS: NodeRpcSettings = {
  callGasCap: 50_000_000n,
  maxLogBlockRange: 10_000n,
  suggestedTip: 1_000_000_000n,
};

/** The Ethereum view of the node's chain, for the eth_ methods. */
function chainReader(node: CitrateNode): ChainReader {
  const callEnvironments = new CallEnvironments();
  const blockEnvironment = async (block: StoredBlock): Promise<CallEnvironment> => {
    const env = node.processor.environmentOf(block);
    const params = precompileParamsOf(await node.processor.paramsOf(block));
    return { vm: await node.executor.vmAt(block.header.stateRoot, env, params), evmBlock: node.executor.evmBlock(env, block.header.proposer) };
  };
  const pendingEnvironment = async (timestamp: bigint): Promise<CallEnvironment> => {
    const { proposer } = node.producer;
    const { environment, params, selectedParent } = await node.processor.nextBlockEnvironment(proposer, timestamp);
    const vm = await node.executor.vmAt(selectedParent.header.stateRoot, environment, precompileParamsOf(params));
    return { vm, evmBlock: node.executor.evmBlock(environment, proposer) };
  };
  return {
    head: () => node.head,
    nextBaseFee: () => node.nextBlockBaseFee(),
    blockByNumber: (number) => node.blockByNumber(number),
    blockByHash: (hash) => (node.processor.dag.hasBlock(hash) ? node.block(hash) : undefined),
    selectedParentOf: (hash) => node.processor.dag.ghostdagData(hash).selectedParent,
    isCanonical: (hash) => node.isCanonical(hash),
    transaction: (hash) => node.index.transaction(hash),
    stateOf: (block) => node.executor.stateAt(block.header.stateRoot),
    accountProof: async (block, address, slots) => getMerkleStateProof(await node.executor.stateAt(block.header.stateRoot), address, [...slots]),
    withCallEnvironment: (target, work) => {
      if (target !== "pending") return callEnvironments.use(target.hash, () => blockEnvironment(target), work);
      // The next block depends on the tips it would merge and the time it would be stamped at.
      const timestamp = node.producer.nextTimestamp(node.head.header);
      const key = `pending ${[...node.processor.dag.tips()].sort().join(",")} ${timestamp}`;
      return callEnvironments.use(key, () => pendingEnvironment(timestamp), work);
    },
  };
}

/** Subscriptions fed by the node: new chain heads, logs (with `removed` on re-orgs), pending transactions. */
function subscriptionSources(node: CitrateNode, pool: TxPool): SubscriptionSources {
  const noArgument = (argument: unknown, param: string): undefined => {
    if (argument !== undefined) throw invalidParam(param, "this subscription takes no argument");
    return undefined;
  };
  return new SubscriptionSources()
    .register("newHeads", {
      validate: noArgument,
      attach: (_filter, push) =>
        node.onChainUpdate(({ added }) => {
          for (const block of added) {
            const { transactions: _transactions, ...header } = formatBlock(block, node.processor.dag.ghostdagData(block.hash).selectedParent, false);
            push(header);
          }
        }),
    })
    .register<LogFilter, Record<string, unknown>>("logs", {
      validate: (argument, param) => parseLogFilter(argument ?? {}, param),
      attach: (filter, push) =>
        node.onChainUpdate(({ removed, added }) => {
          for (const block of removed) for (const log of blockLogs(block, filter, true)) push(log);
          for (const block of added) for (const log of blockLogs(block, filter)) push(log);
        }),
    })
    .register("newPendingTransactions", {
      validate: noArgument,
      attach: (_filter, push) => pool.onPending((hash) => push(hash)),
    });
}

/**
 * The node's poll filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter), fed by
 * the chain's updates (logs, with `removed` copies on re-orgs; new canonical blocks) and the pool's
 * newly pending transactions. It listens only while filters are installed.
 */
function filterManager(node: CitrateNode, pool: TxPool, settings: NodeRpcSettings): FilterManager {
  return new FilterManager({
    source: {
      onChainUpdate: (listener) => node.onChainUpdate(listener),
      onPending: (listener) => pool.onPending(listener),
    },
    limits: settings.filterLimits,
    onError: (error) => process.emitWarning(`filter update failed: ${String(error)}`, "FilterManagerWarning"),
  });
}

/** The JSON-RPC methods and context of a running node. */
export function nodeRpc(node: CitrateNode, pool: TxPool, settings: NodeRpcSettings = DEFAULT_NODE_RPC_SETTINGS): {
  methods: MethodRegistry<NodeRpcContext>;
  context: NodeRpcContext;
} {
  const context: NodeRpcContext = {
    chainId: node.spec.chainId,
    clientVersion: clientVersion(),
    peerCount: () => 0,
    subscriptionSources: subscriptionSources(node, pool),
    chain: chainReader(node),
    coinbase: formatAddress(hexToBytes(node.producer.proposer)),
    common: node.executor.common,
    callGasCap: settings.callGasCap,
    maxLogBlockRange: settings.maxLogBlockRange,
    suggestedTip: settings.suggestedTip,
    pendingNonce: (address) => pool.nextNonce(address),
    pendingTransaction: (hash) => pool.get(hash)?.transaction,
    submitTransaction: (raw) => node.submitTransaction(raw),
    blocksSettled: () => node.producer.settled(),
    filters: filterManager(node, pool, settings),
    dagReader: dagReaderOf(node.processor),
    protocolContracts: protocolContracts(node.spec.predeploys),
    paramsReport: async () => {
      const head = node.head;
      const number = head.header.number + 1n;
      const [next, infos] = await Promise.all([node.processor.paramsForChild(head), node.processor.params.allParams(head.header.stateRoot, number)]);
      return paramsReport(number, node.processor.params.epochLength, next, infos);
    },
  };
  const methods = new MethodRegistry<NodeRpcContext>().add(
    ...baseMethods,
    ...ethMethods,
    ...filterMethods,
    ...citrateDagMethods,
    ...citrateProtocolMethods,
    ...citrateParamsMethods,
  );
  return { methods, context };
}
