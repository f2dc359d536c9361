import type { TypedTransaction } from "@ethereumjs/tx";
import { headerHash, type BlockHeader } from "../chain/block-header.js";
import type { ChainSpec } from "../chain/chain-spec.js";
import type { AddedBlock, BlockDag, ChainChange } from "../consensus/block-dag.js";
import type { GhostdagData } from "../consensus/ghostdag/ghostdag-data.js";
import type { BlockHash } from "../consensus/hash.js";
import { EpochParams, executionRulesOf, protocolParamsReaderFor, type BlockParams, type EpochParamsLogger } from "../params/epoch-params.js";
import { nextBaseFee } from "./base-fee.js";
import {
  InvalidBlockError,
  type AcceptedBlockBody,
  type BlockEnvironment,
  type BlockExecutor,
  type ExecutionOutcome,
  type OwnTransactionPolicy,
} from "./block-executor.js";
import type { BlockStore, StoredBlock } from "./block-store.js";
import { orderedTrieRoot } from "./ordered-trie.js";
import { prevRandaoOf } from "./prev-randao.js";

/** The DAG as the processor writes it: in memory (`inMemoryDag`), or persisted (`LevelDagStore`). */
export interface DagWriter {
  readonly dag: BlockDag;
  addBlock(hash: BlockHash, parents: readonly BlockHash[]): Promise<AddedBlock>;
}

/** A DagWriter that keeps the DAG in memory only. */
export function inMemoryDag(dag: BlockDag): DagWriter {
  return { dag, addBlock: (hash, parents) => Promise.resolve(dag.addBlock(hash, parents)) };
}

const ZERO_HASH = `0x${"00".repeat(32)}` as BlockHash;

/** What a producer asks for. Parents default to the heaviest tips. */
export interface BlockTemplate {
  readonly proposer: `0x${string}`;
  readonly timestamp: bigint;
  readonly transactions: readonly TypedTransaction[];
  readonly parents?: readonly BlockHash[];
  readonly extraData?: `0x${string}`;
}

/** A block assembled by `buildBlock`: the candidate transactions that did not fit or were invalid are left out. */
export interface BuiltBlock {
  readonly header: BlockHeader;
  readonly hash: BlockHash;
  readonly transactions: readonly TypedTransaction[];
  readonly dropped: ExecutionOutcome["skipped"];
  /** What executing the block produced; `importBuiltBlock` stores it without executing again. */
  readonly outcome: ExecutionOutcome;
}

export interface ImportedBlock {
  readonly block: StoredBlock;
  readonly ghostdag: GhostdagData;
  readonly chainChange: ChainChange;
}

export interface BlockProcessorOptions {
  /** Where protocol parameter corrections and unreadable ProtocolParams are reported. */
  readonly log?: EpochParamsLogger;
}

/**
 * Builds, verifies and imports blocks: every block's header must commit to the post-state that
 * executing it on the DAG yields (`BlockExecutor`) under the parameters of its epoch (gas limit,
 * rewards, precompile fees; see `node/params/`); a block is stored, then joins the DAG, only once
 * that holds.
 */
export class BlockProcessor {
  /** The protocol parameters in force for each block. */
  readonly params: EpochParams;

  constructor(
    readonly spec: ChainSpec,
    private readonly executor: BlockExecutor,
    private readonly dagWriter: DagWriter,
    private readonly blocks: BlockStore,
    options: BlockProcessorOptions = {},
  ) {
    const reader = protocolParamsReaderFor(spec, executor.common, (root) => executor.stateAt(root));
    this.params = new EpochParams(spec, reader, options.log);
  }

  get dag(): BlockDag {
    return this.dagWriter.dag;
  }

  block(hash: BlockHash): StoredBlock | undefined {
    return this.blocks.get(hash);
  }

  /** Assembles a block on `template.parents` (default: the heaviest tips); it is not imported. */
  async buildBlock(template: BlockTemplate): Promise<BuiltBlock> {
    const parents = template.parents ?? this.dag.parentsForNewBlock();
    const ghostdag = this.dag.previewParents(parents);
    const { header, outcome } = await this.assemble(parents, ghostdag, template, "drop");
    const transactions = outcome.executed.filter((e) => e.includedIn === null).map((e) => e.transaction);
    const dropped = outcome.skipped.filter((s) => s.includedIn === null);
    const kept: ExecutionOutcome = { ...outcome, skipped: outcome.skipped.filter((s) => s.includedIn !== null) };
    return { header, hash: headerHash(header), transactions, dropped, outcome: kept };
  }

