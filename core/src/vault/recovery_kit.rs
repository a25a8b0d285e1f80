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
    doc.statement(recovery_key.display().as_str());
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
