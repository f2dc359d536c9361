// Live schema conformance: a dev node in-process (nodeRpc + devRpc behind the real HTTP server), a
// chain holding every shape of result the execution-apis spec distinguishes, and every spec method
// the node serves called on it, each result checked against the pinned schemas. The methods it does
// not serve are listed with the reason, and must be answered -32601.
import { expect } from "chai";
import { getBytes, Interface, Wallet, type Authorization, type TransactionLike } from "ethers";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { devAccounts, type DevAccount } from "../../../node/chain/dev-accounts.js";
import type { CitrateNode } from "../../../node/citrate-node.js";
import type { MethodRegistry } from "../../../node/rpc/method-registry.js";
import type { NodeRpcContext } from "../../../node/rpc/node-rpc.js";
import { RpcServer } from "../../../node/rpc/rpc-server.js";
import { verifyAccountProof, type AccountProofJson } from "../../support/account-proof.js";
import { openDevNode, TEST_PROPOSER } from "../../support/dev-node-rpc.js";
import { post } from "../../support/rpc-harness.js";
import { rpcSchemasAvailable, rpcSpecMethodNames, validateRpcResult } from "../../support/rpc-schemas.js";

type Hex = `0x${string}`;

/**
 * The spec's methods this node does not serve, and why. Each must be answered -32601 (the
 * registry's "the method X does not exist/is not available").
 */
const UNSERVED: Readonly<Record<string, string>> = {
  eth_getBlockAccessList: "EIP-7928 block access lists are not part of Citrate's (Prague) blocks",
  eth_blobBaseFee: "Citrate has no EIP-4844 blobs: the pool refuses type 3 transactions and blocks carry no blob gas",
  eth_capabilities: "not implemented: Citrate keeps every block, receipt and state, so there are no retention windows to report",
  eth_config: "not implemented: Citrate's fork schedule is its chain spec (Prague rules from genesis), not Ethereum's EIP-7910 fork configuration",
  eth_getStorageValues: "not implemented: eth_getStorageAt serves one slot at a time",
  eth_simulateV1: "not implemented: no multi-block simulation with state and block overrides",
  eth_fillTransaction: "not implemented: eth_sendTransaction fills transactions inside the dev node only",
};

/**
 * Values for which the pinned spec's own schemas are wrong, with the evidence. For these cases the
 * test asserts the exact errors the validator reports, so any other deviation still fails.
 */
const SPEC_DEFECTS = {
  /**
   * FilterResults is `oneOf: [array of hash32, array of Log]`; `[]` satisfies both branches, so
   * `oneOf` rejects it. An empty array is the only way to say "nothing matched" / "nothing new"
   * (geth answers `[]` too).
   */
  emptyFilterResults: ["(result) must match exactly one schema in oneOf"],
  /**
   * TransactionInfo requires blockHash, blockNumber, blockTimestamp and transactionIndex as
   * hash32/uint, so a transaction still in the pool cannot be described, though the same spec's
   * `gasPrice` speaks of "transactions not yet included in a block". Clients answer those fields
   * with null (geth since ethereum/go-ethereum#19901, "required by the Ethereum JSON-RPC spec";
   * Besu since hyperledger/besu#3906), and so does Citrate.
   */
  pendingTransaction: [
    "(result) must be null",
    "/blockHash must be string",
    "/blockNumber must be string",
    "/blockTimestamp must be string",
    "/transactionIndex must be string",
    "(result) must match exactly one schema in oneOf",
  ],
} as const;

const artifact = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../../artifacts/contracts/test/Counter.sol/Counter.json"), "utf8")) as {
  abi: string[];
  bytecode: Hex;
};
const counterAbi = new Interface(artifact.abi);
const GWEI = 1_000_000_000n;
const CHAIN_ID = 1337n;
const [alice, bob, carol, dave, erin, frank] = devAccounts(6);
const UNKNOWN_HASH = `0x${"ab".repeat(32)}` as Hex;
const UNKNOWN_ADDRESS = "0x000000000000000000000000000000000000dead";

