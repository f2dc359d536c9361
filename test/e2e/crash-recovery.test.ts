import { expect } from "chai";
import { JsonRpcProvider, Wallet, parseEther, type TransactionResponse } from "ethers";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { nodeProvider, type RunningNode, startDevNode, WITHOUT_DEMO_MODELS } from "../support/node-process.js";

const senders = devAccounts(4);
const recipient = devAccounts(20)[19];

/** Streams transfers from `senders` into the node until `stop()`; resolves to the hashes it submitted. */
function sendUntilStopped(provider: JsonRpcProvider, startNonces: readonly number[]): { stop(): Promise<void> } {
  let running = true;
  const loops = senders.map(async (account, i) => {
    const wallet = new Wallet(account.privateKey, provider);
    let nonce = startNonces[i];
    while (running) {
      const pending: Promise<TransactionResponse>[] = [];
      for (let k = 0; k < 5; k++) {
        pending.push(wallet.sendTransaction({ to: recipient.address, value: 1n, nonce: nonce++, gasLimit: 21_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n }));
      }
      // The node may die under us: a failed send ends this loop.
      if ((await Promise.allSettled(pending)).some((sent) => sent.status === "rejected")) return;
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.allSettled(loops);
    },
  };
}

/**
 * Every block the node serves is whole: its transactions have receipts in that block, the chain's
 * numbering has no gaps, and balances add up with what the receipts say was transferred.
 */
async function expectConsistent(provider: JsonRpcProvider): Promise<{ head: number; transfers: number }> {
  const head = await provider.getBlockNumber();
  let transfers = 0;
  let parentHash: string | undefined;
  for (let n = 0; n <= head; n++) {
    const block = await provider.getBlock(n);
    expect(block, `block ${n}`).to.not.equal(null);
    if (parentHash !== undefined) expect(block?.parentHash, `block ${n} parent`).to.equal(parentHash);
    parentHash = block?.hash ?? undefined;
    const receipts = (await provider.send("eth_getBlockReceipts", [`0x${n.toString(16)}`])) as Array<{ transactionHash: string; status: string; to: string | null }>;
    expect(receipts.map((r) => r.transactionHash), `block ${n} receipts`).to.deep.equal(block?.transactions);
    transfers += receipts.filter((r) => r.status === "0x1" && r.to === recipient.address).length;
  }
  expect(await provider.getBalance(recipient.address)).to.equal(parseEther("10000") + BigInt(transfers));
  return { head, transfers };
}

describe("a dev node killed with SIGKILL while producing", function () {
  this.timeout(240_000);
  let datadir: string;
  let node: RunningNode | undefined;

  before(function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-crash-"));
  });
  after(async function () {
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
  });

  it("restarts into a consistent state every time, and goes on producing", async function () {
    let lastHead = 0;
    for (let round = 0; round < 2; round++) {
      node = await startDevNode(datadir, [...WITHOUT_DEMO_MODELS, "--block-time", "0.05"]);
      const provider = nodeProvider(node);
      const { head } = await expectConsistent(provider);
      expect(head, `round ${round}: nothing durable lost behind the last verified head`).to.be.at.least(lastHead);
      const nonces = await Promise.all(senders.map((account) => provider.getTransactionCount(account.address)));
      const traffic = sendUntilStopped(provider, nonces);
      await new Promise((resolve) => setTimeout(resolve, 700 + 300 * round));
      lastHead = await provider.getBlockNumber().catch(() => lastHead);
      node.process.kill("SIGKILL");
      await new Promise((resolve) => node?.process.once("exit", resolve));
      await traffic.stop();
      provider.destroy();
    }

    node = await startDevNode(datadir, WITHOUT_DEMO_MODELS);
    const provider = nodeProvider(node);
    const before = await expectConsistent(provider);
    expect(before.transfers).to.be.greaterThan(0);
    const wallet = new Wallet(senders[0].privateKey, provider);
    const receipt = await (await wallet.sendTransaction({ to: recipient.address, value: 1n })).wait();
    expect(receipt?.status).to.equal(1);
    expect(receipt?.blockNumber).to.equal(before.head + 1);
    provider.destroy();
  });
});
