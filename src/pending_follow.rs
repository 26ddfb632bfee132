//! When the card checks a `pending` certificate again after a write: with
//! waits that double so a slow platform costs few reads, and never below a
//! reserve of reads kept for the operator's own refreshes.

/// Seconds to wait before each automatic status read; the last value then
/// repeats.
const DELAYS_SECONDS: [u32; 5] = [5, 10, 20, 40, 60];

/// Returns the wait before automatic read number `attempt` (from 0).
pub fn delay_seconds(attempt: usize) -> u32 {
    DELAYS_SECONDS[attempt.min(DELAYS_SECONDS.len() - 1)]
}

/// Next step of the card once a wait has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// Read the status again.
    Read,
    /// Stop: the certificate is no longer pending, or another deployment
    /// was chosen.
    Done,
    /// Stop and tell the operator, because the reads left are down to the
    /// reserve (or unknown, after a disconnect).
    KeepReserve,
}

/// Decides the next step from the card's state and the reads left.
pub fn next_step(still_pending: bool, reads_left: Option<u32>, reserve: u32) -> NextStep {
    if !still_pending {
        return NextStep::Done;
    }
    match reads_left {
        Some(left) if left > reserve => NextStep::Read,
        _ => NextStep::KeepReserve,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_then_stay_at_a_minute() {
        let waits: Vec<u32> = (0..7).map(delay_seconds).collect();
        assert_eq!(waits, [5, 10, 20, 40, 60, 60, 60]);
    }

    #[test]
    fn reads_while_pending_and_above_reserve() {
        assert_eq!(next_step(true, Some(11), 10), NextStep::Read);
    }

    #[test]
    fn stops_at_reserve_or_without_key() {
        assert_eq!(next_step(true, Some(10), 10), NextStep::KeepReserve);
        assert_eq!(next_step(true, Some(0), 10), NextStep::KeepReserve);
        assert_eq!(next_step(true, None, 10), NextStep::KeepReserve);
    }

    #[test]
    fn stops_once_not_pending() {
        assert_eq!(next_step(false, Some(50), 10), NextStep::Done);
    }
}
