import type { Logger } from "pino";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CitrateNode } from "../citrate-node.js";
import { MethodRegistry, type RpcMethod } from "../rpc/method-registry.js";
import type { TxPool } from "../txpool/tx-pool.js";
import { MetricsServer } from "./metrics-server.js";

/** What the gauges read at each scrape. */
export interface MetricsSource {
  /** Number of the head of the virtual selected chain. */
  headNumber(): bigint;
  /** Blocks in the DAG, and its tips. */
  dagBlocks(): number;
  dagTips(): number;
  /** Transactions in the pool: executable, and waiting for a missing nonce. */
  txpoolCounts(): { readonly pending: number; readonly queued: number };
}

/** Seconds: a dev block takes milliseconds; a block full of contract calls can take seconds. */
const PRODUCTION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The node's Prometheus metrics, in a registry of their own (never prom-client's global one, so two
 * nodes in one process, or tests, do not collide). Gauges are read from the node at scrape time;
 * counters and the histogram are fed by `instrumentProduction` and `instrumentRpc`.
 */
export class NodeMetrics {
  readonly registry = new Registry();
  readonly blocksProduced: Counter;
  readonly blockProductionSeconds: Histogram;
  readonly rpcRequests: Counter<"method">;

  constructor(source: MetricsSource, options: { readonly defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    new Gauge({
      name: "citrate_head_number",
      help: "Number of the head of the virtual selected chain (eth_blockNumber)",
      registers,
      collect() {
        this.set(Number(source.headNumber()));
      },
    });
    new Gauge({
      name: "citrate_dag_blocks",
      help: "Blocks in the DAG, the genesis included",
      registers,
      collect() {
        this.set(source.dagBlocks());
      },
    });
    new Gauge({
      name: "citrate_dag_tips",
      help: "Tips of the DAG (blocks without children)",
      registers,
      collect() {
        this.set(source.dagTips());
      },
    });
    new Gauge({
      name: "citrate_txpool_pending",
      help: "Executable transactions in the pool",
      registers,
      collect() {
        this.set(source.txpoolCounts().pending);
      },
    });
    new Gauge({
      name: "citrate_txpool_queued",
      help: "Transactions in the pool waiting for a missing nonce",
      registers,
      collect() {
        this.set(source.txpoolCounts().queued);
      },
    });
    this.blocksProduced = new Counter({ name: "citrate_blocks_produced_total", help: "Blocks this node produced and imported", registers });
    this.blockProductionSeconds = new Histogram({
      name: "citrate_block_production_seconds",
      help: "Time to produce a block: select transactions, execute, store, add to the DAG, update the pool",
      buckets: PRODUCTION_BUCKETS,
      registers,
    });
    this.rpcRequests = new Counter({
      name: "citrate_rpc_requests_total",
      help: "JSON-RPC requests per method (methods the node serves; unknown names are not counted)",
      labelNames: ["method"],
      registers,
    });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Counts the blocks this node produces and how long each took, from the start of building it to
   * its chain update (built, executed, stored, added to the DAG, pool updated). Neither the producer
   * nor the processor emits an event when a block is built, so `buildBlock` is wrapped on the
   * processor instance (every path of the producer goes through it); a block counts as produced
   * when the chain update of a block built here arrives, so blocks imported from elsewhere are not
   * counted. Returns the function that stops counting.
   */
  instrumentProduction<Template>(
    processor: { buildBlock(template: Template): Promise<{ readonly hash: string }> },
    chain: { onChainUpdate(listener: (update: { readonly imported: { readonly block: { readonly hash: string } } }) => void): () => void },
  ): () => void {
    const buildBlock = processor.buildBlock.bind(processor);
    const startedAt = new Map<string, number>();
    processor.buildBlock = async (template: Template) => {
      const started = performance.now();
      const built = await buildBlock(template);
      // Built blocks that are never imported (a failed import) must not pile up.
      if (startedAt.size >= 64) startedAt.clear();
      startedAt.set(built.hash, started);
      return built;
    };
    return chain.onChainUpdate(({ imported }) => {
      const started = startedAt.get(imported.block.hash);
      if (started === undefined) return;
      startedAt.delete(imported.block.hash);
      this.blocksProduced.inc();
      this.blockProductionSeconds.observe((performance.now() - started) / 1000);
    });
  }

  /**
   * The same methods, each counting its calls in `citrate_rpc_requests_total{method}`. Only methods
   * the registry serves are counted, so a client cannot grow the label set with made-up names.
   */
  instrumentRpc<Context>(methods: MethodRegistry<Context>): MethodRegistry<Context> {
    const counted = methods.names().map((name): RpcMethod<Context> => {
      const method = methods.lookup(name) as RpcMethod<Context>;
      const counter = this.rpcRequests.labels(name);
      return {
        ...method,
        invoke: (params, context, call) => {
          counter.inc();
          return method.invoke(params, context, call);
        },
      };
    });
    return new MethodRegistry<Context>().add(...counted);
  }

  /** Serves `/metrics` on the loopback interface; port 0 picks a free port. */
  serve(options: { readonly port: number; readonly host?: string; readonly log: Logger }): Promise<MetricsServer> {
    return MetricsServer.start({ registry: this.registry, ...options });
  }
}

/** The metrics of a running node: its chain, DAG and pool, and its producer's blocks. */
export function nodeMetrics(node: CitrateNode, pool: TxPool): NodeMetrics {
  const metrics = new NodeMetrics({
    headNumber: () => node.head.header.number,
    dagBlocks: () => node.processor.dag.blockCount,
    dagTips: () => node.processor.dag.tips().length,
    txpoolCounts: () => pool.counts(),
  });
  metrics.instrumentProduction(node.processor, node);
  return metrics;
}
