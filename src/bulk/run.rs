//! The scheduler of a bulk run, as a plain state machine: no timers, no futures, no clock. The
//! screen drives it with the time in milliseconds (any monotonic clock, e.g.
//! `performance.now()`), and this module decides which row goes next, when a failed row is tried
//! again, and what the counts and the ETA are. Being pure, it is tested natively, including
//! property tests over random outcomes and timings.
//!
//! # Driving it
//! ```text
//! fn pump(now):
//!     while let Some(start) = run.next_to_start(now):
//!         send jobs[start.slot]; when it answers: run.finished(start.slot, result, now()); pump(now())
//!     if let Some(at) = run.next_wake(now): set a timer for `at - now` that calls pump
//! ```
//! Call `pump` after `finished`, `resume`, `rerun_failed` and `set_concurrency` too. Slots are
//! indexes into the caller's job list (`0..len`).
//!
//! # Retries
//! Only failures that say nothing about the request itself are retried: rate limiting
//! ([`ApiError::RateLimited`], after the Console's `Retry-After` when it gives one) and network
//! failures ([`Unreachable::Network`]), with exponential backoff, up to
//! [`Settings::max_attempts`] tries; after either, the whole run holds back until the retry time,
//! since the Console or the network is the problem, not the row. Everything else fails the row at
//! once: the Console's validation errors, a refused key or permission, HTTP 5xx, an answer that
//! could not be read.
//!
//! Creating a token is **not idempotent**: a 5xx, an unreadable answer or a lost connection may
//! come after the Console created the token, and sending again would create a second one. So
//! 5xx are not retried for creates, and such failures are marked [`Failure::maybe_created`]:
//! before such a row is sent again (a retry after a network failure, a rerun), the bulk screen
//! looks for its token on the Console first (see [`super::journal`]), so that nothing is created
//! twice. A call that timed out ([`ApiError::TimedOut`]) did leave, and hung, so a create is not
//! retried automatically but marked `maybe_created`. For idempotent runs (downloading the files
//! of created tokens), [`Settings::reads`] also retries 5xx and time-outs.

use crate::api::ApiError;
use crate::api::error::Unreachable;
use crate::api::types::Token;

/// How a run behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Requests in flight at once (at least 1).
    pub concurrency: usize,
    /// Tries per row, the first included.
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles with each further try.
    pub backoff_ms: u64,
    /// The longest wait between tries (also caps a `Retry-After`).
    pub max_backoff_ms: u64,
    /// Requests are safe to repeat (reads): 5xx and other transient failures are retried too.
    pub idempotent: bool,
}

impl Default for Settings {
    /// For creating tokens: 3 at once, 5 tries, 1 s doubling to at most 5 minutes.
    fn default() -> Self {
        Self {
            concurrency: 3,
            max_attempts: 5,
            backoff_ms: 1_000,
            max_backoff_ms: 300_000,
            idempotent: false,
        }
    }
}

impl Settings {
    /// For idempotent requests, such as downloading the files of created tokens.
    pub fn reads() -> Self {
        Self { idempotent: true, ..Self::default() }
    }
}

/// What the outcome CSV keeps of a created token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Created {
    pub token_id: String,
    pub url: Option<String>,
    pub hostname: Option<String>,
    /// "Already there": the Console had this token before the row was sent and returned it
    /// (`skip_create_if_exists`), or a lookup found it; nothing new was made for the row.
    pub existed: bool,
}

impl Created {
    pub fn from_token(token: &Token) -> Self {
        Self {
            token_id: token.id().to_owned(),
            url: token.url().map(str::to_owned),
            hostname: token.hostname().map(str::to_owned),
            existed: false,
        }
    }
}

/// Why a row failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The sentence to show ([`ApiError`]'s `Display`; never holds the key).
    pub error: String,
    /// The parameter the Console's message is about, when it names one.
    pub field: Option<&'static str>,
    /// Running the row again unchanged may work (rate limiting, network, 5xx); otherwise the row
    /// or the settings need fixing first.
    pub retryable: bool,
    /// The Console may have acted on the request although it failed (5xx, lost connection,
    /// unreadable answer): for creates, a token may exist.
    pub maybe_created: bool,
}

impl Failure {
    pub fn new(error: &ApiError, idempotent: bool) -> Self {
        let maybe_created = !idempotent
            && match error {
                ApiError::Unreachable { .. } | ApiError::TimedOut { .. } => true,
                ApiError::Status { status } => *status >= 500,
                ApiError::Undecodable { status, html } => !html || *status >= 500,
                _ => false,
            };
        Self {
            error: error.to_string(),
            field: error.field(),
            retryable: error.is_transient(),
            maybe_created,
        }
    }
}

