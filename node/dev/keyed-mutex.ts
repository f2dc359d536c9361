/**
 * Runs async work one at a time per key, in arrival order (different keys run concurrently).
 * eth_sendTransaction holds its sender's key from reading the pending nonce to handing the signed
 * transaction to the pool, so two concurrent sends from one account get consecutive nonces.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work running or waiting (for tests: the map does not grow without bound). */
  get size(): number {
    return this.tails.size;
  }
}
