import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startDevNode, WITHOUT_DEMO_MODELS } from "../../support/node-process.js";

/** One JSON-RPC call over HTTP. */
async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

describe("citrate node --dev", function () {
  this.timeout(60_000);
  let datadir: string;
  before(function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-node-"));
  });
  after(function () {
    rmSync(datadir, { recursive: true, force: true });
  });

  it("produces blocks every --block-time, stops cleanly on SIGINT and resumes where it stopped", async function () {
    const node = await startDevNode(datadir, [...WITHOUT_DEMO_MODELS, "--block-time", "0.2"]);
    const deadline = Date.now() + 20_000;
    while (BigInt((await rpc(node.url, "eth_blockNumber")) as string) < 3n && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await node.stop()).to.equal(0);

    const restarted = await startDevNode(datadir, WITHOUT_DEMO_MODELS);
    const head = BigInt((await rpc(restarted.url, "eth_blockNumber")) as string);
    expect(head).to.be.at.least(3n);
    const block = (await rpc(restarted.url, "eth_getBlockByNumber", [`0x${head.toString(16)}`, false])) as { number: string; parentHash: string };
    const parent = (await rpc(restarted.url, "eth_getBlockByNumber", [`0x${(head - 1n).toString(16)}`, false])) as { hash: string };
    expect(block.parentHash).to.equal(parent.hash);
    expect(await restarted.stop()).to.equal(0);
  });

  it("refuses to run without --dev, and refuses bad options", async function () {
    const { spawnSync } = await import("node:child_process");
    const launcher = path.resolve(import.meta.dirname, "../../../bin/citrate");
    const plain = spawnSync(launcher, ["node", "--datadir", datadir], { encoding: "utf8" });
    expect(plain.status).to.equal(1);
    expect(plain.stderr).to.match(/^citrate: only the single-node dev chain exists so far/);
    expect(spawnSync(launcher, ["node", "--dev", "--rpc-port", "70000"], { encoding: "utf8" }).status).to.equal(2);
    expect(spawnSync(launcher, ["node", "--dev", "--block-time", "x"], { encoding: "utf8" }).status).to.equal(2);
  });
});
