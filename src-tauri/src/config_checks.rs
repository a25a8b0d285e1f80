//! Tests of the built app's security configuration, read from the files Tauri compiles in: a
//! strict CSP and capabilities that grant exactly the app's own commands and two dialogs.

use std::collections::BTreeSet;
use std::path::Path;

fn read_json(rel: &str) -> serde_json::Value {
    let path =
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR when it runs tests"))
            .join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn csp() -> serde_json::Map<String, serde_json::Value> {
    read_json("tauri.conf.json")["app"]["security"]["csp"].as_object().expect("csp is an object of directives").clone()
}

#[test]
fn script_src_allows_only_the_apps_own_scripts() {
    let csp = csp();
    let script = csp["script-src"].as_str().expect("script-src set");
    for banned in ["'unsafe-inline'", "'unsafe-eval'", "data:", "blob:", "http:", "https:", "*"] {
        assert!(!script.contains(banned), "script-src must not allow {banned}: {script}");
    }
    assert_eq!(script.trim(), "'self'");
    assert_eq!(csp["default-src"].as_str(), Some("'self'"));
    assert_eq!(csp["object-src"].as_str(), Some("'none'"));
}

#[test]
fn no_directive_names_a_remote_origin() {
    for (directive, value) in csp() {
        let value = value.as_str().expect("string directive");
        for token in value.split_whitespace() {
            let local = token.starts_with('\'') || token == "ipc:" || token == "http://ipc.localhost";
            assert!(local, "{directive} allows {token}: only 'self', 'none' and Tauri's IPC are allowed");
        }
    }
}

#[test]
fn capabilities_grant_the_apps_commands_and_the_dialogs_only() {
    let cap = read_json("capabilities/main.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("plain permission identifiers").to_owned())
        .collect();
    let commands: BTreeSet<String> = crate::COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    let plugins: BTreeSet<String> =
        ["core:event:allow-listen", "core:event:allow-unlisten", "dialog:allow-open", "dialog:allow-save"]
            .into_iter()
            .map(str::to_owned)
            .collect();
    let expected: BTreeSet<String> = commands.union(&plugins).cloned().collect();
    assert_eq!(granted, expected, "capabilities must list exactly the app's commands and the dialogs");
    assert!(!granted.iter().any(|p| p.starts_with("shell:") || p.starts_with("fs:") || p.ends_with(":default")));
}

#[test]
fn there_is_no_shell_plugin() {
    let manifest = std::fs::read_to_string(
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR when it runs tests"))
            .join("Cargo.toml"),
    )
    .expect("manifest");
    assert!(!manifest.contains("tauri-plugin-shell"), "the shell plugin must not be a dependency");
    let conf = read_json("tauri.conf.json");
    assert!(conf["plugins"]["shell"].is_null());
    assert_eq!(conf["app"]["windows"][0]["title"], "Pro Bono Desk");
    assert_eq!(conf["app"]["withGlobalTauri"], false, "the API is reached through ui/src/lib/api only");
}
