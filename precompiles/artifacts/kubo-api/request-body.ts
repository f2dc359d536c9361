/** Reading `/api/v0/add` uploads: the whole body under a size limit, then its multipart file parts. */
import type { IncomingMessage } from "node:http";
import { KuboApiError } from "./kubo-api-error.js";

/** One uploaded file: its (URI-decoded) path and bytes. */
export interface UploadedFile {
  readonly path: string;
  readonly content: Uint8Array;
}

/** The request body, refusing (HTTP 413) anything over `limit` bytes, announced or actual. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  const announced = Number(request.headers["content-length"] ?? 0);
  if (announced > limit) throw new KuboApiError(`request body of ${announced} bytes exceeds the limit of ${limit} bytes`, 413);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.byteLength;
    if (length > limit) throw new KuboApiError(`request body exceeds the limit of ${limit} bytes`, 413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

/**
 * The file parts of a `multipart/form-data` body, as kubo-rpc-client and `ipfs add` send them (each
 * part's filename is the URI-encoded path). Directory parts (`application/x-directory`) and symlinks
 * are refused: artifacts are single files.
 */
export async function multipartFiles(body: Uint8Array, contentType: string | undefined): Promise<UploadedFile[]> {
  if (contentType === undefined || !contentType.startsWith("multipart/form-data")) {
    throw KuboApiError.client("request is not multipart/form-data (expected file parts)");
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    throw KuboApiError.client(`malformed multipart body: ${error instanceof Error ? error.message : String(error)}`);
  }
  const files: UploadedFile[] = [];
  for (const [, value] of form) {
    if (typeof value === "string") continue;
    if (value.type === "application/x-directory" || value.type === "application/symlink") {
      throw KuboApiError.client(`directories and symlinks are not supported (part "${value.name}")`);
    }
    files.push({ path: safeDecode(value.name), content: new Uint8Array(await value.arrayBuffer()) });
  }
  if (files.length === 0) throw KuboApiError.client("file argument 'path' is required");
  return files;
}

function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
