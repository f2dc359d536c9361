import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { conformanceDir } from "../../support/shared-data.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const launcher = path.join(repoRoot, "bin", "citrate");

/** Runs the real `citrate` launcher, as a user would. */
function citrate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(launcher, args, { encoding: "utf8", cwd: repoRoot });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("citrate ghostdag replay", function () {
  let dir: string;
  const dagFile = (name: string, content: unknown): string => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  };
  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), "citrate-replay-"));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints kaspad's expected GHOSTDAG result for every block of a vector file, in input order", function () {
    const root = conformanceDir();
    if (root === undefined) this.skip();
    const vector = JSON.parse(readFileSync(path.join(root, "ghostdag-kaspad", "dag0.json"), "utf8")) as {
      K: number;
      GenesisID: string;
      Blocks: { ID: string; Parents: string[]; ExpectedScore: number; ExpectedSelectedParent: string; ExpectedBlues: string[]; ExpectedReds: string[] }[];
    };
    const file = dagFile("dag0.json", [
      { id: vector.GenesisID, parents: [] },
      ...vector.Blocks.map((b) => ({ id: b.ID, parents: b.Parents })),
    ]);
    const { status, stdout, stderr } = citrate("ghostdag", "replay", file, "--k", String(vector.K));
    expect(stderr).to.equal("");
    expect(status).to.equal(0);
    const lines = stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).to.deep.equal({ id: vector.GenesisID, blueScore: 0, selectedParent: null, mergeSetBlues: [], mergeSetReds: [] });
    expect(lines.slice(1)).to.deep.equal(
      vector.Blocks.map((b) => ({
        id: b.ID,
        blueScore: b.ExpectedScore,
        selectedParent: b.ExpectedSelectedParent,
        mergeSetBlues: b.ExpectedBlues,
        mergeSetReds: b.ExpectedReds,
      })),
    );
    expect(Object.keys(lines[1])).to.deep.equal(["id", "blueScore", "selectedParent", "mergeSetBlues", "mergeSetReds"]);
  });

  const refusals: [string, unknown, RegExp][] = [
    ["malformed JSON", "[{\"id\": \"g\", ", /not valid JSON/],
    ["not an array", { id: "g" }, /expected a JSON array/],
    ["an entry without parents", [{ id: "g", parents: [] }, { id: "a" }], /entry 1 \("a"\): "parents" must be an array/],
    ["an unknown parent", [{ id: "g", parents: [] }, { id: "a", parents: ["zz"] }], /block "a" has unknown parent "zz"/],
    ["a duplicate id", [{ id: "g", parents: [] }, { id: "a", parents: ["g"] }, { id: "a", parents: ["g"] }], /duplicate id "a" at entries 1 and 2/],
    [
      "a cycle",
      [{ id: "g", parents: [] }, { id: "a", parents: ["g", "b"] }, { id: "b", parents: ["a"] }],
      /cycle: "a" -> "b" -> "a"/,
    ],
    ["a parent listed before it is defined", [{ id: "g", parents: [] }, { id: "a", parents: ["b"] }, { id: "b", parents: ["g"] }], /before it is defined/],
    ["a second genesis", [{ id: "g", parents: [] }, { id: "h", parents: [] }], /only the first entry may be a genesis/],
    ["parents that are not an antichain", [{ id: "g", parents: [] }, { id: "a", parents: ["g"] }, { id: "b", parents: ["a", "g"] }], /parent "g" is in the past of parent "a"/],
    ["an id longer than 32 bytes", [{ id: "x".repeat(33), parents: [] }], /longer than 32 bytes/],
  ];
  for (const [what, content, message] of refusals) {
    it(`refuses ${what} with one clear line and exit code 1`, function () {
      const { status, stdout, stderr } = citrate("ghostdag", "replay", dagFile("bad.json", content), "--k", "3");
      expect(status).to.equal(1);
      expect(stderr).to.match(/^citrate: .*\n$/);
      expect(stderr).to.match(message);
      if (what !== "parents that are not an antichain") expect(stdout).to.equal("");
    });
  }

  it("refuses a missing file and bad options", function () {
    const missing = citrate("ghostdag", "replay", path.join(dir, "nope.json"), "--k", "3");
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.match(/^citrate: cannot read .*nope\.json: ENOENT\n$/);
    const file = dagFile("ok.json", [{ id: "g", parents: [] }]);
    expect(citrate("ghostdag", "replay", file).status).to.equal(2);
    expect(citrate("ghostdag", "replay", file, "--k", "-1").status).to.equal(2);
    expect(citrate("ghostdag", "replay", file, "--k", "2.5").status).to.equal(2);
  });

  it("answers --version and --help", function () {
    const version = citrate("--version");
    expect(version.status).to.equal(0);
    expect(version.stdout.trim()).to.equal(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version);
    const help = citrate("ghostdag", "replay", "--help");
    expect(help.status).to.equal(0);
    expect(help.stdout).to.include("--k <k>");
  });
});
