//! Deadlines that follow from the rules: the rules as data (`rules`), the federal holidays
//! (`holidays`), and the computation of a due date (`compute`). docs/deadlines.md quotes each
//! rule's source and explains the choices made where a text leaves a doubt.

pub mod compute;
pub mod holidays;
pub mod rules;
pub mod suggest;

pub use compute::{Closed, ClosureDay, Computed, compute};
pub use rules::{CountsFrom, Rule};
pub use suggest::{MatterDeadlines, SuggestedDeadline};
