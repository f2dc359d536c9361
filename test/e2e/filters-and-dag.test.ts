import { expect } from "chai";
import { Contract, ContractFactory, JsonRpcProvider, Wallet, parseEther, type Log } from "ethers";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { nodeProvider, type RunningNode, startDevNode, WITHOUT_DEMO_MODELS } from "../support/node-process.js";
import { rpcSchemasAvailable, validateRpcResult } from "../support/rpc-schemas.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const artifact = JSON.parse(readFileSync(path.join(root, "artifacts/contracts/test/Counter.sol/Counter.json"), "utf8")) as {
  abi: unknown[];
  bytecode: string;
};
const [alice, bob, carol] = devAccounts(3);

/** One JSON-RPC call over HTTP: the result, or the error object. */
async function rpc(url: string, method: string, params: unknown[] = []): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
}

async function result<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const reply = await rpc(url, method, params);
  if (reply.error !== undefined) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as T;
}

async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Schema check where the spec has one; an empty FilterResults array matches both of its `oneOf` branches, so only non-empty ones are checked. */
function conforms(method: string, value: unknown): void {
  if (!rpcSchemasAvailable()) return;
  if (Array.isArray(value) && value.length === 0) return;
  expect(validateRpcResult(method, value), `${method} result ${JSON.stringify(value)}`).to.deep.equal([]);
}

interface Traffic {
  /** Every method ethers sent, in order. */
  readonly methods: string[];
  /** Results of the filter methods, for schema checks. */
  readonly filterResults: Array<{ method: string; result: unknown }>;
}

/** Records what a provider sends and what the filter methods answer (ethers' "debug" events). */
function record(provider: JsonRpcProvider): Traffic {
  const traffic: Traffic = { methods: [], filterResults: [] };
  const pending = new Map<unknown, string>();
  void provider.on("debug", (event: { action: string; payload?: unknown; result?: unknown }) => {
    if (event.action === "sendRpcPayload") {
      for (const payload of [event.payload].flat() as Array<{ id: unknown; method: string }>) {
        traffic.methods.push(payload.method);
        pending.set(payload.id, payload.method);
      }
    } else if (event.action === "receiveRpcResult") {
      for (const reply of [event.result].flat() as Array<{ id: unknown; result?: unknown }>) {
        const method = pending.get(reply.id);
        if (method !== undefined && /^eth_(newFilter|newBlockFilter|newPendingTransactionFilter|getFilterChanges|getFilterLogs|uninstallFilter)$/.test(method) && "result" in reply) {
          traffic.filterResults.push({ method, result: reply.result });
        }
      }
    }
  });
  return traffic;
}

