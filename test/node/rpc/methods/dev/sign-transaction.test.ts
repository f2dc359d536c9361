import { expect } from "chai";
import { keccak256, Transaction } from "ethers";
import { devAccounts } from "../../../../../node/chain/dev-accounts.js";
import { RpcErrorCode } from "../../../../../node/rpc/json-rpc.js";
import { openDevNodeRpc, type DevNodeRpc } from "../../../../support/dev-node-rpc.js";
import { rpcSchemasAvailable, validateRpcResult } from "../../../../support/rpc-schemas.js";

type Hex = `0x${string}`;

const [alice, bob] = devAccounts(2);
const GWEI = 1_000_000_000n;

interface SignedAnswer {
  raw: Hex;
  tx: Record<string, unknown>;
}

describe("rpc dev methods: eth_signTransaction on a dev node", function () {
  this.timeout(60_000);
  let rpc: DevNodeRpc;

  async function sign(transaction: Record<string, unknown>): Promise<SignedAnswer> {
    return (await rpc.result("eth_signTransaction", [transaction])) as SignedAnswer;
  }

  async function pendingNonce(address: string): Promise<bigint> {
    return BigInt((await rpc.result("eth_getTransactionCount", [address, "pending"])) as string);
  }

  before(async function () {
    rpc = await openDevNodeRpc();
  });
  after(async function () {
    await rpc?.close();
  });

  it("fills as eth_sendTransaction does and signs for `from`, sending nothing", async function () {
    const nonce = await pendingNonce(alice.address);
    const baseFee = BigInt((await rpc.result("eth_baseFee")) as string);
    const { raw, tx } = await sign({ from: alice.address, to: bob.address, value: "0x7" });
    const decoded = Transaction.from(raw);
    expect(decoded.from?.toLowerCase()).to.equal(alice.address);
    expect({ type: decoded.type, nonce: BigInt(decoded.nonce), chainId: decoded.chainId, gasLimit: decoded.gasLimit, value: decoded.value }).to.deep.equal({
      type: 2,
      nonce,
      chainId: 1337n,
      gasLimit: 21_000n,
      value: 7n,
    });
    expect(decoded.maxPriorityFeePerGas).to.equal(GWEI);
    expect(decoded.maxFeePerGas).to.equal(2n * baseFee + GWEI);
    expect(tx).to.deep.include({ type: "0x2", hash: keccak256(raw), nonce: `0x${nonce.toString(16)}`, to: bob.address, value: "0x7", gas: "0x5208", chainId: "0x539" });
    expect(tx.r).to.equal(`0x${BigInt(decoded.signature?.r as string).toString(16)}`);
    // Nothing was sent: the pool has no transaction and the nonce is still free.
    expect(await pendingNonce(alice.address)).to.equal(nonce);
    expect(await rpc.result("eth_getTransactionByHash", [tx.hash])).to.equal(null);
    // The raw bytes are what eth_sendRawTransaction takes.
    expect(await rpc.result("eth_sendRawTransaction", [raw])).to.equal(tx.hash);
  });

  it("keeps what is given: a legacy gas price, an access list, a nonce, a gas limit", async function () {
    const legacy = await sign({ from: bob.address, to: alice.address, gasPrice: "0x77359400", nonce: "0x9", gas: "0x6000" });
    expect(legacy.tx).to.deep.include({ type: "0x0", gasPrice: "0x77359400", nonce: "0x9", gas: "0x6000" });
    expect(Transaction.from(legacy.raw).from?.toLowerCase()).to.equal(bob.address);
    const accessList = [{ address: alice.address, storageKeys: [`0x${"00".repeat(32)}`] }];
    const listed = await sign({ from: bob.address, to: alice.address, gasPrice: "0x77359400", accessList });
    expect(listed.tx).to.deep.include({ type: "0x1", accessList });
    expect(BigInt(listed.tx.gas as string)).to.equal(21_000n + 2_400n + 1_900n);
  });

  it("refuses what eth_sendTransaction refuses: an unknown account, another chain id, a missing from", async function () {
    const unknown = await rpc.call("eth_signTransaction", [{ from: "0x000000000000000000000000000000000000dead", to: bob.address }]);
    expect(unknown.error).to.deep.equal({ code: RpcErrorCode.ServerError, message: "unknown account" });
    const wrongChain = await rpc.call("eth_signTransaction", [{ from: alice.address, to: bob.address, chainId: "0x1" }]);
    expect(wrongChain.error).to.deep.equal({ code: RpcErrorCode.InvalidParams, message: "invalid argument 0 (transaction).chainId: chain id 1 is not this chain's (1337)" });
    const noSender = await rpc.call("eth_signTransaction", [{ to: bob.address }]);
    expect(noSender.error).to.deep.equal({ code: RpcErrorCode.InvalidParams, message: 'invalid argument 0 (transaction): missing "from": the account to send from' });
  });

  it("answers execution-apis' SignTransactionResult for each type it signs", async function () {
    if (!rpcSchemasAvailable()) this.skip();
    for (const fields of [{}, { gasPrice: "0x77359400" }, { gasPrice: "0x77359400", accessList: [] }]) {
      const answer = await sign({ from: alice.address, to: bob.address, ...fields });
      expect(validateRpcResult("eth_signTransaction", answer), JSON.stringify(fields)).to.deep.equal([]);
    }
  });
});
