//! The Recovery Kit: one printable page holding the recovery key, for the drawer or the safe.
//! It is the only document that ever carries a key, and it says so.

use crate::error::Result;
use crate::pdf::{Document, DocumentSetup, Paper, RenderedPdf};
use crate::secret::RecoveryKey;

/// Renders the kit for the vault `vault_id` kept in `vault_dir`.
pub fn render(recovery_key: &RecoveryKey, vault_id: &str, vault_dir: &str, paper: Paper) -> Result<RenderedPdf> {
    let mut doc = Document::new(DocumentSetup {
        paper,
        program_name: "Pro Bono Desk".into(),
        title: "Recovery Kit".into(),
        subject: Some("Confidential: contains the key to a vault".into()),
    });
    doc.heading("Recovery Kit");
    doc.statement("Keep this page somewhere safe and apart from your computer. Anyone who has it can open the vault.");
    doc.subheading("Recovery key");
    // Two lines of whole groups, so the key never breaks inside a group (or at a dash a
    // reader might take for part of it).
    let shown = recovery_key.display();
    let groups: Vec<&str> = shown.split('-').collect();
    let (first, second) = groups.split_at(groups.len().div_ceil(2));
    doc.statement(&zeroize::Zeroizing::new(format!("{}\n{}", first.join("-"), second.join("-"))));
    doc.key_values(&[("Vault id", vault_id), ("Vault folder", vault_dir)]);
    doc.subheading("When you need it");
    doc.paragraph(
        "If the passphrase is forgotten, choose \"Unlock with recovery key\" in Pro Bono Desk (or run \
         `probono --recovery-key passwd`), type the key above, and set a new passphrase. Letters and digits \
         can be typed in any case; the dashes are optional.",
    );
    doc.paragraph(
        "Without the passphrase and without this key nobody can open the vault: not you, not your IT \
         department, not the makers of Pro Bono Desk. Print it now; do not keep it as a file on this computer.",
    );
    Ok(doc.render()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kit_prints_the_key_readably() {
        let key = RecoveryKey::generate().expect("random");
        let pdf = render(&key, "vault-id", "/home/ana/vault", Paper::Letter).expect("render");
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("kit.pdf");
        std::fs::write(&path, &pdf.bytes).expect("write");
        let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext");
        let text = String::from_utf8_lossy(&out.stdout);
        let squash = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>();
        assert!(squash(&text).contains(&squash(key.display().as_str())), "{text}");
        let lines: Vec<&str> =
            text.lines().filter(|l| l.len() > 20 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).collect();
        assert_eq!(lines.len(), 2, "the key on two lines of whole groups: {lines:?}");
        assert!(lines.iter().all(|l| !l.ends_with('-') && !l.starts_with('-')));
        assert!(text.contains("Recovery Kit") && text.contains("Confidential"));
    }
}
