// A dev node in a temporary directory with its JSON-RPC methods (nodeRpc + devRpc) behind a
// dispatcher: what a method test needs to call eth_ and dev methods on a real chain and state.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { devChainSpec } from "../../node/chain/dev-chain-spec.js";
import { CitrateNode } from "../../node/citrate-node.js";
import { DevClock } from "../../node/dev/dev-clock.js";
import { chainCommon } from "../../node/execution/common.js";
import { devRpc } from "../../node/rpc/dev-rpc.js";
import type { MethodRegistry } from "../../node/rpc/method-registry.js";
import { nodeRpc, type NodeRpcContext } from "../../node/rpc/node-rpc.js";
import { RpcDispatcher, type RpcSession } from "../../node/rpc/rpc-dispatcher.js";
import { TxPool } from "../../node/txpool/tx-pool.js";

/** The proposer the test node produces with. */
export const TEST_PROPOSER = "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e";

const HTTP: RpcSession = { transport: "http", subscriptions: undefined };

export interface RpcReply {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface DevNodeRpc {
  readonly node: CitrateNode;
  /** The JSON-RPC answer to one request. */
  call(method: string, params?: unknown[]): Promise<RpcReply>;
  /** The result of one request; an error answer throws, naming the method and the error. */
  result(method: string, params?: unknown[]): Promise<unknown>;
  /** Closes the node and removes its directory. */
  close(): Promise<void>;
}

/** A dev chain node and the JSON-RPC methods `citrate node --dev` serves on it, with their context. */
export interface DevNode {
  readonly node: CitrateNode;
  readonly methods: MethodRegistry<NodeRpcContext>;
  readonly context: NodeRpcContext;
}

/** Opens the dev chain in `datadir` (a new one when empty), its producer on `clock`, serving the node's and the dev methods. */
export async function openDevNode(datadir: string, clock: DevClock = new DevClock()): Promise<DevNode> {
  const spec = devChainSpec();
  let pool: TxPool | undefined;
  const node = await CitrateNode.open({
    spec,
    datadir,
    log: pino({ level: "silent" }),
    proposer: TEST_PROPOSER,
    clock,
    mempool: (opened) => {
      pool = new TxPool({ common: chainCommon(spec), chainId: spec.chainId, accounts: opened.tipAccounts(1n) });
      return pool;
    },
  });
  const { methods, context } = nodeRpc(node, pool as TxPool);
  methods.add(...devRpc(node, context, { clock }).methods);
  return { node, methods, context };
}

/** A dispatcher over a node's methods, as the server runs them for one HTTP request. */
export function rpcCaller({ methods, context }: Pick<DevNode, "methods" | "context">): (method: string, params?: unknown[]) => Promise<RpcReply> {
  const dispatcher = new RpcDispatcher({ methods, context, log: pino({ level: "silent" }), maxBatchItems: 10 }) as RpcDispatcher<unknown>;
  return async (method, params = []) => {
    const { body } = await dispatcher.dispatch(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }), HTTP);
    return JSON.parse(body as string) as RpcReply;
  };
}

/** Opens a dev chain node on a fresh directory, serving the node's and the dev methods. */
export async function openDevNodeRpc(): Promise<DevNodeRpc> {
  const datadir = mkdtempSync(path.join(tmpdir(), "citrate-node-rpc-"));
  const opened = await openDevNode(datadir);
  const call = rpcCaller(opened);
  return {
    node: opened.node,
    call,
    result: async (method, params = []) => {
      const reply = await call(method, params);
      if (reply.error !== undefined) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
      return reply.result;
    },
    close: async () => {
      await opened.node.close();
      rmSync(datadir, { recursive: true, force: true });
    },
  };
}
