//! Pro Bono Desk, the desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    probono_desktop::run();
}
