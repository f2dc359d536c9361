import { createHash } from "node:crypto";
import { createFeeMarket1559Tx, type TypedTransaction } from "@ethereumjs/tx";
import { createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { devAccounts } from "../../../node/chain/dev-accounts.js";
import { devChainSpec } from "../../../node/chain/dev-chain-spec.js";
import { chainCommon } from "../../../node/execution/common.js";
import { EvmPrecompiles } from "../../../precompiles/evm/evm-precompiles.js";
import { WasmConsensusEngine } from "../../../precompiles/inference/consensus-engine.js";
import type { ArtifactReader } from "../../../precompiles/model/artifact-reader.js";
import { MODEL_PRECOMPILE_ADDRESS } from "../../../precompiles/model/model-abi.js";
import { ModelPrecompile } from "../../../precompiles/model/model-precompile.js";
import { IModelPrecompile__factory } from "../../../types/ethers-contracts/index.js";
import { memoryNode } from "../../support/chain-fixture.js";

export const spec = devChainSpec();
export const accounts = devAccounts();
/** The ABI compiled from contracts/interfaces/IModelPrecompile.sol. */
export const modelAbi = IModelPrecompile__factory.createInterface();

/** Artifacts in a map, by a CIDv1 (raw, sha256) of their bytes. */
export class MemoryArtifacts implements ArtifactReader {
  readonly files = new Map<string, Uint8Array>();
  cats = 0;

  async add(bytes: Uint8Array): Promise<string> {
    const cid = CID.create(1, raw.code, await sha256.digest(bytes)).toString();
    this.files.set(cid, bytes);
    return cid;
  }

  async cat(cid: string): Promise<Uint8Array> {
    this.cats++;
    const bytes = this.files.get(cid);
    if (bytes === undefined) throw new Error(`no block for ${cid}`);
    return bytes;
  }
}

export function sha256Hex(bytes: Uint8Array): `0x${string}` {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

/** One consensus engine for the whole test process (onnxruntime-web is configured once per process). */
let sharedEngine: WasmConsensusEngine | undefined;
export function consensusEngine(): WasmConsensusEngine {
  sharedEngine ??= new WasmConsensusEngine();
  return sharedEngine;
}

export async function modelChain(options: { gasPerMac?: () => bigint } = {}) {
  const artifacts = new MemoryArtifacts();
  const model = new ModelPrecompile({ artifacts, engine: consensusEngine(), ...(options.gasPerMac === undefined ? {} : { gasPerMac: options.gasPerMac }) });
  const node = await memoryNode(spec, new EvmPrecompiles([model]));
  const nonces = new Map<string, bigint>();
  let timestamp = 10n;

  /** A signed transaction calling MODEL with `data`. */
  const tx = (data: string, gasLimit = 25_000_000n, from = accounts[0]): TypedTransaction => {
    const nonce = nonces.get(from.address) ?? 0n;
    nonces.set(from.address, nonce + 1n);
    return createFeeMarket1559Tx(
      { chainId: spec.chainId, nonce, to: createAddressFromString(MODEL_PRECOMPILE_ADDRESS), data: hexToBytes(data as `0x${string}`), gasLimit, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n },
      { common: chainCommon(spec) },
    ).sign(hexToBytes(from.privateKey));
  };

  /** Builds a block with `transactions` on the current tips and imports it. */
  const block = async (transactions: TypedTransaction[]) => {
    timestamp += 2n;
    const built = await node.processor.buildBlock({ proposer: accounts[10].address, timestamp, transactions });
    await node.processor.importBuiltBlock(built);
    return built;
  };

  /** The EVM at the head's post-state, as eth_call sees it. */
  const headVm = async () => {
    const head = node.processor.block(node.processor.dag.virtualSelectedParent)!;
    return node.executor.vmAt(head.header.stateRoot, node.processor.environmentOf(head));
  };

  /** An eth_call-style call to MODEL at the head. */
  const call = async (data: string, options: { gasLimit?: bigint; isStatic?: boolean; caller?: `0x${string}` } = {}) => {
    const vm = await headVm();
    const result = await vm.evm.runCall({
      to: createAddressFromString(MODEL_PRECOMPILE_ADDRESS),
      caller: createAddressFromString(options.caller ?? accounts[0].address),
      data: hexToBytes(data as `0x${string}`),
      gasLimit: options.gasLimit ?? 25_000_000n,
      isStatic: options.isStatic ?? false,
    });
    return result.execResult;
  };

  return { artifacts, model, node, tx, block, call, headVm };
}

/** A post-Byzantium receipt's status. */
export function statusOf(executed: { receipt: object }): number | undefined {
  return "status" in executed.receipt ? (executed.receipt.status as number) : undefined;
}
