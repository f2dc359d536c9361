import type { MerkleStateManager } from "@ethereumjs/statemanager";
import type { TypedTransaction } from "@ethereumjs/tx";
import { createAddressFromString } from "@ethereumjs/util";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import type { EvmPrecompiles } from "../precompiles/evm/evm-precompiles.js";
import { CanonicalIndex } from "./chain/canonical-index.js";
import type { ChainSpec } from "./chain/chain-spec.js";
import type { BlockHeader } from "./chain/block-header.js";
import type { BlockHash } from "./consensus/hash.js";
import { nextBaseFee } from "./execution/base-fee.js";
import { BlockExecutor } from "./execution/block-executor.js";
import { BlockProcessor, type ImportedBlock } from "./execution/block-processor.js";
import type { StoredBlock } from "./execution/block-store.js";
import { chainCommon } from "./execution/common.js";
import { genesisBlock } from "./execution/genesis-block.js";
import type { BlockParams } from "./params/epoch-params.js";
import { BlockProducer, type BlockClock, type TransactionSource } from "./producer/block-producer.js";
import { LevelBlockStore } from "./storage/level-block-store.js";
import { LevelDagStore } from "./storage/level-dag-store.js";
import type { AccountStateReader } from "./txpool/account-state-reader.js";

/** What the node needs from its mempool. */
export interface NodeMempool extends TransactionSource {
  /** Validates and adds a signed transaction; resolves to its hash, or rejects with the reason. */
  add(raw: Uint8Array): Promise<`0x${string}`>;
  /** The chain moved: drop what was included or became invalid, promote what became executable. */
  onChainChanged(): Promise<void>;
  /** Transactions of blocks that left the chain go back to the pool (invalid ones silently dropped). */
  reinject(transactions: readonly TypedTransaction[]): Promise<unknown>;
}

export interface CitrateNodeOptions {
  readonly spec: ChainSpec;
  readonly datadir: string;
  readonly log: Logger;
  /** Receives the rewards and fees of the blocks this node produces. */
  readonly proposer: `0x${string}`;
  /** Builds the mempool once the chain is open (it reads state at the tip). */
  readonly mempool: (node: CitrateNode) => NodeMempool;
  /** The block producer's clock (default: the system clock; a dev chain passes one it can move). */
  readonly clock?: BlockClock;
  /** Precompiles beyond Ethereum's (MODEL, ARTIFACT) the EVM runs. */
  readonly precompiles?: EvmPrecompiles;
}

/** Something that happened to the chain, for subscriptions and filters. */
export interface ChainUpdate {
  readonly imported: ImportedBlock;
  /** Chain blocks that left and joined the virtual selected chain, as stored blocks. */
  readonly removed: readonly StoredBlock[];
  readonly added: readonly StoredBlock[];
}

/**
 * A Citrate node: the chain database and DAG in `datadir`, block verification and execution, the
 * canonical (Ethereum) view, a mempool and a block producer. Transports (JSON-RPC) sit on top.
 */
export class CitrateNode {
  readonly index: CanonicalIndex;
  readonly producer: BlockProducer;
  readonly mempool: NodeMempool;
  private readonly listeners = new Set<(update: ChainUpdate) => void>();
  /** The parameters in force for the next block on the head (refreshed after every import). */
  private nextParams: BlockParams;

  private constructor(
    readonly spec: ChainSpec,
    readonly executor: BlockExecutor,
    readonly processor: BlockProcessor,
    private readonly blockStore: LevelBlockStore,
    private readonly dagStore: LevelDagStore,
    headParams: BlockParams,
    options: CitrateNodeOptions,
  ) {
    this.nextParams = headParams;
    this.index = new CanonicalIndex((hash) => this.block(hash));
    this.mempool = options.mempool(this);
    this.producer = new BlockProducer(processor, this.mempool, options.proposer, (imported) => this.afterImport(imported), options.log.child({ component: "producer" }), options.clock);
  }

  static async open(options: CitrateNodeOptions): Promise<CitrateNode> {
    const { spec, datadir } = options;
    mkdirSync(datadir, { recursive: true });
    const common = chainCommon(spec);
    const blockStore = await LevelBlockStore.open(path.join(datadir, "chain"), common);
    const executor = new BlockExecutor(common, blockStore.trieDb, spec.rewards, options.precompiles);
    const genesis = await genesisBlock(spec, executor);
    if (blockStore.get(genesis.hash) === undefined) await blockStore.put(genesis);
    const dagStore = await LevelDagStore.open(path.join(datadir, "dag"), { k: spec.k, maxParents: spec.maxParents, genesis: genesis.hash });
    const processor = new BlockProcessor(spec, executor, dagStore, blockStore, { log: options.log.child({ component: "params" }) });
    const head = processor.block(dagStore.dag.virtualSelectedParent);
    if (head === undefined) throw new Error(`the head ${dagStore.dag.virtualSelectedParent} is missing from the chain database`);
    const node = new CitrateNode(spec, executor, processor, blockStore, dagStore, await processor.paramsForChild(head), options);
    node.index.indexChain(node.chainHashes());
    options.log.info(
      { datadir, chainId: spec.chainId, genesis: genesis.hash, blocks: dagStore.dag.blockCount, head: node.head.header.number },
      "chain opened",
    );
    return node;
  }

  /** The head of the virtual selected chain: Ethereum's "latest" block. */
  get head(): StoredBlock {
    return this.block(this.processor.dag.virtualSelectedParent);
  }

