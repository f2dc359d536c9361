import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

export interface MetricsServerOptions {
  readonly registry: Registry;
  /** Port to listen on; 0 picks a free one (read it back from `port`, or from the log line). */
  readonly port: number;
  /** Interface to listen on: loopback unless told otherwise, so metrics are not exposed to the network. */
  readonly host?: string;
  readonly log: Logger;
}

/**
 * Serves a registry in the Prometheus text format on `GET /metrics` (and `HEAD`); everything else is
 * 404/405. Logs `{"msg":"metrics server listening","url":"http://127.0.0.1:PORT/metrics"}` once bound.
 */
export class MetricsServer {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: http.Server,
    readonly host: string,
    readonly port: number,
    private readonly log: Logger,
  ) {}

  static async start(options: MetricsServerOptions): Promise<MetricsServer> {
    const host = options.host ?? "127.0.0.1";
    const server = http.createServer((req, res) => {
      handle(options.registry, req, res).catch((error: unknown) => {
        options.log.error({ err: error }, "metrics scrape failed");
        if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "metrics collection failed\n");
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    server.on("error", (error) => options.log.error({ err: error }, "metrics server error"));
    const metrics = new MetricsServer(server, host, (server.address() as AddressInfo).port, options.log);
    options.log.info({ url: metrics.url }, "metrics server listening");
    return metrics;
  }

  /** The scrape URL. */
  get url(): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}/metrics`;
  }

  /** Stops listening and closes open scrape connections. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    }).then(() => this.log.info("metrics server closed"));
    return this.closing;
  }
}

async function handle(registry: Registry, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (path !== "/metrics") {
    send(res, 404, "text/plain; charset=utf-8", "not found: metrics are served on GET /metrics\n");
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    send(res, 405, "text/plain; charset=utf-8", "method not allowed\n");
    return;
  }
  const body = await registry.metrics();
  send(res, 200, registry.contentType, body);
}

/** Sends a complete response; a HEAD request gets the headers only. */
function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(res.req.method === "HEAD" ? undefined : body);
}