  /**
   * Verifies a block against its parents and the DAG, executes it, and adds it: refused with an
   * `InvalidBlockError` (or the DAG's `ConsensusError`) if any rule or root does not hold.
   */
  async importBlock(header: BlockHeader, transactions: readonly TypedTransaction[]): Promise<ImportedBlock> {
    const hash = headerHash(header);
    const ghostdag = this.dag.previewBlock(hash, header.parents);
    const expected = await this.assemble(header.parents, ghostdag, { ...header, transactions }, "reject");
    for (const field of Object.keys(expected.header) as (keyof BlockHeader)[]) {
      if (field === "parents") continue;
      if (expected.header[field] !== header[field]) {
        throw new InvalidBlockError(`block ${hash}: ${field} is ${String(header[field])}, expected ${String(expected.header[field])}`);
      }
    }
    const block: StoredBlock = { hash, header, transactions, outcome: expected.outcome };
    await this.blocks.put(block);
    const added = await this.dagWriter.addBlock(hash, header.parents);
    return { block, ghostdag: added.ghostdag, chainChange: added.chainChange };
  }

  /**
   * Adds a block this node built with `buildBlock` on the DAG as it still is: it was executed
   * while being built, so it is stored as it is (other nodes verify it with `importBlock`).
   */
  async importBuiltBlock(built: BuiltBlock): Promise<ImportedBlock> {
    const block: StoredBlock = { hash: built.hash, header: built.header, transactions: built.transactions, outcome: built.outcome };
    await this.blocks.put(block);
    const added = await this.dagWriter.addBlock(built.hash, built.header.parents);
    return { block, ghostdag: added.ghostdag, chainChange: added.chainChange };
  }

  /** The parameters of a block whose selected parent is `selectedParent` (the producer's next block on a tip). */
  paramsForChild(selectedParent: StoredBlock): Promise<BlockParams> {
    return this.params.forBlock(selectedParent.header.number + 1n, (height) => this.chainBlockAt(selectedParent, height));
  }

  /**
   * What the next block on the current tips would run in, by `proposer` at `timestamp`: its
   * environment and parameters, and the selected parent whose post-state it starts from (a
   * "pending" call runs there; the merged blocks' transactions and rewards are not applied).
   */
  async nextBlockEnvironment(
    proposer: `0x${string}`,
    timestamp: bigint,
  ): Promise<{ environment: BlockEnvironment; params: BlockParams; selectedParent: StoredBlock }> {
    const parents = this.dag.parentsForNewBlock();
    const selectedParent = this.stored(this.dag.previewParents(parents).selectedParent as BlockHash);
    const params = await this.paramsForChild(selectedParent);
    return { environment: this.environment(parents, selectedParent, proposer, timestamp, params), params, selectedParent };
  }

  /** The parameters a stored block was executed under (genesis: those of epoch 0). */
  paramsOf(block: StoredBlock): Promise<BlockParams> {
    const selectedParent = this.dag.ghostdagData(block.hash).selectedParent;
    if (selectedParent === null) return this.params.forBlock(0n, () => block);
    return this.paramsForChild(this.stored(selectedParent as BlockHash));
  }

  /** The block at `height` on the selected chain ending at `tip` (inclusive). */
  private chainBlockAt(tip: StoredBlock, height: bigint): StoredBlock {
    const hash = this.selectedChainAncestor(tip.hash, tip.header.number, height);
    if (hash === undefined) throw new InvalidBlockError(`no block at height ${height} on the selected chain of ${tip.hash}`);
    return this.stored(hash);
  }

