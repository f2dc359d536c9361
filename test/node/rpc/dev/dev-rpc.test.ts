import { expect } from "chai";
import { Interface } from "ethers";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { devAccounts } from "../../../../node/chain/dev-accounts.js";
import { devChainSpec } from "../../../../node/chain/dev-chain-spec.js";
import { CitrateNode } from "../../../../node/citrate-node.js";
import { DevClock } from "../../../../node/dev/dev-clock.js";
import { chainCommon } from "../../../../node/execution/common.js";
import { DEV_METHOD_NAMES, devRpc } from "../../../../node/rpc/dev-rpc.js";
import { nodeRpc } from "../../../../node/rpc/node-rpc.js";
import { RpcDispatcher, type RpcSession } from "../../../../node/rpc/rpc-dispatcher.js";
import { TxPool } from "../../../../node/txpool/tx-pool.js";
import { rpcSchemasAvailable, validateRpcResult } from "../../../support/rpc-schemas.js";

const HTTP: RpcSession = { transport: "http", subscriptions: undefined };
const [alice, bob] = devAccounts(2);
const GWEI = 1_000_000_000n;

interface Reply {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** Reverts with Error("no") on any call (init code that deploys nothing; its revert text is the reason). */
const REVERTING_INIT = (() => {
  const reason = new Interface(["function Error(string)"]).encodeFunctionData("Error", ["no"]).slice(2);
  const length = reason.length / 2;
  // PUSH2 length, DUP1, PUSH1 12, PUSH1 0, CODECOPY, PUSH1 0, REVERT: 12 bytes that revert with the bytes after them.
  const header = `61${length.toString(16).padStart(4, "0")}80600c6000396000fd`;
  return `0x${header}${reason}`;
})();

describe("rpc dev methods on a node (nodeRpc + devRpc)", function () {
  this.timeout(60_000);
  let datadir: string;
  let node: CitrateNode;
  let pool: TxPool;
  let rpc: ReturnType<typeof nodeRpc>;

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-dev-rpc-"));
    const spec = devChainSpec();
    node = await CitrateNode.open({
      spec,
      datadir,
      log: pino({ level: "silent" }),
      proposer: "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e",
      clock: new DevClock(),
      mempool: (opened) => {
        pool = new TxPool({ common: chainCommon(spec), chainId: spec.chainId, accounts: opened.tipAccounts(1n) });
        return pool;
      },
    });
    rpc = nodeRpc(node, pool);
  });
  after(async function () {
    await node?.close();
    rmSync(datadir, { recursive: true, force: true });
  });

