import { expect } from "chai";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, createAddressFromString, hexToBytes, setLengthLeft } from "@ethereumjs/util";
import { AbiCoder } from "ethers";
import { devAccounts } from "../../../node/chain/dev-accounts.js";
import { devChainSpec } from "../../../node/chain/dev-chain-spec.js";
import { chainCommon } from "../../../node/execution/common.js";
import { EvmPrecompiles } from "../../../precompiles/evm/evm-precompiles.js";
import { outcome, type Precompile, type PrecompileCall } from "../../../precompiles/evm/precompile.js";
import { memoryNode } from "../../support/chain-fixture.js";

const spec = devChainSpec();
const [alice, , , , , , , , , , proposer] = devAccounts();
const PROBE = "0x0000000000000000000000000000000000001fff";
const SLOT = setLengthLeft(new Uint8Array([7]), 32);

/** A post-Byzantium receipt's status. */
function statusOf(executed: { receipt: object }): number | undefined {
  return "status" in executed.receipt ? (executed.receipt.status as number) : undefined;
}

/** A precompile whose first input byte picks what it does; it records the last call it saw. */
class ProbePrecompile implements Precompile {
  readonly address = PROBE;
  readonly name = "PROBE";
  lastCall: PrecompileCall | undefined;

  async run(call: PrecompileCall) {
    this.lastCall = call;
    switch (call.input[0]) {
      case 0: {
        await call.storage.put(SLOT, setLengthLeft(call.input.subarray(1), 32));
        return outcome.ok(await call.storage.get(SLOT), 1_000n, [{ topics: [SLOT], data: call.input }]);
      }
      case 1:
        await call.storage.put(SLOT, setLengthLeft(new Uint8Array([0xee]), 32));
        return outcome.revert("probe says no", 500n);
      case 2:
        return outcome.outOfGas();
      default:
        throw new Error("handler bug");
    }
  }
}

describe("EvmPrecompiles (Citrate precompiles inside ethereumjs)", function () {
  this.timeout(60_000);

  async function setup() {
    const probe = new ProbePrecompile();
    const faults: unknown[] = [];
    const precompiles = new EvmPrecompiles([probe], (_p, error) => faults.push(error));
    const node = await memoryNode(spec, precompiles);
    let nonce = 0n;
    const tx = (data: number[], value = 0n) =>
      createFeeMarket1559Tx(
        { chainId: spec.chainId, nonce: nonce++, to: createAddressFromString(PROBE), value, data: new Uint8Array(data), gasLimit: 100_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n },
        { common: chainCommon(spec) },
      ).sign(hexToBytes(alice.privateKey));
    return { probe, faults, node, tx };
  }

  it("gives the handler the caller, value and block, and keeps its storage writes and logs", async function () {
    const { probe, node, tx } = await setup();
    const built = await node.processor.buildBlock({ proposer: proposer.address, timestamp: 5n, transactions: [tx([0, 0xab], 3n)] });
    expect(probe.lastCall?.caller).to.equal(alice.address.toLowerCase());
    expect(probe.lastCall?.value).to.equal(3n);
    expect(probe.lastCall?.isStatic).to.equal(false);
    expect(probe.lastCall?.block).to.deep.equal({ number: 1n, timestamp: 5n });
    const [executed] = built.outcome.executed;
    expect(statusOf(executed)).to.equal(1);
    expect(executed.receipt.logs).to.have.length(1);
    expect(bytesToHex(executed.receipt.logs[0][0])).to.equal(PROBE);
    expect(executed.gasUsed).to.equal(21_000n + 4n + 16n + 1_000n); // calldata: one zero byte, one non-zero
    const state = await node.executor.stateAt(built.header.stateRoot);
    expect(bytesToHex(await state.getStorage(createAddressFromString(PROBE), SLOT))).to.equal("0xab");
    // Kept non-empty so EIP-161 never deletes it (and its storage) when touched.
    expect((await state.getAccount(createAddressFromString(PROBE)))?.nonce).to.equal(1n);
  });

  it("turns a revert into Error(reason) revert data and undoes the call's writes", async function () {
    const { node, tx } = await setup();
    const built = await node.processor.buildBlock({ proposer: proposer.address, timestamp: 5n, transactions: [tx([0, 0x11]), tx([1])] });
    const [, reverted] = built.outcome.executed;
    expect(statusOf(reverted)).to.equal(0);
    expect(reverted.gasUsed).to.equal(21_000n + 16n + 500n);
    const state = await node.executor.stateAt(built.header.stateRoot);
    expect(bytesToHex(await state.getStorage(createAddressFromString(PROBE), SLOT))).to.equal("0x11");
  });

  it("consumes all gas when the handler runs out of gas, and reverts (reporting a fault) when it throws", async function () {
    const { node, faults, tx } = await setup();
    const built = await node.processor.buildBlock({ proposer: proposer.address, timestamp: 5n, transactions: [tx([2]), tx([3])] });
    const [outOfGas, threw] = built.outcome.executed;
    expect(statusOf(outOfGas)).to.equal(0);
    expect(outOfGas.gasUsed).to.equal(100_000n);
    expect(statusOf(threw)).to.equal(0);
    expect(faults).to.have.length(1);
    expect((faults[0] as Error).message).to.equal("handler bug");
  });

  it("marks a static call as static and returns Error(string) data to eth_call-style calls", async function () {
    const { probe, node } = await setup();
    const head = node.processor.block(node.processor.dag.virtualSelectedParent);
    const env = node.processor.environmentOf(head!);
    const vm = await node.executor.vmAt(head!.header.stateRoot, env);
    const result = await vm.evm.runCall({ to: createAddressFromString(PROBE), data: new Uint8Array([1]), gasLimit: 50_000n, isStatic: true });
    expect(probe.lastCall?.isStatic).to.equal(true);
    const returned = bytesToHex(result.execResult.returnValue);
    expect(returned.slice(0, 10)).to.equal("0x08c379a0");
    expect(AbiCoder.defaultAbiCoder().decode(["string"], `0x${returned.slice(10)}`)[0]).to.equal("probe says no");
  });
});
