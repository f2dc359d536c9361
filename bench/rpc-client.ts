// A minimal JSON-RPC 2.0 client over HTTP (fetch, keep-alive) for the RPC benchmark: single calls and
// batches, the same code against every node measured.

export interface RpcRequest {
  readonly method: string;
  readonly params: readonly unknown[];
}

/** One batch item's outcome: its result, or the error the node answered with. */
export type RpcOutcome = { ok: true; result: unknown } | { ok: false; error: { code: number; message: string } };

interface RpcResponse {
  id: number;
  result?: unknown;
  error?: { code: number; message: string };
}

export class RpcClient {
  private nextId = 1;

  constructor(readonly url: string) {}

  /** Calls one method; throws when the node answers with an error. */
  async call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const id = this.nextId++;
    const response = (await this.post({ jsonrpc: "2.0", id, method, params })) as RpcResponse;
    if (response.error !== undefined) throw new Error(`${method}: ${response.error.message} (code ${response.error.code})`);
    return response.result as T;
  }

  /**
   * Checks the node answers (eth_chainId), retrying once: after seconds of local work (signing)
   * with no turn of the event loop, the pooled keep-alive connection may be one the node has
   * already closed, and the first request on it fails. Call it before timing starts.
   */
  async ready(): Promise<void> {
    try {
      await this.call("eth_chainId");
    } catch {
      await this.call("eth_chainId");
    }
  }

  /** Sends the requests as one JSON-RPC batch; the outcomes come back in request order. */
  async batch(requests: readonly RpcRequest[]): Promise<RpcOutcome[]> {
    const first = this.nextId;
    this.nextId += requests.length;
    const body = requests.map((r, i) => ({ jsonrpc: "2.0", id: first + i, method: r.method, params: r.params }));
    const responses = await this.post(body);
    if (!Array.isArray(responses)) throw new Error(`batch answered with ${JSON.stringify(responses).slice(0, 300)}`);
    const outcomes: RpcOutcome[] = new Array(requests.length);
    for (const response of responses as RpcResponse[]) {
      const index = response.id - first;
      outcomes[index] = response.error === undefined ? { ok: true, result: response.result } : { ok: false, error: response.error };
    }
    for (let i = 0; i < outcomes.length; i++) {
      if (outcomes[i] === undefined) throw new Error(`batch response lacks request ${i} (${requests[i].method})`);
    }
    return outcomes;
  }

  /** Like `batch`, but throws on the first error; returns the results in request order. */
  async batchResults<T = unknown>(requests: readonly RpcRequest[]): Promise<T[]> {
    const outcomes = await this.batch(requests);
    return outcomes.map((outcome, i) => {
      if (!outcome.ok) throw new Error(`${requests[i].method}: ${outcome.error.message} (code ${outcome.error.code})`);
      return outcome.result as T;
    });
  }

  private async post(body: unknown): Promise<unknown> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${this.url}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  }
}
