/**
 * An artifact store behind a Kubo-RPC endpoint (`/api/v0`): a Kubo daemon, a pinning service that
 * speaks Kubo's RPC, or another Citrate node's `KuboApiServer`. Every import passes Kubo's flags
 * explicitly (cid-version, raw-leaves, chunker) so the daemon's own `Import.*` config cannot change
 * the CID; lookups that must not wait on the IPFS network ask with `offline=true`.
 */
import { create, type KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import { KUBO_MAX_LINKS, KUBO_V1 } from "./cid-options.js";
import {
  NotPinnedError,
  ArtifactNotFoundError,
  type AbortOptions,
  type AddArtifactOptions,
  type AddedArtifact,
  type ArtifactBackend,
  type ArtifactContent,
  type ArtifactHolding,
  type CatOptions,
  type PinnedArtifact,
} from "./artifact-backend.js";

export interface KuboBackendOptions {
  /** Per-request timeout in milliseconds (default 60 000). */
  readonly timeoutMs?: number;
}

export class KuboBackend implements ArtifactBackend {
  readonly name: string;
  private readonly client: KuboRPCClient;
  private readonly timeoutMs: number;

  /** `url` is the endpoint's base (`http://127.0.0.1:5001`); the client appends `/api/v0`. */
  constructor(readonly url: string, options: KuboBackendOptions = {}) {
    this.name = `kubo:${url}`;
    this.client = create({ url });
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async add(content: ArtifactContent, options: AddArtifactOptions = {}): Promise<AddedArtifact> {
    const profile = options.profile ?? KUBO_V1;
    const added = await this.client.add(content, {
      cidVersion: profile.cidVersion,
      rawLeaves: profile.rawLeaves,
      chunker: `size-${profile.chunkSize}`,
      pin: options.pin ?? true,
      // Only a non-default fan-out is sent, so daemons that lack the flag still take the default.
      searchParams: profile.maxLinks === KUBO_MAX_LINKS ? undefined : new URLSearchParams({ "max-file-links": String(profile.maxLinks) }),
      signal: this.signal(options),
    });
    return { cid: added.cid, size: BigInt(added.size) };
  }

  async pin(cid: CID, options: AbortOptions = {}): Promise<void> {
    await this.client.pin.add(cid, { recursive: true, signal: this.signal(options) });
  }

  async isPinned(cid: CID, options: AbortOptions = {}): Promise<boolean> {
    try {
      for await (const pin of this.client.pin.ls({ paths: [cid], signal: this.signal(options) })) {
        if (pin.type === "recursive" || pin.type === "direct") return true;
      }
      return false;
    } catch (error) {
      if (messageOf(error).includes("is not pinned")) return false;
      throw error;
    }
  }

  async status(cid: CID, options: AbortOptions = {}): Promise<ArtifactHolding> {
    return { pinned: await this.isPinned(cid, options), local: await this.has(cid, options) };
  }

  async unpin(cid: CID, options: AbortOptions = {}): Promise<void> {
    try {
      await this.client.pin.rm(cid, { recursive: true, signal: this.signal(options) });
    } catch (error) {
      if (messageOf(error).includes("not pinned")) throw new NotPinnedError(cid);
      throw error;
    }
  }

  async *cat(cid: CID, options: CatOptions = {}): AsyncGenerator<Uint8Array> {
    yield* this.client.cat(cid, { offset: options.offset, length: options.length, signal: this.signal(options) });
  }

  async has(cid: CID, options: AbortOptions = {}): Promise<boolean> {
    try {
      await this.blockSize(cid, options);
      return true;
    } catch (error) {
      if (error instanceof ArtifactNotFoundError) return false;
      throw error;
    }
  }

  async *ls(options: AbortOptions = {}): AsyncGenerator<PinnedArtifact> {
    for await (const pin of this.client.pin.ls({ signal: this.signal(options) })) {
      if (pin.type === "recursive" || pin.type === "direct") yield { cid: pin.cid, type: pin.type };
    }
  }

  async blockSize(cid: CID, options: AbortOptions = {}): Promise<number> {
    try {
      const stat = await this.client.block.stat(cid, { searchParams: new URLSearchParams({ offline: "true" }), signal: this.signal(options) });
      return stat.size;
    } catch (error) {
      if (/not found|could not find/i.test(messageOf(error))) throw new ArtifactNotFoundError(cid);
      throw error;
    }
  }

  async gc(options: AbortOptions = {}): Promise<void> {
    for await (const removed of this.client.repo.gc({ signal: this.signal(options) })) {
      if (removed.err !== null && removed.err !== undefined) throw removed.err;
    }
  }

  async close(): Promise<void> {}

  /** The caller's signal combined with the per-request timeout. */
  private signal(options: AbortOptions): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
