//! The desktop shell: wires the window, plugins and commands to `probono-core`. No record
//! logic lives here; see `commands/` for the thin wrappers and `state.rs` for what the
//! process holds while a vault is open.

pub mod bindings;
mod commands;
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
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            let config_dir = app.path().app_config_dir()?;
            let data_dir = app.path().app_data_dir()?;
            let export_dir = app.path().document_dir().or_else(|_| app.path().home_dir())?;
            let keyring = match std::env::var("PROBONO_KEYRING").as_deref() {
                Ok("off") => probono_core::Keyring::unavailable("the keyring is turned off (PROBONO_KEYRING=off)"),
                _ => probono_core::Keyring::system(),
            };
            let state = Arc::new(AppState::new(config_dir, data_dir, export_dir, keyring));
            app.manage(Arc::clone(&state));
            app.manage(window_size::Saver::start(app.handle().clone()));
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(IDLE_CHECK);
                    if state.lock_if_idle() {
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
        .invoke_handler(tauri::generate_handler![
            commands::vault::vault_state,
            commands::vault::create_vault,
            commands::vault::save_recovery_kit,
            commands::vault::dismiss_recovery_key,
            commands::vault::open_vault,
            commands::vault::unlock,
            commands::vault::unlock_remembered,
            commands::vault::lock,
            commands::vault::touch,
            commands::vault::open_demo,
            commands::vault::change_passphrase,
            commands::vault::remember_key,
            commands::vault::forget_key,
            commands::vault::new_task,
            commands::vault::cancel_task,
            commands::records::dashboard,
            commands::records::list_clients,
            commands::records::get_client,
            commands::records::create_client,
            commands::records::update_client,
            commands::records::check_client,
            commands::records::list_matters,
            commands::records::get_matter,
            commands::records::create_matter,
            commands::records::update_matter,
            commands::records::check_matter,
            commands::records::close_matter,
            commands::records::add_note,
            commands::records::add_party,
            commands::records::add_hearing,
            commands::records::list_hearings,
            commands::records::assign_volunteer,
            commands::records::list_volunteers,
            commands::records::get_volunteer,
            commands::records::create_volunteer,
            commands::records::check_volunteer,
            commands::records::list_organizations,
            commands::records::log_time,
            commands::records::check_time,
            commands::records::list_time,
            commands::records::delete_time_entry,
            commands::reports::impact_report,
            commands::reports::hours_report,
            commands::reports::export_report,
            commands::reports::export_case_summary,
            commands::import::import_file,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::safety::backup_status,
            commands::safety::backup_now,
            commands::safety::check_vault,
            commands::safety::restore_backup,
            commands::safety::export_records,
            commands::safety::program_key,
            commands::safety::import_submission,
            commands::safety::submit_hours,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Pro Bono Desk could not start: {e}");
        std::process::exit(1);
    }
}

/// Command names as registered above, for the test that keeps names.in, the handler list and
/// the capability file in step.
pub const COMMANDS: &[&str] = &include!("commands/names.in");
