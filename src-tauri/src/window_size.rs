//! Remembering the window's size and place. The window-state plugin saves them when the window
//! closes; this also saves them shortly after the user stops resizing or moving the window,
//! so a crash or a forced quit does not lose them.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use tauri::{AppHandle, Runtime, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// How long the window must stay still before its state is written.
const SETTLE: Duration = Duration::from_millis(400);

pub struct Saver(Sender<()>);

impl Saver {
    /// Starts the thread that writes the window state once resizing or moving settles.
    pub fn start<R: Runtime>(app: AppHandle<R>) -> Saver {
        let (tx, rx) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            while rx.recv().is_ok() {
                loop {
                    match rx.recv_timeout(SETTLE) {
                        Ok(()) => {}
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                let _ = app.save_window_state(StateFlags::all());
            }
        });
        Saver(tx)
    }

    pub fn on_window_event(&self, event: &WindowEvent) {
        if matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_)) {
            let _ = self.0.send(());
        }
    }
}
