#!/usr/bin/env bash
# Runs a command after setup, with Node 22 and node_modules/.bin first on PATH:
#   bash scripts/exec.sh hardhat build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node22.sh"
bash "$CITRATE_ROOT/scripts/bootstrap.sh"
citrate_use_node22
exec "$@"
