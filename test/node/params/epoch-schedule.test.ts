import { expect } from "chai";
import { id } from "ethers";
import { devChainSpec } from "../../../node/chain/dev-chain-spec.js";
import { boundaryHeight, epochOf, nextEpochStart } from "../../../node/params/epoch-schedule.js";
import { NODE_PARAMS, paramsFromValues, specParams } from "../../../node/params/node-params.js";
import { paramsReport } from "../../../node/params/params-report.js";

const GWEI = 10n ** 9n;
const LAT = 10n ** 18n;
const key = (name: string): string => id(name);

describe("epoch schedule", function () {
  it("counts epochs as ProtocolParams does (block / epochLength)", function () {
    expect([0n, 1n, 3n, 4n, 7n, 8n].map((n) => epochOf(n, 4n))).to.deep.equal([0n, 0n, 0n, 1n, 1n, 2n]);
    expect(epochOf(99n, 100n)).to.equal(0n);
    expect(epochOf(100n, 100n)).to.equal(1n);
  });

  it("reads epoch e from the last block of epoch e - 1 (genesis for epoch 0)", function () {
    expect(boundaryHeight(0n, 4n)).to.equal(0n);
    expect(boundaryHeight(1n, 4n)).to.equal(3n);
    expect(boundaryHeight(2n, 4n)).to.equal(7n);
    // With one block per epoch every block is read from its selected parent.
    expect(boundaryHeight(5n, 1n)).to.equal(4n);
  });

  it("puts a change made in any block of an epoch into force at the next epoch's first block", function () {
    expect([0n, 1n, 3n].map((n) => nextEpochStart(n, 4n))).to.deep.equal([4n, 4n, 4n]);
    expect(nextEpochStart(4n, 4n)).to.equal(8n);
    // Every block of an epoch maps to one boundary, and that boundary precedes the epoch.
    for (let n = 1n; n < 40n; n++) {
      const boundary = boundaryHeight(epochOf(n, 4n), 4n);
      expect(boundary < n).to.equal(true);
      expect(epochOf(boundary + 1n, 4n)).to.equal(epochOf(n, 4n));
    }
  });

  it("refuses a non-positive epoch length and negative numbers", function () {
    expect(() => epochOf(1n, 0n)).to.throw(RangeError, /epoch length must be positive, got 0/);
    expect(() => epochOf(-1n, 4n)).to.throw(RangeError, /block number -1 is negative/);
    expect(() => boundaryHeight(-1n, 4n)).to.throw(RangeError, /epoch -1 is negative/);
  });
});

describe("node parameters", function () {
  const spec = devChainSpec();
  const fixed = specParams(spec);

  it("takes gas limit and rewards from the spec and sets no protocol fee floor without ProtocolParams", function () {
    expect(fixed).to.deep.include({
      minGasPrice: 0n,
      blockGasLimit: spec.blockGasLimit,
      blockReward: spec.rewards.initialReward,
      rewardHalvingInterval: spec.rewards.halvingInterval,
      treasuryShareBps: spec.rewards.treasuryShareBps,
      inferenceGasPerMac: 1n,
    });
  });

  it("names the eight citrate.node keys with the protocol table's bounds", function () {
    expect(NODE_PARAMS.map((p) => p.name)).to.deep.equal([
      "citrate.node.minGasPrice",
      "citrate.node.blockGasLimit",
      "citrate.node.blockReward",
      "citrate.node.rewardHalvingInterval",
      "citrate.node.treasuryShareBps",
      "citrate.node.targetBlockTime",
      "citrate.node.inferenceGasPerMac",
      "citrate.node.pinFee",
    ]);
    expect(NODE_PARAMS.find((p) => p.field === "blockGasLimit")).to.deep.include({ key: key("citrate.node.blockGasLimit"), min: 5_000_000n, max: 1_000_000_000n });
  });

  it("applies values within bounds as they are, clamps the others and keeps the fallback for missing keys", function () {
    const values = new Map<string, bigint>(NODE_PARAMS.map((p) => [p.key, p.min]));
    values.set(key("citrate.node.minGasPrice"), 5n * GWEI);
    values.set(key("citrate.node.blockGasLimit"), 1n);
    values.set(key("citrate.node.blockReward"), 1_000n * LAT);
    values.delete(key("citrate.node.pinFee"));
    const { params, corrections } = paramsFromValues(values, fixed);
    expect(params.minGasPrice).to.equal(5n * GWEI);
    expect(params.blockGasLimit).to.equal(5_000_000n);
    expect(params.blockReward).to.equal(100n * LAT);
    expect(params.pinFee).to.equal(fixed.pinFee);
    expect(corrections).to.deep.equal([
      { name: "citrate.node.blockGasLimit", read: 1n, applied: 5_000_000n, reason: "belowMin" },
      { name: "citrate.node.blockReward", read: 1_000n * LAT, applied: 100n * LAT, reason: "aboveMax" },
      { name: "citrate.node.pinFee", read: undefined, applied: fixed.pinFee, reason: "missing" },
    ]);
  });

  it("reports applied values, pending changes after the next block's epoch, and the next boundary", function () {
    const minGasPrice = key("citrate.node.minGasPrice") as `0x${string}`;
    const challenge = key("citrate.inference.challengeWindow") as `0x${string}`;
    const next = { epoch: 2n, values: { ...fixed, minGasPrice: 2n * GWEI }, governed: true };
    const report = paramsReport(9n, 4n, next, [
      { key: minGasPrice, value: 2n * GWEI, sinceEpoch: 2n, pending: { value: 5n * GWEI, activationEpoch: 3n }, min: 0n, max: 1_000n * GWEI },
      { key: challenge, value: 600n, sinceEpoch: 0n, min: 10n, max: 604_800n },
    ]);
    expect(report).to.deep.equal({
      epoch: 2n,
      epochLength: 4n,
      nextBoundaryBlock: 12n,
      governed: true,
      params: [
        { name: "citrate.node.minGasPrice", key: minGasPrice, value: 2n * GWEI, pending: { value: 5n * GWEI, activationEpoch: 3n }, min: 0n, max: 1_000n * GWEI },
        { name: "citrate.inference.challengeWindow", key: challenge, value: 600n, min: 10n, max: 604_800n },
      ],
    });
    const ungoverned = paramsReport(1n, 100n, { epoch: 0n, values: fixed, governed: false }, undefined);
    expect(ungoverned.governed).to.equal(false);
    expect(ungoverned.params.map((p) => p.value)).to.deep.equal(NODE_PARAMS.map((p) => fixed[p.field]));
  });
});
