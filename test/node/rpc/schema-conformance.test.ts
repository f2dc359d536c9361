import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { post, startTestServer, WsTestClient, type TestServer } from "../../support/rpc-harness.js";
import {
  rpcMethodExamples,
  rpcSchemasAvailable,
  rpcSpecMethodNames,
  validateRpcResult,
} from "../../support/rpc-schemas.js";

describe("rpc: execution-apis schema conformance", function () {
  let t: TestServer;

  before(async function () {
    if (!rpcSchemasAvailable()) this.skip();
    t = await startTestServer();
  });
  after(async function () {
    await t?.close();
  });

  async function result(method: string): Promise<unknown> {
    const reply = await post(t.server.httpUrl, { jsonrpc: "2.0", id: 1, method, params: [] });
    return (reply.json as { result: unknown }).result;
  }

  it("eth_chainId and net_version results from the server conform, over HTTP and WebSocket", async function () {
    expect(validateRpcResult("eth_chainId", await result("eth_chainId"))).to.deep.equal([]);
    expect(validateRpcResult("net_version", await result("net_version"))).to.deep.equal([]);
    const client = await WsTestClient.connect(t.server.wsUrl);
    try {
      const reply = (await client.call("eth_chainId")) as { result: unknown };
      expect(validateRpcResult("eth_chainId", reply.result)).to.deep.equal([]);
    } finally {
      await client.close();
    }
  });

  it("rejects wrong results, so the harness can fail", function () {
    expect(validateRpcResult("eth_chainId", "1337")).to.deep.equal(['(result) must match pattern "^0x(0|[1-9a-f][0-9a-f]*)$"']);
    expect(validateRpcResult("eth_chainId", "0x0539")).to.have.length(1);
    expect(validateRpcResult("eth_chainId", 1337)).to.deep.equal(["(result) must be string"]);
    expect(validateRpcResult("net_version", "0x539")).to.have.length(1);
  });

  it("resolves nested references: a block result with a wrong field is rejected where it is wrong", function () {
    const [example] = rpcMethodExamples("eth_getBlockByNumber");
    const block = example?.result as Record<string, unknown>;
    expect(validateRpcResult("eth_getBlockByNumber", block)).to.deep.equal([]);
    const errors = validateRpcResult("eth_getBlockByNumber", { ...block, gasUsed: "0x01" });
    expect(errors.join("\n")).to.contain("/gasUsed");
  });

  /**
   * Examples in the pinned spec that its own schemas reject (stale examples, not harness bugs);
   * the harness must reject exactly these and accept every other example.
   */
  const STALE_EXAMPLES: Record<string, string> = {
    eth_feeHistory: "spells oldestBlock as oldestblock",
    eth_getTransactionByBlockHashAndIndex: "lacks the now required type and blockTimestamp",
    eth_getTransactionByBlockNumberAndIndex: "lacks the now required type and blockTimestamp",
    eth_getTransactionByHash: "lacks the now required type and blockTimestamp",
    eth_newBlockFilter: 'filter id "0x01" has a leading zero',
    eth_newFilter: 'filter id "0x01" has a leading zero',
    eth_newPendingTransactionFilter: 'filter id "0x01" has a leading zero',
    eth_sendRawTransaction: "transaction hash has 63 hex digits",
    eth_sendTransaction: "transaction hash has 63 hex digits",
  };

  it("compiles every method of the spec: its examples pass, except the known stale ones", function () {
    const names = rpcSpecMethodNames();
    expect(names).to.include.members(["eth_chainId", "net_version", "eth_getBalance", "eth_getLogs"]);
    const rejected: string[] = [];
    let accepted = 0;
    for (const method of names) {
      for (const example of rpcMethodExamples(method)) {
        if (example.result === undefined) continue;
        if (validateRpcResult(method, example.result).length === 0) accepted += 1;
        else rejected.push(method);
      }
    }
    expect(rejected).to.deep.equal(Object.keys(STALE_EXAMPLES));
    expect(accepted).to.be.greaterThan(30);
  });

  it("refuses a method the spec does not describe", function () {
    expect(() => validateRpcResult("web3_clientVersion", "x")).to.throw(/no method web3_clientVersion/);
  });
});

describe("rpc: schema harness without the conformance folder", function () {
  it("says the schemas are not available, in a child process pointed at an empty folder", async function () {
    const { spawnSync } = await import("node:child_process");
    const empty = mkdtempSync(path.join(tmpdir(), "citrate-no-conformance-"));
    try {
      const script = [
        'import { rpcSchemasAvailable, validateRpcResult, RpcSchemasUnavailableError } from "./test/support/rpc-schemas.ts";',
        "let error;",
        'try { validateRpcResult("eth_chainId", "0x1"); } catch (e) { error = e; }',
        "const unavailable = error instanceof RpcSchemasUnavailableError;",
        "console.log(JSON.stringify({ available: rpcSchemasAvailable(), unavailable, message: error?.message }));",
      ].join("\n");
      const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: path.resolve(import.meta.dirname, "../../.."),
        env: { ...process.env, CITRATE_CONFORMANCE_DIR: path.join(empty, "absent") },
        encoding: "utf8",
      });
      const lines = child.stdout.trim().split("\n");
      expect(JSON.parse(lines[lines.length - 1] as string)).to.deep.equal({
        available: false,
        unavailable: true,
        message: "execution-apis schemas not available (set CITRATE_CONFORMANCE_DIR to the folder holding execution-apis/)",
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
