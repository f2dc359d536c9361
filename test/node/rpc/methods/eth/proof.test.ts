import { expect } from "chai";
import { Interface, keccak256 } from "ethers";
import { readFileSync } from "node:fs";
import path from "node:path";
import { KECCAK256_NULL_S, KECCAK256_RLP_S } from "@ethereumjs/util";
import { devAccounts } from "../../../../../node/chain/dev-accounts.js";
import { RpcErrorCode } from "../../../../../node/rpc/json-rpc.js";
import { MAX_PROOF_STORAGE_KEYS, parseProofStorageKeys } from "../../../../../node/rpc/methods/eth/state.js";
import { ProofMismatchError, verifyAccountProof, type AccountProofJson } from "../../../../support/account-proof.js";
import { openDevNodeRpc, type DevNodeRpc } from "../../../../support/dev-node-rpc.js";
import { rpcErrorOf } from "../../../../support/rpc-harness.js";

type Hex = `0x${string}`;

const counterArtifact = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../../../../artifacts/contracts/test/Counter.sol/Counter.json"), "utf8")) as {
  abi: string[];
  bytecode: Hex;
};
const counterAbi = new Interface(counterArtifact.abi);
const [alice, bob] = devAccounts(2);
const NOBODY = "0x000000000000000000000000000000000000dead";
const SLOT_ZERO_WORD = `0x${"00".repeat(32)}`;

