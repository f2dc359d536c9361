#!/usr/bin/env bash
# npm start: setup, compile the contracts (the genesis predeploys are built from them), then a
# single-node dev chain (extra arguments go to `citrate node`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node22.sh"
bash "$CITRATE_ROOT/scripts/bootstrap.sh"
citrate_use_node22
(cd "$CITRATE_ROOT" && HARDHAT_DISABLE_TELEMETRY_PROMPT=true node_modules/.bin/hardhat build --quiet >&2)
exec "$CITRATE_ROOT/bin/citrate" node --dev "$@"
