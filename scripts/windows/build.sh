#!/usr/bin/env bash
# `make windows`: cross-compiles probono.exe for x86_64-pc-windows-gnu with MinGW-w64.
# SQLCipher's crypto comes from OpenSSL built from source by the openssl-src crate (no system
# OpenSSL on Windows; the page-crypto provider is Linux-only). Output: dist/windows/.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/windows/install-deps.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pro-bono-desk/target}"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
profile="${PROFILE:-release}"
cargo build --locked --target x86_64-pc-windows-gnu --profile "$profile" -p probono-cli --features vendored-openssl
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
mkdir -p dist/windows
cp "$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/$dir/probono.exe" dist/windows/probono.exe
echo "Built dist/windows/probono.exe ($(du -h dist/windows/probono.exe | cut -f1))"
