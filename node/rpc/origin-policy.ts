/**
 * Which browser origins may call the node (the `Origin` header of HTTP requests and WebSocket
 * handshakes). `*` allows every origin — the default, as in anvil and Hardhat, because the server
 * listens on loopback for local development; a node exposed beyond it should list its dapp origins.
 * Requests without an Origin header (curl, Node, other servers) are not browser requests and are
 * always allowed: CORS protects browsers' users, it does not authenticate.
 */
export class OriginPolicy {
  private readonly allowsAll: boolean;
  private readonly origins: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.allowsAll = allowedOrigins.includes("*");
    // Origins compare case-insensitively (scheme and host are), without a trailing slash.
    this.origins = new Set(allowedOrigins.map(normalizeOrigin));
  }

  allows(origin: string | undefined): boolean {
    return origin === undefined || this.allowsAll || this.origins.has(normalizeOrigin(origin));
  }

  /** The Access-Control-Allow-Origin value for an allowed origin. */
  allowOriginHeader(origin: string): string {
    return this.allowsAll ? "*" : origin;
  }
}

function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, "");
}
