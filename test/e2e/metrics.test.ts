import { expect } from "chai";
import { Wallet } from "ethers";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import { NodeMetrics } from "../../node/metrics/node-metrics.js";
import { defineMethod, MethodRegistry } from "../../node/rpc/method-registry.js";
import { nodeProvider, type RunningNode, startDevNode, WITHOUT_DEMO_MODELS } from "../support/node-process.js";

const [alice, bob] = devAccounts(2);

/** The value of one sample in Prometheus text format (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const prefix = labels === "" ? `${name} ` : `${name}{${labels}} `;
  const line = text.split("\n").find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

async function scrape(url: string): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await fetch(url);
  return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
}

describe("citrate node --dev --metrics-port: Prometheus metrics", function () {
  this.timeout(120_000);
  let datadir: string;
  let node: RunningNode;
  let metricsUrl: string;
  /** The metrics as start-up left them (the first test reads them). */
  let startup = { head: 0, produced: 0, sends: 0 };

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-e2e-metrics-"));
    node = await startDevNode(datadir, [...WITHOUT_DEMO_MODELS, "--metrics-port", "0"]);
    metricsUrl = node.metricsUrl as string;
  });
  after(async function () {
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
  });

  it("logs the bound URL (loopback, /metrics) and serves the text format", async function () {
    expect(metricsUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(metricsUrl).not.to.equal("http://127.0.0.1:0/metrics");
    const { status, contentType, text } = await scrape(metricsUrl);
    expect(status).to.equal(200);
    expect(contentType).to.equal("text/plain; version=0.0.4; charset=utf-8");
    expect(text).to.contain("# TYPE citrate_head_number gauge");
    expect(text).to.contain("# TYPE citrate_block_production_seconds histogram");
    // Whatever start-up produced (nothing without the demo models) is the baseline.
    startup = {
      head: sample(text, "citrate_head_number") ?? Number.NaN,
      produced: sample(text, "citrate_blocks_produced_total") ?? Number.NaN,
      sends: sample(text, "citrate_rpc_requests_total", 'method="eth_sendRawTransaction"') ?? 0,
    };
    expect(sample(text, "citrate_dag_blocks")).to.equal(startup.head + 1);
    expect(startup.produced).to.equal(startup.head);
    // prom-client's default process metrics.
    expect(sample(text, "process_cpu_user_seconds_total")).to.be.a("number");
    expect(sample(text, "nodejs_heap_size_used_bytes")).to.be.greaterThan(0);

    expect((await fetch(metricsUrl.replace("/metrics", "/"))).status).to.equal(404);
    expect((await fetch(metricsUrl, { method: "POST" })).status).to.equal(405);
    const head = await fetch(metricsUrl, { method: "HEAD" });
    expect(head.status).to.equal(200);
    expect(await head.text()).to.equal("");
  });

  it("counts a produced block, its production time, the pool and the RPC calls after a transaction", async function () {
    const provider = nodeProvider(node);
    try {
      const wallet = new Wallet(alice.privateKey, provider);
      const receipt = await (await wallet.sendTransaction({ to: bob.address, value: 1n })).wait();
      expect(receipt?.blockNumber).to.equal(startup.head + 1);
      // A transaction with a nonce gap waits in the pool as queued.
      const gapped = await wallet.signTransaction({ to: bob.address, value: 1n, nonce: 5, gasLimit: 21_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, chainId: 1337n, type: 2 });
      await provider.send("eth_sendRawTransaction", [gapped]);
      await provider.send("eth_nope", []).catch(() => undefined);
      // The queued transaction is not executable: automine mines no (empty) block for it.
      const blocks = startup.produced + 1;
      let text = "";
      const deadline = Date.now() + 10_000;
      while (sample(text, "citrate_blocks_produced_total") !== blocks && Date.now() < deadline) {
        ({ text } = await scrape(metricsUrl));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(sample(text, "citrate_head_number")).to.equal(startup.head + 1);
      expect(sample(text, "citrate_dag_blocks")).to.equal(blocks + 1);
      expect(sample(text, "citrate_dag_tips")).to.equal(1);
      expect(sample(text, "citrate_blocks_produced_total")).to.equal(blocks);
      expect(sample(text, "citrate_block_production_seconds_count")).to.equal(blocks);
      expect(sample(text, "citrate_block_production_seconds_sum")).to.be.greaterThan(0).and.lessThan(10);
      expect(sample(text, "citrate_block_production_seconds_bucket", 'le="+Inf"')).to.equal(blocks);
      expect(sample(text, "citrate_txpool_pending")).to.equal(0);
      expect(sample(text, "citrate_txpool_queued")).to.equal(1);
      expect(sample(text, "citrate_rpc_requests_total", 'method="eth_sendRawTransaction"')).to.equal(startup.sends + 2);
      expect(sample(text, "citrate_rpc_requests_total", 'method="eth_getTransactionReceipt"')).to.be.at.least(1);
      expect(text).not.to.contain('method="eth_nope"');
    } finally {
      provider.destroy();
    }
  });
});

