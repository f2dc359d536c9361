import { readFileSync } from "node:fs";

/**
 * The `web3_clientVersion` string, in geth's shape (`Geth/v1.14.0-stable/linux-amd64/go1.22.2`):
 * `Citrate/v<package version>/<platform>-<arch>/node<Node.js version>`.
 */
export function clientVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return `Citrate/v${pkg.version}/${process.platform}-${process.arch}/node${process.versions.node}`;
}
