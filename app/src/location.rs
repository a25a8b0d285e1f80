//! Where the vault is: one default folder for the command line and the app, the folder the
//! person chose last (in a small config file that holds paths only, never client data), and
//! the folder earlier versions of the app used, found once and pointed to.
//!
//! | what | where (`data` and `config` are the platform's folders: `~/.local/share` and `~/.config` on Linux, `%APPDATA%` on Windows, `~/Library/Application Support` on macOS) |
//! |---|---|
//! | the default vault | `data/pro-bono-desk/vault` |
//! | the demo clinic | `data/pro-bono-desk/demo-vault` |
//! | the chosen vault | `config/pro-bono-desk/config.json`, `{"vault_dir": …}` |
//! | before: the app's default and its choice | `data/org.probonodesk.desktop/vault`, `config/org.probonodesk.desktop/config.json` |

use std::path::{Path, PathBuf};

use probono_core::{Error, Result};

/// The program's folder name under the platform's data and config folders.
pub const PROGRAM_DIR: &str = "pro-bono-desk";

/// Where versions of the desktop app before the application layer kept their vault and
/// config (Tauri's folders for the app identifier).
const EARLIER_APP_DIR: &str = "org.probonodesk.desktop";

const CONFIG_FILE: &str = "config.json";

/// The folders one person's Pro Bono Desk uses on this computer.
#[derive(Debug, Clone)]
pub struct Locations {
    data_dir: PathBuf,
    config_dir: PathBuf,
}

/// The vault folder to use, and a message for the person when it was found somewhere they
/// may not expect (shown once: the choice is then written down).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub dir: PathBuf,
    pub notice: Option<String>,
}

impl Locations {
    /// The platform's folders for the current user.
    pub fn for_this_user() -> Result<Locations> {
        let missing = || Error::invalid("vault", "no data folder is known for this user; name the vault folder");
        Ok(Locations {
            data_dir: dirs::data_dir().ok_or_else(missing)?,
            config_dir: dirs::config_dir().ok_or_else(missing)?,
        })
    }

    /// Folders given explicitly (tests, and a home folder of the tests' own).
    pub fn at(data_dir: &Path, config_dir: &Path) -> Locations {
        Locations { data_dir: data_dir.to_path_buf(), config_dir: config_dir.to_path_buf() }
    }

    pub fn default_vault(&self) -> PathBuf {
        self.data_dir.join(PROGRAM_DIR).join("vault")
    }

    /// The outbox vault of one team server and login (`LOGIN@HOST:PORT/DATABASE`).
    pub fn team_outbox(&self, server: &str) -> PathBuf {
        let name = probono_core::filename::portable_part(server, "server", 100);
        self.data_dir.join(PROGRAM_DIR).join("team-outbox").join(name)
    }

    pub fn demo_vault(&self) -> PathBuf {
        self.data_dir.join(PROGRAM_DIR).join("demo-vault")
    }

    fn config_file(&self) -> PathBuf {
        self.config_dir.join(PROGRAM_DIR).join(CONFIG_FILE)
    }

    /// The vault folder when none is named: the one chosen last (in the app, or written down
    /// after finding an earlier app's vault), else the default. An earlier app's choice or
    /// default folder is adopted once, with a notice.
    pub fn chosen_vault(&self) -> Chosen {
        if let Some(dir) = read_choice(&self.config_file()) {
            return Chosen { dir, notice: None };
        }
        let earlier_choice = read_choice(&self.config_dir.join(EARLIER_APP_DIR).join(CONFIG_FILE));
        let earlier_default = self.data_dir.join(EARLIER_APP_DIR).join("vault");
        let default = self.default_vault();
        let adopt = match earlier_choice {
            Some(dir) => Some(dir),
            None if !holds_vault(&default) && holds_vault(&earlier_default) => Some(earlier_default),
            None => None,
        };
        match adopt {
            Some(dir) if dir != default => {
                let written = self.remember_choice(&dir).is_ok();
                let notice = format!(
                    "Using the vault at {}, where an earlier version of the app kept it. The app and the probono command both use it from now on{}.",
                    dir.display(),
                    if written { "" } else { " (the choice could not be saved, so this message may appear again)" }
                );
                Chosen { dir, notice: Some(notice) }
            }
            _ => Chosen { dir: default, notice: None },
        }
    }

    /// Writes down the vault folder chosen in the app, for the next start and for `probono`.
    pub fn remember_choice(&self, dir: &Path) -> Result<()> {
        self.write_config("vault_dir", serde_json::json!(dir), "saving the chosen vault folder")
    }

