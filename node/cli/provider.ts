import path from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { JsonRpcProvider, Network } from "ethers";
import { KuboBackend } from "../../precompiles/artifacts/kubo-backend.js";
import { NativeEngine } from "../../precompiles/inference/native-engine.js";
import { createLogger, LOG_LEVELS, type LogLevel } from "../logging/logger.js";
import { backendArtifacts } from "../provider/backend-artifacts.js";
import { ProviderWorker, type ProviderBehaviour, type ProviderContracts, type ProviderRegistration } from "../provider/provider-worker.js";
import { FileScanCursor } from "../provider/scan-cursor.js";

const CONTRACT_NAMES = ["InferenceRouter", "ProviderStaking", "LoRAFactory", "ModelRegistry"] as const;
const BEHAVIOURS: readonly ProviderBehaviour[] = ["honest", "wrong-output"];

interface ProviderCliOptions {
  rpcUrl: string;
  key?: string;
  ipfsApi: string;
  contracts?: Partial<ProviderContracts>;
  behaviour: ProviderBehaviour;
  logLevel: LogLevel;
  pollInterval: number;
  datadir: string;
  lora: boolean;
  cuda: boolean;
  stake?: bigint;
  capacity: number;
  endpoint: string;
  models: `0x${string}`[];
}

/** A provider command that cannot start; the message tells the operator what to change. */
export class ProviderCliError extends Error {
  override readonly name = "ProviderCliError";
}

/** `citrate provider`: runs a provider worker against a node. */
export function registerProviderCommand(program: Command): void {
  program
    .command("provider")
    .description(
      "run a provider worker: serve the inference requests the InferenceRouter assigns to this account on the fast (native) engine, " +
        "and take LoRA fine-tuning jobs (MLP classifiers) from the LoRAFactory",
    )
    .option("--rpc-url <url>", "JSON-RPC endpoint of a Citrate node", "http://127.0.0.1:8545")
    .option("--key <hex>", "the provider account's private key (default: $CITRATE_PROVIDER_KEY)")
    .option("--ipfs-api <url>", "Kubo-RPC endpoint that serves model files and datasets and takes adapters", "http://127.0.0.1:5001")
    .option("--contracts <json>", 'contract addresses as JSON {"InferenceRouter": "0x…", …} (default: citrate_getProtocolContracts)', parseContracts)
    .addOption(new Option("--behaviour <mode>", "honest, or wrong-output (perturbs results: a challenge demo)").choices(BEHAVIOURS).default("honest"))
    .addOption(new Option("--log-level <level>", "log level").choices(LOG_LEVELS).default("info"))
    .option("--poll-interval <ms>", "milliseconds between polls", parsePositiveInteger, 1_000)
    .option("--datadir <dir>", "where the log-scan cursor is kept", path.join(".citrate", "provider"))
    .option("--no-lora", "do not take LoRA jobs")
    .option("--cuda", "run inference on the CUDA execution provider when available", false)
    .option("--stake <wei>", "register (or top up) with this stake before serving", parseWei)
    .option("--capacity <n>", "requests served at once, when registering", parsePositiveInteger, 4)
    .option("--endpoint <url>", "endpoint announced when registering", "")
    .option("--models <hashes>", "comma-separated MODEL hashes to serve, when registering", parseHashes, [])
    .action(async (options: ProviderCliOptions) => {
      await runProvider(options);
    });
}

function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected a positive integer.");
  return n;
}

function parseWei(value: string): bigint {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number of wei.");
  return BigInt(value);
}

function parseHashes(value: string): `0x${string}`[] {
  const hashes = value.split(",").map((h) => h.trim()).filter((h) => h !== "");
  const bad = hashes.find((h) => !/^0x[0-9a-fA-F]{64}$/.test(h));
  if (bad !== undefined) throw new InvalidArgumentError(`'${bad}' is not a 32-byte hex hash.`);
  return hashes as `0x${string}`[];
}

function parseContracts(value: string): Partial<ProviderContracts> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('expected JSON such as {"InferenceRouter": "0x…"}.');
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError("expected a JSON object of name → address.");
  return parsed as Partial<ProviderContracts>;
}

