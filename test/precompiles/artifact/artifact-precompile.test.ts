import { expect } from "chai";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { AbiCoder, Interface } from "ethers";
import { artifacts } from "hardhat";
import { CID } from "multiformats/cid";
import { ARTIFACT_ABI, ArtifactState, artifactInterface, cidHashOf, decodeArtifactLog, type ArtifactEvent } from "../../../precompiles/artifact/artifact-abi.js";
import { ARTIFACT_GAS, ArtifactPrecompile } from "../../../precompiles/artifact/artifact-precompile.js";
import { decodeRequest, requestSlot } from "../../../precompiles/artifact/artifact-storage.js";
import type { PrecompileCall, PrecompileOutcome, PrecompileStorage, Word } from "../../../precompiles/evm/precompile.js";

const CID_V1 = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
/** A dag-pb CID given as v0 and as its v1 form. */
const CID_V0 = "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD";
const CID_V0_AS_V1 = CID.parse(CID_V0).toV1().toString();
const ALICE = "0x00000000000000000000000000000000000a11ce" as const;
const BOB = "0x0000000000000000000000000000000000000b0b" as const;
const CAROL = "0x00000000000000000000000000000000000ca401" as const;
const FEE = 1_000n;

class MemoryStorage implements PrecompileStorage {
  readonly words = new Map<string, Word>();
  async get(slot: Word): Promise<Word> {
    return this.words.get(bytesToHex(slot)) ?? new Uint8Array(32);
  }
  async put(slot: Word, value: Word): Promise<void> {
    this.words.set(bytesToHex(slot), value);
  }
}

function setup(fee = () => FEE) {
  const precompile = new ArtifactPrecompile({ pinFee: fee });
  const storage = new MemoryStorage();
  const run = (data: `0x${string}` | Uint8Array, from: `0x${string}` = ALICE, options: Partial<PrecompileCall> = {}): Promise<PrecompileOutcome> =>
    precompile.run({
      caller: from,
      value: 0n,
      isStatic: false,
      input: typeof data === "string" ? hexToBytes(data) : data,
      gasLimit: 1_000_000n,
      block: { number: 1n, timestamp: 1n },
      storage,
      ...options,
    });
  const encode = (name: string, args: readonly unknown[]) => artifactInterface.encodeFunctionData(name, args) as `0x${string}`;
  const pin = (cid: string, replicas: number, from: `0x${string}` = ALICE, value = FEE * BigInt(replicas)) => run(encode("pin", [cid, replicas]), from, { value });
  const status = async (cid: string): Promise<[number, number, number]> => {
    const result = await run(encode("status", [cid]), BOB, { isStatic: true });
    if (result.kind !== "return") throw new Error(`status reverted: ${JSON.stringify(result)}`);
    const [state, requested, confirmed] = artifactInterface.decodeFunctionResult("status", bytesToHex(result.output));
    return [Number(state), Number(requested), Number(confirmed)];
  };
  return { precompile, storage, run, encode, pin, status };
}

function reverted(result: PrecompileOutcome): string {
  if (result.kind !== "revert") throw new Error(`expected a revert, got ${result.kind}`);
  return result.reason;
}

function events(result: PrecompileOutcome): ArtifactEvent[] {
  if (result.kind !== "return") throw new Error(`expected a return, got ${JSON.stringify(result)}`);
  return (result.logs ?? []).map((log) => {
    const decoded = decodeArtifactLog({ address: "0x0000000000000000000000000000000000001002", topics: log.topics.map((t) => bytesToHex(t)), data: bytesToHex(log.data) });
    if (decoded === undefined) throw new Error("undecodable log");
    return decoded;
  });
}

