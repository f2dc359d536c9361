/**
 * The ARTIFACT precompile (0x…1002): consensus state for replicated pinning of IPFS artifacts. It
 * records pin requests, replication requests and providers' confirmations (layout in
 * `artifact-storage.ts`) and emits events; the node's artifact manager does the pinning itself,
 * outside consensus, from those events.
 *
 * Gas is charged before any work: a flat amount per function plus `perCidByte` per byte of the CID
 * string (parsing, hashing, and the CID in the event). `pin` costs `pinFee() × replicas` wei, paid as
 * `msg.value` (exactly: the precompile cannot refund); the EVM has already credited the value to the
 * precompile's account when it runs, so fees accrue there, and a revert returns them.
 */
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import type { FunctionFragment, Result } from "ethers";
import { outcome, type Precompile, type PrecompileCall, type PrecompileLog, type PrecompileOutcome } from "../evm/precompile.js";
import { ARTIFACT_PRECOMPILE_ADDRESS, ArtifactState, InvalidCidError, artifactInterface, cidHashOf, parseArtifactCid } from "./artifact-abi.js";
import { ArtifactStore, NO_REQUESTER, type PinRequest } from "./artifact-storage.js";

/** The gas schedule. */
export const ARTIFACT_GAS = {
  /** Charged when the calldata cannot be decoded (selector lookup and ABI validation). */
  malformed: 2_000n,
  pinFee: 200n,
  status: 2_600n,
  pin: 45_000n,
  replicate: 8_000n,
  unpin: 10_000n,
  confirm: 28_000n,
  perCidByte: 64n,
} as const;

type FunctionName = "pin" | "pinFee" | "status" | "replicate" | "unpin" | "confirm";
const WRITES: ReadonlySet<FunctionName> = new Set(["pin", "replicate", "unpin", "confirm"]);
const UINT32_MAX = 0xffff_ffff;

export interface ArtifactPrecompileOptions {
  /** The fee in wei per requested replica for calls that carry no block parameters (`PrecompileCall.params`). */
  readonly pinFee: () => bigint;
}

/** A call the precompile refuses; becomes `Error(message)` revert data. */
class ArtifactRevert extends Error {}

export class ArtifactPrecompile implements Precompile {
  readonly address = ARTIFACT_PRECOMPILE_ADDRESS;
  readonly name = "ARTIFACT";

  constructor(private readonly options: ArtifactPrecompileOptions) {}

  async run(call: PrecompileCall): Promise<PrecompileOutcome> {
    if (call.gasLimit < ARTIFACT_GAS.malformed) return outcome.outOfGas();
    const decoded = decodeCall(call.input);
    if (typeof decoded === "string") return outcome.revert(decoded, ARTIFACT_GAS.malformed);
    const { name, args } = decoded;
    const cidText = name === "pinFee" ? "" : (args[0] as string);
    const gas = ARTIFACT_GAS[name] + ARTIFACT_GAS.perCidByte * BigInt(Buffer.byteLength(cidText, "utf8"));
    if (gas > call.gasLimit) return outcome.outOfGas();
    try {
      if (call.value !== 0n && name !== "pin") throw new ArtifactRevert(`ARTIFACT: ${name} is not payable (sent ${call.value} wei)`);
      if (call.isStatic && WRITES.has(name)) throw new ArtifactRevert(`ARTIFACT: ${name} changes state and cannot run in a static call`);
      if (name === "pinFee") return outcome.ok(encodeResult(name, [this.pinFee(call)]), gas);
      const cidHash = cidHashOf(parseArtifactCid(cidText));
      const store = new ArtifactStore(call.storage);
      const request = await store.request(cidHash);
      const context: Context = { call, store, cidHash, cidText, request, gas };
      switch (name) {
        case "status":
          return outcome.ok(encodeResult(name, statusOf(request)), gas);
        case "pin":
          return await this.pin(context, args[1] as bigint);
        case "replicate":
          return await replicate(context, (args[1] as string).toLowerCase() as `0x${string}`);
        case "unpin":
          return await unpin(context);
        case "confirm":
          return await confirm(context);
      }
    } catch (error) {
      if (error instanceof ArtifactRevert || error instanceof InvalidCidError) return outcome.revert(error.message, gas);
      throw error;
    }
  }

  /** The block's pin fee when the node supplies it, else the configured one. */
  private pinFee(call: PrecompileCall): bigint {
    return call.params?.pinFee ?? this.options.pinFee();
  }

  private async pin({ call, store, cidHash, cidText, request, gas }: Context, replicasArg: bigint): Promise<PrecompileOutcome> {
    const replicas = Number(replicasArg);
    if (replicas === 0) throw new ArtifactRevert("ARTIFACT: replicas must be at least 1");
    if (request.requester !== NO_REQUESTER) throw new ArtifactRevert(`ARTIFACT: ${cidText} already has an active pin request by ${request.requester}`);
    const fee = this.pinFee(call) * BigInt(replicas);
    if (call.value !== fee) throw new ArtifactRevert(`ARTIFACT: pin of ${replicas} replicas costs ${fee} wei, sent ${call.value}`);
    const requester = lower(call.caller);
    await store.putRequest(cidHash, { requester, replicas, confirmed: 0, generation: request.generation + 1 });
    return outcome.ok(new Uint8Array(0), gas, [event("PinRequested", [cidHash, requester, cidText, replicas, fee])]);
  }
}

