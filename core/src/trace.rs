//! Markers at the edges of each durable write, for the crash tests and for diagnosis.
//!
//! The core never prints. A face may install a sink (the CLI does when `PROBONO_TRACE_WRITES`
//! is set, printing `probono-trace: EVENT` on stderr); the kill-9 tests read these lines to
//! count how many kills landed inside a write rather than before or after it. Events are
//! fixed names, never data: `write-wait` when a transaction asks for the write lock,
//! `write-begin`/`write-commit` once it holds it and when it commits,
//! `file-replace-begin`/`file-replaced` around every atomic file replacement (the key file,
//! backups, exports), `rekey-begin`/`rekey-committed` around the re-encryption.

use std::sync::OnceLock;

static SINK: OnceLock<fn(&'static str)> = OnceLock::new();

/// Installs the sink for this process (the first call wins).
pub fn set_sink(sink: fn(&'static str)) {
    let _ = SINK.set(sink);
}

/// Passes `event` to the sink, if one is installed.
pub(crate) fn mark(event: &'static str) {
    if let Some(sink) = SINK.get() {
        sink(event);
    }
}