describe("NodeMetrics (in process)", function () {
  const silent = pino({ level: "silent" });

  it("uses a registry of its own: two instances do not collide and the global registry stays empty", async function () {
    const source = { headNumber: () => 7n, dagBlocks: () => 9, dagTips: () => 2, txpoolCounts: () => ({ pending: 3, queued: 4 }) };
    const a = new NodeMetrics(source, { defaultMetrics: false });
    const b = new NodeMetrics(source, { defaultMetrics: false });
    const text = await a.registry.metrics();
    expect(await b.registry.metrics()).to.equal(text);
    for (const [name, value] of [["citrate_head_number", 7], ["citrate_dag_blocks", 9], ["citrate_dag_tips", 2], ["citrate_txpool_pending", 3], ["citrate_txpool_queued", 4]] as const) {
      expect(sample(text, name), name).to.equal(value);
    }
    const { register } = await import("prom-client");
    expect(register.getSingleMetric("citrate_head_number")).to.equal(undefined);
  });

  it("counts the blocks built here once their chain update arrives, and not blocks imported from elsewhere", async function () {
    const metrics = new NodeMetrics({ headNumber: () => 0n, dagBlocks: () => 1, dagTips: () => 1, txpoolCounts: () => ({ pending: 0, queued: 0 }) }, { defaultMetrics: false });
    const listeners = new Set<(update: { imported: { block: { hash: string } } }) => void>();
    const chain = {
      onChainUpdate: (listener: (update: { imported: { block: { hash: string } } }) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const processor = { buildBlock: async (template: { id: string }) => ({ hash: `0x${template.id}`, extra: true }) };
    const stop = metrics.instrumentProduction(processor, chain);
    const built = await processor.buildBlock({ id: "01" });
    expect(built).to.deep.equal({ hash: "0x01", extra: true });
    for (const listener of listeners) listener({ imported: { block: { hash: "0x01" } } });
    for (const listener of listeners) listener({ imported: { block: { hash: "0xforeign" } } });
    expect((await metrics.blocksProduced.get()).values[0]?.value).to.equal(1);
    expect((await metrics.blockProductionSeconds.get()).values.find((v) => v.metricName === "citrate_block_production_seconds_count")?.value).to.equal(1);
    stop();
    expect(listeners.size).to.equal(0);
  });

  it("instrumentRpc counts calls per served method and keeps the methods' behaviour", async function () {
    const metrics = new NodeMetrics({ headNumber: () => 0n, dagBlocks: () => 1, dagTips: () => 1, txpoolCounts: () => ({ pending: 0, queued: 0 }) }, { defaultMetrics: false });
    const echo = defineMethod({ name: "test_echo", params: [], handler: () => "echo" });
    const hidden = defineMethod({ name: "test_hidden", params: [], handler: () => "hidden" });
    const methods = metrics.instrumentRpc(new MethodRegistry().add(echo, hidden).disable("test_hidden"));
    expect(methods.names()).to.deep.equal(["test_echo"]);
    const call = { transport: "http" as const, subscriptions: undefined, afterResponse: () => undefined, beforeResponse: () => undefined };
    expect(await methods.lookup("test_echo")?.invoke([], undefined, call)).to.equal("echo");
    expect(await methods.lookup("test_echo")?.invoke([], undefined, call)).to.equal("echo");
    expect(methods.lookup("test_hidden")).to.equal(undefined);
    const text = await metrics.registry.metrics();
    expect(sample(text, "citrate_rpc_requests_total", 'method="test_echo"')).to.equal(2);
    const server = await metrics.serve({ port: 0, log: silent });
    try {
      expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(sample((await scrape(server.url)).text, "citrate_rpc_requests_total", 'method="test_echo"')).to.equal(2);
    } finally {
      await server.close();
      await server.close();
    }
  });
});