describe("citrate node --dev: poll filters (ethers' default provider) and the citrate_ DAG methods", function () {
  this.timeout(120_000);
  let datadir: string;
  let node: RunningNode;
  /** The first block after start-up (which registers the demo models): these tests' history starts there. */
  let firstBlock: string;

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-e2e-filters-"));
    node = await startDevNode(datadir, WITHOUT_DEMO_MODELS);
    firstBlock = `0x${(BigInt(await result<string>(node.url, "eth_blockNumber")) + 1n).toString(16)}`;
  });
  after(async function () {
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
  });

  it("ethers' JsonRpcProvider (polling not forced) gets blocks, contract events and pending transactions through filters", async function () {
    // Not `polling: true`: ethers then subscribes to events with eth_newFilter and to pending
    // transactions with eth_newPendingTransactionFilter, and polls them with eth_getFilterChanges.
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });
    const traffic = record(provider);
    try {
      const wallet = new Wallet(alice.privateKey, provider);
      const counter = (await new ContractFactory(artifact.abi as never[], artifact.bytecode, wallet).deploy()) as Contract;
      await counter.waitForDeployment();
      const address = (await counter.getAddress()).toLowerCase();

      const blocks: number[] = [];
      const contractEvents: Array<{ by: string; newCount: bigint; log: Log }> = [];
      const addressLogs: Log[] = [];
      const pending: string[] = [];
      await provider.on("block", (number: number) => blocks.push(number));
      await counter.on("Incremented", (by: string, newCount: bigint, event: { log: Log }) => contractEvents.push({ by, newCount, log: event.log }));
      await provider.on({ address }, (log: Log) => addressLogs.push(log));
      await provider.on("pending", (hash: string) => pending.push(hash));
      // The filters must be installed before the transactions they should see.
      const installed = (method: string) => traffic.filterResults.filter((r) => r.method === method).length;
      await until(() => installed("eth_newFilter") >= 2 && installed("eth_newPendingTransactionFilter") >= 1, "filters installed");

      const sent: string[] = [];
      for (let i = 0; i < 3; i++) {
        const tx = await counter.getFunction("increment")();
        sent.push(tx.hash as string);
        await tx.wait();
      }
      const head = await provider.getBlockNumber();

      await until(() => contractEvents.length >= 3 && addressLogs.length >= 3, "three Incremented events");
      await until(() => blocks.includes(head), `block ${head}`);
      await until(() => sent.every((hash) => pending.includes(hash)), "the pending transaction hashes");

      expect(contractEvents.map((e) => e.newCount)).to.deep.equal([1n, 2n, 3n]);
      expect(contractEvents.every((e) => e.by === wallet.address)).to.equal(true);
      expect(contractEvents.map((e) => e.log.transactionHash)).to.deep.equal(sent);
      expect(addressLogs.map((log) => log.transactionHash)).to.deep.equal(sent);
      expect(addressLogs.every((log) => !log.removed && log.address.toLowerCase() === address)).to.equal(true);

      // ethers used the filter API, not eth_getLogs polling.
      expect(traffic.methods).to.include.members(["eth_newFilter", "eth_newPendingTransactionFilter", "eth_getFilterChanges"]);
      expect(traffic.methods).not.to.include("eth_getLogs");
      const withResults = traffic.filterResults.filter((r) => !Array.isArray(r.result) || r.result.length > 0);
      expect(withResults.map((r) => r.method)).to.include.members(["eth_newFilter", "eth_getFilterChanges"]);
      for (const { method, result: value } of traffic.filterResults) conforms(method, value);

      // Removing the listeners uninstalls the filters.
      await counter.removeAllListeners();
      await provider.removeAllListeners({ address });
      await provider.removeAllListeners("pending");
      await provider.removeAllListeners("block");
      const uninstalled = () => traffic.filterResults.filter((r) => r.method === "eth_uninstallFilter");
      await until(() => uninstalled().length >= 3, "filters uninstalled");
      expect(uninstalled().map((r) => r.result)).to.deep.equal([true, true, true]);
    } finally {
      provider.destroy();
    }
  });

  it("eth_newBlockFilter, eth_newFilter, eth_getFilterLogs and eth_uninstallFilter over plain JSON-RPC", async function () {
    const provider = nodeProvider(node);
    try {
      const blockFilter = await result<string>(node.url, "eth_newBlockFilter");
      const logFilter = await result<string>(node.url, "eth_newFilter", [{ fromBlock: firstBlock, topics: [null] }]);
      const pendingFilter = await result<string>(node.url, "eth_newPendingTransactionFilter");
      conforms("eth_newBlockFilter", blockFilter);
      conforms("eth_newFilter", logFilter);
      conforms("eth_newPendingTransactionFilter", pendingFilter);
      expect(await result(node.url, "eth_getFilterChanges", [blockFilter])).to.deep.equal([]);

      const wallet = new Wallet(bob.privateKey, provider);
      const tx = await wallet.sendTransaction({ to: carol.address, value: parseEther("0.5") });
      const receipt = await tx.wait();
      const block = await result<{ hash: string }>(node.url, "eth_getBlockByNumber", [`0x${(receipt?.blockNumber as number).toString(16)}`, false]);

      const hashes = await result<string[]>(node.url, "eth_getFilterChanges", [blockFilter]);
      expect(hashes).to.deep.equal([block.hash]);
      conforms("eth_getFilterChanges", hashes);
      expect(await result(node.url, "eth_getFilterChanges", [blockFilter])).to.deep.equal([]);
      const pendingHashes = await result<string[]>(node.url, "eth_getFilterChanges", [pendingFilter]);
      expect(pendingHashes).to.deep.equal([tx.hash]);
      conforms("eth_getFilterChanges", pendingHashes);
      // A transfer logs nothing; the earlier Counter events are history, served by eth_getFilterLogs.
      expect(await result(node.url, "eth_getFilterChanges", [logFilter])).to.deep.equal([]);
      const history = await result<Array<{ removed: boolean; topics: string[] }>>(node.url, "eth_getFilterLogs", [logFilter]);
      expect(history).to.have.length(3);
      conforms("eth_getFilterLogs", history);

      expect(await result(node.url, "eth_uninstallFilter", [blockFilter])).to.equal(true);
      expect(await result(node.url, "eth_uninstallFilter", [blockFilter])).to.equal(false);
      expect((await rpc(node.url, "eth_getFilterChanges", [blockFilter])).error).to.deep.equal({ code: -32000, message: "filter not found" });
      expect((await rpc(node.url, "eth_getFilterLogs", [pendingFilter])).error).to.deep.equal({ code: -32000, message: "filter not found" });
      expect((await rpc(node.url, "eth_newFilter", [{ fromBlock: "pending" }])).error).to.deep.equal({ code: -32000, message: "pending logs are not supported" });
      for (const id of [logFilter, pendingFilter]) expect(await result(node.url, "eth_uninstallFilter", [id])).to.equal(true);
    } finally {
      provider.destroy();
    }
  });

  it("citrate_getDagInfo, citrate_getTips and citrate_getBlock describe the running node's DAG", async function () {
    const quantity = /^0x(0|[1-9a-f][0-9a-f]*)$/;
    const head = await result<{ hash: string; number: string; stateRoot: string; timestamp: string; miner: string; transactions: string[]; parentHash: string }>(
      node.url,
      "eth_getBlockByNumber",
      ["latest", false],
    );
    const info = await result<Record<string, unknown>>(node.url, "citrate_getDagInfo");
    expect(info).to.deep.equal({
      tips: [head.hash],
      virtualSelectedParent: head.hash,
      virtualBlueScore: `0x${(BigInt(head.number) + 1n).toString(16)}`,
      blockCount: `0x${(BigInt(head.number) + 1n).toString(16)}`,
      chainLength: `0x${(BigInt(head.number) + 1n).toString(16)}`,
      k: 18,
      maxParents: 10,
    });
    expect(await result(node.url, "citrate_getTips")).to.deep.equal([head.hash]);

    const block = await result<Record<string, unknown>>(node.url, "citrate_getBlock", [head.hash]);
    expect(block).to.deep.equal({
      hash: head.hash,
      number: head.number,
      parents: [head.parentHash],
      selectedParent: head.parentHash,
      blueScore: head.number,
      blueWork: head.number,
      color: "blue",
      isChainBlock: true,
      mergeSetBlues: [head.parentHash],
      mergeSetReds: [],
      acceptedBlocks: [head.hash],
      acceptedTransactions: head.transactions,
      skippedTransactions: [],
      proposer: head.miner,
      timestamp: head.timestamp,
      stateRoot: head.stateRoot,
    });
    expect(block.number).to.match(quantity);
    expect(head.transactions).to.have.length(1);
    expect(await result(node.url, "citrate_getBlock", [`0x${"ab".repeat(32)}`])).to.equal(null);
    expect((await rpc(node.url, "citrate_getBlock", ["0xab"])).error?.code).to.equal(-32602);
  });
});
