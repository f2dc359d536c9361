import { expect } from "chai";
import { createFeeMarket1559Tx, type TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex, createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { Interface } from "ethers";
import { KEY } from "../../../deploy/protocol-parameters.js";
import type { ChainSpec } from "../../../node/chain/chain-spec.js";
import { devAccounts } from "../../../node/chain/dev-accounts.js";
import { devChainSpec, withPredeploys } from "../../../node/chain/dev-chain-spec.js";
import { ArtifactDirectory } from "../../../node/chain/predeploys/predeploy-artifacts.js";
import { PREDEPLOY_ADDRESSES } from "../../../node/chain/predeploys/predeploy.js";
import { coreProtocolPredeploys } from "../../../node/chain/predeploys/protocol-predeploys.js";
import type { BlockHash } from "../../../node/consensus/hash.js";
import { InvalidBlockError } from "../../../node/execution/block-executor.js";
import type { BlockProcessor } from "../../../node/execution/block-processor.js";
import type { StoredBlock } from "../../../node/execution/block-store.js";
import { chainCommon } from "../../../node/execution/common.js";
import { precompileParamsOf } from "../../../node/params/epoch-params.js";
import { ArtifactPrecompile } from "../../../precompiles/artifact/artifact-precompile.js";
import { EvmPrecompiles } from "../../../precompiles/evm/evm-precompiles.js";
import { balanceAt, memoryNode } from "../../support/chain-fixture.js";

const GWEI = 10n ** 9n;
const LAT = 10n ** 18n;
const EPOCH = 4;
const [owner] = devAccounts();
const PROPOSER = "0x00000000000000000000000000000000000000aa";
const params = new Interface(["function setParam(bytes32 key, uint256 value)"]);
const artifact = new Interface(["function pinFee() view returns (uint256)"]);

function governedSpec(): ChainSpec {
  const spec = { ...devChainSpec(), epochLength: EPOCH };
  return withPredeploys(spec, coreProtocolPredeploys(new ArtifactDirectory("artifacts"), { owner: owner.address, epochLength: EPOCH }));
}

function setParam(spec: ChainSpec, key: string, value: bigint, nonce: bigint): TypedTransaction {
  return createFeeMarket1559Tx(
    {
      chainId: spec.chainId,
      nonce,
      to: createAddressFromString(PREDEPLOY_ADDRESSES.ProtocolParams),
      data: hexToBytes(params.encodeFunctionData("setParam", [key, value]) as `0x${string}`),
      gasLimit: 200_000n,
      maxFeePerGas: 10n * GWEI,
      maxPriorityFeePerGas: GWEI,
    },
    { common: chainCommon(spec) },
  ).sign(hexToBytes(owner.privateKey));
}

/** Builds and imports a block on `parent` (default: the heaviest tips). */
async function mine(processor: BlockProcessor, transactions: readonly TypedTransaction[] = [], parent?: StoredBlock): Promise<StoredBlock> {
  const sp = parent ?? processor.block(processor.dag.virtualSelectedParent);
  if (sp === undefined) throw new Error("no head");
  const built = await processor.buildBlock({
    proposer: PROPOSER,
    timestamp: sp.header.timestamp + 1n,
    transactions,
    ...(parent === undefined ? {} : { parents: [parent.hash] }),
  });
  expect(built.dropped).to.deep.equal([]);
  return (await processor.importBuiltBlock(built)).block;
}

describe("protocol parameters at epoch boundaries (ProtocolParams predeploy, epochLength 4)", function () {
  this.timeout(120_000);

  it("applies a change made in epoch 0 from block 4, and not before; every node re-derives the same headers", async function () {
    const spec = governedSpec();
    const node = await memoryNode(spec);
    const genesis = node.processor.block(node.processor.dag.virtualSelectedParent) as StoredBlock;
    expect((await node.processor.paramsOf(genesis)).values).to.deep.include({ minGasPrice: GWEI, blockGasLimit: 30_000_000n, blockReward: 10n * LAT });

    const chain: StoredBlock[] = [
      await mine(node.processor, [
        setParam(spec, KEY.MIN_GAS_PRICE, 5n * GWEI, 0n),
        setParam(spec, KEY.BLOCK_REWARD, 20n * LAT, 1n),
        setParam(spec, KEY.BLOCK_GAS_LIMIT, 40_000_000n, 2n),
      ]),
    ];
    for (let n = 2; n <= 5; n++) chain.push(await mine(node.processor));
    expect(chain.map((b) => b.header.number)).to.deep.equal([1n, 2n, 3n, 4n, 5n]);
    expect(chain.map((b) => b.header.gasLimit)).to.deep.equal([30_000_000n, 30_000_000n, 30_000_000n, 40_000_000n, 40_000_000n]);
    const applied = await Promise.all(chain.map(async (b) => (await node.processor.paramsOf(b)).values));
    expect(applied.map((v) => v.minGasPrice)).to.deep.equal([GWEI, GWEI, GWEI, 5n * GWEI, 5n * GWEI]);
    expect(applied.map((v) => v.blockReward)).to.deep.equal([10n * LAT, 10n * LAT, 10n * LAT, 20n * LAT, 20n * LAT]);
    expect((await node.processor.paramsOf(chain[3])).epoch).to.equal(1n);

    // Empty blocks: the proposer earns exactly its share (90%) of the block's reward.
    const earned = async (i: number) =>
      (await balanceAt(node.executor, chain[i].header.stateRoot, PROPOSER)) - (await balanceAt(node.executor, chain[i - 1].header.stateRoot, PROPOSER));
    expect(await earned(2)).to.equal(9n * LAT);
    expect(await earned(3)).to.equal(18n * LAT);

    // A second node verifies every block by re-executing it under the parameters it derives itself.
    const verifier = await memoryNode(spec);
    for (const block of chain) await verifier.processor.importBlock(block.header, block.transactions);

    // A block that keeps the old gas limit after the boundary is invalid.
    const stale = { ...chain[3].header, gasLimit: 30_000_000n };
    const other = await memoryNode(spec);
    for (const block of chain.slice(0, 3)) await other.processor.importBlock(block.header, block.transactions);
    let refusal: unknown;
    try {
      await other.processor.importBlock(stale, chain[3].transactions);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).to.be.instanceOf(InvalidBlockError);
    expect((refusal as Error).message).to.match(/gasLimit is 30000000, expected 40000000/);
  });

  it("judges a side branch by its own boundary block, not by the canonical chain", async function () {
    const spec = governedSpec();
    const node = await memoryNode(spec);
    const genesis = node.processor.block(node.processor.dag.virtualSelectedParent) as StoredBlock;
    // Branch A raises the gas limit in block 1; branch B, from genesis, does not.
    let a = await mine(node.processor, [setParam(spec, KEY.BLOCK_GAS_LIMIT, 50_000_000n, 0n)], genesis);
    for (let n = 2; n <= 4; n++) a = await mine(node.processor, [], a);
    let b = genesis;
    for (let n = 1; n <= 4; n++) b = await mine(node.processor, [], b);
    expect(a.header.number).to.equal(4n);
    expect(b.header.number).to.equal(4n);
    expect(a.header.gasLimit).to.equal(50_000_000n);
    expect(b.header.gasLimit).to.equal(30_000_000n);
    expect((await node.processor.paramsOf(b)).values.blockGasLimit).to.equal(30_000_000n);
    // Whichever branch is canonical, the other kept its own parameters.
    expect([a, b].filter((tip) => node.processor.dag.selectedChainIndex(tip.hash) !== undefined)).to.have.length(1);
  });

  it("gives precompiles the pin fee of the block's epoch", async function () {
    const spec = governedSpec();
    const node = await memoryNode(spec, new EvmPrecompiles([new ArtifactPrecompile({ pinFee: () => 7n })]));
    await mine(node.processor, [setParam(spec, KEY.PIN_FEE, 3n * LAT, 0n)]);
    for (let n = 2; n <= 4; n++) await mine(node.processor);
    const pinFeeAt = async (number: bigint): Promise<bigint> => {
      const block = node.processor.block(node.processor.dag.selectedChainBlock(Number(number)) as BlockHash) as StoredBlock;
      const env = node.processor.environmentOf(block);
      const vm = await node.executor.vmAt(block.header.stateRoot, env, precompileParamsOf(await node.processor.paramsOf(block)));
      const result = await vm.evm.runCall({
        to: createAddressFromString("0x0000000000000000000000000000000000001002"),
        data: hexToBytes(artifact.encodeFunctionData("pinFee") as `0x${string}`),
        gasLimit: 100_000n,
      });
      return artifact.decodeFunctionResult("pinFee", bytesToHex(result.execResult.returnValue))[0] as bigint;
    };
    expect(await pinFeeAt(3n)).to.equal(LAT / 100n);
    expect(await pinFeeAt(4n)).to.equal(3n * LAT);
  });

  it("keeps a chain without ProtocolParams on its spec's values", async function () {
    const spec = { ...devChainSpec(), epochLength: EPOCH };
    const node = await memoryNode(spec);
    let block: StoredBlock | undefined;
    for (let n = 1; n <= 5; n++) block = await mine(node.processor);
    const applied = await node.processor.paramsOf(block as StoredBlock);
    expect(applied.governed).to.equal(false);
    expect(applied.values).to.deep.include({ blockGasLimit: spec.blockGasLimit, blockReward: spec.rewards.initialReward, minGasPrice: 0n });
    expect(precompileParamsOf(applied)).to.equal(undefined);
  });
});
