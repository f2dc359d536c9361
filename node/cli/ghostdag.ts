import { InvalidArgumentError, type Command } from "commander";
import { readFile } from "node:fs/promises";
import { once } from "node:events";
import { parseDagFile } from "../consensus/replay/dag-file.js";
import { replayDag } from "../consensus/replay/replay-dag.js";

/** `citrate ghostdag replay FILE --k K`: GHOSTDAG over a DAG file, one JSON line per block. */
export function registerGhostdagCommand(program: Command): void {
  const ghostdag = program.command("ghostdag").description("GHOSTDAG consensus tools");
  ghostdag
    .command("replay")
    .description(
      'replay a DAG file (JSON array of {"id","parents"} in topological order, genesis first) and print, ' +
        'per block in input order, {"id","blueScore","selectedParent","mergeSetBlues","mergeSetReds"}',
    )
    .argument("<file>", "the DAG file")
    .requiredOption("--k <k>", "GHOSTDAG's k (anticone bound), an integer in [0, 255]", parseK)
    .action(async (file: string, options: { k: number }) => {
      await replayFile(file, options.k);
    });
}

function parseK(value: string): number {
  const k = Number(value);
  if (!/^\d+$/.test(value) || k > 255) throw new InvalidArgumentError("k must be an integer in [0, 255].");
  return k;
}

async function replayFile(file: string, k: number): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
    });
  }
  let output = "";
  try {
    for (const block of replayDag(parseDagFile(text), k)) {
      output += JSON.stringify(block) + "\n";
      if (output.length >= 1 << 16) {
        await write(output);
        output = "";
      }
    }
  } catch (error) {
    await write(output);
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  await write(output);
}

/** Writes to stdout, waiting when the pipe is full so large DAGs do not pile up in memory. */
async function write(text: string): Promise<void> {
  if (text.length > 0 && !process.stdout.write(text)) await once(process.stdout, "drain");
}