  async function call(dispatcher: RpcDispatcher<unknown>, method: string, params: unknown[] = []): Promise<Reply> {
    const { body } = await dispatcher.dispatch(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }), HTTP);
    return JSON.parse(body as string) as Reply;
  }

  it("a node without --dev has none of the dev methods: each answers -32601", async function () {
    expect(DEV_METHOD_NAMES).to.have.members([
      "eth_accounts",
      "eth_sign",
      "personal_sign",
      "eth_signTypedData_v4",
      "eth_sendTransaction",
      "eth_signTransaction",
      "evm_mine",
      "evm_setNextBlockTimestamp",
      "evm_increaseTime",
      "hardhat_mine",
      "hardhat_getAutomine",
      "evm_snapshot",
      "evm_revert",
      "hardhat_setBalance",
      "anvil_setBalance",
    ]);
    const dispatcher = new RpcDispatcher({ methods: rpc.methods, context: rpc.context, log: pino({ level: "silent" }), maxBatchItems: 10 }) as RpcDispatcher<unknown>;
    for (const name of DEV_METHOD_NAMES) {
      expect(rpc.methods.lookup(name), name).to.equal(undefined);
      expect((await call(dispatcher, name, [])).error).to.deep.equal({ code: -32601, message: `the method ${name} does not exist/is not available` });
    }
  });

  describe("with the dev methods added", function () {
    let dispatcher: RpcDispatcher<unknown>;

    before(function () {
      const withDev = nodeRpc(node, pool);
      withDev.methods.add(...devRpc(node, withDev.context, { clock: new DevClock() }).methods);
      expect(withDev.methods.names()).to.include.members([...DEV_METHOD_NAMES]);
      dispatcher = new RpcDispatcher({ methods: withDev.methods, context: withDev.context, log: pino({ level: "silent" }), maxBatchItems: 10 }) as RpcDispatcher<unknown>;
    });

    async function receipt(hash: string): Promise<Record<string, string>> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { result } = await call(dispatcher, "eth_getTransactionReceipt", [hash]);
        if (result !== null) return result as Record<string, string>;
        if (Date.now() > deadline) throw new Error(`no receipt for ${hash}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it("eth_sendTransaction fills nonce, gas, EIP-1559 fees and chain id, signs for `from` and mines it", async function () {
      const { result: hash } = await call(dispatcher, "eth_sendTransaction", [{ from: alice.address, to: bob.address, value: "0x1" }]);
      expect(hash).to.match(/^0x[0-9a-f]{64}$/);
      // Answered once mined (Hardhat's automine behaviour): the receipt is there at once.
      expect(((await call(dispatcher, "eth_getTransactionReceipt", [hash])).result as { status: string }).status).to.equal("0x1");
      const tx = (await call(dispatcher, "eth_getTransactionByHash", [hash])).result as Record<string, string>;
      expect(tx).to.include({ from: alice.address, to: bob.address, value: "0x1", type: "0x2", chainId: "0x539", nonce: "0x0", gas: "0x5208" });
      expect(BigInt(tx.maxPriorityFeePerGas)).to.equal(GWEI);
      const block = (await call(dispatcher, "eth_getBlockByNumber", [(await receipt(hash as string)).blockNumber, false])).result as Record<string, string>;
      const parent = (await call(dispatcher, "eth_getBlockByNumber", [`0x${(BigInt(block.number) - 1n).toString(16)}`, false])).result as Record<string, string>;
      // maxFee = 2 × the base fee of the block it was built for + the tip.
      expect(BigInt(tx.maxFeePerGas)).to.equal(2n * BigInt(block.baseFeePerGas) + GWEI);
      expect(parent.hash).to.equal(block.parentHash);
    });

    it("gives concurrent sends from one account consecutive nonces", async function () {
      const before = BigInt((await call(dispatcher, "eth_getTransactionCount", [alice.address, "pending"])).result as string);
      const replies = await Promise.all(
        [1, 2, 3, 4].map((i) => call(dispatcher, "eth_sendTransaction", [{ from: alice.address, to: bob.address, value: `0x${i.toString(16)}`, gas: "0x5208" }])),
      );
      const hashes = replies.map((r) => r.result as string);
      expect(new Set(hashes).size).to.equal(4);
      for (const hash of hashes) expect((await receipt(hash)).status).to.equal("0x1");
      const nonces = await Promise.all(hashes.map(async (h) => BigInt(((await call(dispatcher, "eth_getTransactionByHash", [h])).result as { nonce: string }).nonce)));
      expect(nonces.sort((a, b) => Number(a - b))).to.deep.equal([before, before + 1n, before + 2n, before + 3n]);
    });

    it("sends legacy with gasPrice, keeps a given nonce, and refuses what the pool refuses with -32000", async function () {
      const { result: hash } = await call(dispatcher, "eth_sendTransaction", [{ from: bob.address, to: alice.address, gasPrice: "0x77359400" }]);
      await receipt(hash as string);
      const tx = (await call(dispatcher, "eth_getTransactionByHash", [hash])).result as Record<string, string>;
      expect(tx).to.include({ type: "0x0", gasPrice: "0x77359400", chainId: "0x539" });
      const stale = await call(dispatcher, "eth_sendTransaction", [{ from: bob.address, to: alice.address, nonce: "0x0" }]);
      expect(stale.error?.code).to.equal(-32000);
      expect(stale.error?.message).to.match(/nonce too low/);
    });

    it("reports an unknown sender, a wrong chain id and a reverting estimate as geth does", async function () {
      const unknown = await call(dispatcher, "eth_sendTransaction", [{ from: "0x000000000000000000000000000000000000dead", to: bob.address }]);
      expect(unknown.error).to.deep.equal({ code: -32000, message: "unknown account" });
      const wrongChain = await call(dispatcher, "eth_sendTransaction", [{ from: alice.address, to: bob.address, chainId: "0x1" }]);
      expect(wrongChain.error).to.deep.equal({ code: -32602, message: "invalid argument 0 (transaction).chainId: chain id 1 is not this chain's (1337)" });
      const reverting = await call(dispatcher, "eth_sendTransaction", [{ from: alice.address, data: REVERTING_INIT }]);
      expect(reverting.error?.code).to.equal(3);
      expect(reverting.error?.data).to.equal(`0x${REVERTING_INIT.slice(2 + 24)}`);
    });

    it("answers eth_accounts, eth_sendTransaction and eth_sign as execution-apis' schemas describe", async function () {
      if (!rpcSchemasAvailable()) this.skip();
      expect(validateRpcResult("eth_accounts", (await call(dispatcher, "eth_accounts")).result)).to.deep.equal([]);
      const sent = await call(dispatcher, "eth_sendTransaction", [{ from: alice.address, to: bob.address }]);
      expect(validateRpcResult("eth_sendTransaction", sent.result)).to.deep.equal([]);
      expect(validateRpcResult("eth_sign", (await call(dispatcher, "eth_sign", [alice.address, "0x"])).result)).to.deep.equal([]);
    });

    it("signs with eth_sign through the node's registry, mines with evm_mine and hardhat_mine, and says it automines", async function () {
      const signature = await call(dispatcher, "eth_sign", [alice.address, "0x1234"]);
      expect(signature.result).to.match(/^0x[0-9a-f]{130}$/);
      const head = BigInt((await call(dispatcher, "eth_blockNumber")).result as string);
      expect((await call(dispatcher, "evm_mine")).result).to.equal("0x0");
      expect((await call(dispatcher, "hardhat_mine", ["0x3"])).result).to.equal(true);
      expect((await call(dispatcher, "hardhat_getAutomine")).result).to.equal(true);
      expect(BigInt((await call(dispatcher, "eth_blockNumber")).result as string)).to.equal(head + 4n);
    });
  });
});
