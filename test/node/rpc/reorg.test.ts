import { expect } from "chai";
import { id } from "ethers";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { devAccounts } from "../../../node/chain/dev-accounts.js";
import type { StoredBlock } from "../../../node/execution/block-store.js";
import { RpcServer } from "../../../node/rpc/rpc-server.js";
import { openDevNode, rpcCaller, type DevNode, type RpcReply } from "../../support/dev-node-rpc.js";
import { WsTestClient } from "../../support/rpc-harness.js";

const [alice] = devAccounts(1);
const TOPIC = id("Ping()");
/** Runtime: LOG1(memory[0..32] = 42, topic TOPIC) on every call. */
const EMITTER_RUNTIME = `602a5f527f${TOPIC.slice(2)}60205fa100`;
const EMITTER_INIT = `0x60${(EMITTER_RUNTIME.length / 2).toString(16)}8060095f395ff3${EMITTER_RUNTIME}`;

interface Notification {
  method: "eth_subscription";
  params: { subscription: string; result: Record<string, unknown> };
}

/**
 * Two nodes of the same dev chain. Node B builds a heavier branch on their common block and node A
 * imports it, as a peer's blocks would arrive: A's virtual selected chain moves off its own block.
 */
describe("a re-org on a node: the RPC view follows the new selected chain", function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  let a: DevNode;
  let b: DevNode;
  let server: RpcServer<unknown>;
  let ws: WsTestClient;

  const open = async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "citrate-reorg-"));
    dirs.push(dir);
    return openDevNode(dir);
  };

  before(async function () {
    [a, b] = [await open(), await open()];
    server = (await RpcServer.start({ methods: a.methods, context: a.context, log: pino({ level: "silent" }), port: 0 })) as RpcServer<unknown>;
    ws = await WsTestClient.connect(server.wsUrl);
  });
  after(async function () {
    await ws?.close();
    await server?.close();
    for (const node of [a, b]) await node?.node.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Every message that arrives until the socket is quiet for a moment. */
  async function drain(): Promise<Notification[]> {
    const messages: Notification[] = [];
    for (;;) {
      try {
        messages.push((await ws.next(300)) as Notification);
      } catch {
        return messages;
      }
    }
  }

  it("sends removed logs and the new heads, re-accepts the orphaned transaction when a later block merges it, and answers from the new chain", async function () {
    const callA = rpcCaller(a);
    const result = async (method: string, params: unknown[] = []) => {
      const reply: RpcReply = await callA(method, params);
      if (reply.error !== undefined) throw new Error(`${method}: ${reply.error.message}`);
      return reply.result;
    };

    // Block 1, on both nodes: the emitter's deployment.
    const deployment = (await result("eth_sendTransaction", [{ from: alice.address, data: EMITTER_INIT }])) as string;
    const emitter = ((await result("eth_getTransactionReceipt", [deployment])) as { contractAddress: string }).contractAddress;
    const common = a.node.head;
    await b.node.importBlock(common.header, common.transactions);

    const logsId = ((await ws.call("eth_subscribe", ["logs", { address: emitter }])) as { result: string }).result;
    const headsId = ((await ws.call("eth_subscribe", ["newHeads"])) as { result: string }).result;

    // Block 2 on A: the emitter logs.
    const ping = (await result("eth_sendTransaction", [{ from: alice.address, to: emitter }])) as string;
    const ownBlock = a.node.head;
    const first = await drain();
    const ownLog = first.find((m) => m.params.subscription === logsId)?.params.result;
    expect(ownLog).to.include({ blockHash: ownBlock.hash, transactionHash: ping, removed: false });

    // B builds two empty blocks on block 1; A imports them and follows the heavier branch.
    const branch: StoredBlock[] = [];
    for (let i = 0; i < 2; i++) branch.push((await b.node.producer.produce()).block);
    for (const block of branch) await a.node.importBlock(block.header, block.transactions);
    expect(a.node.head.hash).to.equal(branch[1].hash);

    const second = await drain();
    const removed = second.filter((m) => m.params.subscription === logsId).map((m) => m.params.result);
    expect(removed).to.have.length(1);
    expect(removed[0]).to.deep.equal({ ...ownLog, removed: true });
    const heads = second.filter((m) => m.params.subscription === headsId).map((m) => m.params.result.hash);
    expect(heads).to.include(branch[1].hash);
    expect(heads).to.not.include(ownBlock.hash);

    // A's view is the new chain's: block 2 is B's, the log and the receipt are gone.
    expect(await result("eth_blockNumber")).to.equal("0x3");
    expect(((await result("eth_getBlockByNumber", ["0x2", false])) as { hash: string }).hash).to.equal(branch[0].hash);
    expect(await result("eth_getLogs", [{ address: emitter, fromBlock: "0x0" }])).to.deep.equal([]);
    expect(await result("eth_getTransactionReceipt", [ping])).to.equal(null);

    // A's next block references every tip: it merges the orphaned block and accepts its transaction.
    await result("evm_mine");
    const merging = a.node.head;
    expect(merging.header.parents).to.include(ownBlock.hash);
    const third = await drain();
    const again = third.filter((m) => m.params.subscription === logsId).map((m) => m.params.result);
    expect(again).to.have.length(1);
    expect(again[0]).to.include({ blockHash: merging.hash, transactionHash: ping, removed: false, blockNumber: "0x4" });
    expect(((await result("eth_getTransactionReceipt", [ping])) as { blockHash: string; status: string })).to.include({ blockHash: merging.hash, status: "0x1" });
  });

  it("refuses a block whose roots do not hold, and keeps its chain", async function () {
    const head = b.node.head;
    const produced = (await b.node.producer.produce()).block;
    const forged = { ...produced.header, stateRoot: head.header.stateRoot };
    const before = a.node.head.hash;
    const refusal = await a.node.importBlock(forged, produced.transactions).then(
      () => "imported",
      (error: Error) => error.message,
    );
    expect(refusal).to.match(/stateRoot is 0x[0-9a-f]{64}, expected 0x[0-9a-f]{64}/);
    expect(a.node.head.hash).to.equal(before);
  });
});
