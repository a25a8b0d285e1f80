//! What an import reads and writes, for either engine: the vault ([`super::vault`]) and a team
//! server (`probono-team`). The rules of an import (which client a row belongs to, what a
//! re-import changes, which entry a repeated row matches) live once, in `matters.rs` and
//! `hours.rs`; an engine only answers these questions and makes these writes, all inside the
//! one transaction the import runs in.

use std::fmt::Debug;
use std::hash::Hash;

use uuid::Uuid;

use crate::conflict::Person;
use crate::error::Result;
use crate::model::Role;
use crate::store::valid;

/// Who a row's volunteer is: the lower-cased e-mail when there is one, else the folded name
/// ([`crate::validate::fold_key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity {
    Email(String),
    Name(String),
}

/// A volunteer already in the records.
#[derive(Debug, Clone, Copy)]
pub struct FoundVolunteer<K> {
    pub key: K,
    pub organization: Option<K>,
    pub role: Role,
}

/// A client already in the records, as the import matches rows to clients.
#[derive(Debug, Clone)]
pub struct KnownClient<K> {
    pub key: K,
    pub name: String,
    pub a_number: Option<String>,
    pub date_of_birth: Option<String>,
}

/// A time entry already on a matter.
#[derive(Debug, Clone, Copy)]
pub struct ExistingEntry<'a, K> {
    pub id: Uuid,
    pub volunteer: K,
    pub date: &'a str,
    pub activity: &'a str,
    pub minutes: i64,
}

/// A time entry to add (its id is made by the engine).
#[derive(Debug, Clone, Copy)]
pub struct NewEntry<'a, K> {
    pub volunteer: K,
    pub matter: K,
    pub date: &'a str,
    pub minutes: u32,
    pub activity: &'a str,
}

/// One engine's side of an import. `Key` names a record within it (the vault's row numbers,
/// a server's ids). Every method runs inside the import's transaction.
pub trait ImportTarget {
    type Key: Copy + Eq + Ord + Hash + Debug;

    /// Whether a matter has this case reference.
    fn matter_exists(&mut self, case_ref: &str) -> Result<bool>;
    /// The matter with this case reference and its client.
    fn matter(&mut self, case_ref: &str) -> Result<Option<(Self::Key, Self::Key)>>;
    /// The volunteer an identity names: by e-mail, else the first by folded `name`.
    fn find_volunteer(&mut self, identity: &Identity, name: &str) -> Result<Option<FoundVolunteer<Self::Key>>>;

    /// Every client, to match rows to.
    fn clients(&mut self) -> Result<Vec<KnownClient<Self::Key>>>;
    /// The people a conflict check searches (clients, parties, volunteers) and the program's
    /// threshold: new clients that are likely ones already here are warned about.
    fn conflict_people(&mut self) -> Result<(Vec<Person>, f64)>;
    fn insert_client(&mut self, client: &valid::Client) -> Result<Self::Key>;
    /// Sets what a row gives (name always; the rest where given). Whether anything changed.
    fn merge_client(&mut self, client: Self::Key, row: &valid::Client) -> Result<bool>;
    fn insert_matter(&mut self, client: Self::Key, matter: &valid::Matter) -> Result<Self::Key>;
    /// Sets every field a row gives (`decided_on` only when given). Whether anything changed.
    fn merge_matter(&mut self, matter: Self::Key, row: &valid::Matter) -> Result<bool>;

    fn organization_count(&mut self) -> Result<i64>;
    /// The organization of this name (case, spacing and accents aside), made if new.
    fn organization(&mut self, name: &str) -> Result<Self::Key>;
    fn insert_volunteer(&mut self, volunteer: &valid::Volunteer) -> Result<Self::Key>;
    fn set_organization_and_role(
        &mut self,
        volunteer: Self::Key,
        organization: Option<Self::Key>,
        role: Role,
    ) -> Result<()>;
    /// A volunteer's law-school start and bar admissions.
    fn service(&mut self, volunteer: Self::Key) -> Result<(Option<String>, Vec<String>)>;
    fn set_service(&mut self, volunteer: Self::Key, start: Option<&str>, admissions: &[String]) -> Result<()>;

    /// Calls `each` with every entry of a matter, oldest first, before entries are added to it.
    fn entries_of_matter(
        &mut self,
        matter: Self::Key,
        each: &mut dyn FnMut(ExistingEntry<'_, Self::Key>),
    ) -> Result<()>;
    fn update_minutes(&mut self, entry: Uuid, minutes: u32) -> Result<()>;
    fn insert_entry(&mut self, entry: &NewEntry<'_, Self::Key>) -> Result<()>;
    /// Puts `volunteer` on `matter` (from `since`) under the attorney `supervisor` names (an
    /// e-mail, name or id, already checked to be an attorney).
    fn supervise(&mut self, volunteer: Self::Key, matter: Self::Key, supervisor: &str, since: &str) -> Result<()>;

    /// Records the import in the audit trail (`detail` names no client).
    fn audit(&mut self, detail: &str) -> Result<()>;
}
