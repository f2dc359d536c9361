/**
 * The Kubo RPC commands the node serves from an `ArtifactBackend`, with Kubo's option names,
 * defaults and output shapes: `add`, `cat`, `pin/add`, `pin/ls`, `pin/rm`, `block/stat`, `repo/gc`,
 * `id`, `version`. Everything is local: nothing is fetched from the IPFS network.
 */
import type { IncomingMessage } from "node:http";
import { CID } from "multiformats/cid";
import type { ArtifactBackend } from "../artifact-backend.js";
import { ArtifactNotFoundError, NotPinnedError } from "../artifact-backend.js";
import { importProfile, ImportProfileError, type ImportProfile } from "../cid-options.js";
import { KuboApiError } from "./kubo-api-error.js";
import type { PeerIdentity } from "./peer-identity.js";
import { multipartFiles, readBody } from "./request-body.js";

/** What a command answers: one JSON value, a stream of JSON values (NDJSON), or raw bytes. */
export type CommandOutput =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "ndjson"; readonly values: AsyncIterable<unknown> }
  | { readonly kind: "bytes"; readonly chunks: AsyncIterable<Uint8Array> };

export interface CommandContext {
  readonly query: URLSearchParams;
  readonly request: IncomingMessage;
  readonly backend: ArtifactBackend;
  readonly identity: PeerIdentity;
  readonly agentVersion: string;
  readonly maxRequestBytes: number;
}

export type Command = (context: CommandContext) => Promise<CommandOutput>;

const json = (value: unknown): CommandOutput => ({ kind: "json", value });

/** Go's strconv.ParseBool, as go-ipfs-cmds parses boolean options. */
function boolOption(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  if (value === null) return fallback;
  if (["1", "t", "T", "true", "TRUE", "True"].includes(value)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(value)) return false;
  throw KuboApiError.client(`invalid value for option "${name}": "${value}" is not a boolean`);
}

function intOption(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(parsed) || parsed < 0) throw KuboApiError.client(`invalid value for option "${name}": "${value}" is not a non-negative integer`);
  return parsed;
}

