import { expect } from "chai";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { Interface } from "ethers";
import pino from "pino";
import { KEY } from "../../../deploy/protocol-parameters.js";
import { devAccounts } from "../../../node/chain/dev-accounts.js";
import { devChainSpec, withPredeploys } from "../../../node/chain/dev-chain-spec.js";
import { ArtifactDirectory } from "../../../node/chain/predeploys/predeploy-artifacts.js";
import { PREDEPLOY_ADDRESSES } from "../../../node/chain/predeploys/predeploy.js";
import { coreProtocolPredeploys } from "../../../node/chain/predeploys/protocol-predeploys.js";
import { chainCommon } from "../../../node/execution/common.js";
import { BlockProducer } from "../../../node/producer/block-producer.js";
import { memoryNode } from "../../support/chain-fixture.js";

const [owner] = devAccounts();

describe("producer interval from the target block time", function () {
  this.timeout(60_000);

  it("waits the target block time of each block's epoch when started without an interval", async function () {
    const spec = withPredeploys({ ...devChainSpec(), epochLength: 2 }, coreProtocolPredeploys(new ArtifactDirectory("artifacts"), { owner: owner.address, epochLength: 2 }));
    const { processor } = await memoryNode(spec);
    const setTarget = createFeeMarket1559Tx(
      {
        chainId: spec.chainId,
        nonce: 0n,
        to: createAddressFromString(PREDEPLOY_ADDRESSES.ProtocolParams),
        data: hexToBytes(new Interface(["function setParam(bytes32,uint256)"]).encodeFunctionData("setParam", [KEY.TARGET_BLOCK_TIME, 100n]) as `0x${string}`),
        gasLimit: 200_000n,
        maxFeePerGas: 10n ** 10n,
        maxPriorityFeePerGas: 10n ** 9n,
      },
      { common: chainCommon(spec) },
    ).sign(hexToBytes(owner.privateKey));
    let pending = [setTarget];
    let seconds = 0n;
    const producer = new BlockProducer(
      processor,
      { selectForBlock: () => pending },
      "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e",
      () => {
        pending = [];
        return Promise.resolve();
      },
      pino({ level: "silent" }),
      { now: () => (seconds += 1n) },
    );
    await producer.produce(); // block 1 schedules 100 ms for epoch 1 (blocks 2, 3)
    expect((await processor.paramsForChild(processor.block(processor.dag.virtualSelectedParent)!)).values.targetBlockTime).to.equal(100n);
    const started = Date.now();
    producer.startInterval();
    while (processor.dag.selectedChainLength < 4 && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
    await producer.stop();
    const elapsed = Date.now() - started;
    // Blocks 2 and 3 each 100 ms apart; the protocol table's initial value (1000 ms) would take 2 s.
    expect(processor.dag.selectedChainLength).to.be.at.least(4);
    expect(elapsed).to.be.below(1_900);
  });
});