describe("ArtifactPrecompile", function () {
  it("has exactly the ABI of the compiled IArtifactPrecompile (functions and events)", async function () {
    const compiled = new Interface((await artifacts.readArtifact("IArtifactPrecompile")).abi);
    const full = (iface: Interface) => iface.fragments.map((fragment) => fragment.format("full")).sort();
    expect(full(new Interface(ARTIFACT_ABI))).to.deep.equal(full(compiled));
  });

  it("records a pin request, counts each provider's confirmation once, and reports Pinned at the requested count", async function () {
    const { pin, run, encode, status } = setup();
    const requested = await pin(CID_V1, 2);
    const hash = bytesToHex(cidHashOf(CID.parse(CID_V1)));
    expect(events(requested)).to.deep.equal([{ kind: "PinRequested", cidHash: hash, cid: CID_V1, requester: ALICE, replicas: 2, fee: 2n * FEE }]);
    expect(await status(CID_V1)).to.deep.equal([ArtifactState.Pending, 2, 0]);

    expect(events(await run(encode("confirm", [CID_V1]), BOB))).to.deep.equal([{ kind: "PinConfirmed", cidHash: hash, cid: CID_V1, provider: BOB, confirmed: 1 }]);
    expect(reverted(await run(encode("confirm", [CID_V1]), BOB))).to.equal(`ARTIFACT: ${BOB} has already confirmed ${CID_V1}`);
    expect(await status(CID_V1)).to.deep.equal([ArtifactState.Pending, 2, 1]);
    await run(encode("confirm", [CID_V1]), CAROL);
    expect(await status(CID_V1)).to.deep.equal([ArtifactState.Pinned, 2, 2]);
    // A further provider still counts.
    await run(encode("confirm", [CID_V1]), ALICE);
    expect(await status(CID_V1)).to.deep.equal([ArtifactState.Pinned, 2, 3]);
  });

  it("lays its state out as the documented Solidity struct at keccak256(cidHash ‖ 0)", async function () {
    const { pin, run, encode, storage } = setup();
    await pin(CID_V1, 3);
    await run(encode("confirm", [CID_V1]), BOB);
    const word = await storage.get(requestSlot(cidHashOf(CID.parse(CID_V1))));
    expect(decodeRequest(word)).to.deep.equal({ requester: ALICE, replicas: 3, confirmed: 1, generation: 1 });
    expect(bytesToHex(word)).to.equal(`0x00000001000000010000000300000000000000000000000000000000000a11ce`);
  });

  it("lets only the requester unpin; a new request afterwards starts without the old confirmations", async function () {
    const { pin, run, encode, status } = setup();
    await pin(CID_V1, 1);
    await run(encode("confirm", [CID_V1]), BOB);
    expect(reverted(await run(encode("unpin", [CID_V1]), BOB))).to.equal(`ARTIFACT: only the requester ${ALICE} may unpin ${CID_V1}`);
    expect(events(await run(encode("unpin", [CID_V1]), ALICE))[0]).to.include({ kind: "Unpinned", requester: ALICE });
    expect(await status(CID_V1)).to.deep.equal([ArtifactState.None, 0, 0]);
    expect(reverted(await run(encode("unpin", [CID_V1]), ALICE))).to.equal(`ARTIFACT: no active pin request for ${CID_V1}`);
    expect(reverted(await run(encode("confirm", [CID_V1]), BOB))).to.equal(`ARTIFACT: no active pin request for ${CID_V1}`);

    await pin(CID_V1, 1, CAROL);
    expect(await status(CID_V1)).to.deep.equal([ArtifactState.Pending, 1, 0]);
    expect(events(await run(encode("confirm", [CID_V1]), BOB))[0]).to.include({ kind: "PinConfirmed", confirmed: 1 });
    expect(reverted(await run(encode("unpin", [CID_V1]), ALICE))).to.equal(`ARTIFACT: only the requester ${CAROL} may unpin ${CID_V1}`);
  });

  it("treats a CIDv0 and its CIDv1 form as one request, and refuses a second active request", async function () {
    const { pin, status } = setup();
    await pin(CID_V0, 1);
    expect(await status(CID_V0_AS_V1)).to.deep.equal([ArtifactState.Pending, 1, 0]);
    expect(reverted(await pin(CID_V0_AS_V1, 2, BOB))).to.equal(`ARTIFACT: ${CID_V0_AS_V1} already has an active pin request by ${ALICE}`);
  });

  it("emits ReplicationRequested for the requester only, for an active request and a non-zero provider", async function () {
    const { pin, run, encode } = setup();
    expect(reverted(await run(encode("replicate", [CID_V1, BOB])))).to.equal(`ARTIFACT: no active pin request for ${CID_V1}`);
    await pin(CID_V1, 2);
    expect(events(await run(encode("replicate", [CID_V1, BOB])))).to.deep.equal([
      { kind: "ReplicationRequested", cidHash: bytesToHex(cidHashOf(CID.parse(CID_V1))), cid: CID_V1, provider: BOB },
    ]);
    expect(reverted(await run(encode("replicate", [CID_V1, CAROL]), BOB))).to.equal(`ARTIFACT: only the requester ${ALICE} may ask for replicas of ${CID_V1}`);
    expect(reverted(await run(encode("replicate", [CID_V1, "0x0000000000000000000000000000000000000000"])))).to.equal("ARTIFACT: provider is the zero address");
  });

  it("charges pinFee × replicas exactly, reading the fee source on every call", async function () {
    let fee = 7n;
    const { pin, run, encode } = setup(() => fee);
    expect(reverted(await pin(CID_V1, 3, ALICE, 20n))).to.equal("ARTIFACT: pin of 3 replicas costs 21 wei, sent 20");
    expect(reverted(await pin(CID_V1, 3, ALICE, 22n))).to.equal("ARTIFACT: pin of 3 replicas costs 21 wei, sent 22");
    fee = 10n;
    const feeResult = await run(encode("pinFee", []), BOB, { isStatic: true });
    expect(feeResult.kind === "return" && AbiCoder.defaultAbiCoder().decode(["uint256"], feeResult.output)[0]).to.equal(10n);
    expect(events(await pin(CID_V1, 3, ALICE, 30n))[0]).to.include({ kind: "PinRequested", fee: 30n });
    expect(reverted(await pin(CID_V0, 0, ALICE, 0n))).to.equal("ARTIFACT: replicas must be at least 1");
  });

  it("refuses value on non-payable functions and state changes in static calls, but answers views there", async function () {
    const { pin, run, encode, status } = setup();
    expect(reverted(await run(encode("confirm", [CID_V1]), BOB, { value: 1n }))).to.equal("ARTIFACT: confirm is not payable (sent 1 wei)");
    expect(reverted(await run(encode("status", [CID_V1]), BOB, { value: 1n }))).to.equal("ARTIFACT: status is not payable (sent 1 wei)");
    expect(reverted(await run(encode("pin", [CID_V1, 1]), ALICE, { value: FEE, isStatic: true }))).to.equal("ARTIFACT: pin changes state and cannot run in a static call");
    await pin(CID_V1, 1);
    for (const name of ["confirm", "unpin"]) {
      expect(reverted(await run(encode(name, [CID_V1]), ALICE, { isStatic: true }))).to.equal(`ARTIFACT: ${name} changes state and cannot run in a static call`);
    }
    expect(await status(CID_V1)).to.deep.equal([ArtifactState.Pending, 1, 0]);
  });

  it("reverts with a reason on invalid CIDs, unknown selectors and malformed calldata", async function () {
    const { run, encode, pin } = setup();
    expect(reverted(await pin("not-a-cid", 1))).to.match(/^ARTIFACT: invalid CID "not-a-cid": /);
    expect(reverted(await pin("", 1))).to.equal('ARTIFACT: invalid CID "": empty');
    expect(reverted(await pin(`b${"a".repeat(200)}`, 1))).to.match(/^ARTIFACT: invalid CID "ba{127}…": longer than 128 characters$/);
    expect(reverted(await run("0x12345678"))).to.equal("ARTIFACT: unknown function selector 0x12345678");
    expect(reverted(await run("0x1234"))).to.equal("ARTIFACT: calldata of 2 bytes has no function selector");
    const good = encode("pin", [CID_V1, 1]);
    expect(reverted(await run(good.slice(0, -64) as `0x${string}`))).to.equal("ARTIFACT: malformed calldata for pin(string,uint32)");
    expect(reverted(await run(`${good}00` as `0x${string}`))).to.equal("ARTIFACT: malformed calldata for pin(string,uint32)");
    // replicas word with bits above uint32 set (ethers' decoder would mask them).
    const wide = `${good.slice(0, 10 + 64)}${"01".padStart(56, "0")}${"1".padStart(8, "0")}${good.slice(10 + 128)}` as `0x${string}`;
    expect(reverted(await run(wide, ALICE, { value: FEE }))).to.equal("ARTIFACT: malformed calldata for pin(string,uint32)");
    const badAddress = encode("replicate", [CID_V1, BOB]).replace("0000000000000000000000000000000000000000000b0b", "ff00000000000000000000000000000000000000000b0b") as `0x${string}`;
    expect(reverted(await run(badAddress))).to.equal("ARTIFACT: malformed calldata for replicate(string,address)");
  });

  it("charges a flat amount plus gas per CID byte, and runs out of gas before doing any work", async function () {
    const { run, encode, status } = setup();
    const pinGas = ARTIFACT_GAS.pin + ARTIFACT_GAS.perCidByte * BigInt(CID_V1.length);
    const data = encode("pin", [CID_V1, 1]);
    expect(await run(data, ALICE, { value: FEE, gasLimit: pinGas - 1n })).to.deep.equal({ kind: "outOfGas" });
    expect(await status(CID_V1)).to.deep.equal([ArtifactState.None, 0, 0]);
    const result = await run(data, ALICE, { value: FEE, gasLimit: pinGas });
    expect(result.kind === "return" && result.gasUsed).to.equal(pinGas);
    expect(await run("0x12345678", ALICE, { gasLimit: ARTIFACT_GAS.malformed - 1n })).to.deep.equal({ kind: "outOfGas" });
    const statusResult = await run(encode("status", [CID_V0]));
    expect(statusResult.kind === "return" && statusResult.gasUsed).to.equal(ARTIFACT_GAS.status + ARTIFACT_GAS.perCidByte * BigInt(CID_V0.length));
  });
});
