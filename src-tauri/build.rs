//! Generates one permission per app command, so the capability file grants exactly the
//! commands the UI uses (see capabilities/main.json).

fn main() {
    let commands: &[&str] = &include!("src/commands/names.in");
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script");
}
