//! When an idle app locks itself. Pure logic: the UI reports activity (key presses, clicks,
//! pointer moves, focus) with timestamps, asks [`IdleLock::due_in`] how long to wait before the
//! next check, and calls [`super::Vault::lock`] once [`IdleLock::is_due`].
//!
//! Timestamps are milliseconds on the wall clock (`js_sys::Date::now() as u64`), not
//! `performance.now()`: a laptop that slept for an hour must find itself locked on waking, and
//! timers do not run while it sleeps, so the UI should also check on `visibilitychange`/`focus`.

/// Locks after `minutes` without activity; `0` minutes never locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdleLock {
    after_ms: Option<u64>,
    last_activity_ms: u64,
}

impl IdleLock {
    pub fn new(minutes: u32, now_ms: u64) -> Self {
        let after_ms = (minutes > 0).then(|| u64::from(minutes) * 60_000);
        Self { after_ms, last_activity_ms: now_ms }
    }

    /// Never locks.
    pub fn off(now_ms: u64) -> Self {
        Self::new(0, now_ms)
    }

    pub fn minutes(&self) -> u32 {
        self.after_ms.map_or(0, |ms| u32::try_from(ms / 60_000).unwrap_or(u32::MAX))
    }

    /// Changes the delay; the idle time so far keeps counting.
    pub fn set_minutes(&mut self, minutes: u32) {
        self.after_ms = Self::new(minutes, 0).after_ms;
    }

    /// The user did something at `now_ms`. The latest report wins, so a clock set back does not
    /// postpone locking by the time it went back.
    pub fn activity(&mut self, now_ms: u64) {
        self.last_activity_ms = now_ms;
    }

    /// How long the app has been idle at `now_ms` (zero if the clock went back since).
    pub fn idle_ms(&self, now_ms: u64) -> u64 {
        now_ms.saturating_sub(self.last_activity_ms)
    }

    /// Whether the app should lock now.
    pub fn is_due(&self, now_ms: u64) -> bool {
        self.after_ms.is_some_and(|after| self.idle_ms(now_ms) >= after)
    }

    /// Milliseconds until the lock is due (`Some(0)` when it is), `None` when it never is:
    /// the delay for the UI's next timer.
    pub fn due_in(&self, now_ms: u64) -> Option<u64> {
        self.after_ms.map(|after| after.saturating_sub(self.idle_ms(now_ms)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: u64 = 60_000;
    const T0: u64 = 1_700_000_000_000;

    #[test]
    fn locks_after_the_chosen_minutes_without_activity() {
        let lock = IdleLock::new(5, T0);
        assert!(!lock.is_due(T0));
        assert!(!lock.is_due(T0 + 5 * MINUTE - 1));
        assert!(lock.is_due(T0 + 5 * MINUTE));
        assert!(lock.is_due(T0 + 500 * MINUTE));
        assert_eq!(lock.due_in(T0 + MINUTE), Some(4 * MINUTE));
        assert_eq!(lock.due_in(T0 + 9 * MINUTE), Some(0));
        assert_eq!(lock.minutes(), 5);
    }

    #[test]
    fn activity_restarts_the_countdown() {
        let mut lock = IdleLock::new(5, T0);
        lock.activity(T0 + 4 * MINUTE);
        assert!(!lock.is_due(T0 + 8 * MINUTE));
        assert_eq!(lock.due_in(T0 + 8 * MINUTE), Some(MINUTE));
        assert!(lock.is_due(T0 + 9 * MINUTE));
    }

    #[test]
    fn zero_minutes_never_locks() {
        let mut lock = IdleLock::off(T0);
        assert!(!lock.is_due(u64::MAX));
        assert_eq!(lock.due_in(T0), None);
        lock.set_minutes(1);
        assert!(lock.is_due(T0 + MINUTE));
        lock.set_minutes(0);
        assert!(!lock.is_due(T0 + MINUTE));
    }

    #[test]
    fn changing_the_delay_keeps_the_idle_time() {
        let mut lock = IdleLock::new(30, T0);
        assert!(!lock.is_due(T0 + 10 * MINUTE));
        lock.set_minutes(10);
        assert!(lock.is_due(T0 + 10 * MINUTE));
    }

    #[test]
    fn a_clock_set_back_neither_locks_nor_postpones_for_long() {
        let mut lock = IdleLock::new(5, T0);
        assert!(!lock.is_due(T0 - 60 * MINUTE));
        assert_eq!(lock.idle_ms(T0 - 60 * MINUTE), 0);
        // The next activity after the change counts from the new time.
        lock.activity(T0 - 60 * MINUTE);
        assert!(lock.is_due(T0 - 55 * MINUTE));
    }

    #[test]
    fn a_long_sleep_is_due_at_once_and_huge_values_do_not_overflow() {
        let lock = IdleLock::new(u32::MAX, 0);
        assert!(!lock.is_due(T0));
        assert!(lock.is_due(u64::MAX));
        let lock = IdleLock::new(1, T0);
        assert!(lock.is_due(T0 + 24 * 60 * MINUTE));
    }
}
