import { expect } from "chai";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, createAddressFromString, hexToBytes, setLengthLeft } from "@ethereumjs/util";
import { CID } from "multiformats/cid";
import { devAccounts } from "../../../node/chain/dev-accounts.js";
import { devChainSpec } from "../../../node/chain/dev-chain-spec.js";
import { chainCommon } from "../../../node/execution/common.js";
import { ARTIFACT_PRECOMPILE_ADDRESS, ArtifactState, artifactInterface, cidHashOf, decodeArtifactLog } from "../../../precompiles/artifact/artifact-abi.js";
import { ArtifactPrecompile } from "../../../precompiles/artifact/artifact-precompile.js";
import { decodeRequest, requestSlot } from "../../../precompiles/artifact/artifact-storage.js";
import { EvmPrecompiles } from "../../../precompiles/evm/evm-precompiles.js";
import { memoryNode } from "../../support/chain-fixture.js";

const spec = devChainSpec();
const [alice, bob, , , , , , , , , proposer] = devAccounts();
const CID_V1 = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
const FEE = 10n ** 15n;

describe("ArtifactPrecompile inside a block", function () {
  this.timeout(60_000);

  it("takes a paid pin and a confirmation in a built block: receipts carry decodable events, fees stay in 0x…1002, a revert refunds", async function () {
    const precompiles = new EvmPrecompiles([new ArtifactPrecompile({ pinFee: () => FEE })]);
    const node = await memoryNode(spec, precompiles);
    const nonces = new Map<string, bigint>();
    const tx = (from: typeof alice, name: string, args: readonly unknown[], value = 0n) => {
      const nonce = nonces.get(from.address) ?? 0n;
      nonces.set(from.address, nonce + 1n);
      return createFeeMarket1559Tx(
        {
          chainId: spec.chainId,
          nonce,
          to: createAddressFromString(ARTIFACT_PRECOMPILE_ADDRESS),
          value,
          data: hexToBytes(artifactInterface.encodeFunctionData(name, args) as `0x${string}`),
          gasLimit: 200_000n,
          maxFeePerGas: 10n ** 10n,
          maxPriorityFeePerGas: 1n,
        },
        { common: chainCommon(spec) },
      ).sign(hexToBytes(from.privateKey));
    };
    const built = await node.processor.buildBlock({
      proposer: proposer.address,
      timestamp: 5n,
      transactions: [tx(alice, "pin", [CID_V1, 2], 2n * FEE), tx(bob, "confirm", [CID_V1]), tx(bob, "pin", [CID_V1, 1], FEE)],
    });
    const [pinned, confirmed, refused] = built.outcome.executed;
    const statusOf = (executed: { receipt: object }) => ("status" in executed.receipt ? executed.receipt.status : undefined);
    expect([statusOf(pinned), statusOf(confirmed), statusOf(refused)]).to.deep.equal([1, 1, 0]);
    const decoded = [...pinned.receipt.logs, ...confirmed.receipt.logs].map(([address, topics, data]) =>
      decodeArtifactLog({ address: bytesToHex(address), topics: topics.map((t) => bytesToHex(t)), data: bytesToHex(data) }),
    );
    const cidHash = bytesToHex(cidHashOf(CID.parse(CID_V1)));
    expect(decoded).to.deep.equal([
      { kind: "PinRequested", cidHash, cid: CID_V1, requester: alice.address.toLowerCase(), replicas: 2, fee: 2n * FEE },
      { kind: "PinConfirmed", cidHash, cid: CID_V1, provider: bob.address.toLowerCase(), confirmed: 1 },
    ]);

    const state = await node.executor.stateAt(built.header.stateRoot);
    const account = await state.getAccount(createAddressFromString(ARTIFACT_PRECOMPILE_ADDRESS));
    expect(account?.balance).to.equal(2n * FEE);
    const word = await state.getStorage(createAddressFromString(ARTIFACT_PRECOMPILE_ADDRESS), requestSlot(cidHashOf(CID.parse(CID_V1))));
    expect(decodeRequest(setLengthLeft(word, 32))).to.deep.equal({
      requester: alice.address.toLowerCase(),
      replicas: 2,
      confirmed: 1,
      generation: 1,
    });

    await node.processor.importBuiltBlock(built);
    const head = node.processor.block(node.processor.dag.virtualSelectedParent);
    expect(head?.header.stateRoot).to.equal(built.header.stateRoot);
    const vm = await node.executor.vmAt(built.header.stateRoot, node.processor.environmentOf(head!));
    const call = await vm.evm.runCall({
      to: createAddressFromString(ARTIFACT_PRECOMPILE_ADDRESS),
      data: hexToBytes(artifactInterface.encodeFunctionData("status", [CID_V1]) as `0x${string}`),
      gasLimit: 100_000n,
      isStatic: true,
    });
    const [status, requested, confirmations] = artifactInterface.decodeFunctionResult("status", bytesToHex(call.execResult.returnValue));
    expect([Number(status), Number(requested), Number(confirmations)]).to.deep.equal([ArtifactState.Pending, 2, 1]);
  });
});
