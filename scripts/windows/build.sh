#!/usr/bin/env bash
# `make windows`: the Windows build, cross-compiled here with MinGW-w64 for
# x86_64-pc-windows-gnu, and its installer:
#   dist/windows/probono.exe                          the command line
#   dist/windows/pro-bono-desk.exe                    the desktop app (UI compiled in)
#   dist/ProBonoDesk-<version>-setup.exe              per-user installer (makensis)
# SQLCipher's crypto comes from OpenSSL built from source by the openssl-src crate (no system
# OpenSSL on Windows; the page-crypto provider is Linux-only). The version is the workspace's
# (Cargo.toml), the publisher is tauri.conf.json's: the one place each is kept.
# PROFILE=dev for a faster, unoptimised build.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/windows/install-deps.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(pwd)/target}" # as the Makefile
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
profile="${PROFILE:-release}"

# The app serves ui/dist from inside the binary.
make --no-print-directory ui

# One cargo invocation, one feature set: the two programs share every compiled dependency.
cargo build --locked --target x86_64-pc-windows-gnu --profile "$profile" \
  -p probono-cli -p probono-desktop --features probono-cli/vendored-openssl,probono-desktop/vendored-openssl
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
out="$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/$dir"
mkdir -p dist/windows
# Without the symbol tables (a third of the size); nothing at run time reads them.
x86_64-w64-mingw32-strip -o dist/windows/probono.exe "$out/probono.exe"
x86_64-w64-mingw32-strip -o dist/windows/pro-bono-desk.exe "$out/pro-bono-desk.exe"

version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
publisher=$(python3 -c 'import json; print(json.load(open("src-tauri/tauri.conf.json"))["bundle"]["publisher"])')
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "error: no x.y.z version in Cargo.toml: '$version'" >&2; exit 1; }
setup="dist/ProBonoDesk-$version-setup.exe"
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DPUBLISHER="$publisher" \
  -DAPP_EXE="$(pwd)/dist/windows/pro-bono-desk.exe" -DCLI_EXE="$(pwd)/dist/windows/probono.exe" \
  -DICON="$(pwd)/src-tauri/icons/icon.ico" -DOUTFILE="$(pwd)/$setup" \
  scripts/windows/installer.nsi
for f in dist/windows/probono.exe dist/windows/pro-bono-desk.exe "$setup"; do
  echo "Built $f ($(du -h "$f" | cut -f1))"
done
