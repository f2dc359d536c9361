#!/usr/bin/env bash
# Runs a TypeScript file with Node 22 + tsx after setup:  bash scripts/run.sh bench/ghostdag.bench.ts [args]
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/exec.sh" node --import tsx "$@"
