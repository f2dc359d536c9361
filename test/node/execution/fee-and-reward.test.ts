import { expect } from "chai";
import { nextBaseFee } from "../../../node/execution/base-fee.js";
import { blockReward } from "../../../node/execution/block-reward.js";
import { devChainSpec } from "../../../node/chain/dev-chain-spec.js";

const gwei = 10n ** 9n;

describe("EIP-1559 base fee", function () {
  it("holds at the target, rises at most 1/8 when full, falls at most 1/8 when empty", function () {
    const gasLimit = 30_000_000n;
    expect(nextBaseFee({ gasLimit, gasUsed: 15_000_000n, baseFeePerGas: gwei }, 0n)).to.equal(gwei);
    expect(nextBaseFee({ gasLimit, gasUsed: gasLimit, baseFeePerGas: gwei }, 0n)).to.equal(gwei + gwei / 8n);
    expect(nextBaseFee({ gasLimit, gasUsed: 0n, baseFeePerGas: gwei }, 0n)).to.equal(gwei - gwei / 8n);
    expect(nextBaseFee({ gasLimit, gasUsed: 15_000_001n, baseFeePerGas: 7n }, 0n)).to.equal(8n); // rises by at least 1 wei
  });

  it("never falls below the protocol's minimum gas price, and jumps to a raised one", function () {
    const gasLimit = 30_000_000n;
    expect(nextBaseFee({ gasLimit, gasUsed: 0n, baseFeePerGas: gwei }, gwei)).to.equal(gwei);
    expect(nextBaseFee({ gasLimit, gasUsed: 0n, baseFeePerGas: 2n * gwei }, gwei)).to.equal(2n * gwei - (2n * gwei) / 8n);
    expect(nextBaseFee({ gasLimit, gasUsed: gasLimit, baseFeePerGas: gwei }, 5n * gwei)).to.equal(5n * gwei);
    expect(nextBaseFee({ gasLimit, gasUsed: gasLimit, baseFeePerGas: 8n * gwei }, 5n * gwei)).to.equal(9n * gwei);
  });
});

describe("block reward", function () {
  const { rewards } = devChainSpec();

  it("pays 10 LAT, 10% of it to the treasury, and halves every 2,100,000 blue blocks", function () {
    expect(blockReward(rewards, 0n)).to.deep.equal({ proposer: 9n * 10n ** 18n, treasury: 10n ** 18n });
    expect(blockReward(rewards, 2_099_999n).proposer).to.equal(9n * 10n ** 18n);
    expect(blockReward(rewards, 2_100_000n)).to.deep.equal({ proposer: 45n * 10n ** 17n, treasury: 5n * 10n ** 17n });
    expect(blockReward(rewards, 2_100_000n * 300n)).to.deep.equal({ proposer: 0n, treasury: 0n });
  });

  it("never creates or loses wei when splitting", function () {
    for (const initialReward of [1n, 7n, 999n, 10n ** 18n + 3n]) {
      for (const treasuryShareBps of [0n, 1n, 3333n, 10_000n]) {
        const reward = blockReward({ ...rewards, initialReward, treasuryShareBps }, 0n);
        expect(reward.proposer + reward.treasury).to.equal(initialReward);
      }
    }
  });
});
