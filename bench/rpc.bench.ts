// JSON-RPC transaction throughput: 2,000 signed ETH transfers and 1,000 ERC-20 transfers sent with
// eth_sendRawTransaction to a Citrate dev node, timed until every receipt exists, against the same
// workload on Hardhat's `hardhat node` (EDR) in the same run. Target: Citrate ≥ half of Hardhat's tx/s.
// Each round starts both nodes afresh (Citrate, then Hardhat); each node's best round is reported.
//   npm run bench:rpc [-- --rounds 3 --transfers 2000 --erc20 1000 --senders 40 --batch 100 --cpu-prof DIR]
import { parseArgs } from "node:util";
import { installCleanupHandlers, startCitrate, startHardhat, type BenchNode } from "./rpc-nodes.js";
import { runWorkload, type WorkloadResult } from "./rpc-workload.js";

const TARGET_RATIO = 0.5;

const { values: options } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    transfers: { type: "string", default: "2000" },
    erc20: { type: "string", default: "1000" },
    // 40 senders: 50 ETH and 25 ERC-20 transfers each, under the 64 per sender a geth-style pool holds.
    senders: { type: "string", default: "40" },
    batch: { type: "string", default: "100" },
    "phase-timeout": { type: "string", default: "120" },
    // Profile the Citrate node (node --cpu-prof): its .cpuprofile lands in this folder.
    "cpu-prof": { type: "string" },
  },
});

const workload = {
  transfers: Number(options.transfers),
  erc20: Number(options.erc20),
  senders: Number(options.senders),
  batch: Number(options.batch),
  phaseTimeoutMs: Number(options["phase-timeout"]) * 1000,
  log: (line: string) => process.stderr.write(`${line}\n`),
};

const rate = (transactions: number, seconds: number): number => transactions / seconds;
const combined = (r: WorkloadResult): number => rate(r.eth.transactions + r.erc20.transactions, r.eth.seconds + r.erc20.seconds);

async function measure(start: () => Promise<BenchNode>, label: string): Promise<WorkloadResult> {
  process.stderr.write(`${label}: starting...\n`);
  const node = await start();
  try {
    process.stderr.write(`${label}: ${node.url}, set-up and signing...\n`);
    const result = await runWorkload(node.url, workload);
    process.stderr.write(`${label}: ${Math.round(combined(result))} tx/s\n`);
    return result;
  } finally {
    await node.stop();
  }
}

const best = (a: WorkloadResult | undefined, b: WorkloadResult): WorkloadResult => (a === undefined || combined(b) > combined(a) ? b : a);

function row(name: string, r: WorkloadResult): Record<string, string | number> {
  const timed = r.eth.seconds + r.erc20.seconds;
  return {
    node: name,
    "chain id": Number(r.chainId),
    "ETH transfers tx/s": Math.round(rate(r.eth.transactions, r.eth.seconds)),
    "ERC-20 tx/s": Math.round(rate(r.erc20.transactions, r.erc20.seconds)),
    "combined tx/s": Math.round(combined(r)),
    "timed s": timed.toFixed(2),
    "sending s": (r.eth.sendSeconds + r.erc20.sendSeconds).toFixed(2),
    blocks: r.eth.blocks + r.erc20.blocks,
    "signing s": r.signSeconds.toFixed(2),
    "signing + timed s": (r.signSeconds + timed).toFixed(2),
    "set-up s": r.setupSeconds.toFixed(2),
  };
}

installCleanupHandlers();
const began = performance.now();
const rounds = Number(options.rounds);
let bestCitrate: WorkloadResult | undefined;
let bestHardhat: WorkloadResult | undefined;
const startCitrateNode = () => startCitrate({ cpuProfileDir: options["cpu-prof"] });
for (let round = 1; round <= rounds; round++) {
  bestCitrate = best(bestCitrate, await measure(startCitrateNode, `round ${round}/${rounds}, Citrate`));
  bestHardhat = best(bestHardhat, await measure(startHardhat, `round ${round}/${rounds}, Hardhat`));
}
const citrate = bestCitrate as WorkloadResult;
const hardhat = bestHardhat as WorkloadResult;

const ratio = combined(citrate) / combined(hardhat);
const met = ratio >= TARGET_RATIO;
const x = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
console.table([
  row("Citrate", citrate),
  row("Hardhat", hardhat),
  {
    node: "Citrate / Hardhat",
    "ETH transfers tx/s": x(rate(citrate.eth.transactions, citrate.eth.seconds), rate(hardhat.eth.transactions, hardhat.eth.seconds)),
    "ERC-20 tx/s": x(rate(citrate.erc20.transactions, citrate.erc20.seconds), rate(hardhat.erc20.transactions, hardhat.erc20.seconds)),
    "combined tx/s": x(combined(citrate), combined(hardhat)),
  },
]);
console.log(
  `${workload.transfers} ETH + ${workload.erc20} ERC-20 transfers from ${workload.senders} senders, batches of ${workload.batch}, ` +
    `best of ${rounds} rounds; ` +
    `Citrate / Hardhat combined throughput ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}): ${met ? "met" : "MISSED"} ` +
    `(whole run ${((performance.now() - began) / 1000).toFixed(0)} s)`,
);
process.exitCode = met ? 0 : 1;
