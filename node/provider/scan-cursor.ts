/**
 * Where the provider worker's log scan stands: the last block whose logs it has taken in. A file store
 * keeps it across restarts (written atomically: temporary file, then rename); a memory store serves
 * one-off runs.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface ScanCursorStore {
  /** The last block scanned, or undefined when never saved. */
  load(): Promise<number | undefined>;
  save(block: number): Promise<void>;
}

export class MemoryScanCursor implements ScanCursorStore {
  private block: number | undefined;

  async load(): Promise<number | undefined> {
    return this.block;
  }

  async save(block: number): Promise<void> {
    this.block = block;
  }
}

/** A cursor file that is not what `FileScanCursor` writes. */
export class ScanCursorError extends Error {
  override readonly name = "ScanCursorError";
}

export class FileScanCursor implements ScanCursorStore {
  constructor(readonly path: string) {}

  async load(): Promise<number | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    const parsed = JSON.parse(text) as { lastBlock?: unknown };
    if (!Number.isSafeInteger(parsed.lastBlock) || (parsed.lastBlock as number) < 0) throw new ScanCursorError(`${this.path} holds no block number: ${text.slice(0, 80)}`);
    return parsed.lastBlock as number;
  }

  async save(block: number): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    await writeFile(temporary, JSON.stringify({ lastBlock: block }));
    await rename(temporary, this.path);
  }
}
