#!/usr/bin/env bash
# Installs what building and testing Pro Bono Desk needs on Debian/Ubuntu, and only what is
# missing: a second run checks and returns in about a second.
#   scripts/install-deps.sh          packages for the CLI, the desktop app and the tests
set -euo pipefail

packages=(
  # Rust crates that build C (SQLCipher) and link the system OpenSSL
  build-essential pkg-config libssl-dev
  # The desktop app (Tauri 2 on WebKitGTK)
  libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
  # Tests: PDF text and fonts, a headless X server, WebDriver for the real window,
  # a D-Bus session with a keyring, screenshots
  poppler-utils xvfb webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools imagemagick
  # Node.js for the UI build when the machine has none
  curl ca-certificates
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    echo "error: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "error: Rust is not installed. Install it with rustup (https://rustup.rs), then run make again." >&2
  exit 1
fi
# tauri-driver drives the real app in the end-to-end tests (WebDriver).
if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "Installing tauri-driver (cargo install, about a minute)"
  cargo install tauri-driver --locked --quiet
fi
if ! command -v npm >/dev/null; then
  echo "error: Node.js 20 or newer with npm is needed for the desktop UI (https://nodejs.org, or apt-get install nodejs npm)." >&2
  exit 1
fi
