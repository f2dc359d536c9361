import { createBlock, type Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { createMPT } from "@ethereumjs/mpt";
import { Caches, type MerkleStateManager } from "@ethereumjs/statemanager";
import type { TypedTransaction } from "@ethereumjs/tx";
import { Account, bytesToHex, createAddressFromString, hexToBytes, ValueEncoding, type DB } from "@ethereumjs/util";
import type { EVM, EVMMockBlockchainInterface } from "@ethereumjs/evm";
import { createVM, encodeReceipt, runTx, type TxReceipt, type VM } from "@ethereumjs/vm";
import type { EvmPrecompiles } from "../../precompiles/evm/evm-precompiles.js";
import type { PrecompileParams } from "../../precompiles/evm/precompile.js";
import type { RewardSchedule } from "../chain/chain-spec.js";
import type { BlockHash } from "../consensus/hash.js";
import { blockReward } from "./block-reward.js";
import { CachedMerkleStateManager } from "./cached-state-manager.js";
import { orderedTrieRoot } from "./ordered-trie.js";

/** A block whose transactions a post-state executes, as the accepting block sees it. */
export interface AcceptedBlockBody {
  readonly hash: BlockHash;
  readonly proposer: `0x${string}`;
  readonly blueScore: bigint;
  /** Blue in the accepting block's GHOSTDAG view: only blue blocks are rewarded. */
  readonly blue: boolean;
  readonly transactions: readonly TypedTransaction[];
}

/** The block whose post-state is computed: its own transactions run last; it is blue in its own view. */
export interface OwnBlockBody {
  readonly blueScore: bigint;
  readonly transactions: readonly TypedTransaction[];
}

/** What the EVM sees of the block whose post-state is computed (merged transactions included). */
export interface BlockEnvironment {
  readonly number: bigint;
  readonly timestamp: bigint;
  readonly gasLimit: bigint;
  readonly baseFeePerGas: bigint;
  readonly proposer: `0x${string}`;
  /** PREVRANDAO. */
  readonly prevRandao: `0x${string}`;
  readonly selectedParent: BlockHash;
  /** BLOCKHASH: the hash of the block at `number` on this block's selected chain, if there is one. */
  readonly ancestorHash: (number: bigint) => BlockHash | undefined;
}

/**
 * The protocol parameters a block is executed under (those of its epoch): how accepted blue blocks
 * are rewarded, and what the precompiles charge (absent on a chain without ProtocolParams: the
 * precompiles' own settings apply).
 */
export interface ExecutionRules {
  /** Reward amounts; the treasury share goes to the executor's `rewards.treasury`. */
  readonly rewards: Omit<RewardSchedule, "treasury">;
  readonly precompileParams?: PrecompileParams;
}

/** A transaction that ran, with its receipt (cumulative gas over the whole post-state). */
export interface ExecutedTransaction {
  readonly transaction: TypedTransaction;
  /** The block whose body holds it; null for the block being executed itself. */
  readonly includedIn: BlockHash | null;
  readonly receipt: TxReceipt;
  readonly gasUsed: bigint;
  readonly effectiveGasPrice: bigint;
  readonly contractAddress: `0x${string}` | null;
}

/** A merged transaction that was no longer valid where it came to run (e.g. its nonce was used). */
export interface SkippedTransaction {
  readonly hash: `0x${string}`;
  /** The block whose body holds it; null for the block being executed itself. */
  readonly includedIn: BlockHash | null;
  readonly reason: string;
}

export interface ExecutionOutcome {
  readonly stateRoot: `0x${string}`;
  readonly receiptsRoot: `0x${string}`;
  readonly acceptedTransactionsRoot: `0x${string}`;
  readonly logsBloom: `0x${string}`;
  readonly gasUsed: bigint;
  readonly executed: readonly ExecutedTransaction[];
  readonly skipped: readonly SkippedTransaction[];
}

/** The block's own transactions broke a rule: the block is invalid. */
export class InvalidBlockError extends Error {
  override readonly name = "InvalidBlockError";
}

/**
 * What to do with an invalid transaction of the block itself: an importer rejects the block, a
 * producer drops the transaction from the block it is building.
 */
export type OwnTransactionPolicy = "reject" | "drop";

/**
 * Computes a block's post-state (DESIGN.md, "Execution on a DAG"): from its selected parent's
 * post-state, the transactions of its mergeset in GHOSTDAG order, blues and reds alike, skipping
 * those no longer valid there, then its own. Each accepted blue block's reward is paid after its
 * transactions. Priority fees go to the proposer of the block that included the transaction when
 * that block is blue, else to the accepting block's proposer; the base fee is burned. Rewards and
 * precompile fees follow the executing block's `ExecutionRules` (its epoch's parameters), for merged
 * blocks too.
 */
export class BlockExecutor {
  constructor(
    readonly common: Common,
    private readonly trieDb: DB<string | Uint8Array, string | Uint8Array>,
    /** The chain spec's reward schedule: its treasury receives the treasury share of every reward. */
    private readonly rewards: RewardSchedule,
    private readonly precompiles?: EvmPrecompiles,
  ) {}

  /** A state manager reading the post-state with this root. */
  async stateAt(stateRoot: `0x${string}`): Promise<MerkleStateManager> {
    const trie = await createMPT({
      db: this.trieDb,
      root: hexToBytes(stateRoot),
      useKeyHashing: true,
      valueEncoding: ValueEncoding.Bytes,
      common: this.common,
    });
    return new CachedMerkleStateManager({ common: this.common, trie, caches: new Caches() });
  }

  /**
   * A VM on the post-state with this root, for a block in `env` (calls, gas estimates, execution);
   * its precompile calls get `precompileParams`, the block's parameters, when given.
   */
  async vmAt(stateRoot: `0x${string}`, env: BlockEnvironment, precompileParams?: PrecompileParams): Promise<VM> {
    const vm = await createVM({
      common: this.common,
      stateManager: await this.stateAt(stateRoot),
      blockchain: selectedChainView(env),
      evmOpts: { customPrecompiles: this.precompiles?.customPrecompiles() ?? [] },
    });
    this.precompiles?.attach(vm.evm as EVM, precompileParams);
    return vm;
  }

  /** The EVM's view of a block: its environment with `coinbase` receiving priority fees. */
  evmBlock(env: BlockEnvironment, coinbase: `0x${string}`): Block {
    return createBlock(
      {
        header: {
          number: env.number,
          timestamp: env.timestamp,
          gasLimit: env.gasLimit,
          baseFeePerGas: env.baseFeePerGas,
          coinbase: createAddressFromString(coinbase),
          mixHash: hexToBytes(env.prevRandao),
          parentHash: hexToBytes(env.selectedParent),
        },
      },
      { common: this.common, skipConsensusFormatValidation: true },
    );
  }

  /**
   * Executes the `merged` blocks (in GHOSTDAG execution order) and then the block's `own` body on
   * the post-state `parentStateRoot` under `rules`, and returns the roots the block's header must
   * commit to.
   */
  async execute(
    parentStateRoot: `0x${string}`,
    env: BlockEnvironment,
    merged: readonly AcceptedBlockBody[],
    own: OwnBlockBody,
    ownPolicy: OwnTransactionPolicy,
    rules: ExecutionRules,
  ): Promise<ExecutionOutcome> {
    const accepted: AcceptedBlockBody[] = [
      ...merged,
      { hash: SELF, proposer: env.proposer, blueScore: own.blueScore, blue: true, transactions: own.transactions },
    ];
    const vm = await this.vmAt(parentStateRoot, env, rules.precompileParams);
    const stateManager = vm.stateManager as MerkleStateManager;
    await stateManager.checkpoint();

    const executed: ExecutedTransaction[] = [];
    const skipped: SkippedTransaction[] = [];
    let gasUsed = 0n;
    let ownGasUsed = 0n;
    for (let i = 0; i < accepted.length; i++) {
      const body = accepted[i];
      const own = i === accepted.length - 1;
      const block = this.evmBlock(env, body.blue ? body.proposer : env.proposer);
      for (const transaction of body.transactions) {
        const refusal = own && ownGasUsed + transaction.gasLimit > env.gasLimit ? "exceeds the block's remaining gas" : undefined;
        let result;
        try {
          if (refusal !== undefined) throw new Error(refusal);
          result = await runTx(vm, { tx: transaction, block, skipBlockGasLimitValidation: true, skipHardForkValidation: true });
        } catch (error) {
          const reason = (error as Error).message.split("\n")[0];
          if (own && ownPolicy === "reject") {
            throw new InvalidBlockError(`transaction ${bytesToHex(transaction.hash())} of the block is invalid: ${reason}`);
          }
          skipped.push({ hash: bytesToHex(transaction.hash()) as `0x${string}`, includedIn: own ? null : body.hash, reason });
          continue;
        }
        gasUsed += result.totalGasSpent;
        if (own) ownGasUsed += result.totalGasSpent;
        executed.push({
          transaction,
          includedIn: own ? null : body.hash,
          receipt: { ...result.receipt, cumulativeBlockGasUsed: gasUsed },
          gasUsed: result.totalGasSpent,
          effectiveGasPrice: result.totalGasSpent === 0n ? 0n : result.amountSpent / result.totalGasSpent,
          contractAddress: result.createdAddress === undefined ? null : (result.createdAddress.toString() as `0x${string}`),
        });
      }
      if (body.blue) await payReward(stateManager, { ...rules.rewards, treasury: this.rewards.treasury }, body);
    }
    await stateManager.commit();
    const stateRoot = bytesToHex(await stateManager.getStateRoot()) as `0x${string}`;

    const bloom = new Uint8Array(256);
    for (const { receipt } of executed) for (let b = 0; b < 256; b++) bloom[b] |= receipt.bitvector[b];
    return {
      stateRoot,
      receiptsRoot: orderedTrieRoot(executed.map((e) => encodeReceipt(e.receipt, e.transaction.type))),
      acceptedTransactionsRoot: orderedTrieRoot(executed.map((e) => e.transaction.serialize())),
      logsBloom: bytesToHex(bloom) as `0x${string}`,
      gasUsed,
      executed,
      skipped,
    };
  }
}

async function payReward(stateManager: MerkleStateManager, rewards: RewardSchedule, body: AcceptedBlockBody): Promise<void> {
  const reward = blockReward(rewards, body.blueScore);
  await credit(stateManager, body.proposer, reward.proposer);
  await credit(stateManager, rewards.treasury, reward.treasury);
}

/** Stands for the executing block (whose hash depends on the roots being computed). */
const SELF = `0x${"00".repeat(32)}` as BlockHash;

/** The VM's view of past blocks: BLOCKHASH reads the executing block's selected chain. */
function selectedChainView(env: BlockEnvironment): EVMMockBlockchainInterface {
  const view: EVMMockBlockchainInterface = {
    getBlock: (number: number) => {
      const hash = env.ancestorHash(BigInt(number));
      return Promise.resolve({ hash: () => (hash === undefined ? new Uint8Array(32) : hexToBytes(hash)) });
    },
    putBlock: () => Promise.resolve(),
    shallowCopy: () => view,
  };
  return view;
}

async function credit(stateManager: MerkleStateManager, address: `0x${string}`, amount: bigint): Promise<void> {
  if (amount === 0n) return;
  const key = createAddressFromString(address);
  const account = (await stateManager.getAccount(key)) ?? new Account();
  account.balance += amount;
  await stateManager.putAccount(key, account);
}
