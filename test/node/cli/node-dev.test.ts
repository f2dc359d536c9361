import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { onLines } from "../../support/child-lines.js";

const launcher = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/citrate");

interface LogLine {
  msg: string;
  blocks?: number;
  blueScore?: number;
  chainLength?: number;
}

/** Runs `citrate node --dev` until it has produced `blocks` blocks, then stops it with SIGINT. */
function runDevNode(datadir: string, blocks: number): Promise<{ code: number | null; logs: LogLine[] }> {
  return new Promise((resolve, reject) => {
    const node = spawn(launcher, ["node", "--dev", "--datadir", datadir, "--block-time", "0.2"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const logs: LogLine[] = [];
    let interrupted = false;
    onLines(node.stdout, (line) => {
      logs.push(JSON.parse(line) as LogLine);
      if (!interrupted && logs.filter((l) => l.msg === "block produced").length >= blocks) {
        interrupted = true;
        node.kill("SIGINT");
      }
    });
    node.on("error", reject);
    node.on("exit", (code) => resolve({ code, logs }));
  });
}

describe("citrate node --dev", function () {
  let datadir: string;
  before(function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-node-"));
  });
  after(function () {
    rmSync(datadir, { recursive: true, force: true });
  });

  it("produces blocks on a single-node DAG, stops cleanly on SIGINT and resumes where it stopped", async function () {
    const first = await runDevNode(datadir, 3);
    expect(first.code).to.equal(0);
    const produced = first.logs.filter((l) => l.msg === "block produced");
    expect(produced.map((l) => l.blueScore)).to.deep.equal(produced.map((_, i) => i + 1));
    const stoppedAt = first.logs.find((l) => l.msg === "stopped")?.blocks as number;
    expect(stoppedAt).to.be.at.least(4);

    const second = await runDevNode(datadir, 2);
    expect(second.code).to.equal(0);
    expect(second.logs.find((l) => l.msg === "dev chain opened")?.blocks).to.equal(stoppedAt);
    expect(second.logs.find((l) => l.msg === "block produced")?.blueScore).to.equal(stoppedAt);
  });
});
