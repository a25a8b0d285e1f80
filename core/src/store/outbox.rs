//! The `outbox` table's one writer: time entries a team member logged while their team
//! server could not be reached, in the small vault that keeps them until they are sent
//! (docs/team-mode.md, "Working offline"). The payload is the entry as typed (JSON); the id
//! is the entry's id on the server too, which is what makes sending it twice harmless.

use uuid::Uuid;

use crate::error::Result;
use crate::store::Store;

impl Store {
    /// Keeps an entry for `server` (LOGIN@HOST:PORT/DATABASE).
    pub fn outbox_queue(&mut self, id: Uuid, server: &str, payload: &str) -> Result<()> {
        let at = super::now();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO outbox (id, server, payload, queued_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![id, server, payload, at],
            )?;
            Ok(())
        })
    }

    /// The entries waiting for `server`, oldest first.
    pub fn outbox_pending(&self, server: &str) -> Result<Vec<(Uuid, String)>> {
        let mut stmt =
            self.conn().prepare_cached("SELECT id, payload FROM outbox WHERE server = ?1 ORDER BY queued_at, id")?;
        let rows = stmt.query_map([server], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets an entry the server has (sent, or found there already).
    pub fn outbox_remove(&mut self, id: Uuid) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
            Ok(())
        })
    }
}