/** A CID argument (`<cid>` or `/ipfs/<cid>`); paths inside a DAG are not served. */
function cidArgument(text: string): CID {
  const path = text.startsWith("/ipfs/") ? text.slice("/ipfs/".length) : text;
  const [root, ...rest] = path.split("/");
  if (rest.some((segment) => segment !== "")) throw KuboApiError.client(`invalid path "${text}": paths inside a DAG are not supported`);
  try {
    return CID.parse(root);
  } catch (error) {
    throw KuboApiError.client(`invalid path "${text}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

function requiredArguments(query: URLSearchParams, name: string): CID[] {
  const args = query.getAll("arg");
  if (args.length === 0) throw KuboApiError.client(`argument "${name}" is required`);
  return args.map(cidArgument);
}

/** Backend errors a client caused (a missing block, a CID that is not pinned) keep their message. */
function backendError(error: unknown): never {
  if (error instanceof KuboApiError) throw error;
  if (error instanceof ArtifactNotFoundError || error instanceof NotPinnedError) throw new KuboApiError(error.message);
  throw error;
}

async function add({ query, request, backend, maxRequestBytes }: CommandContext): Promise<CommandOutput> {
  for (const unsupported of ["only-hash", "wrap-with-directory", "trickle", "nocopy", "inline"]) {
    if (boolOption(query, unsupported, false)) throw KuboApiError.client(`option "${unsupported}" is not supported by this node`);
  }
  const hash = query.get("hash") ?? "sha2-256";
  if (hash !== "sha2-256") throw KuboApiError.client(`hash "${hash}" is not supported (only sha2-256)`);
  const profile = addProfile(query);
  const pin = boolOption(query, "pin", true);
  const files = await multipartFiles(await readBody(request, maxRequestBytes), request.headers["content-type"]);
  const added: { Name: string; Hash: string; Size: string }[] = [];
  for (const file of files) {
    const { cid, size } = await backend.add(file.content, { profile, pin }).catch(backendError);
    // Kubo names a nameless upload (stdin, a blob) after its CID.
    added.push({ Name: file.path === "" ? cid.toString() : file.path, Hash: cid.toString(), Size: size.toString() });
  }
  return { kind: "ndjson", values: iterate(added) };
}

function addProfile(query: URLSearchParams): ImportProfile {
  const version = query.get("cid-version");
  if (version !== null && version !== "0" && version !== "1") throw KuboApiError.client(`cid-version ${version} is not supported (0 or 1)`);
  const chunker = query.get("chunker") ?? "size-262144";
  const chunk = /^size-(\d+)$/.exec(chunker);
  if (chunk === null) throw KuboApiError.client(`chunker "${chunker}" is not supported (only size-N)`);
  const rawLeaves = query.has("raw-leaves") ? boolOption(query, "raw-leaves", false) : undefined;
  try {
    return importProfile({ cidVersion: version === "1" ? 1 : 0, rawLeaves, chunkSize: Number(chunk[1]), maxLinks: intOption(query, "max-file-links") });
  } catch (error) {
    if (error instanceof ImportProfileError) throw KuboApiError.client(error.message);
    throw error;
  }
}

async function cat({ query, backend }: CommandContext): Promise<CommandOutput> {
  const [cid] = requiredArguments(query, "ipfs-path");
  const chunks = backend.cat(cid, { offset: intOption(query, "offset"), length: intOption(query, "length") });
  return { kind: "bytes", chunks: rethrowing(chunks) };
}

async function pinAdd({ query, backend }: CommandContext): Promise<CommandOutput> {
  const cids = requiredArguments(query, "ipfs-path");
  if (!boolOption(query, "recursive", true)) throw KuboApiError.client("direct pins (recursive=false) are not supported by this node");
  for (const cid of cids) {
    try {
      await backend.pin(cid);
    } catch (error) {
      throw new KuboApiError(`pin: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return json({ Pins: cids.map((cid) => cid.toString()) });
}

async function pinLs({ query, backend }: CommandContext): Promise<CommandOutput> {
  const type = query.get("type") ?? "all";
  if (!["all", "recursive", "direct", "indirect"].includes(type)) throw KuboApiError.client(`invalid type '${type}', must be one of {direct, indirect, recursive, all}`);
  const names = boolOption(query, "names", false);
  const row = (cid: CID, pinType: string) => ({ Cid: cid.toString(), Type: pinType, ...(names ? { Name: "" } : {}) });
  const wanted = query.getAll("arg").map(cidArgument);
  const rows: ReturnType<typeof row>[] = [];
  if (wanted.length > 0) {
    for (const cid of wanted) {
      if (!(await backend.isPinned(cid))) throw new KuboApiError(`path '${cid}' is not pinned`);
    }
    // The backend lists pin roots; a wanted CID is matched by multihash (a CIDv0 pin lists as CIDv1).
    const types = new Map<string, string>();
    for await (const pin of backend.ls()) types.set(pin.cid.toV1().toString(), pin.type);
    for (const cid of wanted) {
      const pinType = types.get(cid.toV1().toString()) ?? "recursive";
      if (type === "all" || type === pinType) rows.push(row(cid, pinType));
    }
  } else if (type !== "indirect") {
    for await (const pin of backend.ls()) if (type === "all" || type === pin.type) rows.push(row(pin.cid, pin.type));
  }
  if (boolOption(query, "stream", false)) return { kind: "ndjson", values: iterate(rows) };
  return json({ Keys: Object.fromEntries(rows.map(({ Cid, ...rest }) => [Cid, rest])) });
}

async function pinRm({ query, backend }: CommandContext): Promise<CommandOutput> {
  const cids = requiredArguments(query, "ipfs-path");
  for (const cid of cids) {
    try {
      await backend.unpin(cid);
    } catch (error) {
      if (error instanceof NotPinnedError) throw new KuboApiError(`${cid} is not pinned or pinned indirectly`);
      backendError(error);
    }
  }
  return json({ Pins: cids.map((cid) => cid.toString()) });
}

async function blockStat({ query, backend }: CommandContext): Promise<CommandOutput> {
  const [cid] = requiredArguments(query, "cid");
  const size = await backend.blockSize(cid).catch(backendError);
  return json({ Key: cid.toString(), Size: size });
}

async function repoGc({ backend }: CommandContext): Promise<CommandOutput> {
  await backend.gc();
  // Kubo streams the removed keys; the backends do not report them, so the stream is empty.
  return { kind: "ndjson", values: iterate([]) };
}

async function id({ identity, agentVersion }: CommandContext): Promise<CommandOutput> {
  return json({ ID: identity.id, PublicKey: identity.publicKey, Addresses: [], AgentVersion: agentVersion, Protocols: [] });
}

async function version({ agentVersion }: CommandContext): Promise<CommandOutput> {
  return json({ Version: agentVersion.split("/")[1] ?? agentVersion, Commit: "", Repo: "", System: `${process.arch}/${process.platform}`, Golang: "" });
}

async function* iterate<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

async function* rethrowing(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    backendError(error);
  }
}

/** The commands by path under `/api/v0/`. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map([
  ["add", add],
  ["cat", cat],
  ["pin/add", pinAdd],
  ["pin/ls", pinLs],
  ["pin/rm", pinRm],
  ["block/stat", blockStat],
  ["repo/gc", repoGc],
  ["id", id],
  ["version", version],
]);
