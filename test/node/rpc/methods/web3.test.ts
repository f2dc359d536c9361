import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";
import { readFileSync } from "node:fs";
import { clientVersion } from "../../../../node/rpc/client-version.js";
import { RpcError } from "../../../../node/rpc/json-rpc.js";
import type { RpcCall } from "../../../../node/rpc/rpc-call.js";
import { web3ClientVersion, web3Sha3 } from "../../../../node/rpc/methods/web3.js";

const CALL: RpcCall = { transport: "http", subscriptions: undefined, afterResponse: () => undefined, beforeResponse: () => undefined };

describe("rpc methods: web3", function () {
  it("web3_clientVersion returns the context's version string", async function () {
    expect(await web3ClientVersion.invoke([], { clientVersion: "Citrate/v9/x/node22" }, CALL)).to.equal("Citrate/v9/x/node22");
  });

  it("clientVersion() names the package version, platform and Node.js version, geth-style", function () {
    const { version } = JSON.parse(readFileSync(new URL("../../../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(clientVersion()).to.equal(`Citrate/v${version}/${process.platform}-${process.arch}/node${process.versions.node}`);
  });

  it("web3_sha3 is Keccak-256 (as ethers computes it), not NIST SHA3", async function () {
    const hello = "0x68656c6c6f20776f726c64"; // "hello world"
    expect(await web3Sha3.invoke([hello], {}, CALL)).to.equal(
      "0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad",
    );
    expect(await web3Sha3.invoke(["0x"], {}, CALL)).to.equal(keccak256("0x"));
    const text = toUtf8Bytes("Citrate");
    expect(await web3Sha3.invoke([`0x${Buffer.from(text).toString("hex")}`], {}, CALL)).to.equal(keccak256(text));
  });

  it("web3_sha3 refuses non-DATA input with -32602", async function () {
    for (const [params, message] of [
      [["hello"], "invalid argument 0 (data): hex string without 0x prefix"],
      [["0x1"], "invalid argument 0 (data): hex string of odd length (1 digits)"],
      [[], "missing value for required argument 0 (data)"],
      [["0x", "0x"], "too many arguments, want at most 1"],
    ] as const) {
      const error = await web3Sha3.invoke([...params], {}, CALL).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(RpcError);
      expect((error as RpcError).code).to.equal(-32602);
      expect((error as RpcError).message).to.match(new RegExp(`^${message.replace(/[()]/g, "\\$&")}`));
    }
  });
});
