import { keccak_256 } from "@noble/hashes/sha3.js";
import { formatData, parseData } from "../codec/data.js";
import { defineMethod, required } from "../method-registry.js";

/** What the web3 namespace reads from the node. */
export interface Web3Context {
  /** See clientVersion() in node/rpc/client-version.ts. */
  readonly clientVersion: string;
}

/** `web3_clientVersion` → the node's name, version, platform and runtime. */
export const web3ClientVersion = defineMethod({
  name: "web3_clientVersion",
  params: [],
  handler: (_params, context: Web3Context) => context.clientVersion,
});

/** `web3_sha3(data)` → Keccak-256 of the bytes (Ethereum's "sha3", not NIST SHA3-256). */
export const web3Sha3 = defineMethod({
  name: "web3_sha3",
  params: [required("data", parseData)],
  handler: ([data]) => formatData(keccak_256(data)),
});
