import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { create, type KuboRPCClient } from "kubo-rpc-client";
import { concatBytes } from "../../../precompiles/artifacts/artifact-backend.js";
import { HeliaBackend } from "../../../precompiles/artifacts/helia-backend.js";
import { KuboApiServer } from "../../../precompiles/artifacts/kubo-api/kubo-api-server.js";
import { peerIdentity } from "../../../precompiles/artifacts/kubo-api/peer-identity.js";

const HELLO = new TextEncoder().encode("hello world");

async function list<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe("KuboApiServer (Kubo RPC over the node's store)", function () {
  this.timeout(60_000);
  let dir: string;
  let store: HeliaBackend;
  let server: KuboApiServer;
  let ipfs: KuboRPCClient;
  const post = (command: string, init: RequestInit = {}) => fetch(`${server.url}/api/v0/${command}`, { method: "POST", ...init });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "citrate-kubo-api-"));
    store = await HeliaBackend.open(dir);
    server = new KuboApiServer(store, { maxRequestBytes: 64 * 1024, publicKey: new Uint8Array(32).fill(7) });
    ipfs = create({ url: await server.listen("127.0.0.1", 0) });
  });
  afterEach(async () => {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers kubo-rpc-client's add with Kubo's defaults: CIDv0 unless cid-version=1, raw leaves with v1, pinned unless pin=false", async function () {
    expect((await ipfs.add(HELLO)).cid.toString()).to.equal("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD");
    const v1 = await ipfs.add(HELLO, { cidVersion: 1 });
    expect(v1.cid.toString()).to.equal("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    expect(v1.size).to.equal(11);
    expect((await ipfs.add(HELLO, { cidVersion: 1, rawLeaves: false })).cid.toString()).to.equal("bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa");
    const loose = await ipfs.add(new TextEncoder().encode("not pinned"), { cidVersion: 1, pin: false });
    const pins = (await list(ipfs.pin.ls())).map((pin) => pin.cid.toString());
    expect(pins).to.include(v1.cid.toString());
    expect(pins).to.not.include(loose.cid.toString());
  });

  it("serves cat with offset/length, block/stat, and pin add/ls/rm in Kubo's stream and non-stream shapes", async function () {
    const { cid } = await ipfs.add(HELLO, { cidVersion: 1, pin: false });
    expect(new TextDecoder().decode(await concatBytes(ipfs.cat(cid, { offset: 6, length: 3 })))).to.equal("wor");
    expect(await ipfs.block.stat(cid)).to.deep.include({ size: 11 });
    expect((await ipfs.pin.add(cid)).toString()).to.equal(cid.toString());
    expect((await ipfs.pin.add(cid)).toString()).to.equal(cid.toString()); // idempotent, as Kubo
    expect((await list(ipfs.pin.ls({ paths: [cid] }))).map((pin) => [pin.cid.toString(), pin.type])).to.deep.equal([[cid.toString(), "recursive"]]);
    const keys = await (await post(`pin/ls?arg=${cid}`)).json();
    expect(keys).to.deep.equal({ Keys: { [cid.toString()]: { Type: "recursive" } } });
    expect((await ipfs.pin.rm(cid)).toString()).to.equal(cid.toString());
    await expectRejected(list(ipfs.pin.ls({ paths: [cid] })), `path '${cid}' is not pinned`);
    await expectRejected(ipfs.pin.rm(cid), `${cid} is not pinned or pinned indirectly`);
  });

  it("reports its identity and version as Kubo does (a parseable Ed25519 peer ID)", async function () {
    const id = await ipfs.id();
    expect(id.id.toString()).to.equal(peerIdentity(new Uint8Array(32).fill(7)).id);
    expect(id.id.toString()).to.match(/^12D3KooW/);
    expect(id.agentVersion).to.equal("citrate/0.1.0");
    expect((await ipfs.version()).version).to.equal("0.1.0");
  });

  it("answers errors in Kubo's shape: 500 {Message, Code 0}, 400 Code 1 for bad arguments, 404, 405, 413", async function () {
    const missing = await post("cat?arg=bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    expect(missing.status).to.equal(500);
    expect(await missing.json()).to.deep.equal({
      Message: "block was not found locally (offline): bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
      Code: 0,
      Type: "error",
    });
    const noArg = await post("cat");
    expect([noArg.status, await noArg.json()]).to.deep.equal([400, { Message: 'argument "ipfs-path" is required', Code: 1, Type: "error" }]);
    const badCid = await post("block/stat?arg=xyz");
    expect(badCid.status).to.equal(400);
    expect(((await badCid.json()) as { Message: string }).Message).to.match(/^invalid path "xyz": /);
    const badBool = await post("pin/ls?stream=maybe");
    expect(((await badBool.json()) as { Message: string }).Message).to.equal('invalid value for option "stream": "maybe" is not a boolean');
    const badVersion = await ipfs.add(HELLO, { cidVersion: 0, rawLeaves: true }).catch((error: unknown) => error);
    expect((badVersion as Error).message).to.equal("CIDv0 only supports dag-pb leaves (raw-leaves needs cid-version=1)");
    expect((await fetch(`${server.url}/api/v0/version`)).status).to.equal(405);
    expect((await post("swarm/peers")).status).to.equal(404);
    const tooBig = await ipfs.add(new Uint8Array(100 * 1024)).catch((error: unknown) => error);
    expect((tooBig as Error).message).to.match(/exceeds the limit of 65536 bytes/);
    expect((await ipfs.version()).version).to.equal("0.1.0"); // still serving
  });
});

async function expectRejected(promise: Promise<unknown>, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, "expected a rejection").to.be.instanceOf(Error);
  expect((error as Error).message).to.equal(message);
}
