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
# Sum every summary in the last run's output ("  12 passing (3s)", "  1 failing"), colours stripped.
count() { sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | awk -v w="$1" '$2 == w && $1 ~ /^[0-9]+$/ { n += $1 } END { print n + 0 }'; }

# Mocha: exactly the *.test.ts files (test/support/ and other helpers are not test files).
mapfile -t files < <(find test -name '*.test.ts' -type f 2>/dev/null | LC_ALL=C sort)
if [ "${#files[@]}" -gt 0 ]; then
  echo "==> hardhat test mocha (${#files[@]} files)"
  hardhat test mocha --no-compile "${files[@]}" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  mocha_passed="$(count passing)"
  mocha_failed="$(count failing)"
  passed=$((passed + mocha_passed))
  failed=$((failed + mocha_failed))
  if [ "$status" -ne 0 ] && [ "$mocha_failed" -eq 0 ]; then
    echo "==> FAILED: hardhat test mocha exited with $status before reporting failures" >&2
    failed=$((failed + 1))
  fi
fi

# Solidity fuzz and invariant tests (test/**/*.t.sol), counted the same way.
mapfile -t solidity < <(find test -name '*.t.sol' -type f 2>/dev/null | LC_ALL=C sort)
if [ "${#solidity[@]}" -gt 0 ]; then
  echo "==> hardhat test solidity (${#solidity[@]} files)"
  hardhat test solidity --no-compile "${solidity[@]}" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  solidity_passed="$(count passing)"
  solidity_failed="$(count failing)"
  passed=$((passed + solidity_passed))
  failed=$((failed + solidity_failed))
  if [ "$status" -ne 0 ] && [ "$solidity_failed" -eq 0 ]; then
    echo "==> FAILED: hardhat test solidity exited with $status before reporting failures" >&2
    failed=$((failed + 1))
  fi
fi
finish
