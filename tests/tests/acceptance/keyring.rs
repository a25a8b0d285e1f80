//! "Remember on this computer" against a real Secret Service keyring: a private D-Bus session
//! with gnome-keyring-daemon, as TOOLCHAIN.md describes. Needs dbus-run-session and
//! gnome-keyring (installed by scripts/install-deps.sh).

use crate::support::{TestVault, probono_bin};

#[test]
fn a_remembered_key_unlocks_without_the_passphrase_until_forgotten() {
    let v = TestVault::empty();
    let bin = probono_bin();
    let bin = bin.to_str().expect("utf-8 path");
    // setsid: no controlling terminal, so a missing passphrase fails instead of prompting.
    let script = format!(
        "echo unlock-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
         {bin} init >/dev/null || exit 10
         {bin} status --json > status-before.json || exit 11
         if {bin} remember < /dev/null 2> remember-unconfirmed.txt; then exit 18; fi
         echo wrong passphrase | {bin} remember 2>> remember-unconfirmed.txt && exit 19
         {bin} status --json > status-unconfirmed.json || exit 20
         echo \"$PROBONO_PASSPHRASE\" | {bin} remember || exit 12
         {bin} status --json > status-after.json || exit 13
         {bin} client add --name 'Ana Pérez' || exit 14
         unset PROBONO_PASSPHRASE
         {bin} client list --json > remembered.json < /dev/null || exit 15
         {bin} forget || exit 16
         if {bin} client list < /dev/null 2> after-forget.txt; then exit 17; fi
         exit 0"
    );
    let out = std::process::Command::new("setsid")
        .args(["--wait", "dbus-run-session", "--", "sh", "-c", &script])
        .current_dir(v.root.path())
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", v.root.path())
        .env("XDG_DATA_HOME", v.root.path().join("data"))
        .env("XDG_RUNTIME_DIR", v.tmp())
        .env("TMPDIR", v.tmp())
        .env("PROBONO_VAULT", v.dir())
        .env("PROBONO_PASSPHRASE", crate::support::PASSPHRASE)
        .output()
        .expect("setsid and dbus-run-session run (apt-get install dbus-x11 gnome-keyring)");
    let read = |name: &str| std::fs::read_to_string(v.root.path().join(name)).unwrap_or_default();
    assert!(
        out.status.success(),
        "script failed at step {:?}\nstdout: {}\nstderr: {}\nafter forget: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        read("after-forget.txt")
    );
    let before: serde_json::Value = serde_json::from_str(&read("status-before.json")).expect("json");
    let after: serde_json::Value = serde_json::from_str(&read("status-after.json")).expect("json");
    assert_eq!(before["keyring"], "available, key not remembered");
    assert_eq!(after["keyring"], "remembered on this computer");
    // Without the passphrase typed again (only PROBONO_PASSPHRASE), or with a wrong one,
    // `remember` was refused, naming the field, and remembered nothing.
    let unconfirmed = read("remember-unconfirmed.txt");
    assert_eq!(unconfirmed.matches("current_passphrase").count(), 2, "{unconfirmed}");
    let between: serde_json::Value = serde_json::from_str(&read("status-unconfirmed.json")).expect("json");
    assert_eq!(between["keyring"], "available, key not remembered");
    let listed: serde_json::Value = serde_json::from_str(&read("remembered.json")).expect("json");
    assert_eq!(listed[0]["name"], "Ana Pérez", "unlocked by the remembered key, no passphrase given");
    assert!(
        read("after-forget.txt").contains("no terminal to ask for it"),
        "after forget the passphrase is needed again"
    );
}
