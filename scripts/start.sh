#!/usr/bin/env bash
# npm start: setup, then a single-node dev chain (extra arguments go to `citrate node`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node22.sh"
bash "$CITRATE_ROOT/scripts/bootstrap.sh"
exec "$CITRATE_ROOT/bin/citrate" node --dev "$@"
