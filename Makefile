# Pro Bono Desk. The two commands a newcomer needs:
#   make run    install what is missing, build the UI and the app, and open the window
#   make test   install what is missing, then run every check and test
# Both are idempotent; the second run only rebuilds what changed.

SHELL := /bin/bash
# scripts/install-deps.sh installs Rust in ~/.cargo/bin and, when needed, Node.js linked from
# ~/.local/bin: found here even before the user's shell PATH includes them.
export PATH := $(HOME)/.cargo/bin:$(HOME)/.local/bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
PROBONO := $(TARGET_DIR)/debug/probono
APP := $(TARGET_DIR)/debug/pro-bono-desk
UI_DEPS := ui/node_modules/.package-lock.json

.PHONY: run test deps ui ui-test app cli build lint feature-sets fmt bench bench-team bindings package package-appimage demo-walkthrough windows test-windows clean

run: deps app
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open."; \
	  echo "On a desktop session run 'make run' there; on a server try: xvfb-run make run,"; \
	  echo "or use the command line: make demo-walkthrough"; exit 1; fi
	"$(APP)"

# `build` compiles everything the tests run (both binaries, every test) in one cargo
# invocation, so `cargo test` below only runs them.
test: deps ui-test build lint
	cargo test --workspace --locked
	@echo "All tests passed."

deps:
	@scripts/install-deps.sh

$(UI_DEPS): ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $(UI_DEPS)

# The UI is rebuilt only when its sources change: a fresh ui/dist would make the desktop
# crate's build script see new files and rebuild the app for nothing.
UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json
UI_DIST := ui/dist/index.html

$(UI_DIST): $(UI_DEPS) $(UI_SOURCES)
	cd ui && npm run build

ui: $(UI_DIST)

ui-test: $(UI_DEPS)
	cd ui && npm run check && npm test

# Every cargo command here selects the whole workspace, so all of them resolve one feature
# set and share every compiled dependency (`-p probono-cli` alone would build the core and
# ~200 crates a second time with other features). `make feature-sets` guards this.
app: ui
	cargo build --workspace --bins --locked

cli:
	cargo build --workspace --bins --locked

# What `cargo test` runs (libraries' and binaries' tests, integration tests, examples) and the
# binaries the tests start. Not --all-targets: it would also build the benchmarks and a test
# build of each binary, which nothing runs.
build: ui
	cargo build --workspace --bins --tests --examples --locked

lint: feature-sets
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --features $(BENCH_FEATURES) --locked -- -D warnings

feature-sets:
	@scripts/check-feature-sets.sh

fmt:
	cargo fmt --all

bindings:
	UPDATE_BINDINGS=1 cargo test --workspace --lib --locked -- bindings

# The benchmarks fill vaults with synthetic programs, a feature the programs are built without.
BENCH_FEATURES := probono-core/synthetic,probono-tests/synthetic

# (-p: the core's benchmarks need only the core, not a release build of the desktop app.)
bench:
	cargo bench --locked -p probono-core --features synthetic --bench vault
	cargo bench --locked -p probono-core --features synthetic --bench reports
	cargo bench --locked -p probono-core --features synthetic --bench backup

# Team mode on a throwaway PostgreSQL server against the same 1M-entry vault (docs/performance.md).
bench-team:
	cargo bench --locked -p probono-tests --features synthetic --bench team

# Installable packages with Tauri's bundler; see docs/packaging.md. The AppImage bundler
# downloads linuxdeploy from GitHub while building, so it needs that network access.
package: deps ui
	ui/node_modules/.bin/tauri build --bundles deb

package-appimage: deps ui
	ui/node_modules/.bin/tauri build --bundles appimage

# The Windows build, cross-compiled with MinGW-w64: probono.exe, the app's exe and the
# per-user installer (docs/install.md). PROFILE=dev for a faster, unoptimised build.
windows:
	scripts/windows/build.sh

# The installer and the Windows command line under Wine, figures compared with the Linux
# build's (docs/install.md). Not part of `make test`; .ci/run runs it after.
test-windows: cli
	scripts/windows/install-deps.sh
	PROBONO_LINUX="$(PROBONO)" scripts/windows/test.sh

demo-walkthrough: deps cli
	@scripts/demo-walkthrough.sh "$(PROBONO)"

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules
