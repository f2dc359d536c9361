/** One block of a DAG file: its id and its parents' ids. */
export interface DagFileBlock {
  readonly id: string;
  readonly parents: readonly string[];
}

/** A DAG file that cannot be replayed; the message says where and why, on one line. */
export class DagFileError extends Error {
  override readonly name = "DagFileError";
}

/**
 * Parses and checks a DAG file: a JSON array of `{"id","parents"}` in topological order, the genesis
 * (no parents) first. Refuses malformed entries, duplicate ids, unknown parents, cycles and
 * parents listed before they are defined.
 */
export function parseDagFile(text: string): DagFileBlock[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DagFileError(`not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(json)) throw new DagFileError("expected a JSON array of {\"id\",\"parents\"} objects");
  if (json.length === 0) throw new DagFileError("the DAG is empty: the first entry must be the genesis");

  const blocks = json.map((entry, index) => checkEntry(entry, index));
  const positions = new Map<string, number>();
  blocks.forEach((block, index) => {
    const earlier = positions.get(block.id);
    if (earlier !== undefined) throw new DagFileError(`duplicate id "${block.id}" at entries ${earlier} and ${index}`);
    positions.set(block.id, index);
  });

  blocks.forEach((block, index) => {
    if (index === 0) {
      if (block.parents.length > 0) throw new DagFileError(`the first entry "${block.id}" must be the genesis (no parents)`);
      return;
    }
    if (block.parents.length === 0) throw new DagFileError(`entry ${index} ("${block.id}") has no parents; only the first entry may be a genesis`);
    const seen = new Set<string>();
    for (const parent of block.parents) {
      if (seen.has(parent)) throw new DagFileError(`block "${block.id}" lists parent "${parent}" twice`);
      seen.add(parent);
      const position = positions.get(parent);
      if (position === undefined) throw new DagFileError(`block "${block.id}" has unknown parent "${parent}"`);
      if (position >= index) {
        const cycle = findCycle(blocks, positions);
        if (cycle !== undefined) throw new DagFileError(`cycle: ${cycle.map((id) => `"${id}"`).join(" -> ")}`);
        throw new DagFileError(`block "${block.id}" lists parent "${parent}" before it is defined (the file must be in topological order)`);
      }
    }
  });
  return blocks;
}

function checkEntry(entry: unknown, index: number): DagFileBlock {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new DagFileError(`entry ${index} is not an object with "id" and "parents"`);
  }
  const { id, parents } = entry as Record<string, unknown>;
  if (typeof id !== "string" || id.length === 0) throw new DagFileError(`entry ${index}: "id" must be a non-empty string`);
  if (!Array.isArray(parents) || !parents.every((parent) => typeof parent === "string")) {
    throw new DagFileError(`entry ${index} ("${id}"): "parents" must be an array of ids`);
  }
  return { id, parents: parents as string[] };
}

/** A cycle in the parent graph as a list of ids (first id repeated at the end), if there is one. */
function findCycle(blocks: readonly DagFileBlock[], positions: ReadonlyMap<string, number>): string[] | undefined {
  const state = new Uint8Array(blocks.length); // 0 unvisited, 1 on the stack, 2 done
  for (let root = 0; root < blocks.length; root++) {
    if (state[root] !== 0) continue;
    const stack: { node: number; next: number }[] = [{ node: root, next: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const parents = blocks[frame.node].parents;
      if (frame.next === parents.length) {
        state[frame.node] = 2;
        stack.pop();
        continue;
      }
      const parent = positions.get(parents[frame.next++]) as number;
      if (state[parent] === 1) {
        const path = stack.slice(stack.findIndex((f) => f.node === parent)).map((f) => blocks[f.node].id);
        return [...path, blocks[parent].id];
      }
      if (state[parent] === 0) {
        state[parent] = 1;
        stack.push({ node: parent, next: 0 });
      }
    }
  }
  return undefined;
}
