import type { CID } from "multiformats/cid";
import type { AbortOptions, AddArtifactOptions, AddedArtifact, ArtifactBackend, ArtifactContent, ArtifactHolding, CatOptions, PinnedArtifact } from "../../../../precompiles/artifacts/artifact-backend.js";

/**
 * A backend that delegates to another, except that `add` can be made to fail (`failAdds` more
 * times) or to wait for `release()` (`holdAdds`), for retry and crash tests.
 */
export class GatedBackend implements ArtifactBackend {
  readonly name: string;
  failAdds = 0;
  holdAdds = false;
  addCalls = 0;
  private readonly started = Promise.withResolvers<void>();
  private readonly gate = Promise.withResolvers<void>();

  constructor(private readonly inner: ArtifactBackend) {
    this.name = `gated:${inner.name}`;
  }

  /** Resolves when an `add` is first held. */
  get addStarted(): Promise<void> {
    return this.started.promise;
  }

  release(): void {
    this.holdAdds = false;
    this.gate.resolve();
  }

  async add(content: ArtifactContent, options?: AddArtifactOptions): Promise<AddedArtifact> {
    this.addCalls++;
    if (this.failAdds > 0) {
      this.failAdds--;
      throw new Error("disk on fire");
    }
    if (this.holdAdds) {
      this.started.resolve();
      await this.gate.promise;
    }
    return this.inner.add(content, options);
  }
  pin(cid: CID, options?: AbortOptions): Promise<void> {
    return this.inner.pin(cid, options);
  }
  isPinned(cid: CID, options?: AbortOptions): Promise<boolean> {
    return this.inner.isPinned(cid, options);
  }
  status(cid: CID, options?: AbortOptions): Promise<ArtifactHolding> {
    return this.inner.status(cid, options);
  }
  unpin(cid: CID, options?: AbortOptions): Promise<void> {
    return this.inner.unpin(cid, options);
  }
  cat(cid: CID, options?: CatOptions): AsyncIterable<Uint8Array> {
    return this.inner.cat(cid, options);
  }
  has(cid: CID, options?: AbortOptions): Promise<boolean> {
    return this.inner.has(cid, options);
  }
  ls(options?: AbortOptions): AsyncIterable<PinnedArtifact> {
    return this.inner.ls(options);
  }
  blockSize(cid: CID, options?: AbortOptions): Promise<number> {
    return this.inner.blockSize(cid, options);
  }
  gc(options?: AbortOptions): Promise<void> {
    return this.inner.gc(options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
