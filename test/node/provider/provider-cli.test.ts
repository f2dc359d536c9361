import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { JsonRpcProvider, Network } from "ethers";
import { main } from "../../../node/cli.js";
import { ProviderCliError, resolveContracts } from "../../../node/cli/provider.js";

/** Runs the CLI, returning its exit code and what it wrote to stderr. */
async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stderr: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
  let stderr = "";
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(["node", "citrate", ...args]), stderr };
  } finally {
    process.stderr.write = write;
    process.env = saved;
  }
}

interface Call {
  id: number;
  method: string;
}

/** A JSON-RPC server answering `citrate_getProtocolContracts` with `contracts`. */
async function fakeNode(contracts: Record<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const parsed = JSON.parse(body) as Call | Call[];
      const answer = (call: Call) => ({ jsonrpc: "2.0", id: call.id, result: call.method === "citrate_getProtocolContracts" ? contracts : "0x539" });
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const ADDRESSES = {
  InferenceRouter: "0xc17a000000000000000000000000000000000012",
  ProviderStaking: "0xc17a000000000000000000000000000000000011",
  LoRAFactory: "0xc17a000000000000000000000000000000000013",
  ModelRegistry: "0xc17a000000000000000000000000000000000010",
};

describe("citrate provider", function () {
  it("lists its options in --help", async function () {
    let stdout = "";
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
    try {
      expect(await main(["node", "citrate", "provider", "--help"])).to.equal(0);
    } finally {
      process.stdout.write = write;
    }
    for (const option of ["--rpc-url", "--key", "--ipfs-api", "--contracts", "--behaviour", "--log-level", "--stake"]) expect(stdout).to.contain(option);
  });

  it("fails clearly without a key, with a bad key, with an unreachable node, and on bad option values", async function () {
    expect(await runCli(["provider"], { CITRATE_PROVIDER_KEY: undefined })).to.deep.include({ code: 1, stderr: "citrate: no provider key: pass --key or set CITRATE_PROVIDER_KEY\n" });
    expect((await runCli(["provider", "--key", "0x12"])).stderr).to.contain("32 bytes of hex");
    const unreachable = await runCli(["provider", "--rpc-url", "http://127.0.0.1:9", "--key", `0x${"11".repeat(32)}`]);
    expect(unreachable.code).to.equal(1);
    expect(unreachable.stderr).to.contain("cannot reach the node at http://127.0.0.1:9");
    expect((await runCli(["provider", "--behaviour", "evil"])).code).to.equal(2);
    expect((await runCli(["provider", "--contracts", "{not json"])).code).to.equal(2);
    expect((await runCli(["provider", "--models", "0x12"])).code).to.equal(2);
  });

  it("takes the contracts from citrate_getProtocolContracts, --contracts overriding; names a missing one", async function () {
    const { url, server } = await fakeNode(ADDRESSES);
    const provider = new JsonRpcProvider(url, undefined, { staticNetwork: Network.from(1337) });
    try {
      expect(await resolveContracts(provider)).to.deep.equal(ADDRESSES);
      const override = "0x00000000000000000000000000000000000000aa";
      expect((await resolveContracts(provider, { LoRAFactory: override })).LoRAFactory).to.equal(override);
    } finally {
      provider.destroy();
      server.close();
    }
    const partial = await fakeNode({ ModelRegistry: ADDRESSES.ModelRegistry });
    const other = new JsonRpcProvider(partial.url, undefined, { staticNetwork: Network.from(1337) });
    try {
      const error = await resolveContracts(other).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ProviderCliError);
      expect((error as Error).message).to.contain("no address for InferenceRouter");
    } finally {
      other.destroy();
      partial.server.close();
    }
  });
});
