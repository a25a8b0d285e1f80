//! Long work (import, backup, restore, exports, hour submissions) reports progress and can be
//! cancelled through one type, whichever face started it: the CLI draws a progress bar from
//! it, the desktop app sends events and has a Cancel button.
//!
//! Work calls [`TaskContext::step`] between units of work; once cancelled, `step` returns
//! [`Error::Cancelled`] and the work rolls back what it started. Reports carry counts and
//! stage names only, never record contents.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

/// One progress report: a stage of the work, and how far it is (`done` of `total` units,
/// rows or pages; `total` is 0 while unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress<'a> {
    pub stage: &'a str,
    pub done: u64,
    pub total: u64,
}

/// Where progress goes: a terminal bar, an app event, or nowhere.
pub trait ProgressSink: Send + Sync {
    fn report(&self, progress: &Progress<'_>);
}

struct Silent;

impl ProgressSink for Silent {
    fn report(&self, _: &Progress<'_>) {}
}

impl<F: Fn(&Progress<'_>) + Send + Sync> ProgressSink for F {
    fn report(&self, progress: &Progress<'_>) {
        self(progress)
    }
}

/// Cancels the task it came from, from any thread; cheap to clone.
#[derive(Clone, Default)]
pub struct CancelHandle(Arc<AtomicBool>);

impl CancelHandle {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

impl std::fmt::Debug for CancelHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("CancelHandle").field(&self.is_cancelled()).finish()
    }
}

/// The context a long piece of work runs in: where its progress goes and whether it has been
/// cancelled.
#[derive(Clone)]
pub struct TaskContext {
    cancel: CancelHandle,
    sink: Arc<dyn ProgressSink>,
}

impl std::fmt::Debug for TaskContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskContext").field("cancel", &self.cancel).finish_non_exhaustive()
    }
}

impl Default for TaskContext {
    fn default() -> Self {
        TaskContext::silent()
    }
}

impl TaskContext {
    /// Progress goes to `sink`; cancelled through [`TaskContext::cancel_handle`].
    pub fn new(sink: impl ProgressSink + 'static) -> TaskContext {
        TaskContext { cancel: CancelHandle::default(), sink: Arc::new(sink) }
    }

    /// Progress goes to `sink`; cancelled through `cancel` (a handle made before the task
    /// started, e.g. for a Cancel button shown before the work begins).
    pub fn with_cancel(cancel: CancelHandle, sink: impl ProgressSink + 'static) -> TaskContext {
        TaskContext { cancel, sink: Arc::new(sink) }
    }

    /// No progress reports; cancelled only through its handle.
    pub fn silent() -> TaskContext {
        TaskContext::new(Silent)
    }

    pub fn cancel_handle(&self) -> CancelHandle {
        self.cancel.clone()
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Reports progress, then stops the work if the task was cancelled.
    pub fn step(&self, stage: &str, done: u64, total: u64) -> Result<()> {
        self.sink.report(&Progress { stage, done, total });
        self.check()
    }

    /// [`Error::Cancelled`] once the task has been cancelled.
    pub fn check(&self) -> Result<()> {
        if self.cancel.is_cancelled() { Err(Error::Cancelled) } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn steps_reach_the_sink_and_a_cancel_stops_the_next_step() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let task = TaskContext::new(move |p: &Progress<'_>| {
            log.lock().expect("log").push(format!("{} {}/{}", p.stage, p.done, p.total));
        });
        task.step("rows", 1, 3).expect("not cancelled");
        let handle = task.cancel_handle();
        std::thread::spawn(move || handle.cancel()).join().expect("thread");
        assert!(matches!(task.step("rows", 2, 3), Err(Error::Cancelled)));
        assert!(task.is_cancelled());
        assert_eq!(*seen.lock().expect("log"), vec!["rows 1/3", "rows 2/3"], "the last step is still reported");
    }
}