/// Where a row is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowState<T> {
    /// Not sent yet.
    Waiting,
    /// In flight: try number `attempt` (from 1).
    Running {
        attempt: u32,
    },
    /// Failed `attempts` times with a transient error; tried again at `at` (ms).
    RetryAt {
        at: u64,
        attempts: u32,
        last: Failure,
    },
    Done(T),
    Failed(Failure),
    /// Not sent (or not sent again) because the run was cancelled; `last` is the failure of an
    /// earlier try, if any.
    Cancelled {
        last: Option<Failure>,
    },
}

impl<T> RowState<T> {
    /// Done, failed or cancelled.
    pub fn is_settled(&self) -> bool {
        matches!(self, Self::Done(_) | Self::Failed(_) | Self::Cancelled { .. })
    }
}

/// A row to send now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Start {
    /// Index into the caller's job list.
    pub slot: usize,
    /// Which try this is (from 1).
    pub attempt: u32,
}

/// Progress, for "12 done · 1 failed · 87 left".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub done: usize,
    pub failed: usize,
    pub cancelled: usize,
    pub running: usize,
    /// Waiting or waiting to be tried again.
    pub left: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.done + self.failed + self.cancelled + self.running + self.left
    }
}

/// The longest `Retry-After` honoured as given: 15 minutes.
const MAX_RETRY_AFTER_MS: u64 = 15 * 60 * 1000;

/// One bulk run over `len` rows; `T` is what a row yields when done ([`Created`] for creates).
#[derive(Clone, Debug)]
pub struct Run<T = Created> {
    rows: Vec<RowState<T>>,
    /// How many times each row has settled since it was last queued: the invariant is 1 for
    /// settled rows and 0 for the others.
    settles: Vec<u8>,
    settings: Settings,
    paused: bool,
    cancelled: bool,
    /// No row before this index is `Waiting`.
    next_waiting: usize,
    /// The slots in `RetryAt`.
    retries: Vec<usize>,
    /// No start before this time (after rate limiting or a network failure).
    hold_until: u64,
    counts: Counts,
    /// The highest concurrency limit set so far (the limit may be lowered while rows run).
    peak_limit: usize,
    clock: Clock,
}

/// Active time since the run (or rerun) started, without pauses, and rows settled in it.
#[derive(Clone, Copy, Debug, Default)]
struct Clock {
    started: Option<u64>,
    paused_since: Option<u64>,
    paused_total: u64,
    settled: u64,
}

impl Clock {
    fn active(&self, now: u64) -> u64 {
        let Some(started) = self.started else { return 0 };
        let paused = self.paused_total + self.paused_since.map_or(0, |p| now.saturating_sub(p));
        now.saturating_sub(started).saturating_sub(paused)
    }
}

impl<T> Run<T> {
    pub fn new(len: usize, settings: Settings) -> Self {
        let concurrency = settings.concurrency.max(1);
        Self {
            rows: (0..len).map(|_| RowState::Waiting).collect(),
            settles: vec![0; len],
            settings: Settings {
                concurrency,
                max_attempts: settings.max_attempts.max(1),
                ..settings
            },
            paused: false,
            cancelled: false,
            next_waiting: 0,
            retries: Vec::new(),
            hold_until: 0,
            counts: Counts { left: len, ..Counts::default() },
            peak_limit: concurrency,
            clock: Clock::default(),
        }
    }

