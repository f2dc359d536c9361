#!/usr/bin/env bash
# npm test: setup, then `hardhat build`, `eslint .`, `tsc --noEmit`, every mocha test
# (test/**/*.test.ts) through `hardhat test mocha`, and the Solidity fuzz/invariant tests
# (test/**/*.t.sol) through `hardhat test solidity`. Always ends with the line `N passed, N failed`:
# passed = mocha's "passing" count; failed = mocha's "failing" count + 1 per failed step.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node22.sh"
cd "$CITRATE_ROOT" || exit 1
export HARDHAT_DISABLE_TELEMETRY_PROMPT="${HARDHAT_DISABLE_TELEMETRY_PROMPT:-true}"

passed=0
failed=0
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}
step() { # step NAME COMMAND...: runs a step, counting it as one failure if it fails
  echo "==> $1"
  if ! "${@:2}"; then
    echo "==> FAILED: $1" >&2
    failed=$((failed + 1))
  fi
}

step "setup" bash scripts/bootstrap.sh
[ "$failed" -eq 0 ] || finish
citrate_use_node22 || { failed=$((failed + 1)); finish; }

step "hardhat build" hardhat build
step "eslint ." eslint .
step "tsc --noEmit" tsc --noEmit -p tsconfig.json

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# counted NAME COMMAND...: runs a test runner, adds the "N passing" / "N failing" summaries it prints
# (colours stripped) to the totals, and counts one failure more if it failed without reporting any.
counted() {
  echo "==> $1"
  "${@:2}" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  count() { sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | awk -v w="$1" '$2 == w && $1 ~ /^[0-9]+$/ { n += $1 } END { print n + 0 }'; }
  local run_passed run_failed
  run_passed="$(count passing)"
  run_failed="$(count failing)"
  passed=$((passed + run_passed))
  failed=$((failed + run_failed))
  if [ "$status" -ne 0 ] && [ "$run_failed" -eq 0 ]; then
    echo "==> FAILED: $1 exited with $status before reporting failures" >&2
    failed=$((failed + 1))
  fi
}

# Mocha: exactly the *.test.ts files (test/support/ and other helpers are not test files).
mapfile -t files < <(find test -name '*.test.ts' -type f 2>/dev/null | LC_ALL=C sort)
[ "${#files[@]}" -gt 0 ] && counted "hardhat test mocha (${#files[@]} files)" hardhat test mocha --no-compile "${files[@]}"

# Solidity fuzz and invariant tests (test/**/*.t.sol).
mapfile -t solidity < <(find test -name '*.t.sol' -type f 2>/dev/null | LC_ALL=C sort)
[ "${#solidity[@]}" -gt 0 ] && counted "hardhat test solidity (${#solidity[@]} files)" hardhat test solidity --no-compile "${solidity[@]}"
finish