interface Context {
  readonly call: PrecompileCall;
  readonly store: ArtifactStore;
  readonly cidHash: Uint8Array;
  readonly cidText: string;
  readonly request: PinRequest;
  readonly gas: bigint;
}

async function replicate({ call, cidHash, cidText, request, gas }: Context, provider: `0x${string}`): Promise<PrecompileOutcome> {
  requireActive(request, cidText);
  if (lower(call.caller) !== request.requester) throw new ArtifactRevert(`ARTIFACT: only the requester ${request.requester} may ask for replicas of ${cidText}`);
  if (provider === NO_REQUESTER) throw new ArtifactRevert("ARTIFACT: provider is the zero address");
  return outcome.ok(new Uint8Array(0), gas, [event("ReplicationRequested", [cidHash, provider, cidText])]);
}

async function unpin({ call, store, cidHash, cidText, request, gas }: Context): Promise<PrecompileOutcome> {
  requireActive(request, cidText);
  const caller = lower(call.caller);
  if (caller !== request.requester) throw new ArtifactRevert(`ARTIFACT: only the requester ${request.requester} may unpin ${cidText}`);
  await store.putRequest(cidHash, { requester: NO_REQUESTER, replicas: 0, confirmed: 0, generation: request.generation });
  return outcome.ok(new Uint8Array(0), gas, [event("Unpinned", [cidHash, caller, cidText])]);
}

async function confirm({ call, store, cidHash, cidText, request, gas }: Context): Promise<PrecompileOutcome> {
  requireActive(request, cidText);
  const provider = lower(call.caller);
  if (await store.hasConfirmed(cidHash, request.generation, provider)) throw new ArtifactRevert(`ARTIFACT: ${provider} has already confirmed ${cidText}`);
  if (request.confirmed === UINT32_MAX) throw new ArtifactRevert(`ARTIFACT: ${cidText} has the most confirmations a uint32 counts`);
  const confirmed = request.confirmed + 1;
  await store.putConfirmed(cidHash, request.generation, provider);
  await store.putRequest(cidHash, { ...request, confirmed });
  return outcome.ok(new Uint8Array(0), gas, [event("PinConfirmed", [cidHash, provider, cidText, confirmed])]);
}

function requireActive(request: PinRequest, cidText: string): void {
  if (request.requester === NO_REQUESTER) throw new ArtifactRevert(`ARTIFACT: no active pin request for ${cidText}`);
}

function statusOf(request: PinRequest): [number, number, number] {
  if (request.requester === NO_REQUESTER) return [ArtifactState.None, 0, 0];
  const state = request.confirmed >= request.replicas ? ArtifactState.Pinned : ArtifactState.Pending;
  return [state, request.replicas, request.confirmed];
}

/**
 * The function and arguments of `input`, or a revert reason. Only the canonical encoding is accepted
 * (what Solidity and ethers produce): re-encoding the decoded arguments must give back the calldata,
 * which rejects out-of-range uint32/address words, odd offsets and trailing bytes.
 */
function decodeCall(input: Uint8Array): { name: FunctionName; args: Result } | string {
  if (input.length < 4) return `ARTIFACT: calldata of ${input.length} bytes has no function selector`;
  const selector = bytesToHex(input.subarray(0, 4));
  const fragment: FunctionFragment | null = artifactInterface.getFunction(selector);
  if (fragment === null) return `ARTIFACT: unknown function selector ${selector}`;
  const data = bytesToHex(input);
  try {
    const args = artifactInterface.decodeFunctionData(fragment, data);
    if (artifactInterface.encodeFunctionData(fragment, args) !== data) throw new Error("non-canonical encoding");
    return { name: fragment.name as FunctionName, args };
  } catch {
    return `ARTIFACT: malformed calldata for ${fragment.format("sighash")}`;
  }
}

function encodeResult(name: "status" | "pinFee", values: readonly (number | bigint)[]): Uint8Array {
  return hexToBytes(artifactInterface.encodeFunctionResult(name, values) as `0x${string}`);
}

function event(name: string, values: readonly unknown[]): PrecompileLog {
  const encoded = artifactInterface.encodeEventLog(name, values.map((value) => (value instanceof Uint8Array ? bytesToHex(value) : value)));
  return { topics: encoded.topics.map((topic) => hexToBytes(topic as `0x${string}`)), data: hexToBytes(encoded.data as `0x${string}`) };
}

function lower(address: `0x${string}`): `0x${string}` {
  return address.toLowerCase() as `0x${string}`;
}
