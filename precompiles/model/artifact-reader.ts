/** Where the MODEL precompile gets model files: the node's artifact store (embedded Helia by default). */
export interface ArtifactReader {
  /** The whole file behind `cid`; rejects when the store cannot produce it. */
  cat(cid: string): Promise<Uint8Array>;
}
