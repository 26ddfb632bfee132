//! The rate-limit budget: how many calls of each kind the panel may still
//! make, from its own record of the calls it made.

mod ledger;
mod shared_ledger;

pub use ledger::{CallKind, Ledger, Limits};
pub use shared_ledger::{SharedLedger, key_id, now_ms};
