// Artifact pin throughput: a pin transaction in a built block (ARTIFACT precompile) followed by the
// artifact manager pinning the committed request (locally, and with a second replica over Kubo RPC
// to another node's store), against a direct Helia add+pin of the same bytes, in the same run.
//   bash scripts/run.sh bench/pin.bench.ts [--mib N] [--rounds R]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { devAccounts } from "../node/chain/dev-accounts.js";
import { devChainSpec } from "../node/chain/dev-chain-spec.js";
import { chainCommon } from "../node/execution/common.js";
import { ARTIFACT_PRECOMPILE_ADDRESS, artifactInterface, type ArtifactLogInput } from "../precompiles/artifact/artifact-abi.js";
import { ArtifactPrecompile } from "../precompiles/artifact/artifact-precompile.js";
import { ArtifactManager } from "../precompiles/artifacts/artifact-manager.js";
import { HeliaBackend } from "../precompiles/artifacts/helia-backend.js";
import { KuboApiServer } from "../precompiles/artifacts/kubo-api/kubo-api-server.js";
import { EvmPrecompiles } from "../precompiles/evm/evm-precompiles.js";
import { memoryNode } from "../test/support/chain-fixture.js";

const { values: options } = parseArgs({ options: { mib: { type: "string", default: "32" }, rounds: { type: "string", default: "3" } } });
const bytesLength = Number(options.mib) * 1024 * 1024;
const rounds = Number(options.rounds);
const spec = devChainSpec();
const [alice, , , , , , , , , , proposer] = devAccounts();
const PIN_FEE = 10n ** 12n;

/** Distinct bytes per round, so no run finds blocks of an earlier one. */
function artifactBytes(round: number): Uint8Array {
  const bytes = new Uint8Array(bytesLength);
  let state = (round + 1) * 0x9e3779b1;
  for (let i = 0; i < bytes.length; i += 4) {
    state = (state ^ (state << 13)) >>> 0;
    state = (state ^ (state >>> 17)) >>> 0;
    state = (state ^ (state << 5)) >>> 0;
    bytes[i] = state;
    bytes[i + 1] = state >>> 8;
    bytes[i + 2] = state >>> 16;
    bytes[i + 3] = state >>> 24;
  }
  return bytes;
}

async function withDirs<T>(count: number, work: (dirs: string[]) => Promise<T>): Promise<T> {
  const dirs = Array.from({ length: count }, () => mkdtempSync(path.join(tmpdir(), "citrate-pin-bench-")));
  try {
    return await work(dirs);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function directAdd(bytes: Uint8Array): Promise<number> {
  return withDirs(1, async ([dir]) => {
    const store = await HeliaBackend.open(dir);
    const start = process.hrtime.bigint();
    await store.add(bytes);
    const elapsed = seconds(start);
    await store.close();
    return elapsed;
  });
}

/** Upload (unpinned) → pin tx in a built block → committed logs → manager pins (and replicates). */
async function throughPrecompile(bytes: Uint8Array, replicas: number): Promise<{ total: number; block: number }> {
  return withDirs(2, async ([dir, remoteDir]) => {
    const store = await HeliaBackend.open(path.join(dir, "ipfs"));
    const remoteStore = await HeliaBackend.open(remoteDir);
    const remote = new KuboApiServer(remoteStore, { maxRequestBytes: 2 * bytesLength + 1024 * 1024 });
    const node = await memoryNode(spec, new EvmPrecompiles([new ArtifactPrecompile({ pinFee: () => PIN_FEE })]));
    const manager = await ArtifactManager.open({ dir: path.join(dir, "jobs"), backend: store, replicaEndpoints: [await remote.listen()] });
    try {
      const start = process.hrtime.bigint();
      const { cid } = await store.add(bytes, { pin: false });
      const blockStart = process.hrtime.bigint();
      const tx = createFeeMarket1559Tx(
        {
          chainId: spec.chainId,
          nonce: 0n,
          to: createAddressFromString(ARTIFACT_PRECOMPILE_ADDRESS),
          value: PIN_FEE * BigInt(replicas),
          data: hexToBytes(artifactInterface.encodeFunctionData("pin", [cid.toString(), replicas]) as `0x${string}`),
          gasLimit: 200_000n,
          maxFeePerGas: 10n ** 10n,
          maxPriorityFeePerGas: 1n,
        },
        { common: chainCommon(spec) },
      ).sign(hexToBytes(alice.privateKey));
      const built = await node.processor.buildBlock({ proposer: proposer.address, timestamp: 5n, transactions: [tx] });
      const logs: ArtifactLogInput[] = built.outcome.executed.flatMap((executed) =>
        executed.receipt.logs.map(([address, topics, data]) => ({ address: bytesToHex(address), topics: topics.map((topic) => bytesToHex(topic)), data: bytesToHex(data) })),
      );
      const block = seconds(blockStart);
      await manager.onCommittedLogs(logs, 1n);
      await manager.runDue();
      const total = seconds(start);
      const status = manager.status(cid.toString());
      if (status?.state !== "pinned" || status.replicas !== replicas) throw new Error(`pin did not complete: ${JSON.stringify(status)}`);
      return { total, block };
    } finally {
      await manager.close();
      await remote.close();
      await remoteStore.close();
      await store.close();
    }
  });
}

const mb = bytesLength / 1e6;
const best = { direct: Infinity, local: Infinity, replicated: Infinity, block: Infinity };
for (let round = 0; round < rounds; round++) {
  const bytes = artifactBytes(round);
  best.direct = Math.min(best.direct, await directAdd(bytes));
  const local = await throughPrecompile(bytes, 1);
  best.local = Math.min(best.local, local.total);
  best.block = Math.min(best.block, local.block);
  best.replicated = Math.min(best.replicated, (await throughPrecompile(bytes, 2)).total);
}
const rate = (s: number) => mb / s;
console.table([
  { path: "direct Helia add+pin (peer)", "MB/s": rate(best.direct).toFixed(1), "best s": best.direct.toFixed(3), "vs direct": "1.00x" },
  { path: "upload + pin tx in a block + manager (1 replica)", "MB/s": rate(best.local).toFixed(1), "best s": best.local.toFixed(3), "vs direct": `${(best.direct / best.local).toFixed(2)}x` },
  { path: "… + 2nd replica over Kubo RPC (2 replicas)", "MB/s": rate(best.replicated).toFixed(1), "best s": best.replicated.toFixed(3), "vs direct": `${(best.direct / best.replicated).toFixed(2)}x` },
]);
console.log(`${Number(options.mib)} MiB per artifact, best of ${rounds} rounds; the pin block alone (build + logs) took ${(best.block * 1000).toFixed(1)} ms`);
