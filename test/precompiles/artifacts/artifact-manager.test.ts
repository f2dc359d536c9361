import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { CID } from "multiformats/cid";
import { concatBytes } from "../../../precompiles/artifacts/artifact-backend.js";
import { ArtifactManager, type ArtifactManagerOptions, type ManagerClock } from "../../../precompiles/artifacts/artifact-manager.js";
import { KUBO_V0 } from "../../../precompiles/artifacts/cid-options.js";
import { HeliaBackend } from "../../../precompiles/artifacts/helia-backend.js";
import { KuboApiServer } from "../../../precompiles/artifacts/kubo-api/kubo-api-server.js";
import { onLines } from "../../support/child-lines.js";
import { artifactBytes, pinRequested, replicationRequested, unpinned } from "./support/artifact-events.js";
import { GatedBackend } from "./support/gated-backend.js";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "support", "manager-child.ts");
const PROVIDER = "0x000000000000000000000000000000000000beef" as const;

class ManualClock implements ManagerClock {
  time = 1_000_000;
  now(): number {
    return this.time;
  }
  setTimer(): unknown {
    return undefined;
  }
  clearTimer(): void {}
}

/** A Citrate node's artifact side: a Helia store served by its Kubo API, and (later) a manager. */
interface TestNode {
  readonly dir: string;
  readonly store: HeliaBackend;
  readonly gated: GatedBackend;
  readonly api: KuboApiServer;
  readonly url: string;
  manager?: ArtifactManager;
}

