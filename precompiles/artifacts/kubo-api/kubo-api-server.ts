/**
 * A Kubo-RPC-compatible HTTP API (`/api/v0/…`, the subset in `commands.ts`) served from an
 * `ArtifactBackend`, so IPFS tooling (kubo-rpc-client, `ipfs --api`) and other Citrate nodes can add,
 * read and pin artifacts in this node's store. As Kubo: POST only (405 otherwise), unknown paths 404,
 * errors `{Message, Code, Type: "error"}`. Uploads are buffered, so their size is capped
 * (`maxRequestBytes`, HTTP 413 beyond). It has no authentication: bind it to loopback or a private
 * network, as Kubo's own API port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ArtifactBackend } from "../artifact-backend.js";
import { COMMANDS, type CommandContext, type CommandOutput } from "./commands.js";
import { KuboApiError } from "./kubo-api-error.js";
import { peerIdentity, type PeerIdentity } from "./peer-identity.js";

export interface KuboApiServerOptions {
  /** Largest accepted request body in bytes (default 512 MiB). */
  readonly maxRequestBytes?: number;
  /** The node's Ed25519 public key for `/api/v0/id` (default: a fresh key per server). */
  readonly publicKey?: Uint8Array;
  /** `AgentVersion` in `/api/v0/id` (default "citrate/0.1.0"). */
  readonly agentVersion?: string;
  /** Called with every failure that is not the client's (HTTP 500 caused by a bug or the store). */
  readonly onError?: (error: unknown) => void;
}

const API_PREFIX = "/api/v0/";

export class KuboApiServer {
  private readonly server: Server;
  private readonly identity: PeerIdentity;
  private readonly agentVersion: string;
  private readonly maxRequestBytes: number;
  private address: AddressInfo | undefined;

  constructor(
    readonly backend: ArtifactBackend,
    private readonly options: KuboApiServerOptions = {},
  ) {
    this.identity = peerIdentity(options.publicKey);
    this.agentVersion = options.agentVersion ?? "citrate/0.1.0";
    this.maxRequestBytes = options.maxRequestBytes ?? 512 * 1024 * 1024;
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        options.onError?.(error);
        response.destroy();
      });
    });
  }

  /** Starts listening; `port` 0 picks a free port. Resolves to the base URL (`http://host:port`). */
  async listen(host = "127.0.0.1", port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.address = this.server.address() as AddressInfo;
    return this.url;
  }

  /** The base URL for kubo-rpc-client (`create({ url })`) and `KuboBackend`. */
  get url(): string {
    if (this.address === undefined) throw new Error("KuboApiServer is not listening");
    const host = this.address.family === "IPv6" ? `[${this.address.address}]` : this.address.address;
    return `http://${host}:${this.address.port}`;
  }

  /** Stops accepting connections and closes open ones. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    const command = url.pathname.startsWith(API_PREFIX) ? COMMANDS.get(url.pathname.slice(API_PREFIX.length)) : undefined;
    if (command === undefined) {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("404 page not found");
      return;
    }
    if (request.method !== "POST") {
      response.writeHead(405, { "Content-Type": "text/plain; charset=utf-8", Allow: "POST" }).end("405 - Method Not Allowed");
      return;
    }
    const context: CommandContext = {
      query: url.searchParams,
      request,
      backend: this.backend,
      identity: this.identity,
      agentVersion: this.agentVersion,
      maxRequestBytes: this.maxRequestBytes,
    };
    try {
      await send(response, await command(context));
    } catch (error) {
      const apiError = error instanceof KuboApiError ? error : new KuboApiError(error instanceof Error ? error.message : String(error));
      if (!(error instanceof KuboApiError)) this.options.onError?.(error);
      if (response.headersSent) {
        // Mid-stream: Kubo ends the chunked body abnormally; the client sees a broken stream.
        response.destroy(apiError);
        return;
      }
      // An upload refused mid-body: close the connection rather than read the rest of it.
      if (apiError.status === 413) response.setHeader("Connection", "close");
      response.writeHead(apiError.status, { "Content-Type": "application/json" }).end(apiError.body());
    }
  }
}

/**
 * Writes a command's output. Streams are started (their first item awaited) before the headers go
 * out, so a failure at the start (a missing block for `cat`) still becomes an error response.
 */
async function send(response: ServerResponse, output: CommandOutput): Promise<void> {
  if (output.kind === "json") {
    response.writeHead(200, { "Content-Type": "application/json" }).end(`${JSON.stringify(output.value)}\n`);
    return;
  }
  const items = output.kind === "bytes" ? output.chunks : output.values;
  const iterator = items[Symbol.asyncIterator]();
  let next = await iterator.next();
  response.writeHead(
    200,
    output.kind === "bytes"
      ? { "Content-Type": "text/plain", "X-Stream-Output": "1", Trailer: "X-Stream-Error" }
      : { "Content-Type": "application/json", "X-Chunked-Output": "1", Trailer: "X-Stream-Error" },
  );
  while (next.done !== true) {
    const chunk = output.kind === "bytes" ? (next.value as Uint8Array) : `${JSON.stringify(next.value)}\n`;
    if (!response.write(chunk)) {
      await new Promise<void>((resolve) => {
        response.once("drain", resolve);
        response.once("close", resolve);
      });
      if (response.destroyed) return;
    }
    next = await iterator.next();
  }
  response.end();
}
