#!/usr/bin/env bash
# Fails when a test-only dependency changes the features of a crate the programs use. Then
# `cargo build` (the binaries) and `cargo test` would compile that crate, and everything
# above it, twice; on two cores that cost minutes of every cold build (docs/performance.md).
# Fix it by depending on the feature directly, or by choosing a dev-dependency that does not
# need it.
set -euo pipefail
cd "$(dirname "$0")/.."
tree() { cargo tree --workspace --locked --prefix none -f '{p} [{f}]' -e "$1" | sed 's/ (\*)$//' | sort -u; }
# Crates only the tests use are allowed; a crate in both lists must have the same features.
diff_out=$(diff <(tree normal,build) <(tree normal,build,dev) | grep '^<' || true)
if [ -n "$diff_out" ]; then
  echo "error: test-only dependencies change the features of these crates (each would be built twice):" >&2
  echo "$diff_out" | sed 's/^< /  /' >&2
  exit 1
fi
echo "One feature set for the programs and their tests."