    /// The team server the app last connected to (as typed: a URL never holds a password),
    /// to fill in the connect form.
    pub fn last_team_server(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.config_file()).ok()?;
        let value: serde_json::Value = serde_json::from_str(&text).ok()?;
        value.get("team_server")?.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
    }

    /// Writes down the team server connected to, for the connect form next time.
    pub fn remember_team_server(&self, server: &str) -> Result<()> {
        self.write_config("team_server", serde_json::json!(server), "saving the team server's address")
    }

    /// Sets one entry of the config file, keeping the others.
    fn write_config(&self, key: &str, value: serde_json::Value, what: &str) -> Result<()> {
        let file = self.config_file();
        let folder = file.parent().unwrap_or(&self.config_dir);
        probono_core::fsutil::create_private_dir(folder).map_err(|e| Error::io("creating the config folder", e))?;
        let mut body = std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .filter(serde_json::Value::is_object)
            .unwrap_or_else(|| serde_json::json!({}));
        body[key] = value;
        probono_core::fsutil::write_atomically(&file, body.to_string().as_bytes()).map_err(|e| Error::io(what, e))
    }
}

/// Whether `dir` holds a vault (its key file).
pub fn holds_vault(dir: &Path) -> bool {
    dir.join(probono_core::vault::KEY_FILE).is_file()
}

fn read_choice(file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(file).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.get("vault_dir")?.as_str().filter(|s| !s.is_empty()).map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_team_server_and_the_vault_folder_are_kept_side_by_side() {
        let tmp = tempfile::tempdir().expect("tmp");
        let locations = Locations::at(&tmp.path().join("data"), &tmp.path().join("config"));
        assert_eq!(locations.last_team_server(), None);
        locations.remember_choice(&tmp.path().join("v")).expect("choice");
        locations.remember_team_server("postgres://sam@db.clinic.example/clinic").expect("server");
        assert_eq!(locations.chosen_vault().dir, tmp.path().join("v"), "the vault choice is kept");
        locations.remember_choice(&tmp.path().join("w")).expect("choice");
        assert_eq!(locations.last_team_server().as_deref(), Some("postgres://sam@db.clinic.example/clinic"));
        assert_eq!(locations.chosen_vault().dir, tmp.path().join("w"));
    }

    fn fake_vault(dir: &Path) {
        std::fs::create_dir_all(dir).expect("mkdir");
        std::fs::write(dir.join(probono_core::vault::KEY_FILE), b"{}").expect("key file");
    }

    #[test]
    fn with_nothing_on_disk_both_faces_get_the_same_default() {
        let home = tempfile::tempdir().expect("tmp");
        let at = Locations::at(&home.path().join("data"), &home.path().join("config"));
        let chosen = at.chosen_vault();
        assert_eq!(chosen.dir, home.path().join("data/pro-bono-desk/vault"));
        assert_eq!(chosen.notice, None);
        assert_eq!(at.chosen_vault(), chosen, "asking again changes nothing");
    }

    #[test]
    fn the_earlier_apps_default_vault_is_found_once_and_then_remembered() {
        let home = tempfile::tempdir().expect("tmp");
        let at = Locations::at(&home.path().join("data"), &home.path().join("config"));
        let earlier = home.path().join("data/org.probonodesk.desktop/vault");
        fake_vault(&earlier);
        let first = at.chosen_vault();
        assert_eq!(first.dir, earlier);
        assert!(first.notice.as_deref().is_some_and(|n| n.contains("earlier version")), "{first:?}");
        let second = at.chosen_vault();
        assert_eq!(second, Chosen { dir: earlier, notice: None }, "the notice is shown once");
    }

    #[test]
    fn a_vault_at_the_new_default_wins_over_the_earlier_default() {
        let home = tempfile::tempdir().expect("tmp");
        let at = Locations::at(&home.path().join("data"), &home.path().join("config"));
        fake_vault(&home.path().join("data/org.probonodesk.desktop/vault"));
        fake_vault(&at.default_vault());
        assert_eq!(at.chosen_vault(), Chosen { dir: at.default_vault(), notice: None });
    }

    #[test]
    fn the_earlier_apps_chosen_folder_and_a_new_choice_are_followed() {
        let home = tempfile::tempdir().expect("tmp");
        let at = Locations::at(&home.path().join("data"), &home.path().join("config"));
        let elsewhere = home.path().join("clinic vault");
        let earlier_config = home.path().join("config/org.probonodesk.desktop");
        std::fs::create_dir_all(&earlier_config).expect("mkdir");
        std::fs::write(earlier_config.join("config.json"), serde_json::json!({ "vault_dir": elsewhere }).to_string())
            .expect("write");
        let first = at.chosen_vault();
        assert_eq!(first.dir, elsewhere);
        assert!(first.notice.is_some());
        let picked = home.path().join("picked");
        at.remember_choice(&picked).expect("remember");
        assert_eq!(at.chosen_vault(), Chosen { dir: picked, notice: None });
    }
}
