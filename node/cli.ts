// The `citrate` command line (bin/citrate runs this file with Node 22 + tsx).
//
// Each subcommand lives in its own module under node/cli/ and exports a `registerXCommand(program)`
// function; add a command by writing such a module and one line in `COMMANDS` below.
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { registerGhostdagCommand } from "./cli/ghostdag.js";
import { registerNodeCommand } from "./cli/node.js";
import { registerProviderCommand } from "./cli/provider.js";

const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerNodeCommand, registerGhostdagCommand, registerProviderCommand];

/** Exit code for command-line usage errors (unknown command or option, missing argument, ...). */
export const EXIT_USAGE = 2;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Builds the `citrate` program with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command("citrate")
    .description("Citrate: an AI-native BlockDAG chain (GhostDAG consensus, EVM with AI precompiles)")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpCommand(true)
    .showHelpAfterError("(run `citrate --help` for usage)");
  for (const register of COMMANDS) register(program);
  // Throw CommanderError instead of exiting, for every (sub)command, however it was added.
  const throwOnExit = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(throwOnExit);
  };
  throwOnExit(program);
  return program;
}

/** Prints an error as `citrate: <message>` (the stack too when CITRATE_DEBUG=1). */
export function reportError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`citrate: ${message}\n`);
  if (process.env.CITRATE_DEBUG === "1" && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(`${error.stack}\n`);
  }
}

/**
 * Runs the CLI and returns the exit code: 0 on success (and for --help / --version), 2 for usage
 * errors (commander has already printed them), 1 for any other error.
 */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  try {
    await createProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    reportError(error);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // Long-running commands (the node) fail outside parseAsync too: report those the same way.
  const fail = (error: unknown): void => {
    reportError(error);
    process.exit(1);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  const code = await main();
  // On success let the event loop drain (a running node keeps the process alive); on failure stop now.
  if (code !== 0) process.exit(code);
}
