#!/usr/bin/env bash
# What the Windows build and its tests need on Debian/Ubuntu, installed when missing: the
# Rust target, the MinGW-w64 cross compiler (linker and C compiler for SQLCipher and
# OpenSSL), NSIS for the installer, Wine to run the Windows programs in the tests and 7-Zip
# to list the installer's files.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
rustup target add x86_64-pc-windows-gnu >/dev/null
missing=()
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(mingw-w64)
command -v makensis >/dev/null || missing+=(nsis)
command -v wine >/dev/null || missing+=(wine wine64)
command -v perl >/dev/null || missing+=(perl) # openssl-src's Configure
command -v 7z >/dev/null || missing+=(p7zip-full) # the test reads the installer's file list
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
