#!/usr/bin/env bash
# npm run setup: Node 22 into .tools/ (if no Node >= 22.13 is available), then `npm install` run under
# Node 22 when node_modules is missing or package.json / package-lock.json / .npmrc changed since the
# last install. Idempotent; a no-op costs well under a second.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node22.sh"
cd "$CITRATE_ROOT"

# One setup at a time (`npm test` and `npm start` may race on a fresh checkout).
mkdir -p .tools
exec 9>.tools/setup.lock
if command -v flock >/dev/null; then flock 9; fi

if ! citrate_node22_dir >/dev/null; then
  if [ -z "$CITRATE_NODE22_PKG" ]; then
    echo "setup: no Node.js >= 22.13 here and no Node package for $(uname -m); install Node 22 yourself." >&2
    exit 1
  fi
  echo "setup: installing Node $CITRATE_NODE22_VERSION ($CITRATE_NODE22_PKG) into .tools/node22" >&2
  npm install --prefix "$CITRATE_NODE22_PREFIX" --no-save --no-package-lock --no-audit --no-fund \
    "$CITRATE_NODE22_PKG@$CITRATE_NODE22_VERSION" >&2
fi
citrate_use_node22

# npm itself must run under Node 22 (npm's shebang is `env node`): under Node 20 npm silently skips the
# optional native EDR package (@nomicfoundation/edr-linux-x64-gnu, engines >= 22).
# `npm install`, not `npm ci`: the reachable registry lacks EDR's other-platform packages, so the
# lockfile omits them and `npm ci` rejects it.
stamp_file=node_modules/.citrate-install-stamp
stamp() { { node --version; cat package.json package-lock.json .npmrc 2>/dev/null; } | sha256sum | cut -d' ' -f1; }
if [ ! -f "$stamp_file" ] || [ "$(cat "$stamp_file")" != "$(stamp)" ]; then
  echo "setup: npm install (Node $(node --version))" >&2
  export ONNXRUNTIME_NODE_INSTALL=skip
  npm install --no-audit --no-fund >&2
  stamp >"$stamp_file"
fi
