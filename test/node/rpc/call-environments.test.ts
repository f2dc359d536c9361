import { expect } from "chai";
import { CallEnvironments } from "../../../node/rpc/call-environments.js";
import type { CallEnvironment } from "../../../node/rpc/methods/eth/chain-reader.js";

/** A stand-in environment: the tests look only at which one a call gets and when. */
type Labelled = CallEnvironment & { label: string };
const environment = (label: string) => ({ label }) as unknown as Labelled;

describe("CallEnvironments", function () {
  it("builds one environment per key and reuses it", async function () {
    const built: string[] = [];
    const environments = new CallEnvironments();
    const build = (key: string) => async () => {
      built.push(key);
      return environment(key);
    };
    const labels = await Promise.all(["a", "a", "b", "a"].map((key) => environments.use(key, build(key), async (e) => (e as Labelled).label)));
    expect(labels).to.deep.equal(["a", "a", "b", "a"]);
    expect(built).to.deep.equal(["a", "b"]);
  });

  it("runs work on one environment one at a time, in order, even when a work fails", async function () {
    const environments = new CallEnvironments();
    const events: string[] = [];
    const work = (name: string, fail = false) =>
      environments.use("a", async () => environment("a"), async () => {
        events.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([work("x"), work("y", true), work("z")]);
    expect(results.map((r) => r.status)).to.deep.equal(["fulfilled", "rejected", "fulfilled"]);
    expect(events).to.deep.equal(["x start", "x end", "y start", "y end", "z start", "z end"]);
  });

  it("keeps the most recently used environments up to its capacity", async function () {
    const built: string[] = [];
    const environments = new CallEnvironments(2);
    for (const key of ["1", "2", "1", "3", "1", "2"]) {
      await environments.use(
        key,
        async () => {
          built.push(key);
          return environment(key);
        },
        async () => undefined,
      );
    }
    // 3 evicted 2 (the least recently used); 2 then evicted 3.
    expect(built).to.deep.equal(["1", "2", "3", "2"]);
  });

  it("does not keep an environment that failed to build", async function () {
    let attempts = 0;
    const environments = new CallEnvironments();
    const build = async () => {
      attempts++;
      if (attempts === 1) throw new Error("state missing");
      return environment("a");
    };
    const first = await environments.use("a", build, async () => "ran").catch((error: Error) => error.message);
    expect(first).to.equal("state missing");
    expect(await environments.use("a", build, async () => "ran")).to.equal("ran");
    expect(attempts).to.equal(2);
  });
});