  /** The header (and execution outcome) that these parents, inputs and transactions determine. */
  private async assemble(
    parents: readonly BlockHash[],
    ghostdag: GhostdagData,
    inputs: { proposer: `0x${string}`; timestamp: bigint; transactions: readonly TypedTransaction[]; extraData?: `0x${string}` },
    policy: OwnTransactionPolicy,
  ): Promise<{ header: BlockHeader; outcome: ExecutionOutcome }> {
    const selectedParent = this.stored(ghostdag.selectedParent as BlockHash);
    if (inputs.timestamp <= selectedParent.header.timestamp) {
      throw new InvalidBlockError(
        `timestamp ${inputs.timestamp} is not after the selected parent's (${selectedParent.header.timestamp})`,
      );
    }
    const extraData = inputs.extraData ?? "0x";
    if (extraData.length > 2 + 64) throw new InvalidBlockError("extraData is longer than 32 bytes");
    const params = await this.paramsForChild(selectedParent);
    const env = this.environment(parents, selectedParent, inputs.proposer, inputs.timestamp, params);
    const blues = new Set(ghostdag.mergeSetBlues);
    const merged: AcceptedBlockBody[] = this.dag.mergedInExecutionOrder(ghostdag).map((hash) => {
      const block = this.stored(hash);
      return {
        hash,
        proposer: block.header.proposer,
        blueScore: BigInt(this.dag.ghostdagData(hash).blueScore),
        blue: blues.has(hash),
        transactions: block.transactions,
      };
    });
    const outcome = await this.executor.execute(
      selectedParent.header.stateRoot,
      env,
      merged,
      { blueScore: BigInt(ghostdag.blueScore), transactions: inputs.transactions },
      policy,
      executionRulesOf(params),
    );
    const header: BlockHeader = {
      parents,
      number: env.number,
      timestamp: env.timestamp,
      proposer: inputs.proposer,
      gasLimit: env.gasLimit,
      gasUsed: outcome.gasUsed,
      baseFeePerGas: env.baseFeePerGas,
      transactionsRoot: this.ownTransactionsRoot(outcome),
      acceptedTransactionsRoot: outcome.acceptedTransactionsRoot,
      receiptsRoot: outcome.receiptsRoot,
      stateRoot: outcome.stateRoot,
      logsBloom: outcome.logsBloom,
      extraData,
    };
    return { header, outcome };
  }

  private environment(
    parents: readonly BlockHash[],
    selectedParent: StoredBlock,
    proposer: `0x${string}`,
    timestamp: bigint,
    params: BlockParams,
  ): BlockEnvironment {
    const number = selectedParent.header.number + 1n;
    return {
      number,
      timestamp,
      gasLimit: params.values.blockGasLimit,
      baseFeePerGas: nextBaseFee(selectedParent.header, params.values.minGasPrice),
      proposer,
      prevRandao: prevRandaoOf(parents),
      selectedParent: selectedParent.hash,
      ancestorHash: (wanted) => this.selectedChainAncestor(selectedParent.hash, selectedParent.header.number, wanted),
    };
  }

  /**
   * Root of the block's own transactions that ran: with the "drop" policy the invalid ones are left
   * out of the body, and they changed nothing, so the post-state is the same without them. When the
   * block merged nothing that ran, that list is the accepted list, whose root is already known.
   */
  private ownTransactionsRoot(outcome: ExecutionOutcome): `0x${string}` {
    const own = outcome.executed.filter((e) => e.includedIn === null);
    if (own.length === outcome.executed.length) return outcome.acceptedTransactionsRoot;
    return orderedTrieRoot(own.map((e) => e.transaction.serialize()));
  }

  /** The environment a stored block's own transactions ran in (eth_call at that block runs in it too). */
  environmentOf(block: StoredBlock): BlockEnvironment {
    const selectedParent = this.dag.ghostdagData(block.hash).selectedParent;
    const { header } = block;
    return {
      number: header.number,
      timestamp: header.timestamp,
      gasLimit: header.gasLimit,
      baseFeePerGas: header.baseFeePerGas,
      proposer: header.proposer,
      prevRandao: header.parents.length === 0 ? ZERO_HASH : prevRandaoOf(header.parents),
      selectedParent: selectedParent ?? ZERO_HASH,
      ancestorHash: (wanted) =>
        selectedParent === null ? undefined : this.selectedChainAncestor(selectedParent, header.number - 1n, wanted),
    };
  }

  /** The block at height `wanted` on the selected chain ending at `hash` (height `height`). */
  private selectedChainAncestor(hash: BlockHash, height: bigint, wanted: bigint): BlockHash | undefined {
    if (wanted < 0n || wanted > height) return undefined;
    let current: BlockHash = hash;
    for (let h = height; h > wanted; h--) current = this.dag.ghostdagData(current).selectedParent as BlockHash;
    return current;
  }

  private stored(hash: BlockHash): StoredBlock {
    const block = this.blocks.get(hash);
    if (block === undefined) throw new InvalidBlockError(`block ${hash} is in the DAG but its body is not stored`);
    return block;
  }
}
