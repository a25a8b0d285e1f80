//! The desktop shell: wires the window, plugins and commands to the application layer
//! (probono-app). No record logic lives here; see `commands/` for the thin wrappers and
//! `state.rs` for what the process holds.

pub mod bindings;
mod commands;
#[cfg(test)]
mod config_checks;
pub mod dto;
mod paths;
mod state;
mod window_size;

use std::sync::Arc;
use std::time::Duration;

use tauri::{Emitter, Manager};

use state::AppState;

/// How often the idle check runs; auto-lock happens within this much of the setting.
const IDLE_CHECK: Duration = Duration::from_secs(15);

pub fn run() {
    // Before any secret is read. Should the system refuse, the defaults stand.
    let _ = probono_app::process::forbid_core_dumps();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            let locations = probono_app::Locations::for_this_user()?;
            let export_dir = app.path().document_dir().or_else(|_| app.path().home_dir())?;
            let state = Arc::new(AppState::new(locations, export_dir, probono_app::keyring_from_env()));
            app.manage(Arc::clone(&state));
            app.manage(window_size::Saver::start(app.handle().clone()));
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(IDLE_CHECK);
                    if state.desk.lock_if_idle() {
                        let _ = handle.emit("vault-locked", "idle");
                    }
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            if let Some(saver) = window.try_state::<window_size::Saver>() {
                saver.on_window_event(event);
            }
        })
        // Every #[tauri::command] in src/commands, listed by build.rs.
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handlers.rs")))
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Pro Bono Desk could not start: {e}");
        std::process::exit(1);
    }
}

/// Command names as build.rs found them, for the tests of the capability file.
pub const COMMANDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/command_names.rs"));