interface Reply {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** The transactions of the mixed block, each a shape of its own. */
interface MixedTransactions {
  legacy: Hex;
  legacyCreation: Hex;
  accessList: Hex;
  feeMarket: Hex;
  setCode: Hex;
  reverted: Hex;
}

/** What the chain holds once built: the hashes and addresses the cases ask about. */
interface LiveChain {
  counter: Hex;
  /** One block with a transaction of every type, a creation and a reverted call. */
  mixedBlock: { hash: Hex; number: Hex };
  /** The mixed block's transactions and the eth_sendTransaction that created the Counter (type 2, `to` null). */
  mined: MixedTransactions & { deployment: Hex };
  /** The EIP-7702 authorization the set-code transaction carries: erin delegates to the Counter. */
  authorization: Authorization;
  /** Waiting in the pool behind a nonce gap. */
  queued: Hex;
  /** eth_getTransactionByHash of the mixed block's transactions while they were still pending, by label. */
  pendingSnapshots: Record<string, unknown>;
  filters: { logs: Hex; blocks: Hex; pending: Hex };
}

describe("rpc: every served execution-apis method, live results against the schemas", function () {
  this.timeout(120_000);
  let datadir: string;
  let node: CitrateNode;
  let server: RpcServer<NodeRpcContext>;
  let methods: MethodRegistry<NodeRpcContext>;
  let chain: LiveChain;
  /** The spec methods whose live results were checked. */
  const exercised = new Set<string>();

  async function call(method: string, params: unknown[] = []): Promise<Reply> {
    return (await post(server.httpUrl, { jsonrpc: "2.0", id: 1, method, params })).json as Reply;
  }

  async function result(method: string, params: unknown[] = []): Promise<unknown> {
    const reply = await call(method, params);
    if (reply.error !== undefined) throw new Error(`${method}(${JSON.stringify(params)}): ${reply.error.code} ${reply.error.message}`);
    return reply.result;
  }

  /**
   * Calls `method` and asserts its result conforms: no schema errors, or exactly those of a spec
   * defect when `defect` names one for the value. The message names the case and every failing JSON path.
   */
  async function conforming(method: string, params: unknown[], label = "", defect: (value: unknown) => readonly string[] = () => []): Promise<unknown> {
    const value = await result(method, params);
    exercised.add(method);
    const errors = validateRpcResult(method, value);
    expect(errors, `${method} ${label} (${JSON.stringify(params)}) breaks the schema at:\n  ${errors.join("\n  ")}\nresult: ${JSON.stringify(value)}`).to.deep.equal(defect(value));
    return value;
  }

  /** `conforming` for a FilterResults array: an empty one carries the spec's oneOf defect. */
  async function filterResults(method: string, params: unknown[], label: string): Promise<unknown[]> {
    const emptyDefect = (value: unknown) => (Array.isArray(value) && value.length === 0 ? SPEC_DEFECTS.emptyFilterResults : []);
    return (await conforming(method, params, label, emptyDefect)) as unknown[];
  }

  /** The state root of the block a BlockNumberOrTagOrHash names. */
  async function stateRootAt(block: unknown): Promise<Hex> {
    const hash = typeof block === "object" && block !== null ? (block as { blockHash: Hex }).blockHash : block;
    const header = typeof hash === "string" && hash.length === 66 ? await result("eth_getBlockByHash", [hash, false]) : await result("eth_getBlockByNumber", [block, false]);
    return (header as { stateRoot: Hex }).stateRoot;
  }

  async function nonceOf(account: DevAccount): Promise<number> {
    return Number(await result("eth_getTransactionCount", [account.address, "pending"]));
  }

  async function signed(account: DevAccount, transaction: TransactionLike<string>): Promise<Hex> {
    return (await new Wallet(account.privateKey).signTransaction({ chainId: CHAIN_ID, ...transaction })) as Hex;
  }

  async function sendRaw(raw: Hex): Promise<Hex> {
    return (await conforming("eth_sendRawTransaction", [raw])) as Hex;
  }

  /**
   * Adds a signed transaction to the pool as eth_sendRawTransaction does, without waiting for the
   * block it asks for: while the producer is held, that block cannot come yet.
   */
  async function pooled(raw: Hex): Promise<Hex> {
    return (await node.mempool.add(getBytes(raw))) as Hex;
  }

  /** Builds the chain: a deployment, a block of every transaction type, empty blocks, a queued transaction, filters. */
  async function buildChain(): Promise<LiveChain> {
    const filters = {
      logs: (await conforming("eth_newFilter", [{ fromBlock: "earliest" }], "all logs")) as Hex,
      blocks: (await conforming("eth_newBlockFilter", [])) as Hex,
      pending: (await conforming("eth_newPendingTransactionFilter", [])) as Hex,
    };
    const deployment = (await conforming("eth_sendTransaction", [{ from: alice.address, data: artifact.bytecode }], "creation")) as Hex;
    const counter = ((await result("eth_getTransactionReceipt", [deployment])) as { contractAddress: Hex }).contractAddress;
    const increment = counterAbi.encodeFunctionData("increment");
    const fees = { maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: GWEI };

    const authorization = new Wallet(erin.privateKey).authorizeSync({ address: counter, nonce: await nonceOf(erin), chainId: CHAIN_ID });
    // One block with every type: the producer is held while they are pooled, so they share it.
    const mixed = await node.producer.exclusive(async (produce) => {
      const legacyNonce = await nonceOf(bob);
      const hashes: MixedTransactions = {
        legacy: await pooled(await signed(bob, { type: 0, nonce: legacyNonce, to: counter, data: increment, gasLimit: 100_000n, gasPrice: 20n * GWEI })),
        legacyCreation: await pooled(await signed(bob, { type: 0, nonce: legacyNonce + 1, to: null, data: artifact.bytecode, gasLimit: 1_000_000n, gasPrice: 20n * GWEI })),
        accessList: await pooled(
          await signed(carol, {
            type: 1,
            nonce: await nonceOf(carol),
            to: counter,
            data: increment,
            gasLimit: 100_000n,
            gasPrice: 20n * GWEI,
            accessList: [{ address: counter, storageKeys: [`0x${"00".repeat(32)}`] }],
          }),
        ),
        feeMarket: await pooled(await signed(dave, { type: 2, nonce: await nonceOf(dave), to: bob.address, value: 12_345n, gasLimit: 21_000n, ...fees })),
        setCode: await pooled(
          await signed(alice, {
            type: 4,
            nonce: await nonceOf(alice),
            to: erin.address,
            data: increment,
            gasLimit: 200_000n,
            ...fees,
            authorizationList: [authorization],
          }),
        ),
        reverted: await pooled(
          await signed(frank, { type: 2, nonce: await nonceOf(frank), to: counter, data: counterAbi.encodeFunctionData("fail", [7]), gasLimit: 100_000n, ...fees }),
        ),
      };
      const pendingSnapshots: Record<string, unknown> = {};
      for (const [label, hash] of Object.entries(hashes)) pendingSnapshots[label] = await result("eth_getTransactionByHash", [hash]);
      const imported = await produce();
      return { hashes, pendingSnapshots, block: imported.block };
    });
    await result("evm_mine");
    await result("hardhat_mine", ["0x2"]);
    const queued = await sendRaw(await signed(carol, { type: 2, nonce: (await nonceOf(carol)) + 5, to: alice.address, value: 1n, gasLimit: 21_000n, ...fees }));
    return {
      counter,
      mixedBlock: { hash: mixed.block.hash, number: `0x${mixed.block.header.number.toString(16)}` as Hex },
      mined: { ...mixed.hashes, deployment },
      authorization,
      queued,
      pendingSnapshots: mixed.pendingSnapshots,
      filters,
    };
  }

  before(async function () {
    if (!rpcSchemasAvailable()) {
      console.log("    execution-apis schemas not found (set CITRATE_CONFORMANCE_DIR): skipping the live conformance cases");
      this.skip();
    }
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-conformance-"));
    const opened = await openDevNode(datadir);
    node = opened.node;
    methods = opened.methods;
    server = await RpcServer.start({ methods, context: opened.context, log: pino({ level: "silent" }), port: 0 });
    chain = await buildChain();
  });
  after(async function () {
    await server?.close();
    await node?.close();
    if (datadir !== undefined) rmSync(datadir, { recursive: true, force: true });
  });

  it("built the chain it meant to: every transaction type in one block, a failed call, a creation, a queued transaction", async function () {
    const receipts = (await result("eth_getBlockReceipts", [chain.mixedBlock.number])) as Array<{ type: string; status: string; transactionHash: Hex }>;
    expect(receipts.map((r) => r.type)).to.have.members(["0x0", "0x0", "0x1", "0x2", "0x4", "0x2"]);
    const byHash = new Map(receipts.map((r) => [r.transactionHash, r.status]));
    expect(byHash.get(chain.mined.reverted)).to.equal("0x0");
    expect(byHash.get(chain.mined.setCode)).to.equal("0x1");
    expect((await result("eth_getCode", [erin.address])) as string).to.match(/^0xef0100/);
    expect(await result("eth_getTransactionReceipt", [chain.queued])).to.equal(null);
  });

  it("client and fee methods", async function () {
    await conforming("eth_chainId", []);
    await conforming("net_version", []);
    await conforming("eth_blockNumber", []);
    await conforming("eth_syncing", []);
    await conforming("eth_accounts", []);
    await conforming("eth_gasPrice", []);
    await conforming("eth_maxPriorityFeePerGas", []);
    await conforming("eth_baseFee", []);
    expect(await conforming("eth_coinbase", [])).to.equal(TEST_PROPOSER);
    await conforming("eth_feeHistory", ["0x4", "latest"], "without percentiles");
    await conforming("eth_feeHistory", ["0x4", "latest", [10, 50, 90]], "with percentiles");
    await conforming("eth_feeHistory", ["0x400", chain.mixedBlock.number, [0, 25.5, 100]], "from genesis to the mixed block");
    await conforming("eth_feeHistory", ["0x1", "earliest", []], "genesis, empty percentiles");
  });

  it("blocks by number, tag and hash, hash-only and hydrated, and null past the head", async function () {
    for (const hydrated of [false, true]) {
      for (const selector of [chain.mixedBlock.number, "0x0", "earliest", "latest", "pending", "safe", "finalized"]) {
        await conforming("eth_getBlockByNumber", [selector, hydrated], `${selector} hydrated=${hydrated}`);
      }
      await conforming("eth_getBlockByHash", [chain.mixedBlock.hash, hydrated], `mixed block hydrated=${hydrated}`);
      expect(await conforming("eth_getBlockByHash", [UNKNOWN_HASH, hydrated], "unknown")).to.equal(null);
      expect(await conforming("eth_getBlockByNumber", ["0xffffff", hydrated], "past the head")).to.equal(null);
    }
    expect(await conforming("eth_getBlockTransactionCountByNumber", [chain.mixedBlock.number])).to.equal("0x6");
    await conforming("eth_getBlockTransactionCountByNumber", ["latest"]);
    expect(await conforming("eth_getBlockTransactionCountByNumber", ["0xffffff"], "past the head")).to.equal(null);
    await conforming("eth_getBlockTransactionCountByHash", [chain.mixedBlock.hash]);
    expect(await conforming("eth_getBlockTransactionCountByHash", [UNKNOWN_HASH], "unknown")).to.equal(null);
  });

  it("transactions of every type by hash and by block position, pending and queued ones, null for unknown", async function () {
    for (const [label, hash] of Object.entries(chain.mined)) {
      await conforming("eth_getTransactionByHash", [hash], label);
    }
    for (let index = 0; index < 6; index++) {
      const position = `0x${index.toString(16)}`;
      await conforming("eth_getTransactionByBlockNumberAndIndex", [chain.mixedBlock.number, position], position);
      await conforming("eth_getTransactionByBlockHashAndIndex", [chain.mixedBlock.hash, position], position);
    }
    expect(await conforming("eth_getTransactionByBlockNumberAndIndex", [chain.mixedBlock.number, "0x6"], "past the last")).to.equal(null);
    expect(await conforming("eth_getTransactionByBlockHashAndIndex", [UNKNOWN_HASH, "0x0"], "unknown block")).to.equal(null);
    expect(await conforming("eth_getTransactionByHash", [UNKNOWN_HASH], "unknown")).to.equal(null);
    const { authorizationList } = (await result("eth_getTransactionByHash", [chain.mined.setCode])) as { authorizationList: unknown };
    const { r, s, yParity } = chain.authorization.signature;
    expect(authorizationList).to.deep.equal([{ chainId: "0x539", address: chain.counter, nonce: "0x0", yParity: `0x${yParity}`, r: quantity(r), s: quantity(s) }]);
    for (const [label, pending] of Object.entries(chain.pendingSnapshots)) {
      expect(pending, label).to.include({ blockHash: null, blockNumber: null, blockTimestamp: null, transactionIndex: null });
      expect(validateRpcResult("eth_getTransactionByHash", pending), `pending ${label}`).to.deep.equal(SPEC_DEFECTS.pendingTransaction);
    }
    const queued = await result("eth_getTransactionByHash", [chain.queued]);
    expect(validateRpcResult("eth_getTransactionByHash", queued), "queued").to.deep.equal(SPEC_DEFECTS.pendingTransaction);
  });

  it("receipts: every type, a contract creation, a failed call, whole blocks, null for unknown and queued", async function () {
    for (const [label, hash] of Object.entries(chain.mined)) {
      await conforming("eth_getTransactionReceipt", [hash], label);
    }
    expect(await conforming("eth_getTransactionReceipt", [UNKNOWN_HASH], "unknown")).to.equal(null);
    expect(await conforming("eth_getTransactionReceipt", [chain.queued], "queued")).to.equal(null);
    for (const selector of [chain.mixedBlock.number, "earliest", "latest", chain.mixedBlock.hash, { blockHash: chain.mixedBlock.hash }]) {
      await conforming("eth_getBlockReceipts", [selector], JSON.stringify(selector));
    }
    expect(await conforming("eth_getBlockReceipts", ["0xffffff"], "past the head")).to.equal(null);
    expect(await conforming("eth_getBlockReceipts", [UNKNOWN_HASH], "unknown hash")).to.equal(null);
  });

  it("state, calls and estimates, at tags, numbers and EIP-1898 hashes", async function () {
    // BlockNumberOrTagOrHash: a number, a tag, a bare block hash, or an EIP-1898 object.
    const atBlocks: unknown[] = ["latest", "earliest", "pending", chain.mixedBlock.number, chain.mixedBlock.hash, { blockHash: chain.mixedBlock.hash, requireCanonical: true }];
    for (const block of atBlocks) {
      const label = JSON.stringify(block);
      await conforming("eth_getBalance", [bob.address, block], label);
      await conforming("eth_getTransactionCount", [bob.address, block], label);
      await conforming("eth_getCode", [chain.counter, block], label);
      await conforming("eth_getStorageAt", [chain.counter, "0x0", block], label);
    }
    // The slot is bytesMax32: a QUANTITY, a 32-byte word, or any shorter hex string.
    for (const slot of ["0x", "0x00", `0x${"00".repeat(32)}`]) {
      expect(await conforming("eth_getStorageAt", [chain.counter, slot], `slot ${slot}`), slot).to.equal(`0x${"00".repeat(31)}02`);
    }
    // Proofs of a contract with storage, a delegated EOA, an EOA and an absent account, with no key,
    // one, and keys of every bytesMax32 form, each checked against the state root of its block.
    const manyKeys = ["0x0", "0x1", `0x${"00".repeat(32)}`, "0x"];
    const proofCases: Array<[string, string[]]> = [[chain.counter, ["0x0"]], [erin.address, []], [frank.address, manyKeys], [UNKNOWN_ADDRESS, ["0x0"]]];
    for (const block of atBlocks) {
      for (const [address, keys] of proofCases) {
        const proof = await conforming("eth_getProof", [address, keys, block], `${address} ${JSON.stringify(keys)} at ${JSON.stringify(block)}`);
        await verifyAccountProof(proof as AccountProofJson, await stateRootAt(block));
      }
    }
    await verifyAccountProof((await conforming("eth_getProof", [chain.counter, manyKeys], "default block")) as AccountProofJson, await stateRootAt("latest"));
    await conforming("eth_getCode", [erin.address, "latest"], "delegated EOA");
    await conforming("eth_getCode", [frank.address, "latest"], "no code");
    await conforming("eth_call", [{ to: chain.counter, data: counterAbi.encodeFunctionData("count") }, "latest"], "count()");
    await conforming("eth_call", [{ from: bob.address, to: chain.counter, data: counterAbi.encodeFunctionData("increment") }, { blockHash: chain.mixedBlock.hash }], "no return data");
    await conforming("eth_estimateGas", [{ from: bob.address, to: chain.counter, data: counterAbi.encodeFunctionData("increment") }], "call");
    await conforming("eth_estimateGas", [{ from: bob.address, data: artifact.bytecode }, "latest"], "creation");
    await conforming("eth_estimateGas", [{ from: bob.address, to: alice.address, value: "0x1" }, chain.mixedBlock.number], "transfer");
  });

  it("access lists: a call's slots, a creation, a failed call, a given list and price, at tags and numbers", async function () {
    const increment = { from: bob.address, to: chain.counter, data: counterAbi.encodeFunctionData("increment") };
    for (const block of [undefined, "latest", "pending", chain.mixedBlock.number]) {
      const answer = (await conforming("eth_createAccessList", block === undefined ? [increment] : [increment, block], `increment at ${String(block)}`)) as { accessList: unknown };
      expect(answer.accessList).to.deep.equal([{ address: chain.counter, storageKeys: [`0x${"00".repeat(32)}`] }]);
    }
    expect(await conforming("eth_createAccessList", [{ from: bob.address, data: artifact.bytecode }], "creation")).to.have.property("accessList").that.deep.equals([]);
    const failed = await conforming("eth_createAccessList", [{ from: bob.address, to: chain.counter, data: counterAbi.encodeFunctionData("fail", [7]) }], "reverting call");
    expect(failed).to.have.property("error", "execution reverted");
    await conforming("eth_createAccessList", [{ ...increment, gasPrice: "0x4a817c800", accessList: [{ address: alice.address, storageKeys: [] }] }, "latest"], "given list and price");
    await conforming("eth_createAccessList", [{ to: chain.counter, data: counterAbi.encodeFunctionData("count") }, "earliest"], "no sender, before the Counter existed");
  });

  it("a reverting eth_call or eth_estimateGas is the spec's error: code 3, \"execution reverted\", the revert data", async function () {
    const failing = { from: bob.address, to: chain.counter, data: counterAbi.encodeFunctionData("fail", [7]) };
    for (const method of ["eth_call", "eth_estimateGas"]) {
      expect((await call(method, [failing])).error, method).to.deep.equal({ code: 3, message: "execution reverted", data: counterAbi.encodeErrorResult("Refused", [7]) });
    }
  });

  it("logs and filters: matches, no matches, by block hash; logs, block and pending-transaction filters", async function () {
    const incremented = counterAbi.getEvent("Incremented")?.topicHash as Hex;
    // Two increments of the Counter and one of erin's delegated code.
    expect(await filterResults("eth_getLogs", [{ fromBlock: "earliest", toBlock: "latest" }], "all")).to.have.length(3);
    expect(await filterResults("eth_getLogs", [{ address: chain.counter, topics: [incremented] }], "latest block, none")).to.deep.equal([]);
    expect(await filterResults("eth_getLogs", [{ blockHash: chain.mixedBlock.hash, address: [chain.counter, erin.address] }], "by block hash")).to.have.length(3);
    expect(await filterResults("eth_getFilterChanges", [chain.filters.logs], "logs")).to.have.length(3);
    expect(await filterResults("eth_getFilterChanges", [chain.filters.logs], "logs, nothing new")).to.deep.equal([]);
    // The deployment's block, the mixed block, evm_mine's and hardhat_mine's two.
    expect(await filterResults("eth_getFilterChanges", [chain.filters.blocks], "block hashes")).to.have.length(5);
    expect(await filterResults("eth_getFilterChanges", [chain.filters.pending], "pending transaction hashes")).to.include.members(Object.values(chain.mined));
    expect(await filterResults("eth_getFilterLogs", [chain.filters.logs], "logs")).to.have.length(3);
    for (const id of Object.values(chain.filters)) expect(await conforming("eth_uninstallFilter", [id], "installed")).to.equal(true);
    expect(await conforming("eth_uninstallFilter", [chain.filters.logs], "gone")).to.equal(false);
  });

  it("signing and sending", async function () {
    await conforming("eth_sign", [alice.address, "0xdeadbeef"]);
    await conforming("eth_signTransaction", [{ from: bob.address, to: alice.address, value: "0x1" }], "type 2");
    await conforming("eth_signTransaction", [{ from: bob.address, to: alice.address, gasPrice: "0x4a817c800" }], "legacy");
    await conforming("eth_signTransaction", [{ from: bob.address, data: artifact.bytecode, gasPrice: "0x4a817c800", accessList: [] }], "type 1 creation");
    await conforming("eth_sendTransaction", [{ from: bob.address, to: alice.address, gasPrice: "0x4a817c800" }], "legacy");
    await conforming("eth_sendTransaction", [{ from: bob.address, to: chain.counter, data: counterAbi.encodeFunctionData("increment"), accessList: [] }], "type 1");
  });

  it("answers every spec method it does not serve with -32601", async function () {
    for (const method of Object.keys(UNSERVED)) {
      expect(methods.lookup(method), method).to.equal(undefined);
      expect((await call(method, [])).error, method).to.deep.equal({ code: -32601, message: `the method ${method} does not exist/is not available` });
    }
  });

  // Last: it reads what the cases above exercised.
  it("covers the spec: every method is exercised above or listed as unserved, never both", function () {
    const spec = rpcSpecMethodNames();
    const unserved = Object.keys(UNSERVED).sort();
    expect(unserved.filter((method) => !spec.includes(method)), "unserved methods the spec does not have").to.deep.equal([]);
    expect(spec.filter((method) => !exercised.has(method) && !(method in UNSERVED)), "spec methods neither exercised nor listed as unserved").to.deep.equal([]);
    expect([...exercised].filter((method) => method in UNSERVED), "listed as unserved but served").to.deep.equal([]);
    expect(spec.filter((method) => methods.lookup(method) !== undefined).sort()).to.deep.equal([...exercised].sort());
  });
});

/** A 32-byte hex word as a QUANTITY. */
function quantity(word: string): string {
  return `0x${BigInt(word).toString(16)}`;
}
