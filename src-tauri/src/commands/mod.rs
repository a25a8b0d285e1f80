//! The Tauri commands: thin wrappers that convert, call the application layer, and return.
//! build.rs reads the `#[tauri::command]` functions in these files and generates the handler
//! list, the permissions and the TypeScript wrappers from them: a command exists once, here.

pub mod conflicts;
pub mod deadlines;
pub mod import;
pub mod records;
pub mod reports;
pub mod safety;
pub mod settings;
pub mod vault;
