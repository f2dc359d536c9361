import type { Readable } from "node:stream";

/** Calls `onLine` for each complete line a child process writes (a partial last line waits). */
export function onLines(stream: Readable, onLine: (line: string) => void): void {
  let pending = "";
  stream.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() as string;
    for (const line of lines) onLine(line);
  });
}
