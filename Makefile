# Pro Bono Desk. The two commands a newcomer needs:
#   make run    install what is missing, build, and start Pro Bono Desk
#   make test   install what is missing, then run every check and test
# Both are idempotent; the second run only rebuilds what changed.

SHELL := /bin/bash
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
PROBONO := $(TARGET_DIR)/debug/probono

.PHONY: run test deps build cli lint fmt bench demo-walkthrough clean

run: deps cli
	@scripts/demo-walkthrough.sh "$(PROBONO)"

test: deps cli lint
	cargo test --workspace --locked
	@echo "All tests passed."

deps:
	@scripts/install-deps.sh

cli:
	cargo build --locked -p probono-cli

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

fmt:
	cargo fmt --all

bench:
	cargo bench -p probono-core --bench vault

clean:
	cargo clean