describe("rpc methods: eth_getProof (EIP-1186) on a dev node", function () {
  this.timeout(60_000);
  let rpc: DevNodeRpc;
  let counter: Hex;
  /** The block of the first increment (count 1); the head has count 2. */
  let firstIncrement: Hex;

  async function proof(address: string, keys: unknown[], block: unknown = "latest"): Promise<AccountProofJson> {
    return (await rpc.result("eth_getProof", [address, keys, block])) as AccountProofJson;
  }

  async function stateRoot(block: unknown): Promise<Hex> {
    return ((await rpc.result("eth_getBlockByNumber", [block, false])) as { stateRoot: Hex }).stateRoot;
  }

  async function increment(): Promise<Hex> {
    const hash = await rpc.result("eth_sendTransaction", [{ from: alice.address, to: counter, data: counterAbi.encodeFunctionData("increment") }]);
    return ((await rpc.result("eth_getTransactionReceipt", [hash])) as { blockNumber: Hex }).blockNumber;
  }

  before(async function () {
    rpc = await openDevNodeRpc();
    const deployment = await rpc.result("eth_sendTransaction", [{ from: alice.address, data: counterArtifact.bytecode }]);
    counter = ((await rpc.result("eth_getTransactionReceipt", [deployment])) as { contractAddress: Hex }).contractAddress;
    firstIncrement = await increment();
    await increment();
  });
  after(async function () {
    await rpc?.close();
  });

  it("proves a contract's account and its storage against the block's stateRoot", async function () {
    const answer = await proof(counter, ["0x0", "0x1"]);
    await verifyAccountProof(answer, await stateRoot("latest"));
    expect(answer.address).to.equal(counter);
    expect(answer.nonce).to.equal("0x1");
    expect(answer.codeHash).to.equal(keccak256((await rpc.result("eth_getCode", [counter])) as string));
    expect(answer.storageHash).to.not.equal(KECCAK256_RLP_S);
    expect(answer.storageProof.map(({ key, value }) => [key, value])).to.deep.equal([
      ["0x0", "0x2"],
      ["0x1", "0x0"],
    ]);
    expect(answer.storageProof[0].proof).to.not.deep.equal([]);
  });

  it("a proof does not verify against another block's root, nor with a value changed", async function () {
    const answer = await proof(counter, ["0x0"]);
    let error = await verifyAccountProof(answer, await stateRoot(firstIncrement)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ProofMismatchError);
    error = await verifyAccountProof({ ...answer, storageProof: [{ ...answer.storageProof[0], value: "0x3" }] }, await stateRoot("latest")).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ProofMismatchError);
    expect((error as Error).message).to.equal("slot 0x0: the proof says 2, the answer 3");
  });

  it("proves the state of an older block by number, hash or EIP-1898 object", async function () {
    const { hash } = (await rpc.result("eth_getBlockByNumber", [firstIncrement, false])) as { hash: Hex };
    for (const block of [firstIncrement, hash, { blockHash: hash, requireCanonical: true }]) {
      const answer = await proof(counter, ["0x0"], block);
      await verifyAccountProof(answer, await stateRoot(firstIncrement));
      expect(answer.storageProof[0].value, JSON.stringify(block)).to.equal("0x1");
    }
  });

  it("an account without code: empty code and storage hashes, each slot proven absent with no nodes", async function () {
    const answer = await proof(bob.address, ["0x0"]);
    await verifyAccountProof(answer, await stateRoot("latest"));
    expect(BigInt(answer.balance)).to.equal(BigInt((await rpc.result("eth_getBalance", [bob.address])) as string));
    expect(answer).to.include({ codeHash: KECCAK256_NULL_S, storageHash: KECCAK256_RLP_S, nonce: "0x0" });
    expect(answer.storageProof).to.deep.equal([{ key: "0x0", value: "0x0", proof: [] }]);
  });

  it("an account that does not exist: proven absent, its fields those of an empty account", async function () {
    const answer = await proof(NOBODY, ["0x5"]);
    await verifyAccountProof(answer, await stateRoot("latest"));
    expect(answer).to.deep.include({ address: NOBODY, balance: "0x0", nonce: "0x0", codeHash: KECCAK256_NULL_S, storageHash: KECCAK256_RLP_S });
    expect(answer.accountProof).to.not.deep.equal([]);
    expect(answer.storageProof).to.deep.equal([{ key: "0x5", value: "0x0", proof: [] }]);
  });

  it("no storage keys: the account proof alone", async function () {
    const answer = await proof(counter, []);
    await verifyAccountProof(answer, await stateRoot("latest"));
    expect(answer.storageProof).to.deep.equal([]);
  });

  it("echoes each key as geth does: a 32-byte key as given (lower case), any other as a QUANTITY", async function () {
    const keys = [SLOT_ZERO_WORD, `0x${"00".repeat(31)}0A`, "0x", "0x00", "0x0001"];
    const answer = await proof(counter, keys);
    await verifyAccountProof(answer, await stateRoot("latest"));
    expect(answer.storageProof.map(({ key, value }) => [key, value])).to.deep.equal([
      [SLOT_ZERO_WORD, "0x2"],
      [`0x${"00".repeat(31)}0a`, "0x0"],
      ["0x0", "0x2"],
      ["0x0", "0x2"],
      ["0x1", "0x0"],
    ]);
  });

  it(`takes at most ${MAX_PROOF_STORAGE_KEYS} storage keys; more, or keys that are not bytesMax32, are -32602`, async function () {
    expect(parseProofStorageKeys(Array.from({ length: MAX_PROOF_STORAGE_KEYS }, () => "0x1"), "keys")).to.have.length(MAX_PROOF_STORAGE_KEYS);
    const tooMany = await rpc.call("eth_getProof", [counter, Array.from({ length: MAX_PROOF_STORAGE_KEYS + 1 }, () => "0x1")]);
    expect(tooMany.error).to.deep.equal({
      code: RpcErrorCode.InvalidParams,
      message: `invalid argument 1 (storage keys): too many storage keys: ${MAX_PROOF_STORAGE_KEYS + 1}, at most ${MAX_PROOF_STORAGE_KEYS} per request`,
    });
    const tooLong = rpcErrorOf(() => parseProofStorageKeys(["0x0", `0x1${"00".repeat(32)}`], "argument 1 (storage keys)"));
    expect(tooLong.message).to.match(/^invalid argument 1 \(storage keys\)\[1\]: hex string too long/);
    expect(rpcErrorOf(() => parseProofStorageKeys("0x0", "keys")).message).to.equal('invalid keys: expected an array of storage keys, got the string "0x0"');
    expect((await rpc.call("eth_getProof", [counter])).error?.message).to.equal("missing value for required argument 1 (storage keys)");
  });

  it("an unknown block is -32001", async function () {
    expect((await rpc.call("eth_getProof", [counter, [], "0xffff"])).error).to.deep.equal({ code: RpcErrorCode.ResourceNotFound, message: "block #65535 not found" });
  });
});