    /// A run over rows already in `states` (read back from a journal): settled rows stay as
    /// they are, anything else waits to be sent. Paused, so that nothing is sent until the user
    /// resumes.
    pub fn restore(states: Vec<RowState<T>>, settings: Settings, now: u64) -> Self {
        let mut run = Self::new(0, settings);
        for state in states {
            let state = match state {
                RowState::Running { .. } | RowState::RetryAt { .. } => RowState::Waiting,
                other => other,
            };
            match &state {
                RowState::Done(_) => run.counts.done += 1,
                RowState::Failed(_) => run.counts.failed += 1,
                RowState::Cancelled { .. } => run.counts.cancelled += 1,
                _ => run.counts.left += 1,
            }
            run.settles.push(u8::from(state.is_settled()));
            run.rows.push(state);
        }
        run.pause(now);
        run
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Changes how many requests may be in flight; lowering it lets running rows finish.
    pub fn set_concurrency(&mut self, concurrency: usize) {
        self.settings.concurrency = concurrency.max(1);
        self.peak_limit = self.peak_limit.max(self.settings.concurrency);
    }

    pub fn state(&self, slot: usize) -> &RowState<T> {
        &self.rows[slot]
    }

    pub fn states(&self) -> &[RowState<T>] {
        &self.rows
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    pub fn is_paused(&self) -> bool {
        self.paused
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled
    }

    /// Nothing running and nothing left: every row is done, failed or cancelled.
    pub fn is_finished(&self) -> bool {
        self.counts.running == 0 && self.counts.left == 0
    }

    /// The rows done, with what they yielded.
    pub fn done(&self) -> impl Iterator<Item = (usize, &T)> {
        self.rows.iter().enumerate().filter_map(|(i, s)| match s {
            RowState::Done(t) => Some((i, t)),
            _ => None,
        })
    }

    /// The failed rows, for "Run failed rows again".
    pub fn failed_slots(&self) -> Vec<usize> {
        let failed = self.rows.iter().enumerate();
        failed.filter(|(_, s)| matches!(s, RowState::Failed(_))).map(|(i, _)| i).collect()
    }

    /// The next row to send at `now`, marked running; `None` while paused, cancelled, at the
    /// concurrency limit, holding back after rate limiting, or with nothing due. Rows due for a
    /// retry go before rows not tried yet. Call it in a loop until `None`.
    pub fn next_to_start(&mut self, now: u64) -> Option<Start> {
        if self.paused
            || self.cancelled
            || self.counts.running >= self.settings.concurrency
            || now < self.hold_until
        {
            return None;
        }
        let due = self
            .retries
            .iter()
            .enumerate()
            .filter_map(|(i, &slot)| match self.rows[slot] {
                RowState::RetryAt { at, attempts, .. } if at <= now => {
                    Some((at, slot, i, attempts))
                }
                _ => None,
            })
            .min();
        let start = match due {
            Some((_, slot, i, attempts)) => {
                self.retries.swap_remove(i);
                Start { slot, attempt: attempts + 1 }
            }
            None => {
                while self.next_waiting < self.rows.len()
                    && !matches!(self.rows[self.next_waiting], RowState::Waiting)
                {
                    self.next_waiting += 1;
                }
                if self.next_waiting == self.rows.len() {
                    return None;
                }
                self.next_waiting += 1;
                Start { slot: self.next_waiting - 1, attempt: 1 }
            }
        };
        self.rows[start.slot] = RowState::Running { attempt: start.attempt };
        self.counts.left -= 1;
        self.counts.running += 1;
        self.clock.started.get_or_insert(now);
        Some(start)
    }

    /// When [`Run::next_to_start`] may next give a row although it gives none at `now` (a retry
    /// falls due, a hold ends): set a timer for it. `None` when only a finishing request,
    /// `resume` or a rerun can change that.
    pub fn next_wake(&self, now: u64) -> Option<u64> {
        if self.paused || self.cancelled || self.counts.running >= self.settings.concurrency {
            return None;
        }
        let waiting = self.rows[self.next_waiting.min(self.rows.len())..]
            .iter()
            .any(|s| matches!(s, RowState::Waiting));
        let retry = self
            .retries
            .iter()
            .filter_map(|&slot| match self.rows[slot] {
                RowState::RetryAt { at, .. } => Some(at),
                _ => None,
            })
            .min();
        let earliest = match (waiting, retry) {
            (true, _) => now,
            (false, Some(at)) => at,
            (false, None) => return None,
        };
        Some(earliest.max(self.hold_until).max(now))
    }

    /// Records the answer for a running row at `now`. Returns false (and changes nothing) when
    /// the row was not running: a bug in the caller, worth a debug assertion there.
    pub fn finished(&mut self, slot: usize, result: Result<T, ApiError>, now: u64) -> bool {
        let Some(&RowState::Running { attempt }) = self.rows.get(slot) else { return false };
        self.counts.running -= 1;
        let error = match result {
            Ok(value) => {
                self.settle(slot, RowState::Done(value));
                return true;
            }
            Err(error) => error,
        };
        let failure = Failure::new(&error, self.settings.idempotent);
        let waits = match &error {
            ApiError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            ApiError::Unreachable { why: Unreachable::Network, .. } => Some(None),
            _ if self.settings.idempotent && error.is_transient() => Some(None),
            _ => None,
        };
        match waits {
            Some(_) if self.cancelled => {
                self.settle(slot, RowState::Cancelled { last: Some(failure) });
            }
            Some(retry_after) if attempt < self.settings.max_attempts => {
                let delay = match retry_after {
                    Some(secs) => (u64::from(secs) * 1000).min(MAX_RETRY_AFTER_MS),
                    None => self.backoff(attempt, slot),
                };
                let at = now.saturating_add(delay);
                if matches!(error, ApiError::RateLimited { .. } | ApiError::Unreachable { .. }) {
                    self.hold_until = self.hold_until.max(at);
                }
                self.rows[slot] = RowState::RetryAt { at, attempts: attempt, last: failure };
                self.retries.push(slot);
                self.counts.left += 1;
            }
            Some(_) => {
                let error = format!("{} (Gave up after {attempt} tries.)", failure.error);
                self.settle(slot, RowState::Failed(Failure { error, ..failure }));
            }
            None => self.settle(slot, RowState::Failed(failure)),
        }
        true
    }

    /// The wait after the `attempts`-th failed try: `backoff_ms` doubling, capped, plus up to a
    /// quarter more depending on the row so that rows failed together do not retry together.
    fn backoff(&self, attempts: u32, slot: usize) -> u64 {
        let base = self.settings.backoff_ms;
        let doubled = base.saturating_mul(1 << (attempts - 1).min(30));
        let spread = (slot as u64).wrapping_mul(2_654_435_761) % 1024 * base / 4096;
        doubled.min(self.settings.max_backoff_ms).saturating_add(spread)
    }

    fn settle(&mut self, slot: usize, state: RowState<T>) {
        match &state {
            RowState::Done(_) => self.counts.done += 1,
            RowState::Failed(_) => self.counts.failed += 1,
            RowState::Cancelled { .. } => self.counts.cancelled += 1,
            _ => unreachable!("settle takes a settled state"),
        }
        if !matches!(state, RowState::Cancelled { .. }) {
            self.clock.settled += 1;
        }
        self.settles[slot] = self.settles[slot].saturating_add(1);
        self.rows[slot] = state;
    }

    /// No new rows start; running rows finish; retry times keep running.
    pub fn pause(&mut self, now: u64) {
        if !self.paused {
            self.paused = true;
            self.clock.paused_since = Some(now);
        }
    }

    pub fn resume(&mut self, now: u64) {
        if self.paused {
            self.paused = false;
            if let Some(since) = self.clock.paused_since.take() {
                self.clock.paused_total += now.saturating_sub(since);
            }
        }
    }

    /// Stops the run: running rows finish (their answers are kept), rows not sent and rows
    /// waiting to be tried again become cancelled.
    pub fn cancel(&mut self) {
        self.cancelled = true;
        for slot in 0..self.rows.len() {
            let last = match &mut self.rows[slot] {
                RowState::Waiting => None,
                RowState::RetryAt { last, .. } => Some(last.clone()),
                _ => continue,
            };
            self.counts.left -= 1;
            self.settle(slot, RowState::Cancelled { last });
        }
        self.retries.clear();
        self.next_waiting = self.rows.len();
    }

    /// Queues the failed rows (and the cancelled ones with `include_cancelled`) again, clears
    /// pause and cancel, and restarts the ETA. Returns how many rows were queued. Rows marked
    /// [`Failure::maybe_created`] are queued too: look them up before sending them.
    pub fn rerun_failed(&mut self, include_cancelled: bool, now: u64) -> usize {
        self.resume(now);
        self.cancelled = false;
        let mut queued = 0;
        for slot in 0..self.rows.len() {
            match self.rows[slot] {
                RowState::Failed(_) => self.counts.failed -= 1,
                RowState::Cancelled { .. } if include_cancelled => self.counts.cancelled -= 1,
                _ => continue,
            }
            self.rows[slot] = RowState::Waiting;
            self.settles[slot] = 0;
            self.counts.left += 1;
            self.next_waiting = self.next_waiting.min(slot);
            queued += 1;
        }
        self.clock = Clock::default();
        queued
    }

    /// Milliseconds until the run is likely finished, from the rate rows have settled at since
    /// it (or the rerun) started, pauses left out. `None` before the first row settles and after
    /// cancelling; `Some(0)` when finished.
    pub fn eta_ms(&self, now: u64) -> Option<u64> {
        if self.is_finished() {
            return Some(0);
        }
        let (active, settled) = (self.clock.active(now), self.clock.settled);
        if self.cancelled || settled == 0 || active == 0 {
            return None;
        }
        let remaining = (self.counts.left + self.counts.running) as u64;
        Some(remaining.saturating_mul(active) / settled)
    }

    /// Checks the scheduler's invariants (for tests, and debug assertions in the screen): every
    /// row is in exactly one state and settled at most once since it was queued, the counts
    /// match the states, the concurrency limit holds, retries are tracked once each, and a
    /// cancelled run has nothing left to start.
    pub fn check_invariants(&self) -> Result<(), String> {
        let mut counts = Counts::default();
        for (slot, state) in self.rows.iter().enumerate() {
            let settles = self.settles[slot];
            if settles != u8::from(state.is_settled()) {
                return Err(format!(
                    "row {slot} settled {settles} times; settled now: {}",
                    state.is_settled()
                ));
            }
            let queued_retries = self.retries.iter().filter(|&&s| s == slot).count();
            let is_retry = matches!(state, RowState::RetryAt { .. });
            if queued_retries != usize::from(is_retry) {
                return Err(format!("row {slot} is in the retry list {queued_retries} times"));
            }
            match state {
                RowState::Waiting if slot < self.next_waiting => {
                    return Err(format!("row {slot} waits behind the cursor"));
                }
                RowState::Waiting | RowState::RetryAt { .. } if self.cancelled => {
                    return Err(format!("row {slot} is still queued in a cancelled run"));
                }
                RowState::Running { attempt } | RowState::RetryAt { attempts: attempt, .. }
                    if *attempt == 0 || *attempt > self.settings.max_attempts =>
                {
                    return Err(format!("row {slot} is at try {attempt}"));
                }
                _ => {}
            }
            match state {
                RowState::Waiting | RowState::RetryAt { .. } => counts.left += 1,
                RowState::Running { .. } => counts.running += 1,
                RowState::Done(_) => counts.done += 1,
                RowState::Failed(_) => counts.failed += 1,
                RowState::Cancelled { .. } => counts.cancelled += 1,
            }
        }
        if counts != self.counts {
            return Err(format!("counts {:?} but states say {counts:?}", self.counts));
        }
        if counts.running > self.peak_limit {
            return Err(format!("{} rows running, limit {}", counts.running, self.peak_limit));
        }
        Ok(())
    }
}

impl<T: std::fmt::Debug> Run<T> {
    /// Like [`Run::check_invariants`], panicking with the message.
    pub fn assert_invariants(&self) {
        if let Err(e) = self.check_invariants() {
            panic!("bulk run invariant broken: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn created(id: &str) -> Created {
        Created { token_id: id.into(), ..Created::default() }
    }

    fn net() -> ApiError {
        ApiError::Unreachable { console: "c".into(), why: Unreachable::Network }
    }

    fn start_all(run: &mut Run, now: u64) -> Vec<usize> {
        std::iter::from_fn(|| run.next_to_start(now)).map(|s| s.slot).collect()
    }

    #[test]
    fn concurrency_bounds_the_starts() {
        let mut run = Run::new(5, Settings { concurrency: 2, ..Settings::default() });
        assert_eq!(start_all(&mut run, 0), [0, 1]);
        assert!(run.finished(0, Ok(created("a")), 10));
        assert!(!run.finished(0, Ok(created("a")), 10), "a row finishes once");
        assert!(!run.finished(4, Ok(created("x")), 10), "a row not started can't finish");
        assert_eq!(start_all(&mut run, 10), [2]);
        assert_eq!(run.counts(), Counts { done: 1, failed: 0, cancelled: 0, running: 2, left: 2 });
        run.assert_invariants();
    }

    #[test]
    fn rate_limits_honour_retry_after_and_hold_the_run() {
        let mut run = Run::new(3, Settings { concurrency: 1, ..Settings::default() });
        assert_eq!(run.next_to_start(0), Some(Start { slot: 0, attempt: 1 }));
        run.finished(0, Err(ApiError::RateLimited { retry_after_secs: Some(7) }), 100);
        assert!(matches!(run.state(0), RowState::RetryAt { at: 7_100, attempts: 1, .. }));
        assert_eq!(run.next_to_start(5_000), None, "the whole run holds back");
        assert_eq!(run.next_wake(5_000), Some(7_100));
        assert_eq!(run.next_to_start(7_100), Some(Start { slot: 0, attempt: 2 }));
        run.finished(0, Ok(created("a")), 7_200);
        assert_eq!(run.next_to_start(7_200), Some(Start { slot: 1, attempt: 1 }));
        assert_eq!(run.counts().left, 1);
        run.assert_invariants();
    }

    #[test]
    fn network_failures_back_off_exponentially_then_give_up() {
        let settings = Settings { concurrency: 1, max_attempts: 3, ..Settings::default() };
        let mut run: Run = Run::new(1, settings);
        let mut now = 0;
        let mut waits = Vec::new();
        for attempt in 1..=3 {
            let start = run.next_to_start(now).unwrap();
            assert_eq!(start.attempt, attempt);
            run.finished(0, Err(net()), now);
            if let Some(at) = run.next_wake(now) {
                waits.push(at - now);
                now = at;
            }
        }
        assert_eq!(waits, [1_000, 2_000], "row 0 gets no spread");
        let RowState::Failed(f) = run.state(0) else { panic!("{:?}", run.state(0)) };
        assert!(f.error.ends_with("(Gave up after 3 tries.)"), "{}", f.error);
        assert!(f.retryable && f.maybe_created);
        assert!(run.is_finished());
        assert_eq!(run.failed_slots(), [0]);
    }

    #[test]
    fn console_errors_and_server_errors_fail_creates_at_once() {
        let mut run: Run = Run::new(3, Settings::default());
        start_all(&mut run, 0);
        run.finished(0, Err(ApiError::from_console(400, Some("Empty memo"))), 1);
        run.finished(1, Err(ApiError::Status { status: 503 }), 1);
        run.finished(2, Err(ApiError::InvalidKey { via_header: true }), 1);
        let failure = |slot| match run.state(slot) {
            RowState::Failed(f) => f.clone(),
            s => panic!("{s:?}"),
        };
        let memo = failure(0);
        assert_eq!((memo.field, memo.retryable, memo.maybe_created), (Some("memo"), false, false));
        let server = failure(1);
        assert_eq!((server.retryable, server.maybe_created), (true, true));
        assert!(!failure(2).retryable);
        assert!(run.is_finished());
        assert_eq!(run.counts().failed, 3);
    }

    #[test]
    fn a_create_that_timed_out_is_not_sent_again() {
        let silent = ApiError::TimedOut { console: "c".into() };
        let mut run: Run = Run::new(1, Settings::default());
        run.next_to_start(0);
        run.finished(0, Err(silent.clone()), 60_000);
        let RowState::Failed(f) = run.state(0) else { panic!("{:?}", run.state(0)) };
        assert!(f.maybe_created && f.retryable, "{f:?}");
        assert!(run.is_finished());

        let mut reads: Run<u8> = Run::new(1, Settings::reads());
        reads.next_to_start(0);
        reads.finished(0, Err(silent), 60_000);
        assert!(matches!(reads.state(0), RowState::RetryAt { .. }), "a download is tried again");
    }

    #[test]
    fn reads_retry_server_errors() {
        let mut run: Run<u8> = Run::new(1, Settings::reads());
        run.next_to_start(0);
        run.finished(0, Err(ApiError::Status { status: 502 }), 0);
        assert!(matches!(run.state(0), RowState::RetryAt { .. }));
        let at = run.next_wake(0).unwrap();
        run.next_to_start(at).unwrap();
        run.finished(0, Ok(7), at);
        assert_eq!(run.done().collect::<Vec<_>>(), [(0, &7)]);
    }

    #[test]
    fn pause_resume_and_cancel() {
        let mut run = Run::new(4, Settings { concurrency: 2, ..Settings::default() });
        start_all(&mut run, 0);
        run.pause(10);
        assert_eq!(run.next_to_start(10), None);
        run.finished(0, Ok(created("a")), 20);
        assert_eq!(run.next_to_start(30), None);
        assert_eq!(run.next_wake(30), None);
        run.resume(40);
        assert_eq!(start_all(&mut run, 40), [2]);
        run.finished(1, Err(ApiError::RateLimited { retry_after_secs: None }), 50);
        run.cancel();
        assert_eq!(run.next_to_start(100_000), None);
        assert!(matches!(run.state(1), RowState::Cancelled { last: Some(_) }));
        assert!(matches!(run.state(3), RowState::Cancelled { last: None }));
        assert!(!run.is_finished(), "row 2 is still running");
        run.finished(2, Err(net()), 60);
        assert!(matches!(run.state(2), RowState::Cancelled { last: Some(f) } if f.maybe_created));
        assert_eq!(run.counts(), Counts { done: 1, failed: 0, cancelled: 3, running: 0, left: 0 });
        assert!(run.is_finished());
        run.assert_invariants();
        assert_eq!(run.rerun_failed(false, 70), 0);
        assert_eq!(run.rerun_failed(true, 70), 3);
        assert!(start_all(&mut run, 70).is_empty(), "the rate limit's hold still stands");
        let at = run.next_wake(70).unwrap();
        assert!(at > 70 && at <= 50 + 1_250, "{at}");
        assert_eq!(start_all(&mut run, at), [1, 2]);
        run.assert_invariants();
    }

    #[test]
    fn rerun_queues_only_failed_rows() {
        let mut run = Run::new(3, Settings::default());
        start_all(&mut run, 0);
        run.finished(0, Ok(created("a")), 1);
        run.finished(1, Err(ApiError::from_console(400, Some("bad"))), 1);
        run.finished(2, Ok(created("c")), 1);
        assert_eq!(run.failed_slots(), [1]);
        assert_eq!(run.rerun_failed(false, 5), 1);
        assert_eq!(start_all(&mut run, 5), [1]);
        run.finished(1, Ok(created("b")), 6);
        let ids: Vec<_> = run.done().map(|(s, c)| (s, c.token_id.as_str())).collect();
        assert_eq!(ids, [(0, "a"), (1, "b"), (2, "c")]);
        run.assert_invariants();
    }

    #[test]
    fn eta_follows_the_settle_rate_without_pauses() {
        let mut run = Run::new(10, Settings { concurrency: 1, ..Settings::default() });
        assert_eq!(run.eta_ms(0), None);
        run.next_to_start(1_000);
        run.finished(0, Ok(created("a")), 2_000);
        run.next_to_start(2_000);
        run.finished(1, Ok(created("b")), 3_000);
        assert_eq!(run.eta_ms(3_000), Some(8_000), "8 left at 1 s each");
        run.pause(3_000);
        assert_eq!(run.eta_ms(60_000), Some(8_000), "paused time does not count");
        run.resume(60_000);
        run.next_to_start(60_000);
        assert_eq!(run.eta_ms(61_000), Some(8 * 3_000 / 2));
        run.cancel();
        assert_eq!(run.eta_ms(61_000), None);
        assert_eq!(Run::<Created>::new(0, Settings::default()).eta_ms(0), Some(0));
    }

    #[test]
    fn a_restored_run_waits_paused_with_its_settled_rows_kept() {
        let failure = Failure::new(&ApiError::Status { status: 500 }, false);
        let states = vec![
            RowState::Done(created("a")),
            RowState::Running { attempt: 1 },
            RowState::Failed(failure.clone()),
            RowState::Waiting,
            RowState::Cancelled { last: None },
        ];
        let mut run = Run::restore(states, Settings { concurrency: 2, ..Settings::default() }, 5);
        run.assert_invariants();
        assert!(run.is_paused());
        assert_eq!(run.counts(), Counts { done: 1, failed: 1, cancelled: 1, running: 0, left: 2 });
        assert_eq!(run.next_to_start(10), None, "nothing is sent until resumed");
        run.resume(10);
        assert_eq!(start_all(&mut run, 10), [1, 3]);
        run.finished(1, Ok(created("b")), 11);
        run.finished(3, Ok(created("d")), 11);
        assert_eq!(run.rerun_failed(true, 12), 2);
        assert_eq!(start_all(&mut run, 12), [2, 4]);
        run.assert_invariants();
    }

    #[test]
    fn lowering_concurrency_lets_running_rows_finish() {
        let mut run = Run::new(6, Settings { concurrency: 4, ..Settings::default() });
        assert_eq!(start_all(&mut run, 0).len(), 4);
        run.set_concurrency(1);
        run.assert_invariants();
        run.finished(0, Ok(created("a")), 1);
        assert_eq!(run.next_to_start(1), None, "3 still running, limit 1");
        for slot in 1..4 {
            run.finished(slot, Ok(created("x")), 2);
        }
        assert_eq!(start_all(&mut run, 2), [4]);
    }

    #[test]
    fn ten_thousand_rows_schedule_quickly() {
        let started = std::time::Instant::now();
        let mut run = Run::new(10_000, Settings { concurrency: 5, ..Settings::default() });
        let mut now = 0;
        let mut in_flight = Vec::new();
        loop {
            while let Some(s) = run.next_to_start(now) {
                in_flight.push(s);
            }
            let Some(Start { slot, attempt }) = in_flight.pop() else { break };
            now += 10;
            let result = match (slot % 100, attempt) {
                (0, 1) => Err(ApiError::RateLimited { retry_after_secs: None }),
                _ => Ok(created("t")),
            };
            run.finished(slot, result, now);
            if in_flight.is_empty()
                && let Some(at) = run.next_wake(now)
            {
                now = at;
            }
        }
        assert!(run.is_finished());
        assert_eq!(run.counts().done, 10_000);
        let took = started.elapsed();
        assert!(took.as_millis() < 1000, "10,000 rows took {took:?}");
    }

    #[derive(Clone, Copy, Debug)]
    enum Control {
        Nothing,
        Pause,
        Resume,
        Cancel,
        Rerun { cancelled: bool },
        Limit(usize),
    }

    fn control() -> impl Strategy<Value = Control> {
        prop_oneof![
            12 => Just(Control::Nothing),
            1 => Just(Control::Pause),
            2 => Just(Control::Resume),
            1 => Just(Control::Cancel),
            1 => any::<bool>().prop_map(|cancelled| Control::Rerun { cancelled }),
            1 => (1usize..5).prop_map(Control::Limit),
        ]
    }

    fn outcome(code: u8) -> Result<(), ApiError> {
        match code % 10 {
            0..=4 => Ok(()),
            5 => Err(ApiError::RateLimited { retry_after_secs: None }),
            6 => Err(ApiError::RateLimited { retry_after_secs: Some(2) }),
            7 => Err(net()),
            8 => Err(ApiError::from_console(400, Some("Could not process the parameters"))),
            _ => Err(ApiError::Status { status: 500 }),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Random outcomes, durations and controls: no row lost or settled twice, no row in
        /// flight twice, the limit never exceeded, every Ok kept exactly once.
        #[test]
        fn no_row_lost_duplicated_or_over_the_limit(
            rows in 0usize..40,
            concurrency in 1usize..6,
            max_attempts in 1u32..5,
            idempotent in any::<bool>(),
            outcomes in prop::collection::vec(any::<u8>(), 1..64),
            durations in prop::collection::vec(0u64..3_000, 1..64),
            controls in prop::collection::vec(control(), 0..80),
        ) {
            let settings = Settings {
                concurrency, max_attempts, idempotent, backoff_ms: 500, ..Settings::default()
            };
            let mut run: Run<u32> = Run::new(rows, settings);
            let mut now = 0u64;
            let mut in_flight: Vec<(u64, usize, u32)> = Vec::new();
            let mut oks = vec![0u32; rows];
            let mut sent = 0usize;
            let mut limit = concurrency;
            for step in 0.. {
                prop_assert!(step < 100_000, "the run does not end");
                match controls.get(step).copied().unwrap_or(Control::Resume) {
                    Control::Nothing => {}
                    Control::Pause => run.pause(now),
                    Control::Resume => run.resume(now),
                    Control::Cancel => run.cancel(),
                    Control::Rerun { cancelled } => { run.rerun_failed(cancelled, now); }
                    Control::Limit(n) => { run.set_concurrency(n); limit = n; }
                }
                while let Some(start) = run.next_to_start(now) {
                    prop_assert!(!in_flight.iter().any(|f| f.1 == start.slot), "started twice");
                    prop_assert!(in_flight.len() < limit, "over the limit");
                    prop_assert!(start.attempt <= max_attempts);
                    in_flight.push((now + durations[sent % durations.len()], start.slot, sent as u32));
                    sent += 1;
                }
                prop_assert_eq!(run.counts().running, in_flight.len());
                if let Err(e) = run.check_invariants() { prop_assert!(false, "{}", e); }
                let next_answer = in_flight.iter().map(|f| f.0).min();
                let next = match (next_answer, run.next_wake(now)) {
                    (Some(a), Some(w)) => a.min(w),
                    (Some(a), None) => a,
                    (None, Some(w)) => w,
                    (None, None) if run.is_paused() => { run.resume(now); continue; }
                    (None, None) => break,
                };
                prop_assert!(next >= now);
                now = next;
                let (due, later): (Vec<_>, Vec<_>) = in_flight.into_iter().partition(|f| f.0 <= now);
                in_flight = later;
                for (_, slot, n) in due {
                    let result = outcome(outcomes[n as usize % outcomes.len()]).map(|()| n);
                    if result.is_ok() { oks[slot] += 1; }
                    prop_assert!(run.finished(slot, result, now));
                }
            }
            prop_assert!(run.is_finished());
            prop_assert_eq!(run.counts().total(), rows);
            for (slot, state) in run.states().iter().enumerate() {
                prop_assert!(state.is_settled(), "row {} ended {:?}", slot, state);
                prop_assert_eq!(oks[slot], u32::from(matches!(state, RowState::Done(_))));
            }
            let cancels = controls.iter().any(|c| matches!(c, Control::Cancel));
            if !cancels {
                prop_assert_eq!(run.counts().cancelled, 0);
            }
        }
    }
}
