import { createRequire } from "node:module";
import { configVariable, defineConfig } from "hardhat/config";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { citrateTasks } from "./tasks/index.js";

// ---------------------------------------------------------------------------
// Offline Solidity compiler.
// Hardhat 3 normally downloads solc. Giving a compiler profile a `path` makes it skip the download:
// a .js path runs as solcjs (WASM). We point it at the soljson.js inside the npm `solc` package, so
// the compiler comes from the npm registry like any other dependency. `version` MUST equal that
// build's version; Hardhat does not check it (a mismatch mislabels the build-info), so read it.
// ---------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const SOLJSON = require.resolve("solc/soljson.js");
const SOLC_VERSION: string = require("solc/package.json").version;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  tasks: citrateTasks,
  solidity: {
    // Built from npm so Ignition modules can put the protocol contracts behind ERC-1967 proxies.
    npmFilesToBuild: ["@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol"],
    profiles: {
      // used by `build` and `test`
      default: {
        version: SOLC_VERSION,
        path: SOLJSON,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
      // used by `ignition deploy` (isolated builds); must be defined explicitly when offline
      production: {
        version: SOLC_VERSION,
        path: SOLJSON,
        settings: { viaIR: true, optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
    },
  },
  typechain: {
    outDir: "types/ethers-contracts",
  },
  paths: {
    // Hardhat's mocha runner loads every .ts/.js file under test/, recursively (test/contracts,
    // test/node, test/e2e). By convention test files end in `.test.ts`; `npm test` passes exactly
    // those files, so helper modules under test/ are never loaded as tests.
    tests: { mocha: "test" },
    // Ignition modules live in deploy/modules (deployments are written to deploy/deployments).
    // CITRATE_IGNITION_DIR sends deployment records elsewhere: the contract tests run against a
    // node use a temporary one, so they neither read nor write a developer's records.
    ignition: process.env.CITRATE_IGNITION_DIR ?? "deploy",
  },
  test: {
    mocha: { timeout: 120_000 },
  },
  networks: {
    // A running Citrate node (`npm start` / `npx citrate node --dev`).
    citrate: {
      type: "http",
      chainType: "l1",
      // CITRATE_RPC_URL points Hardhat at a node on another address (tests use a free port).
      url: process.env.CITRATE_RPC_URL ?? "http://127.0.0.1:8545",
      chainId: 1337,
      // "remote" = the node's unlocked eth_accounts; the key is only read when this network is used.
      accounts: process.env.CITRATE_PRIVATE_KEY ? [configVariable("CITRATE_PRIVATE_KEY")] : "remote",
    },
  },
});
