import type { Block } from "@ethereumjs/block";
import type { Proof } from "@ethereumjs/common";
import { bytesToHex, type Address } from "@ethereumjs/util";
import type { VM } from "@ethereumjs/vm";
import type { CanonicalLocation } from "../../../chain/canonical-index.js";
import type { BlockHash } from "../../../consensus/hash.js";
import type { StoredBlock } from "../../../execution/block-store.js";
import type { BlockSelector } from "../../codec/block-tag.js";
import { RpcError } from "../../json-rpc.js";

/** Reads of one post-state. */
export interface StateReader {
  getAccount(address: Address): Promise<{ nonce: bigint; balance: bigint } | undefined>;
  getCode(address: Address): Promise<Uint8Array>;
  getStorage(address: Address, slot: Uint8Array): Promise<Uint8Array>;
}

/** The Ethereum view of the node's chain that the eth_ block, state and transaction methods read. */
export interface ChainReader {
  /** The head of the virtual selected chain ("latest"). */
  head(): StoredBlock;
  /** The base fee of the next block on the head (EIP-1559, floored at the protocol's minimum gas price). */
  nextBaseFee(): bigint;
  blockByNumber(number: bigint): StoredBlock | undefined;
  /** Any verified block of the DAG, on the chain or not. */
  blockByHash(hash: BlockHash): StoredBlock | undefined;
  /** The block's selected parent (its parent in the Ethereum view); null for the genesis. */
  selectedParentOf(hash: BlockHash): BlockHash | null;
  isCanonical(hash: BlockHash): boolean;
  /** Where a transaction sits on the canonical chain. */
  transaction(hash: `0x${string}`): CanonicalLocation | undefined;
  /** The post-state of a block. */
  stateOf(block: StoredBlock): Promise<StateReader>;
  /**
   * EIP-1186 Merkle proofs, in a block's post-state trie, of an account and of some of its storage
   * slots (32-byte keys), one storage proof per slot in order; none for an account that does not exist.
   */
  accountProof(block: StoredBlock, address: Address, slots: readonly Uint8Array[]): Promise<Proof>;
  /**
   * Runs `work` with a VM and the block as the EVM sees it (for calls and estimates): a stored
   * block's post-state and environment, or for "pending" the next block's environment on the head's
   * post-state. The VM is `work`'s alone until it settles; `work` must leave its state as it found it.
   */
  withCallEnvironment<T>(target: StoredBlock | "pending", work: (environment: CallEnvironment) => Promise<T>): Promise<T>;
}

/** A VM on a block's post-state, and the block as the EVM sees it. */
export interface CallEnvironment {
  readonly vm: VM;
  readonly evmBlock: Block;
}

export interface ChainReaderContext {
  readonly chain: ChainReader;
}

/**
 * The block a selector names: a number, a tag or an EIP-1898 object. "pending" is the head (blocks
 * are produced as transactions arrive); "safe" and "finalized" are the head on a single-node dev chain.
 */
export function resolveBlock(chain: ChainReader, selector: BlockSelector | undefined): StoredBlock {
  if (selector === undefined || selector === "latest" || selector === "pending" || selector === "safe" || selector === "finalized") {
    return chain.head();
  }
  if (selector === "earliest") return chain.blockByNumber(0n) as StoredBlock;
  if (typeof selector === "bigint") {
    const block = chain.blockByNumber(selector);
    if (block === undefined) throw RpcError.resourceNotFound(`block #${selector} not found`);
    return block;
  }
  const hash = bytesToHex(selector.blockHash) as BlockHash;
  const block = chain.blockByHash(hash);
  if (block === undefined) throw RpcError.resourceNotFound(`block ${hash} not found`);
  if (selector.requireCanonical && !chain.isCanonical(hash)) throw RpcError.resourceNotFound(`block ${hash} is not canonical`);
  return block;
}
