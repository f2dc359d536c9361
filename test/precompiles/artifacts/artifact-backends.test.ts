import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { CID } from "multiformats/cid";
import { ArtifactNotFoundError, concatBytes, NotPinnedError, type ArtifactBackend } from "../../../precompiles/artifacts/artifact-backend.js";
import { KUBO_V0, KUBO_V1 } from "../../../precompiles/artifacts/cid-options.js";
import { HeliaBackend } from "../../../precompiles/artifacts/helia-backend.js";
import { KuboBackend } from "../../../precompiles/artifacts/kubo-backend.js";
import { KuboApiServer } from "../../../precompiles/artifacts/kubo-api/kubo-api-server.js";

const HELLO = new TextEncoder().encode("hello world");
const HELLO_V1 = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
const HELLO_V0 = "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD";
/** 700 KiB: three 256 KiB chunks under a dag-pb root. */
const BIG = Uint8Array.from({ length: 700 * 1024 }, (_, i) => (i * 2654435761) >>> 24);

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function list<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

interface Fixture {
  backend: ArtifactBackend;
  /** Closes the backend and reopens it on the same data (a node restart). */
  reopen(): Promise<ArtifactBackend>;
  close(): Promise<void>;
}

/** One behaviour for both backends: the Kubo one talks to a Helia store through the node's Kubo API. */
const FIXTURES: Record<string, () => Promise<Fixture>> = {
  HeliaBackend: async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "citrate-helia-"));
    let backend: ArtifactBackend = await HeliaBackend.open(dir);
    return {
      get backend() {
        return backend;
      },
      async reopen() {
        await backend.close();
        backend = await HeliaBackend.open(dir);
        return backend;
      },
      async close() {
        await backend.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  "KuboBackend (kubo-rpc-client → KuboApiServer → Helia)": async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "citrate-kubo-"));
    let store = await HeliaBackend.open(dir);
    let server = new KuboApiServer(store);
    let backend: ArtifactBackend = new KuboBackend(await server.listen());
    return {
      get backend() {
        return backend;
      },
      async reopen() {
        await server.close();
        await store.close();
        store = await HeliaBackend.open(dir);
        server = new KuboApiServer(store);
        backend = new KuboBackend(await server.listen());
        return backend;
      },
      async close() {
        await server.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

for (const [name, open] of Object.entries(FIXTURES)) {
  describe(`ArtifactBackend: ${name}`, function () {
    this.timeout(60_000);
    let fixture: Fixture;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => {
      await fixture.close();
    });

    it("adds with Kubo's CIDs (v1 default, v0 on request), pins on add, and reads back by range", async function () {
      const { backend } = fixture;
      const v1 = await backend.add(HELLO);
      expect(v1.cid.toString()).to.equal(HELLO_V1);
      expect(v1.size).to.equal(11n);
      const v0 = await backend.add(HELLO, { profile: KUBO_V0 });
      expect(v0.cid.toString()).to.equal(HELLO_V0);
      expect(await backend.isPinned(v1.cid)).to.equal(true);
      expect(await backend.isPinned(v0.cid)).to.equal(true);
      expect(new TextDecoder().decode(await concatBytes(backend.cat(v1.cid, { offset: 6, length: 5 })))).to.equal("world");
    });

    it("imports a stream into a multi-block DAG, reads it whole, and reports block sizes", async function () {
      const { backend } = fixture;
      const added = await backend.add(chunked(BIG, 100_000), { profile: KUBO_V1, pin: false });
      expect(added.cid.code).to.equal(0x70);
      expect(added.size > BigInt(BIG.length)).to.equal(true);
      expect(await concatBytes(backend.cat(added.cid))).to.deep.equal(BIG);
      expect(await backend.has(added.cid)).to.equal(true);
      expect(await backend.blockSize(CID.parse(HELLO_V1)).catch((error: unknown) => error)).to.be.instanceOf(ArtifactNotFoundError);
      expect(await backend.status(added.cid)).to.deep.equal({ pinned: false, local: true });
    });

    it("keeps pins and bytes across a restart, unpins, and garbage-collects what no pin holds", async function () {
      const pinned = (await fixture.backend.add(BIG)).cid;
      const loose = (await fixture.backend.add(HELLO, { pin: false })).cid;
      const backend = await fixture.reopen();
      expect((await list(backend.ls())).map((pin) => [pin.cid.toString(), pin.type])).to.deep.equal([[pinned.toString(), "recursive"]]);
      expect(await concatBytes(backend.cat(pinned))).to.deep.equal(BIG);
      await backend.pin(pinned); // idempotent
      await backend.gc();
      expect(await backend.has(loose)).to.equal(false);
      expect(await backend.has(pinned)).to.equal(true);
      await backend.unpin(pinned);
      expect(await backend.unpin(pinned).catch((error: unknown) => error)).to.be.instanceOf(NotPinnedError);
      await backend.gc();
      expect(await backend.status(pinned)).to.deep.equal({ pinned: false, local: false });
      expect(await backend.pin(pinned).catch((error: unknown) => error)).to.be.instanceOf(Error);
    });
  });
}
