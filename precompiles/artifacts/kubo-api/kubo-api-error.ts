/**
 * Errors in Kubo's RPC shape: `{"Message": …, "Code": n, "Type": "error"}` with go-ipfs-cmds' status
 * codes (Code 0 "normal" → HTTP 500, Code 1 "client" → HTTP 400). kubo-rpc-client turns the body
 * into an `HTTPError` carrying `Message`.
 */

/** go-ipfs-cmds error codes. */
export const KuboErrorCode = { Normal: 0, Client: 1 } as const;

export class KuboApiError extends Error {
  override readonly name = "KuboApiError";
  constructor(
    message: string,
    readonly status: number = 500,
    readonly code: number = KuboErrorCode.Normal,
  ) {
    super(message);
  }

  /** A bad argument or option: HTTP 400, Code 1. */
  static client(message: string): KuboApiError {
    return new KuboApiError(message, 400, KuboErrorCode.Client);
  }

  body(): string {
    return `${JSON.stringify({ Message: this.message, Code: this.code, Type: "error" })}\n`;
  }
}
