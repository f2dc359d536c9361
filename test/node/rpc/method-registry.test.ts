import { expect } from "chai";
import { parseAddress } from "../../../node/rpc/codec/address.js";
import { parseBlockSelector, type BlockSelector } from "../../../node/rpc/codec/block-tag.js";
import { formatQuantity } from "../../../node/rpc/codec/quantity.js";
import { RpcError, RpcErrorCode } from "../../../node/rpc/json-rpc.js";
import { defineMethod, MethodRegistry, optional, required, type RpcMethod } from "../../../node/rpc/method-registry.js";
import type { RpcCall } from "../../../node/rpc/rpc-call.js";

const HTTP_CALL: RpcCall = { transport: "http", subscriptions: undefined, afterResponse: () => undefined, beforeResponse: () => undefined };
const ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

/** The shape a later method file takes: a narrow context and typed, parsed params. */
interface BalanceContext {
  balanceOf(address: Uint8Array, block: BlockSelector): Promise<bigint>;
}

const getBalance = defineMethod({
  name: "eth_getBalance",
  params: [required("address", parseAddress), optional("block", parseBlockSelector)],
  handler: async ([address, block], context: BalanceContext) => formatQuantity(await context.balanceOf(address, block ?? "latest")),
});

async function invokeError(method: RpcMethod<BalanceContext>, params: unknown[], context: BalanceContext): Promise<RpcError> {
  try {
    await method.invoke(params, context, HTTP_CALL);
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("rpc: method registry", function () {
  const seen: Array<[Uint8Array, BlockSelector]> = [];
  const context: BalanceContext = {
    balanceOf: async (address, block) => {
      seen.push([address, block]);
      return 1000n;
    },
  };

  beforeEach(function () {
    seen.length = 0;
  });

  it("parses positional params into the handler's typed tuple", async function () {
    expect(await getBalance.invoke([ADDRESS, "0x10"], context, HTTP_CALL)).to.equal("0x3e8");
    expect(seen[0]?.[1]).to.equal(16n);
    expect(getBalance.parseParams([ADDRESS])).to.deep.equal([Uint8Array.from(Buffer.from(ADDRESS.slice(2), "hex")), undefined]);
    expect(getBalance.namespace).to.equal("eth");
    expect(getBalance.paramNames).to.deep.equal(["address", "block"]);
  });

  it("takes an omitted or null optional param as undefined", async function () {
    await getBalance.invoke([ADDRESS], context, HTTP_CALL);
    await getBalance.invoke([ADDRESS, null], context, HTTP_CALL);
    expect(seen.map(([, block]) => block)).to.deep.equal(["latest", "latest"]);
  });

  it("refuses missing, null and extra params with -32602 in geth's words", async function () {
    const missing = await invokeError(getBalance, [], context);
    expect(missing.code).to.equal(RpcErrorCode.InvalidParams);
    expect(missing.message).to.equal("missing value for required argument 0 (address)");
    expect((await invokeError(getBalance, [null], context)).message).to.equal("missing value for required argument 0 (address)");
    const extra = await invokeError(getBalance, [ADDRESS, "latest", true], context);
    expect(extra.code).to.equal(RpcErrorCode.InvalidParams);
    expect(extra.message).to.equal("too many arguments, want at most 2");
    expect(seen).to.have.length(0);
  });

  it("names the argument's position and name in a parser's error", async function () {
    const error = await invokeError(getBalance, [ADDRESS, "newest"], context);
    expect(error.code).to.equal(RpcErrorCode.InvalidParams);
    expect(error.message).to.match(/^invalid argument 1 \(block\): expected a block number/);
  });

  it("refuses malformed definitions", function () {
    expect(() => defineMethod({ name: "getBalance", params: [], handler: () => 1 })).to.throw(/namespace_method/);
    expect(() => defineMethod({ name: "eth_", params: [], handler: () => 1 })).to.throw(/namespace_method/);
    expect(() =>
      defineMethod({
        name: "eth_x",
        params: [optional("a", parseAddress), required("b", parseAddress)],
        handler: () => 1,
      }),
    ).to.throw(/required parameter follows an optional one/);
  });

  it("looks methods up by name; disabled and unknown ones are both absent", function () {
    const other = defineMethod({ name: "dev_mine", params: [], handler: () => true });
    const registry = new MethodRegistry<BalanceContext>().add(getBalance, other);
    expect(registry.lookup("eth_getBalance")).to.equal(getBalance);
    expect(registry.lookup("eth_nope")).to.equal(undefined);
    expect(registry.lookup("__proto__")).to.equal(undefined);
    expect(registry.names()).to.deep.equal(["dev_mine", "eth_getBalance"]);
    registry.disableNamespace("dev");
    expect(registry.lookup("dev_mine")).to.equal(undefined);
    registry.disable("eth_getBalance");
    expect(registry.lookup("eth_getBalance")).to.equal(undefined);
    expect(registry.names()).to.deep.equal([]);
    expect(() => registry.disable("eth_nope")).to.throw(/no such RPC method/);
  });

  it("refuses a name registered twice", function () {
    expect(() => new MethodRegistry<BalanceContext>().add(getBalance, getBalance)).to.throw(/already registered/);
  });

  it("accepts methods whose context is narrower than the registry's, and refuses wider ones (typecheck)", function () {
    interface NodeContext extends BalanceContext {
      readonly chainId: bigint;
    }
    const chainId = defineMethod({
      name: "eth_chainId",
      params: [],
      handler: (_params, ctx: { readonly chainId: bigint }) => formatQuantity(ctx.chainId),
    });
    const registry = new MethodRegistry<NodeContext>().add(getBalance, chainId);
    expect(registry.names()).to.deep.equal(["eth_chainId", "eth_getBalance"]);
    // @ts-expect-error: a BalanceContext registry cannot serve a method that needs chainId.
    new MethodRegistry<BalanceContext>().add(chainId);
  });
});