describe("ArtifactManager", function () {
  this.timeout(60_000);
  const nodes: TestNode[] = [];

  async function node(): Promise<TestNode> {
    const dir = mkdtempSync(path.join(tmpdir(), "citrate-artifacts-"));
    const store = await HeliaBackend.open(path.join(dir, "ipfs"));
    const gated = new GatedBackend(store);
    const api = new KuboApiServer(gated);
    const created: TestNode = { dir, store, gated, api, url: await api.listen() };
    nodes.push(created);
    return created;
  }

  async function manage(on: TestNode, options: Partial<ArtifactManagerOptions>): Promise<ArtifactManager> {
    on.manager = await ArtifactManager.open({ dir: path.join(on.dir, "jobs"), backend: on.store, ...options });
    return on.manager;
  }

  afterEach(async () => {
    for (const each of nodes.splice(0)) {
      await each.manager?.close();
      await each.api.close();
      await each.store.close();
      rmSync(each.dir, { recursive: true, force: true });
    }
  });

  it("two Citrate nodes replicate to each other through their Kubo APIs, confirm, and unpin everywhere", async function () {
    const [a, b] = [await node(), await node()];
    const clock = new ManualClock();
    const pinnedOn = { a: [] as string[], b: [] as string[] };
    const managerA = await manage(a, { replicaEndpoints: [b.url], clock, onPinned: (cid) => void pinnedOn.a.push(cid) });
    const managerB = await manage(b, { replicaEndpoints: [a.url], clock, onPinned: (cid) => void pinnedOn.b.push(cid) });
    // x is uploaded to A (a CIDv1 over three chunks), y to B (a CIDv0): each node has only its own.
    const x = (await a.store.add(artifactBytes(700 * 1024, 1), { pin: false })).cid.toString();
    const yBytes = artifactBytes(300 * 1024, 2);
    const y = (await b.store.add(yBytes, { profile: KUBO_V0, pin: false })).cid.toString();
    const committed = [pinRequested(x, 2), pinRequested(y, 2)];
    await managerA.onCommittedLogs(committed, 5n);
    await managerB.onCommittedLogs(committed, 5n);

    await managerA.runDue();
    await managerB.runDue();
    for (const [manager, name] of [[managerA, "A"], [managerB, "B"]] as const) {
      for (const cid of [x, y]) expect(manager.status(cid), `${name} ${cid}`).to.deep.include({ state: "pinned", replicas: 2, target: 2, attempts: 0, lastError: null });
    }
    for (const store of [a.store, b.store]) {
      for (const cid of [x, y]) expect(await store.isPinned(CID.parse(cid))).to.equal(true);
    }
    expect(await concatBytes(a.store.cat(CID.parse(y)))).to.deep.equal(yBytes);
    expect(pinnedOn).to.deep.equal({ a: [x, y], b: [x, y] });
    // The CIDv1 form of y names the same job.
    expect(managerA.status(CID.parse(y).toV1().toString())?.cid).to.equal(y);

    await managerA.onCommittedLogs([unpinned(x)], 9n);
    await managerB.onCommittedLogs([unpinned(x)], 9n);
    await managerA.runDue();
    await managerB.runDue();
    expect(managerA.status(x)).to.deep.include({ state: "unpinned", replicas: 0 });
    for (const store of [a.store, b.store]) {
      expect(await store.status(CID.parse(x))).to.deep.equal({ pinned: false, local: false });
      expect(await store.isPinned(CID.parse(y))).to.equal(true);
    }
  });

  it("retries a failing endpoint with exponential backoff, gives up after maxAttempts, and restarts on a new request", async function () {
    const [local, remote] = [await node(), await node()];
    const clock = new ManualClock();
    const manager = await manage(local, { replicaEndpoints: [remote.url], clock, retry: { baseDelayMs: 1_000, maxAttempts: 4 } });
    const cid = (await local.store.add(artifactBytes(50_000, 3), { pin: false })).cid.toString();
    remote.gated.failAdds = 2;
    await manager.onCommittedLogs([pinRequested(cid, 2)], 1n);

    await manager.runDue();
    expect(manager.status(cid)).to.deep.include({ state: "replicating", replicas: 1, attempts: 1, nextAttemptAt: clock.time + 1_000 });
    expect(manager.status(cid)?.lastError).to.match(/^replication of .* failed: kubo:http:\/\/127\.0\.0\.1:\d+: disk on fire$/);
    clock.time += 999;
    expect(await manager.runDue()).to.equal(0);
    clock.time += 1;
    await manager.runDue();
    expect(manager.status(cid)).to.deep.include({ attempts: 2, nextAttemptAt: clock.time + 2_000 });
    clock.time += 2_000;
    await manager.runDue();
    expect(manager.status(cid)).to.deep.include({ state: "pinned", replicas: 2, attempts: 0, lastError: null });
    expect(await remote.store.isPinned(CID.parse(cid))).to.equal(true);

    // An endpoint that never recovers: 4 attempts, then failed; a repeated request starts over.
    const other = (await local.store.add(artifactBytes(10_000, 4), { pin: false })).cid.toString();
    remote.gated.failAdds = 100;
    await manager.onCommittedLogs([pinRequested(other, 2)], 2n);
    for (let attempt = 0; attempt < 4; attempt++) {
      await manager.runDue();
      clock.time += 60_000;
    }
    expect(manager.status(other)).to.deep.include({ state: "failed", attempts: 4, nextAttemptAt: null });
    remote.gated.failAdds = 0;
    await manager.onCommittedLogs([pinRequested(other, 2)], 3n);
    await manager.runDue();
    expect(manager.status(other)).to.deep.include({ state: "pinned", replicas: 2 });
  });

  it("fetches content it lacks from a source endpoint, and waits (retrying) while no source has it", async function () {
    const [local, source] = [await node(), await node()];
    const clock = new ManualClock();
    const manager = await manage(local, { sourceEndpoints: [source.url], clock });
    const bytes = artifactBytes(400 * 1024, 5);
    const cid = (await local.store.add(bytes, { pin: false })).cid;
    await local.store.gc(); // the local copy is gone; only the CID is known
    await manager.onCommittedLogs([pinRequested(cid.toString(), 1)], 1n);
    await manager.runDue();
    expect(manager.status(cid.toString())).to.deep.include({ state: "queued", attempts: 1 });
    expect(manager.status(cid.toString())?.lastError).to.match(/^content of .* is not in the local store; sources failed: kubo:.*block was not found locally/);

    await source.store.add(bytes); // the requester uploads it to the source
    clock.time += 1_000;
    await manager.runDue();
    expect(manager.status(cid.toString())).to.deep.include({ state: "pinned", replicas: 1, target: 1 });
    expect(await concatBytes(local.store.cat(cid))).to.deep.equal(bytes);
  });

  it("holds the factor: a lost remote copy is noticed at the re-check and replaced", async function () {
    const [local, first, second] = [await node(), await node(), await node()];
    const clock = new ManualClock();
    const manager = await manage(local, { replicaEndpoints: [first.url, second.url], clock, retry: { recheckMs: 10_000 } });
    const cid = (await local.store.add(artifactBytes(20_000, 6))).cid;
    await manager.onCommittedLogs([pinRequested(cid.toString(), 2)], 1n);
    await manager.runDue();
    expect(await first.store.isPinned(cid)).to.equal(true);
    expect(await second.store.isPinned(cid)).to.equal(false);

    await first.store.unpin(cid);
    clock.time += 10_000;
    await manager.runDue();
    expect(manager.status(cid.toString())).to.deep.include({ state: "pinned", replicas: 2 });
    expect(await first.store.isPinned(cid)).to.equal(true);
  });

  it("ignores replayed logs and other providers' replication requests; a request for this provider makes it hold a copy", async function () {
    const local = await node();
    const clock = new ManualClock();
    const pinned: string[] = [];
    const manager = await manage(local, { provider: PROVIDER, clock, onPinned: (cid) => void pinned.push(cid) });
    const cid = (await local.store.add(artifactBytes(1_000, 7), { pin: false })).cid.toString();
    await manager.onCommittedLogs([replicationRequested(cid, "0x000000000000000000000000000000000000dead")], 1n);
    expect(manager.status(cid)).to.equal(undefined);
    await manager.onCommittedLogs([replicationRequested(cid, PROVIDER)], 2n);
    await manager.runDue();
    expect(manager.status(cid)).to.deep.include({ state: "pinned", replicas: 1, target: 1 });
    expect(pinned).to.deep.equal([cid]);

    await manager.onCommittedLogs([unpinned(cid)], 3n);
    await manager.onCommittedLogs([replicationRequested(cid, PROVIDER)], 2n); // replayed: older than the unpin
    await manager.runDue();
    expect(manager.status(cid)).to.deep.include({ state: "unpinned" });
    expect(await local.store.has(CID.parse(cid))).to.equal(false);
  });

  it("keeps the highest block it took across a restart, so a node feeds it only the blocks after", async function () {
    const local = await node();
    const first = await manage(local, {});
    expect(first.lastCommittedBlock()).to.equal(undefined);
    await first.onCommittedLogs([], 4n);
    await first.onCommittedLogs([], 2n); // a re-org's lower block does not move it back
    expect(first.lastCommittedBlock()).to.equal(4n);
    await first.close();
    const reopened = await manage(local, {});
    expect(reopened.lastCommittedBlock()).to.equal(4n);
  });

  it("resumes a job after the process is killed with SIGKILL mid-replication", async function () {
    const remote = await node();
    remote.gated.holdAdds = true;
    const dir = mkdtempSync(path.join(tmpdir(), "citrate-artifacts-crash-"));
    try {
      const first = runChild(dir, remote.url, "first");
      await remote.gated.addStarted;
      const lines = await first.killWhen((seen) => seen.some((line) => line.startsWith("pinned-locally")));
      const cid = lines.find((line) => line.startsWith("cid "))?.slice(4) ?? "";
      expect(lines).to.include(`pinned-locally ${cid}`);
      expect(lines.some((line) => line.startsWith("done"))).to.equal(false);
      remote.gated.release(); // the dead process's upload completes on the remote, unpinned
      expect(await remote.store.isPinned(CID.parse(cid))).to.equal(false);

      const resumed = await runChild(dir, remote.url, "resume").exit;
      const [state] = JSON.parse(resumed.find((line) => line.startsWith("resumed "))?.slice(8) ?? "[]") as { state: string; replicas: number }[];
      expect(state).to.deep.include({ state: "replicating", replicas: 1 });
      const done = JSON.parse(resumed.find((line) => line.startsWith("done "))?.slice(5) ?? "{}") as object;
      expect(done).to.deep.include({ cid, state: "pinned", replicas: 2, target: 2 });
      expect(await remote.store.isPinned(CID.parse(cid))).to.equal(true);
      expect(resumed.some((line) => line.startsWith("pinned-locally"))).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The manager child process: its stdout lines, its exit, and a SIGKILL once a condition holds. */
function runChild(dir: string, remoteUrl: string, mode: "first" | "resume") {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, dir, remoteUrl, mode], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  onLines(child.stdout, (line) => {
    lines.push(line);
    for (const waiter of waiters) waiter();
  });
  const exit = new Promise<string[]>((resolve, reject) => {
    child.on("exit", (code, signal) => {
      if (code === 0 || signal === "SIGKILL") resolve(lines);
      else reject(new Error(`manager child exited with ${code ?? signal}: ${stderr}`));
    });
  });
  return {
    exit,
    async killWhen(condition: (seen: readonly string[]) => boolean): Promise<string[]> {
      await new Promise<void>((resolve) => {
        const check = () => condition(lines) && resolve();
        waiters.push(check);
        check();
      });
      child.kill("SIGKILL");
      return exit;
    },
  };
}
