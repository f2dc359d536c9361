import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { id, JsonRpcProvider, parseEther, Wallet, type Interface } from "ethers";
import { KEY } from "../../deploy/protocol-parameters.js";
import { devAccounts } from "../../node/chain/dev-accounts.js";
import {
  CitrateGovernor__factory,
  DAOGovernor__factory,
  GovernanceFactory__factory,
  ProtocolParams__factory,
  TechnicalCouncil__factory,
  Treasury__factory,
} from "../../types/ethers-contracts/index.js";
import { mineAfter } from "../support/chain-time.js";
import { nodeProvider, type RunningNode, startDevNode, WITHOUT_DEMO_MODELS } from "../support/node-process.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// #0–#2: stakers and council members; #3, #4: stakers; #5: no stake, no seat.
const accounts = devAccounts(6);
type Account = (typeof accounts)[number];
const GWEI = 10n ** 9n;

interface TaskRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `hardhat --network citrate <args>` as `account`, against `url`. */
function hardhat(url: string, account: Account, args: readonly string[]): Promise<TaskRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/hardhat"), ["--network", "citrate", ...args], {
      cwd: root,
      env: { ...process.env, CITRATE_RPC_URL: url, CITRATE_PRIVATE_KEY: account.privateKey, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // A task that hangs is killed, so the failure shows what it printed instead of a bare timeout.
    const timer = setTimeout(() => {
      stderr += "\n[killed: the task ran past 120 s]";
      child.kill("SIGKILL");
    }, 120_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The names of the events `iface` knows among `logs`. */
function eventNames(iface: Interface, logs: readonly { topics: readonly string[]; data: string }[]): string[] {
  return logs.map((log) => iface.parseLog(log)?.name).filter((name): name is string => name !== undefined);
}

describe("the citrate:* Hardhat tasks against citrate node --dev (--network citrate)", function () {
  this.timeout(300_000);
  let datadir: string;
  let node: RunningNode;
  let provider: JsonRpcProvider;
  let protocol: Record<string, string>;

  before(async function () {
    datadir = mkdtempSync(path.join(tmpdir(), "citrate-gov-tasks-"));
    node = await startDevNode(datadir, WITHOUT_DEMO_MODELS);
    provider = nodeProvider(node);
    protocol = (await provider.send("citrate_getProtocolContracts", [])) as Record<string, string>;
  });
  after(async function () {
    provider?.destroy();
    await node?.stop();
    rmSync(datadir, { recursive: true, force: true });
  });

  /** Runs a task that must succeed; returns the JSON values it printed (one per line, or one spanning lines). */
  const task = async <T>(account: Account, args: readonly string[]): Promise<T[]> => {
    const run = await hardhat(node.url, account, args);
    expect(run.code, `${args.join(" ")}\n${run.stdout}\n${run.stderr}`).to.equal(0);
    const text = run.stdout.trim();
    return text.startsWith("{\n") ? [JSON.parse(text) as T] : text.split("\n").map((line) => JSON.parse(line) as T);
  };
  /** Runs a task that must fail; returns what it printed on stderr. */
  const failing = async (account: Account, args: readonly string[]): Promise<string> => {
    const run = await hardhat(node.url, account, args);
    expect(run.code, `${args.join(" ")} should fail\n${run.stdout}`).to.not.equal(0);
    return run.stderr;
  };
  const wallet = (account: Account) => new Wallet(account.privateKey, provider);
  const advance = (seconds: number) => mineAfter(provider, seconds);
  const stateOf = async (governor: string, proposalId: string) =>
    Number(await CitrateGovernor__factory.connect(governor, provider).state(BigInt(proposalId)));
  const State = { Pending: 0, Active: 1, Succeeded: 4, Queued: 5, Executed: 7 } as const;

  it("a DAO spawned by citrate:dao:create runs a treasury payout end to end through the tasks", async function () {
    const [dao] = await task<{ token: string; governor: string; timelock: string; treasury: string }>(accounts[0], [
      "citrate:dao:create",
      "--name", "Guild",
      "--symbol", "GLD",
      "--holders", `${accounts[0].address},${accounts[1].address}`,
      "--amounts", `${parseEther("600")},${parseEther("400")}`,
      "--voting-delay", "1",
      "--voting-period", "30",
      "--timelock-delay", "10",
    ]);
    const factory = GovernanceFactory__factory.connect(protocol.GovernanceFactory, provider);
    expect((await factory.daoAt((await factory.daoCount()) - 1n)).governor).to.equal(dao.governor);
    // Fund the DAO's treasury with a plain transfer.
    await (await wallet(accounts[3]).sendTransaction({ to: dao.treasury, value: parseEther("5") })).wait(1, 60_000);
    const recipient = accounts[5].address;
    const paidBefore = await provider.getBalance(recipient);

    const daoOptions = ["--governor", dao.governor, "--treasury", dao.treasury];
    const [proposed] = await task<{ proposalId: string; proposalClass: string | null }>(accounts[1], [
      "citrate:gov:propose", ...daoOptions, "--description", "Pay 2 LAT to #5", "--spend-to", recipient, "--amount", parseEther("2").toString(),
    ]);
    expect(proposed.proposalClass).to.equal(null);
    expect(await stateOf(dao.governor, proposed.proposalId)).to.equal(State.Pending);
    await advance(2);
    expect(await stateOf(dao.governor, proposed.proposalId)).to.equal(State.Active);
    const [voted] = await task<{ voter: string; support: string }>(accounts[0], ["citrate:gov:vote", ...daoOptions, "--id", proposed.proposalId, "--support", "for"]);
    expect(voted.support).to.equal("for");
    expect(voted.voter.toLowerCase()).to.equal(accounts[0].address);
    const daoGovernor = DAOGovernor__factory.connect(dao.governor, wallet(accounts[1]));
    await (await daoGovernor.castVote(BigInt(proposed.proposalId), 0)).wait(1, 60_000);
    expect(await daoGovernor.proposalVotes(BigInt(proposed.proposalId))).to.deep.equal([parseEther("400"), parseEther("600"), 0n]);
    await advance(31);
    expect(await stateOf(dao.governor, proposed.proposalId)).to.equal(State.Succeeded);

    const [queued] = await task<{ eta: string }>(accounts[1], ["citrate:gov:queue", ...daoOptions, "--id", proposed.proposalId]);
    expect(await stateOf(dao.governor, proposed.proposalId)).to.equal(State.Queued);
    expect(BigInt(queued.eta)).to.equal(BigInt((await provider.getBlock("latest"))?.timestamp ?? 0) + 10n);
    await advance(11);
    await task(accounts[1], ["citrate:gov:execute", ...daoOptions, "--id", proposed.proposalId]);
    expect(await stateOf(dao.governor, proposed.proposalId)).to.equal(State.Executed);
    expect((await provider.getBalance(recipient)) - paidBefore).to.equal(parseEther("2"));
    expect(await provider.getBalance(dao.treasury)).to.equal(parseEther("3"));

    // Every step is on the chain's logs.
    const governorEvents = eventNames(daoGovernor.interface, await provider.getLogs({ address: dao.governor, fromBlock: 0 }));
    expect(governorEvents).to.include.members(["ProposalCreated", "VoteCast", "ProposalQueued", "ProposalExecuted"]);
    expect(governorEvents.filter((name) => name === "VoteCast")).to.have.length(2);
    expect(eventNames(factory.interface, await provider.getLogs({ address: protocol.GovernanceFactory, fromBlock: 0 }))).to.include("DAOCreated");
    const treasuryLogs = await provider.getLogs({ address: dao.treasury, fromBlock: 0 });
    const spent = treasuryLogs.map((log) => Treasury__factory.createInterface().parseLog(log)).find((parsed) => parsed?.name === "Spent");
    expect(String(spent?.args.to).toLowerCase()).to.equal(recipient);
    expect(spent?.args.amount).to.equal(parseEther("2"));
  });
  it("protocol governance through the tasks: a ParameterChange voted from several accounts, queued, executed, listed, pending in citrate:params", async function () {
    const governor = CitrateGovernor__factory.connect(protocol.CitrateGovernor, provider);
    const [proposed] = await task<{ proposalId: string; proposalClass: string }>(accounts[0], [
      "citrate:gov:propose", "--description", "Min gas price to 2 gwei", "--param", "citrate.node.minGasPrice", "--value", (2n * GWEI).toString(),
    ]);
    expect(proposed.proposalClass).to.equal("ParameterChange");
    const proposalId = proposed.proposalId;
    await advance(2);
    // #1 and #2: 2,000 stLAT (token quorum 4 % of 5,000) and 2 of 3 seats (technical quorum 50 %).
    for (const voter of [accounts[1], accounts[2]]) {
      const [voted] = await task<{ voter: string }>(voter, ["citrate:gov:vote", "--id", proposalId, "--support", "for", "--reason", "cheaper"]);
      expect(voted.voter.toLowerCase()).to.equal(voter.address);
    }
    const [status] = await task<{ state: string; proposalClass: string; tokenVotes: object; technicalVotes: object; quorums: object }>(accounts[3], [
      "citrate:gov:status", "--id", proposalId,
    ]);
    expect(status).to.deep.include({
      state: "Active",
      proposalClass: "ParameterChange",
      tokenVotes: { against: "0", for: parseEther("2000").toString(), abstain: "0" },
      technicalVotes: { against: "0", for: "2", abstain: "0" },
      quorums: { token: parseEther("200").toString(), technical: "2" },
    });
    await advance(61);
    expect(await stateOf(protocol.CitrateGovernor, proposalId)).to.equal(State.Succeeded);
    const [queued] = await task<{ eta: string }>(accounts[3], ["citrate:gov:queue", "--id", proposalId]);
    expect(BigInt(queued.eta)).to.equal(BigInt((await provider.getBlock("latest"))?.timestamp ?? 0) + (await governor.classDelay(0)));
    // Too early: the task says how long the Timelock holds it, against the chain's clock.
    expect(await failing(accounts[3], ["citrate:gov:execute", "--id", proposalId])).to.match(
      new RegExp(`cannot execute proposal ${proposalId}: it is Queued, the Timelock holds it until ${queued.eta} \\(chain time \\d+`),
    );
    await advance(11);
    await task(accounts[3], ["citrate:gov:execute", "--id", proposalId]);
    expect(await stateOf(protocol.CitrateGovernor, proposalId)).to.equal(State.Executed);

    const listed = await task<{ proposalId: string }>(accounts[4], ["citrate:gov:list"]);
    expect(listed).to.deep.include({
      proposalId,
      state: "Executed",
      proposalClass: "ParameterChange",
      proposer: (await governor.proposalProposer(BigInt(proposalId))),
      description: "Min gas price to 2 gwei",
    });
    const params = await task<{ name: string; key: string; value: string; pendingValue: string | null; activationEpoch: string | null }>(accounts[4], ["citrate:params"]);
    expect(params.find((line) => line.name === "citrate.node.minGasPrice")).to.deep.include({
      key: KEY.MIN_GAS_PRICE,
      value: GWEI.toString(),
      pendingValue: (2n * GWEI).toString(),
      activationEpoch: "1",
    });
    const scheduled = (await provider.getLogs({ address: protocol.ProtocolParams, fromBlock: 0 }))
      .map((log) => ProtocolParams__factory.createInterface().parseLog(log))
      .find((parsed) => parsed?.name === "ParamChangeScheduled");
    expect(scheduled?.args.newValue).to.equal(2n * GWEI);
    const governorEvents = eventNames(governor.interface, await provider.getLogs({ address: protocol.CitrateGovernor, fromBlock: 0 }));
    expect(governorEvents).to.include.members(["ProposalCreated", "VoteCast", "ChamberVotesCast", "ProposalQueued", "ProposalExecuted"]);
  });

  it("citrate:council:add makes a CouncilMembership proposal that, executed, seats a new member", async function () {
    const council = TechnicalCouncil__factory.connect(protocol.TechnicalCouncil, provider);
    const newcomer = accounts[5].address;
    expect(await council.isMember(newcomer)).to.equal(false);
    const [proposed] = await task<{ proposalId: string; proposalClass: string }>(accounts[3], ["citrate:council:add", "--member", newcomer]);
    expect(proposed.proposalClass).to.equal("CouncilMembership");
    const proposalId = BigInt(proposed.proposalId);
    const governor = CitrateGovernor__factory.connect(protocol.CitrateGovernor, provider);
    const created = (await governor.queryFilter(governor.filters.ProposalCreated(), 0)).find((event) => event.args.proposalId === proposalId);
    if (created === undefined) throw new Error(`no ProposalCreated event for ${proposalId}`);
    // args[3] is `values` (the name is shadowed by Result.values()).
    const { targets, calldatas, description } = created.args;
    const values = created.args[3];
    // The token chamber alone decides membership: #3 and #4 hold no seat.
    await advance(2);
    for (const voter of [accounts[3], accounts[4]]) await (await governor.connect(wallet(voter)).castVote(proposalId, 1)).wait(1, 60_000);
    await advance(61);
    await (await governor.connect(wallet(accounts[3])).queue([...targets], [...values], [...calldatas], id(description))).wait(1, 60_000);
    await advance(11);
    await (await governor.connect(wallet(accounts[3])).execute([...targets], [...values], [...calldatas], id(description))).wait(1, 60_000);
    expect(await council.isMember(newcomer)).to.equal(true);
    expect(await council.members()).to.have.length(4);
  });

  it("reports bad input clearly: an unknown proposal id, a class that does not fit the action", async function () {
    const [unknown, wrongClass] = await Promise.all([
      failing(accounts[0], ["citrate:gov:status", "--id", "12345"]),
      failing(accounts[0], [
        "citrate:gov:propose", "--description", "a spend labelled as a parameter change", "--proposal-class", "TreasurySpend",
        "--param", "citrate.node.minGasPrice", "--value", "3",
      ]),
    ]);
    expect(unknown).to.match(new RegExp(`no proposal 12345 on the Governor at ${protocol.CitrateGovernor}`, "i"));
    // Hardhat adds a stack trace on CI machines (and with --show-stack-traces); the message leads either way.
    expect(unknown).to.not.match(/unexpected error/i);
    expect(wrongClass).to.match(/propose reverted: action 0 \(target 0x[0-9a-fA-F]{40}, selector 0x[0-9a-f]{8}\) is not allowed in a TreasurySpend proposal \(GovernorClassActionMismatch\)/);
  });
});