  /** A stored block; throws if the DAG names a block whose body is missing (a corrupt store). */
  block(hash: BlockHash): StoredBlock {
    const block = this.processor.block(hash);
    if (block === undefined) throw new Error(`block ${hash} is missing from the chain database`);
    return block;
  }

  /** The chain block with this number, if the chain is that long. */
  blockByNumber(number: bigint): StoredBlock | undefined {
    const hash = this.processor.dag.selectedChainBlock(Number(number));
    return hash === undefined ? undefined : this.block(hash);
  }

  /** Is this block on the virtual selected chain (Ethereum's canonical chain)? */
  isCanonical(hash: BlockHash): boolean {
    return this.processor.dag.selectedChainIndex(hash) !== undefined;
  }

  /** Calls `listener` after every imported block; returns the unsubscribe function. */
  onChainUpdate(listener: (update: ChainUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The protocol parameters in force for the next block on the head (its epoch, values, source). */
  get nextBlockParams(): BlockParams {
    return this.nextParams;
  }

  /** The base fee of the next block on the head. */
  nextBlockBaseFee(): bigint {
    return nextBaseFee(this.head.header, this.nextParams.values.minGasPrice);
  }

  /**
   * The post-state of the head, as the mempool reads it: one state view per head, so a burst of
   * transactions does not reopen the trie for each. The fee floor is the higher of the operator's
   * `minGasPrice` and the protocol's for the next block; the gas limit is the next block's.
   */
  tipAccounts(minGasPrice: bigint): AccountStateReader {
    let cached: { root: `0x${string}`; state: Promise<MerkleStateManager> } | undefined;
    const state = (): Promise<MerkleStateManager> => {
      const root = this.head.header.stateRoot;
      if (cached?.root !== root) cached = { root, state: this.executor.stateAt(root) };
      return cached.state;
    };
    const account = async (address: `0x${string}`) => (await state()).getAccount(createAddressFromString(address));
    return {
      nonceOf: async (address) => (await account(address))?.nonce ?? 0n,
      balanceOf: async (address) => (await account(address))?.balance ?? 0n,
      minGasPrice: () => (this.nextParams.values.minGasPrice > minGasPrice ? this.nextParams.values.minGasPrice : minGasPrice),
      baseFee: () => this.nextBlockBaseFee(),
      blockGasLimit: () => this.nextParams.values.blockGasLimit,
    };
  }

  /**
   * Verifies and imports a block another producer built, as a peer's block arrives (its parents
   * must be here): refused with an `InvalidBlockError` if any rule or root does not hold. When it
   * changes the virtual selected chain, everything follows the re-org as for a produced block: the
   * canonical view, the mempool (re-orged transactions go back into it) and the chain's listeners
   * (logs with `removed: true`, new heads). Runs between produced blocks, never during one.
   */
  importBlock(header: BlockHeader, transactions: readonly TypedTransaction[]): Promise<ImportedBlock> {
    return this.producer.exclusive(async () => {
      const imported = await this.processor.importBlock(header, transactions);
      await this.afterImport(imported);
      return imported;
    });
  }

  /**
   * Submits a signed raw transaction to the mempool and asks for a block (automine). The RPC answers
   * once `producer.settled()`: the block is there when the client looks for its receipt.
   */
  async submitTransaction(raw: Uint8Array): Promise<`0x${string}`> {
    const hash = await this.mempool.add(raw);
    this.producer.requestAutomine();
    return hash;
  }

  /**
   * Dev chains only (evm_revert): drops every block outside `past(tips) ∪ tips`, as if they had
   * never been mined; the kept blocks keep their headers, post-states and chain positions. Run it
   * with the producer to yourself (`producer.exclusive`). The canonical index follows, the mempool
   * re-validates against the older head, and no subscription hears of it (as with Hardhat). Bodies
   * of dropped blocks stay in the chain database, unreferenced.
   */
  async rewind(tips: readonly BlockHash[]): Promise<void> {
    const before = [...this.chainHashes()];
    await this.dagStore.rewind(tips);
    const after = [...this.chainHashes()];
    let fork = 0;
    while (fork < before.length && fork < after.length && before[fork] === after[fork]) fork++;
    this.index.apply({ removed: before.slice(fork).reverse(), added: after.slice(fork) });
    this.nextParams = await this.processor.paramsForChild(this.head);
    await this.mempool.onChainChanged();
  }

  async close(): Promise<void> {
    await this.producer.stop();
    await this.dagStore.close();
    await this.blockStore.close();
  }

  private *chainHashes(): Generator<BlockHash> {
    const dag = this.processor.dag;
    for (let i = 0; i < dag.selectedChainLength; i++) yield dag.selectedChainBlock(i) as BlockHash;
  }

  private async afterImport(imported: ImportedBlock): Promise<void> {
    await this.dagStore.flush();
    const { removed, added } = imported.chainChange;
    this.index.apply(imported.chainChange);
    this.nextParams = await this.processor.paramsForChild(this.head);
    const update: ChainUpdate = { imported, removed: removed.map((h) => this.block(h)), added: added.map((h) => this.block(h)) };
    if (update.removed.length > 0) {
      const stillAccepted = new Set(update.added.flatMap((b) => b.outcome.executed.map((e) => e.transaction)));
      await this.mempool.reinject(update.removed.flatMap((b) => b.transactions).filter((tx) => !stillAccepted.has(tx)));
    }
    await this.mempool.onChainChanged();
    for (const listener of this.listeners) listener(update);
  }
}