/** The four addresses: those given, the rest from the node's `citrate_getProtocolContracts`. */
export async function resolveContracts(provider: JsonRpcProvider, given: Partial<ProviderContracts> = {}): Promise<ProviderContracts> {
  let listed: Record<string, string> = {};
  if (CONTRACT_NAMES.some((name) => given[name] === undefined)) {
    try {
      listed = (await provider.send("citrate_getProtocolContracts", [])) as Record<string, string>;
    } catch (error) {
      throw new ProviderCliError(`cannot read the protocol contracts from the node (${error instanceof Error ? error.message : String(error)}); pass --contracts`);
    }
  }
  const resolved: Record<string, string> = {};
  for (const name of CONTRACT_NAMES) {
    const address = given[name] ?? listed[name];
    if (address === undefined) throw new ProviderCliError(`no address for ${name}: the node does not list it; pass it in --contracts`);
    if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new ProviderCliError(`${name} address '${address}' is not a 20-byte hex address`);
    resolved[name] = address;
  }
  return resolved as unknown as ProviderContracts;
}

function providerKey(options: ProviderCliOptions): `0x${string}` {
  const key = options.key ?? process.env.CITRATE_PROVIDER_KEY;
  if (key === undefined || key === "") throw new ProviderCliError("no provider key: pass --key or set CITRATE_PROVIDER_KEY");
  const normalised = key.startsWith("0x") ? key : `0x${key}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(normalised)) throw new ProviderCliError("the provider key must be 32 bytes of hex");
  return normalised as `0x${string}`;
}

/** The node's chain id, asked once up front so an unreachable node is one clear error, not retries. */
async function nodeChainId(rpcUrl: string): Promise<bigint> {
  let result: unknown;
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(10_000),
    });
    result = ((await response.json()) as { result?: unknown }).result;
  } catch (error) {
    throw new ProviderCliError(`cannot reach the node at ${rpcUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof result !== "string" || !/^0x[0-9a-fA-F]+$/.test(result)) throw new ProviderCliError(`the node at ${rpcUrl} gave no chain id (eth_chainId → ${JSON.stringify(result)})`);
  return BigInt(result);
}

async function runProvider(options: ProviderCliOptions): Promise<void> {
  const privateKey = providerKey(options);
  const log = createLogger(options.logLevel).child({ component: "provider" });
  const chainId = await nodeChainId(options.rpcUrl);
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { staticNetwork: Network.from(chainId), pollingInterval: options.pollInterval });
  const contracts = await resolveContracts(provider, options.contracts).catch((error: unknown) => {
    provider.destroy();
    throw error;
  });
  const artifacts = backendArtifacts(new KuboBackend(options.ipfsApi));
  const engine = new NativeEngine({ preferCuda: options.cuda, onFallback: (modelHash) => log.warn({ modelHash }, "CUDA unavailable; running on the CPU") });
  const registration: ProviderRegistration | undefined =
    options.stake === undefined ? undefined : { endpoint: options.endpoint, capacity: options.capacity, models: options.models, stake: options.stake };
  const worker = await ProviderWorker.start({
    provider,
    privateKey,
    contracts,
    artifacts: artifacts.reader,
    pinArtifact: options.lora ? artifacts.pinArtifact : undefined,
    engine,
    behaviour: options.behaviour,
    log,
    pollIntervalMs: options.pollInterval,
    cursor: new FileScanCursor(path.join(options.datadir, "cursor.json")),
    registration,
  });
  log.info({ provider: worker.address, rpcUrl: options.rpcUrl, ipfsApi: options.ipfsApi, behaviour: worker.behaviour, lora: options.lora, engine: engine.name, contracts }, "provider worker started");

  const { promise: stopped, resolve: stop } = Promise.withResolvers<NodeJS.Signals>();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const signal = await stopped;
  log.info({ signal, metrics: worker.metrics() }, "provider worker stopping");
  await worker.stop();
  await engine.close();
  provider.destroy();
}
