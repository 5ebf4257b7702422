//! The journal of a bulk create run: what the run is (its rows, as planned) and where each row
//! is, kept in the browser's storage while the run goes, so that a closed, reloaded or crashed
//! page loses nothing and a resumed run creates nothing twice. Pure: the bulk screen reads and
//! writes the keys below; native tests check every transition, crashes included.
//!
//! # Keys (in the lasting area: the extension's `storage.local`, else `localStorage`)
//! - [`HEADER_KEY`] (`canarytoken-manager/bulk/run`): [`Header`] as JSON: format and version,
//!   the run's id, the Console and profile name it runs against (never the key), when it started,
//!   how many rows and how many per chunk, the concurrency, whether the Console refused
//!   `skip_create_if_exists`, the attached files by name, type and size (never their bytes), the
//!   secret parameters left out, and the rows skipped for their problems;
//! - [`plan_key`]`(n)` (`.../bulk/plan/<n>`): rows `n·CHUNK ..` as planned ([`PlanRow`]: row
//!   number, kind, memo, flock, custom domain, parameters, attached files by name), written once;
//! - [`rows_key`]`(n)` (`.../bulk/rows/<n>`): where those rows are ([`Mark`]), rewritten as
//!   they change.
//!
//! Never stored: the API key, secret parameters (AWS secret key, session token: the catalog's
//! [`Input::Secret`] fields), the bytes of attached files. Resuming asks for those again (files by
//! name). Everything sits under the app's key prefix, so "Forget all" removes it.
//!
//! # Where a row is ([`Mark`])
//! `planned` (not sent) → `sent` (may have left: its answer is not known) → `created` (token id,
//! URL, hostname; "already there" when the Console returned a token it had) / `failed` (the
//! reason; whether the token may exist anyway) / `cancelled`. Rows skipped for their problems are
//! in the header.
//!
//! # Nothing created twice
//! A row is marked `sent` in storage *before* its request leaves. To keep that from costing a
//! storage round trip per row, rows are marked ahead, a block at a time ([`Ledger::starting`]):
//! the block is written once, and the requests of its rows leave without waiting. So `sent` means
//! "may have been sent". After a crash, a `sent` row is looked up on the Console (kind, memo,
//! flock: [`pick`]) before it is sent again; so is a row whose request failed in a way that does
//! not say whether the token was made ([`Failure::maybe_created`]). Every create asks the
//! Console to `skip_create_if_exists` (reference §12) unless it refused the parameter.
//!
//! # "Already there" or new
//! The Console answers with a token either way. A token counts as already there when another row
//! of this run has it (two rows with one memo get one token), or when the Console made it more
//! than [`CLOCK_SLACK_SECS`] before the row was first (possibly) sent, by its `created` time and
//! the browser's clock; otherwise it is new (made by this row, maybe by a request whose answer
//! was lost). The slack absorbs the two clocks disagreeing; a token made by someone else within
//! it counts as new.

use super::plan::{Job, Plan, PlannedRow, RowStatus, WHOLE_ROW};
use super::run::{Created, Failure, RowState, Run, Settings};
use crate::api::Attachment;
use crate::api::endpoints::NewToken;
use crate::api::types::Token;
use crate::kinds::{Draft, Input, KINDS, Problem};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::Arc;

pub const FORMAT: &str = "canarytoken-manager/bulk-journal";
pub const VERSION: u32 = 1;
/// Where the journal's header is; its other keys start with [`PREFIX`].
pub const HEADER_KEY: &str = "canarytoken-manager/bulk/run";
pub const PREFIX: &str = "canarytoken-manager/bulk/";
/// Rows per stored chunk: a change rewrites one chunk, not the whole run.
pub const CHUNK: usize = 100;
/// How far the browser's and the Console's clocks may disagree, in seconds.
pub const CLOCK_SLACK_SECS: f64 = 120.0;
/// The flock a create without `flock_id` lands in.
pub const DEFAULT_FLOCK: &str = "flock:default";
/// The create parameter that returns an existing token instead of a second one.
pub const SKIP_IF_EXISTS: &str = "skip_create_if_exists";

/// Which page drives the run: `<page id> <ms since the epoch>`, renewed every few seconds
/// while it does. Another page may resume the run only when this is older than [`LEASE_MS`]
/// (the page that drove it was closed), so that two pages never send the same rows.
pub const LEASE_KEY: &str = "canarytoken-manager/bulk/lease";
pub const LEASE_MS: u64 = 6_000;

/// The lease text for `page` at `now` (ms).
pub fn lease(page: &str, now: u64) -> String {
    format!("{page} {now}")
}

/// How long (ms) until the lease `stored` (the lease key's value) lapses, when another page
/// than `page` drove the run less than [`LEASE_MS`] ago; `None` when the run is free.
pub fn leased_elsewhere(stored: Option<&str>, page: &str, now: u64) -> Option<u64> {
    let (holder, at) = stored?.split_once(' ')?;
    let until = at.parse::<u64>().ok()?.saturating_add(LEASE_MS);
    (holder != page && now < until).then(|| until - now)
}

pub fn plan_key(chunk: usize) -> String {
    format!("{PREFIX}plan/{chunk}")
}

pub fn rows_key(chunk: usize) -> String {
    format!("{PREFIX}rows/{chunk}")
}

/// Every key a journal of `rows` rows uses.
pub fn keys(rows: usize) -> Vec<String> {
    let chunks = rows.div_ceil(CHUNK);
    let mut keys = vec![HEADER_KEY.to_owned(), LEASE_KEY.to_owned()];
    keys.extend((0..chunks).map(plan_key));
    keys.extend((0..chunks).map(rows_key));
    keys
}

/// Whom a run belongs to: a journal is resumed only against the same Console and profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub console: String,
    pub profile: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub id: String,
    pub owner: Owner,
    /// Seconds since the epoch.
    pub started: i64,
    pub rows: usize,
    pub chunk: usize,
    pub concurrency: usize,
    /// The Console has not refused `skip_create_if_exists`.
    pub skip_if_exists: bool,
    #[serde(default)]
    pub files: Vec<FileNote>,
    /// Secret parameters the rows had, left out: asked for again on resume.
    #[serde(default)]
    pub secrets: Vec<String>,
    #[serde(default)]
    pub skipped: Vec<SkippedRow>,
}

/// An attached file, without its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileNote {
    pub name: String,
    pub content_type: String,
    pub size: usize,
}

/// A row left out for its problems (it is in the results).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    pub row: usize,
    pub kind: String,
    pub memo: String,
    pub problems: Vec<String>,
}

/// A row as planned, without secrets or file bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    #[serde(rename = "r")]
    pub row: usize,
    #[serde(rename = "k")]
    pub kind: String,
    #[serde(rename = "m")]
    pub memo: String,
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub flock: Option<String>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(rename = "p", default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<(String, String)>,
    /// (parameter, file name).
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<(String, String)>,
    /// Secret parameters the row had (names only).
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<String>,
}

/// Where a row is, as stored. Times are seconds since the epoch (browser clock).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    Planned,
    /// May have been sent; no answer recorded.
    Sent {
        at: i64,
    },
    Created {
        created: Created,
        at: i64,
    },
    Failed {
        failure: Failure,
        at: i64,
    },
    Cancelled {
        last: Option<Failure>,
        at: i64,
    },
}

impl Mark {
    /// Compact JSON: `0` planned; `[1, at]` sent; `[2, at, id, url, hostname, existed]`
    /// created; `[3, at, error, retryable, maybe_created]` failed; `[4, at, error|null,
    /// retryable, maybe_created]` cancelled.
    pub fn to_value(&self) -> Value {
        match self {
            Self::Planned => json!(0),
            Self::Sent { at } => json!([1, at]),
            Self::Created { created: c, at } => {
                json!([2, at, c.token_id, c.url, c.hostname, u8::from(c.existed)])
            }
            Self::Failed { failure: f, at } => {
                json!([3, at, f.error, u8::from(f.retryable), u8::from(f.maybe_created)])
            }
            Self::Cancelled { last: None, at } => json!([4, at, null, 0, 0]),
            Self::Cancelled { last: Some(f), at } => {
                json!([4, at, f.error, u8::from(f.retryable), u8::from(f.maybe_created)])
            }
        }
    }

    pub fn from_value(value: &Value) -> Option<Self> {
        if value.as_u64() == Some(0) {
            return Some(Self::Planned);
        }
        let items = value.as_array()?;
        let at = items.get(1)?.as_i64()?;
        let text = |i: usize| items.get(i).and_then(Value::as_str).map(str::to_owned);
        let flag = |i: usize| items.get(i).and_then(Value::as_u64) == Some(1);
        let failure = |error: String| Failure {
            error,
            field: None,
            retryable: flag(3),
            maybe_created: flag(4),
        };
        Some(match items.first()?.as_u64()? {
            1 => Self::Sent { at },
            2 => Self::Created {
                created: Created {
                    token_id: text(2)?,
                    url: text(3),
                    hostname: text(4),
                    existed: flag(5),
                },
                at,
            },
            3 => Self::Failed { failure: failure(text(2)?), at },
            4 => Self::Cancelled { last: text(2).map(failure), at },
            _ => return None,
        })
    }

    /// Whether a row in this state must be looked up on the Console before it is sent again.
    pub fn needs_check(&self) -> bool {
        match self {
            Self::Sent { .. } => true,
            Self::Failed { failure, .. } | Self::Cancelled { last: Some(failure), .. } => {
                failure.maybe_created
            }
            _ => false,
        }
    }
}

/// The header of a new run.
pub fn header(
    id: String,
    owner: Owner,
    started: i64,
    plan: &Plan,
    jobs: &[Job],
    concurrency: usize,
) -> Header {
    let mut files: Vec<FileNote> = Vec::new();
    let mut secrets: Vec<String> = Vec::new();
    for job in jobs {
        for (_, file) in &job.token.files {
            if !files.iter().any(|f| f.name == file.filename) {
                files.push(FileNote {
                    name: file.filename.clone(),
                    content_type: file.content_type.clone(),
                    size: file.bytes.len(),
                });
            }
        }
        for (name, _) in job.token.params.iter().filter(|(n, _)| is_secret(n)) {
            if !secrets.iter().any(|s| s == name) {
                secrets.push((*name).to_owned());
            }
        }
    }
    let skipped = plan
        .invalid()
        .map(|r| SkippedRow {
            row: r.row,
            kind: r.kind().to_owned(),
            memo: r.memo().to_owned(),
            problems: r.problems().iter().map(|p| p.message.clone()).collect(),
        })
        .collect();
    Header {
        format: FORMAT.to_owned(),
        version: VERSION,
        id,
        owner,
        started,
        rows: jobs.len(),
        chunk: CHUNK,
        concurrency,
        skip_if_exists: true,
        files,
        secrets,
        skipped,
    }
}

/// A job as stored: secrets and file bytes left out.
pub fn plan_row(job: &Job) -> PlanRow {
    let t = &job.token;
    PlanRow {
        row: job.row,
        kind: t.kind.clone(),
        memo: t.memo.clone(),
        flock: t.flock_id.clone(),
        domain: t.custom_domain.clone(),
        params: t
            .params
            .iter()
            .filter(|(n, _)| !is_secret(n) && *n != SKIP_IF_EXISTS)
            .map(|(n, v)| ((*n).to_owned(), v.clone()))
            .collect(),
        files: t.files.iter().map(|(n, f)| ((*n).to_owned(), f.filename.clone())).collect(),
        secrets: t
            .params
            .iter()
            .filter(|(n, _)| is_secret(n))
            .map(|(n, _)| (*n).to_owned())
            .collect(),
    }
}

/// The stored text of plan chunk `chunk`.
pub fn plan_chunk(jobs: &[Job], chunk: usize) -> String {
    let rows: Vec<PlanRow> = chunk_of(jobs, chunk).iter().map(plan_row).collect();
    serde_json::to_string(&rows).expect("plan rows are plain data")
}

/// The stored text of rows chunk `chunk`: each row's [`Mark`].
pub fn rows_chunk(run: &Run<Created>, ledger: &Ledger, chunk: usize) -> String {
    let start = chunk * CHUNK;
    let end = (start + CHUNK).min(run.len());
    let marks: Vec<Value> = (start..end).map(|slot| ledger.mark(run, slot).to_value()).collect();
    Value::Array(marks).to_string()
}

fn chunk_of<T>(items: &[T], chunk: usize) -> &[T] {
    let start = (chunk * CHUNK).min(items.len());
    &items[start..(start + CHUNK).min(items.len())]
}

/// A parameter the catalog marks secret: never stored.
pub fn is_secret(name: &str) -> bool {
    KINDS.iter().flat_map(|k| k.fields).any(|f| f.name == name && matches!(f.input, Input::Secret))
}

/// A journal read back from storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub header: Header,
    pub rows: Vec<PlanRow>,
    pub marks: Vec<Mark>,
}

/// Why a stored journal cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Another format or a newer version.
    Format,
    /// Part of it is missing or damaged.
    Damaged,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Format => {
                "The record of an unfinished bulk run was written by another version of the app \
                 and cannot be read here."
            }
            Self::Damaged => "The record of an unfinished bulk run is incomplete or damaged.",
        })
    }
}

/// Reads a journal: its header, then its plan and rows chunks in order (as many as the header
/// says). A missing rows chunk is read as "sent" (looked up before anything is sent again); a
/// missing plan chunk makes the journal unusable.
pub fn read(
    header: &str,
    plans: &[Option<String>],
    rows: &[Option<String>],
) -> Result<Stored, Unreadable> {
    let probe: Value = serde_json::from_str(header).map_err(|_| Unreadable::Damaged)?;
    if probe.get("format").and_then(Value::as_str) != Some(FORMAT)
        || probe.get("version").and_then(Value::as_u64) != Some(u64::from(VERSION))
    {
        return Err(Unreadable::Format);
    }
    let header: Header = serde_json::from_value(probe).map_err(|_| Unreadable::Damaged)?;
    if header.chunk != CHUNK {
        return Err(Unreadable::Format);
    }
    let chunks = header.rows.div_ceil(CHUNK);
    let mut planned: Vec<PlanRow> = Vec::with_capacity(header.rows);
    for i in 0..chunks {
        let text = plans.get(i).and_then(Option::as_deref).ok_or(Unreadable::Damaged)?;
        let part: Vec<PlanRow> = serde_json::from_str(text).map_err(|_| Unreadable::Damaged)?;
        planned.extend(part);
    }
    if planned.len() != header.rows {
        return Err(Unreadable::Damaged);
    }
    let mut marks = Vec::with_capacity(header.rows);
    for i in 0..chunks {
        let want = CHUNK.min(header.rows - i * CHUNK);
        let part: Option<Vec<Mark>> = rows
            .get(i)
            .and_then(Option::as_deref)
            .and_then(|text| serde_json::from_str::<Vec<Value>>(text).ok())
            .and_then(|values| values.iter().map(Mark::from_value).collect())
            .filter(|part: &Vec<Mark>| part.len() == want);
        marks.extend(part.unwrap_or_else(|| vec![Mark::Sent { at: header.started }; want]));
    }
    Ok(Stored { header, rows: planned, marks })
}

/// What resuming a stored run needs that the journal does not keep: the attached files (by
/// name) and the secret parameters of rows not done yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    pub files: Vec<FileNote>,
    pub secrets: Vec<String>,
}

impl Needs {
    pub fn of(stored: &Stored) -> Self {
        let mut needs = Self::default();
        let open = stored
            .rows
            .iter()
            .zip(&stored.marks)
            .filter(|(_, m)| !matches!(m, Mark::Created { .. }));
        for (row, _) in open {
            for (_, name) in &row.files {
                if !needs.files.iter().any(|f| &f.name == name) {
                    let note = stored.header.files.iter().find(|f| &f.name == name);
                    needs.files.push(note.cloned().unwrap_or(FileNote {
                        name: name.clone(),
                        content_type: String::new(),
                        size: 0,
                    }));
                }
            }
            for secret in &row.secrets {
                if !needs.secrets.contains(secret) {
                    needs.secrets.push(secret.clone());
                }
            }
        }
        needs
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.secrets.is_empty()
    }
}

/// The jobs of a stored run, with `files` attached again by name and `secrets` (parameter,
/// value) put back into the rows that had them. A file not given is left empty (its rows are
/// not resumed until it is: see [`Needs`]).
pub fn jobs(rows: &[PlanRow], files: &[Attachment], secrets: &[(String, String)]) -> Vec<Job> {
    rows.iter()
        .map(|r| {
            let params = r
                .params
                .iter()
                .filter_map(|(n, v)| Some((field_name(n)?, v.clone())))
                .chain(r.secrets.iter().filter_map(|n| {
                    let (_, value) = secrets.iter().find(|(s, _)| s == n)?;
                    Some((field_name(n)?, value.clone()))
                }))
                .collect();
            let attached = r
                .files
                .iter()
                .filter_map(|(param, name)| {
                    let file =
                        files.iter().find(|f| &f.filename == name).cloned().unwrap_or(Attachment {
                            filename: name.clone(),
                            content_type: String::new(),
                            bytes: Arc::from(Vec::new()),
                        });
                    Some((field_name(param)?, file))
                })
                .collect();
            Job {
                row: r.row,
                token: NewToken {
                    kind: r.kind.clone(),
                    memo: r.memo.clone(),
                    flock_id: r.flock.clone(),
                    custom_domain: r.domain.clone(),
                    params,
                    files: attached,
                },
            }
        })
        .collect()
}

/// The plan the screens show for a stored run: its jobs, and the rows skipped for problems.
pub fn plan(header: &Header, jobs: &[Job]) -> Plan {
    let mut rows: Vec<PlannedRow> = jobs
        .iter()
        .map(|j| PlannedRow {
            row: j.row,
            line: None,
            warnings: Vec::new(),
            status: RowStatus::Ready(j.token.clone()),
        })
        .chain(header.skipped.iter().map(|s| {
            PlannedRow {
                row: s.row,
                line: None,
                warnings: Vec::new(),
                status: RowStatus::Invalid {
                    draft: Draft { kind: s.kind.clone(), memo: s.memo.clone(), ..Draft::default() },
                    problems: s
                        .problems
                        .iter()
                        .map(|m| Problem { field: WHOLE_ROW, message: m.clone() })
                        .collect(),
                },
            }
        }))
        .collect();
    crate::sort::sort_by_key(&mut rows, |r| r.row);
    Plan { rows, warnings: Vec::new() }
}

/// The catalog's spelling of a parameter name.
fn field_name(name: &str) -> Option<&'static str> {
    KINDS.iter().flat_map(|k| k.fields).find(|f| f.name == name).map(|f| f.name)
}

/// What the journal knows of each row beyond the scheduler's state, and what is not written
/// yet. The screen calls [`Ledger::starting`] as each row starts, [`Ledger::answered`] as it
/// settles, and writes what [`Ledger::begin_flush`] says (then [`Ledger::flushed`]).
#[derive(Clone, Debug)]
pub struct Ledger {
    /// When the row was (possibly) sent first, seconds since the epoch; 0: never.
    sent_at: Vec<i64>,
    /// Look the row up on the Console before sending it.
    check: Vec<bool>,
    /// The flush that writes the row's `sent` mark (0: nothing to wait for).
    need: Vec<u32>,
    /// Rows chunks changed since they were last written.
    dirty: Vec<bool>,
    header_dirty: bool,
    plan_dirty: bool,
    /// Every row before this one is marked sent (or settled) ahead of its start.
    frontier: usize,
    /// Rows marked ahead at a time.
    ahead: usize,
    next_flush: u32,
    written: u32,
    /// The latest flush a row's `sent` mark waits for.
    wanted: u32,
}

/// What to write now: the header, the plan (the first time), and these rows chunks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flush {
    pub number: u32,
    pub header: bool,
    pub plan: bool,
    pub chunks: Vec<usize>,
}

impl Ledger {
    /// The ledger of a new run of `rows` rows: everything is to be written.
    pub fn new(rows: usize, concurrency: usize) -> Self {
        Self {
            sent_at: vec![0; rows],
            check: vec![false; rows],
            need: vec![0; rows],
            dirty: vec![true; rows.div_ceil(CHUNK)],
            header_dirty: true,
            plan_dirty: true,
            frontier: 0,
            ahead: Self::block(concurrency),
            next_flush: 1,
            written: 0,
            wanted: 0,
        }
    }

    /// Rows marked sent ahead at a time: enough that the requests of a block leave while the
    /// next block is written (an extension's storage takes some milliseconds a write; a fast
    /// Console answers in less), few enough that a resume looks up few rows never sent.
    pub fn block(concurrency: usize) -> usize {
        (concurrency * 32).clamp(96, 320)
    }

    /// A stored run read back: the scheduler's states for [`Run::restore`], and the ledger (all
    /// of it written; rows that may have been sent are to be looked up first).
    pub fn restored(marks: &[Mark], concurrency: usize) -> (Self, Vec<RowState<Created>>) {
        let mut ledger = Self::new(marks.len(), concurrency);
        ledger.dirty.fill(false);
        ledger.header_dirty = false;
        ledger.plan_dirty = false;
        let states = marks
            .iter()
            .enumerate()
            .map(|(slot, mark)| {
                ledger.check[slot] = mark.needs_check();
                let (state, at) = match mark.clone() {
                    Mark::Planned => (RowState::Waiting, 0),
                    Mark::Sent { at } => (RowState::Waiting, at),
                    Mark::Created { created, at } => (RowState::Done(created), at),
                    Mark::Failed { failure, at } => (RowState::Failed(failure), at),
                    Mark::Cancelled { last, at } => (RowState::Cancelled { last }, at),
                };
                ledger.sent_at[slot] = at;
                state
            })
            .collect();
        (ledger, states)
    }

    /// Where row `slot` is, for storage.
    pub fn mark(&self, run: &Run<Created>, slot: usize) -> Mark {
        let at = self.sent_at[slot];
        match run.state(slot) {
            RowState::Waiting if at == 0 => Mark::Planned,
            RowState::Waiting | RowState::Running { .. } | RowState::RetryAt { .. } => {
                Mark::Sent { at }
            }
            RowState::Done(created) => Mark::Created { created: created.clone(), at },
            RowState::Failed(failure) => Mark::Failed { failure: failure.clone(), at },
            RowState::Cancelled { last } => Mark::Cancelled { last: last.clone(), at },
        }
    }

    /// Row `slot` starts at `now` (seconds): it is marked sent, and so are the next rows that
    /// will start after it, a block at a time. Returns the flush its request must wait for,
    /// if its mark is not written yet.
    pub fn starting(&mut self, run: &Run<Created>, slot: usize, now: i64) -> Option<u32> {
        let fresh = self.sent_at[slot] == 0;
        if fresh || !self.check[slot] {
            // Sent now: a row never sent, or marked ahead, or one the Console refused or rate
            // limited (nothing was made, so the time that counts is this one). A row that may
            // have been sent keeps its first time, which its lookup goes by.
            self.sent_at[slot] = now;
            self.touch(slot);
        }
        if fresh {
            self.need[slot] = self.next_flush;
            self.wanted = self.next_flush;
        }
        if self.frontier < slot + 1 + self.ahead / 2 {
            let mut next = self.frontier.max(slot + 1);
            while next < run.len() && next < slot + 1 + self.ahead {
                if self.sent_at[next] == 0 && matches!(run.state(next), RowState::Waiting) {
                    self.sent_at[next] = now;
                    self.need[next] = self.next_flush;
                    self.wanted = self.next_flush;
                    self.touch(next);
                }
                next += 1;
            }
            self.frontier = next;
        }
        (self.need[slot] > self.written).then_some(self.need[slot])
    }

    /// Row `slot` settled (or was retried); `maybe_created` when its request failed in a way
    /// that does not say whether the token was made: it is looked up before it is sent again.
    pub fn answered(&mut self, slot: usize, maybe_created: bool) {
        if maybe_created {
            self.check[slot] = true;
        }
        self.touch(slot);
    }

    /// Many rows changed at once (cancel, rerun): rewrite them all.
    pub fn touch_all(&mut self) {
        self.dirty.fill(true);
    }

    /// The header changed (the Console refused `skip_create_if_exists`).
    pub fn touch_header(&mut self) {
        self.header_dirty = true;
    }

    fn touch(&mut self, slot: usize) {
        if let Some(d) = self.dirty.get_mut(slot / CHUNK) {
            *d = true;
        }
    }

    /// What to write now, if anything: the caller encodes and writes it, then calls
    /// [`Ledger::flushed`] with its number. Flushes are written one after another.
    pub fn begin_flush(&mut self) -> Option<Flush> {
        if self.given_up() {
            return None;
        }
        let chunks: Vec<usize> = (0..self.dirty.len()).filter(|&c| self.dirty[c]).collect();
        if chunks.is_empty() && !self.header_dirty && !self.plan_dirty {
            return None;
        }
        self.dirty.fill(false);
        let flush = Flush {
            number: self.next_flush,
            header: std::mem::take(&mut self.header_dirty),
            plan: std::mem::take(&mut self.plan_dirty),
            chunks,
        };
        self.next_flush += 1;
        Some(flush)
    }

    /// Flush `number` is in storage: requests waiting for it may leave.
    pub fn flushed(&mut self, number: u32) {
        self.written = self.written.max(number);
    }

    /// Storage refused a write: journaling stops, and nothing waits for it any more.
    pub fn give_up(&mut self) {
        self.written = u32::MAX;
        self.next_flush = u32::MAX;
    }

    /// Whether the journal gave up.
    pub fn given_up(&self) -> bool {
        self.written == u32::MAX
    }

    /// The last flush in storage.
    pub fn written(&self) -> u32 {
        self.written
    }

    /// Rows marked sent are not written yet: write now, not after a pause for more answers.
    pub fn urgent(&self) -> bool {
        self.wanted > self.written
    }

    /// Something changed that is not written yet.
    pub fn pending(&self) -> bool {
        !self.given_up() && (self.header_dirty || self.plan_dirty || self.dirty.contains(&true))
    }

    pub fn sent_at(&self, slot: usize) -> i64 {
        self.sent_at[slot]
    }

    /// Whether row `slot` is to be looked up on the Console before it is sent.
    pub fn needs_check(&self, slot: usize) -> bool {
        self.check[slot]
    }

    /// How many rows are to be looked up before they are sent.
    pub fn checks(&self, run: &Run<Created>) -> usize {
        (0..run.len()).filter(|&s| self.check[s] && !run.state(s).is_settled()).count()
    }
}

/// Whether a token the Console returned for a row sent at `sent_at` was there before: another
/// row has it, or the Console made it more than [`CLOCK_SLACK_SECS`] before the row was sent.
pub fn existed(token: &Token, sent_at: i64, claimed_by_another_row: bool) -> bool {
    claimed_by_another_row
        || token.created().is_some_and(|made| made < sent_at as f64 - CLOCK_SLACK_SECS)
}

/// The token a lookup found for `row` among `tokens` (a search by kind and memo words): the
/// same kind, exact memo and flock, and no other row's. Prefers one made since the row was
/// sent (its lost answer's), then the newest. Returns it with whether it was already there.
pub fn pick<'a>(
    row: &NewToken,
    tokens: impl IntoIterator<Item = &'a Token>,
    sent_at: i64,
    claimed: impl Fn(&str) -> bool,
) -> Option<(&'a Token, bool)> {
    let flock = row.flock_id.as_deref().unwrap_or(DEFAULT_FLOCK);
    let newest = tokens
        .into_iter()
        .filter(|t| t.kind() == row.kind && t.memo() == row.memo && t.flock_id() == flock)
        .filter(|t| !claimed(t.id()))
        .max_by(|a, b| a.created().unwrap_or(0.0).total_cmp(&b.created().unwrap_or(0.0)))?;
    Some((newest, existed(newest, sent_at, false)))
}

/// The words of `memo` to search the Console with (word prefixes match; the first few words
/// are enough, the rest is compared exactly).
pub fn search_words(memo: &str) -> String {
    let words: Vec<&str> =
        memo.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(8).collect();
    words.join(" ")
}

/// The settings a restored run goes on with.
pub fn settings(header: &Header) -> Settings {
    Settings { concurrency: header.concurrency.max(1), ..Settings::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::api::error::Unreachable;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn token(id: &str, kind: &str, memo: &str, flock: &str, created: f64) -> Token {
        let fields = json!({"canarytoken": id, "kind": kind, "memo": memo, "flock_id": flock,
            "created": format!("{created:.6}"), "url": format!("http://x/{id}"), "hostname": format!("{id}.x")});
        serde_json::from_value(fields).unwrap()
    }

    fn jobs_of(memos: &[&str]) -> Vec<Job> {
        memos
            .iter()
            .enumerate()
            .map(|(i, m)| Job {
                row: i + 1,
                token: NewToken { kind: "dns".into(), memo: (*m).into(), ..NewToken::default() },
            })
            .collect()
    }

    fn failure(error: &ApiError) -> Failure {
        Failure { field: None, ..Failure::new(error, false) }
    }

    fn server_error() -> ApiError {
        ApiError::Status { status: 500 }
    }

    #[test]
    fn marks_round_trip_in_their_compact_form() {
        let made = Created {
            token_id: "t1".into(),
            url: Some("http://x/t1".into()),
            hostname: None,
            existed: true,
        };
        let refused = failure(&ApiError::from_console(400, Some("Empty memo")));
        for mark in [
            Mark::Planned,
            Mark::Sent { at: 17 },
            Mark::Created { created: made, at: 18 },
            Mark::Failed { failure: failure(&server_error()), at: 19 },
            Mark::Failed { failure: refused.clone(), at: 19 },
            Mark::Cancelled { last: None, at: 0 },
            Mark::Cancelled { last: Some(refused), at: 20 },
        ] {
            let text = mark.to_value().to_string();
            let back = Mark::from_value(&serde_json::from_str(&text).unwrap());
            assert_eq!(back.as_ref(), Some(&mark), "{text}");
        }
        assert_eq!(Mark::from_value(&json!([9, 1])), None);
        assert_eq!(Mark::from_value(&json!("x")), None);
        assert!(Mark::Sent { at: 1 }.needs_check());
        assert!(Mark::Failed { failure: failure(&server_error()), at: 1 }.needs_check());
        assert!(!Mark::Planned.needs_check());
    }

    #[test]
    fn rows_are_marked_sent_before_they_start_a_block_at_a_time() {
        let n = 250;
        let mut run: Run = Run::new(n, Settings { concurrency: 3, ..Settings::default() });
        let mut ledger = Ledger::new(n, 3);
        let first = run.next_to_start(0).unwrap();
        assert_eq!(ledger.starting(&run, first.slot, 100), Some(1), "the first waits for flush 1");
        let flush = ledger.begin_flush().unwrap();
        assert_eq!(flush, Flush { number: 1, header: true, plan: true, chunks: vec![0, 1, 2] });
        for slot in 1..Ledger::block(3) {
            assert_eq!(
                ledger.mark(&run, slot),
                Mark::Sent { at: 100 },
                "row {slot} is marked ahead"
            );
        }
        assert_eq!(ledger.mark(&run, Ledger::block(3) + 1), Mark::Planned);
        ledger.flushed(1);
        // Start every row in order, writing what is asked after each start: few rows wait.
        let mut waited = 1;
        run.finished(first.slot, Ok(Created::default()), 1);
        while let Some(start) = run.next_to_start(2) {
            if ledger.starting(&run, start.slot, 101).is_some() {
                waited += 1;
            }
            if let Some(f) = ledger.begin_flush() {
                ledger.flushed(f.number);
            }
            ledger.answered(start.slot, false);
            run.finished(start.slot, Ok(Created::default()), 3);
        }
        assert!(run.is_finished());
        assert!(waited <= 2, "{waited} of {n} requests waited for storage");
    }

    #[test]
    fn every_transition_is_stored() {
        let jobs = jobs_of(&["a", "b", "c", "d", "e"]);
        let mut run: Run = Run::new(jobs.len(), Settings { concurrency: 4, ..Settings::default() });
        let mut ledger = Ledger::new(jobs.len(), 4);
        assert!((0..5).all(|s| ledger.mark(&run, s) == Mark::Planned), "planned");
        let starts: Vec<usize> =
            std::iter::from_fn(|| run.next_to_start(0)).map(|s| s.slot).collect();
        for &slot in &starts {
            ledger.starting(&run, slot, 50);
        }
        assert_eq!(ledger.mark(&run, 0), Mark::Sent { at: 50 }, "sent");
        let made = Created { token_id: "t0".into(), ..Created::default() };
        let answers: [(usize, Result<Created, ApiError>); 4] = [
            (0, Ok(made.clone())),
            (1, Err(ApiError::from_console(400, Some("Empty memo")))),
            (2, Err(server_error())),
            (3, Err(ApiError::Unreachable { console: "c".into(), why: Unreachable::Network })),
        ];
        for (slot, result) in answers {
            let maybe = result.as_ref().err().is_some_and(|e| Failure::new(e, false).maybe_created);
            ledger.answered(slot, maybe);
            run.finished(slot, result, 60);
        }
        assert_eq!(ledger.mark(&run, 0), Mark::Created { created: made, at: 50 }, "created");
        assert!(matches!(
            ledger.mark(&run, 1),
            Mark::Failed { failure: Failure { maybe_created: false, .. }, .. }
        ));
        assert!(!ledger.needs_check(1), "a refusal says nothing was made");
        assert!(matches!(
            ledger.mark(&run, 2),
            Mark::Failed { failure: Failure { maybe_created: true, .. }, .. }
        ));
        assert!(ledger.needs_check(2), "a server error may have made it: look it up first");
        assert_eq!(ledger.mark(&run, 3), Mark::Sent { at: 50 }, "waiting to retry: may have left");
        assert!(ledger.needs_check(3));
        run.cancel();
        ledger.touch_all();
        assert!(matches!(ledger.mark(&run, 3), Mark::Cancelled { last: Some(_), at: 50 }));
        assert!(matches!(ledger.mark(&run, 4), Mark::Cancelled { last: None, .. }), "cancelled");
        assert_eq!(run.rerun_failed(true, 70), 4);
        assert_eq!(ledger.mark(&run, 1), Mark::Sent { at: 50 }, "queued again: sent before");
        // A refused row is sent again with a new time; one that may exist keeps its first.
        ledger.starting(&run, 1, 80);
        ledger.starting(&run, 2, 80);
        assert_eq!((ledger.sent_at(1), ledger.sent_at(2)), (80, 50));
    }

    /// Writes what the ledger asks into `storage`, as the screen does.
    fn write(storage: &mut HashMap<String, String>, flush: &Flush, items: Vec<(String, String)>) {
        let _ = flush;
        storage.extend(items);
    }

    fn items(
        flush: &Flush,
        header: &Header,
        jobs: &[Job],
        run: &Run,
        ledger: &Ledger,
    ) -> Vec<(String, String)> {
        let mut items = Vec::new();
        if flush.header {
            items.push((HEADER_KEY.to_owned(), serde_json::to_string(header).unwrap()));
        }
        if flush.plan {
            items.extend(
                (0..jobs.len().div_ceil(CHUNK)).map(|c| (plan_key(c), plan_chunk(jobs, c))),
            );
        }
        items.extend(flush.chunks.iter().map(|&c| (rows_key(c), rows_chunk(run, ledger, c))));
        items
    }

    fn read_back(storage: &HashMap<String, String>) -> Result<Stored, Unreadable> {
        let header = storage.get(HEADER_KEY).ok_or(Unreadable::Damaged)?;
        let rows: usize =
            serde_json::from_str::<Header>(header).map_err(|_| Unreadable::Damaged)?.rows;
        let chunks = rows.div_ceil(CHUNK);
        let plans: Vec<Option<String>> =
            (0..chunks).map(|c| storage.get(&plan_key(c)).cloned()).collect();
        let marks: Vec<Option<String>> =
            (0..chunks).map(|c| storage.get(&rows_key(c)).cloned()).collect();
        read(header, &plans, &marks)
    }

    fn owner() -> Owner {
        Owner { console: "https://ab12cd34.canary.tools".into(), profile: "Acme".into() }
    }

    #[test]
    fn a_crash_between_sent_and_answered_is_looked_up_on_resume() {
        let jobs = jobs_of(&["a", "b", "c"]);
        let plan = Plan { rows: Vec::new(), warnings: Vec::new() };
        let header = header("r1".into(), owner(), 40, &plan, &jobs, 2);
        let mut storage = HashMap::new();
        let mut run: Run = Run::new(3, Settings { concurrency: 2, ..Settings::default() });
        let mut ledger = Ledger::new(3, 2);
        let a = run.next_to_start(0).unwrap().slot;
        ledger.starting(&run, a, 50);
        let f = ledger.begin_flush().unwrap();
        write(&mut storage, &f, items(&f, &header, &jobs, &run, &ledger));
        ledger.flushed(f.number);
        ledger.answered(a, false);
        run.finished(a, Ok(Created { token_id: "ta".into(), ..Created::default() }), 1);
        let b = run.next_to_start(1).unwrap().slot;
        assert_eq!(ledger.starting(&run, b, 51), None, "marked ahead: b leaves at once");
        let f = ledger.begin_flush().unwrap();
        write(&mut storage, &f, items(&f, &header, &jobs, &run, &ledger));
        // The page dies here: b was sent, its answer never recorded.
        let stored = read_back(&storage).unwrap();
        assert_eq!(stored.header, header);
        assert_eq!(
            stored.rows.iter().map(|r| r.memo.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert!(
            matches!(&stored.marks[0], Mark::Created { created, .. } if created.token_id == "ta")
        );
        assert_eq!(stored.marks[1], Mark::Sent { at: 51 }, "b: possibly sent, when it left");
        assert_eq!(stored.marks[2], Mark::Sent { at: 50 }, "c was marked ahead too");
        let (ledger, states) = Ledger::restored(&stored.marks, 2);
        let run = Run::restore(states, settings(&stored.header), 0);
        assert!(run.is_paused() && !run.is_finished());
        assert!(matches!(run.state(0), RowState::Done(_)));
        assert!(ledger.needs_check(1) && ledger.needs_check(2), "looked up before being sent");
        assert_eq!(ledger.checks(&run), 2);
        assert!(!ledger.needs_check(0));
    }

    #[test]
    fn the_journal_keeps_no_secret_and_no_file_bytes() {
        let png = Attachment {
            filename: "logo.png".into(),
            content_type: "image/png".into(),
            bytes: Arc::from(&b"\x89PNG\r\n\x1a\nsecret-bytes"[..]),
        };
        let csv = "kind,memo,web_image,s3_source_bucket,s3_log_bucket,aws_access_key,aws_secret_key,aws_region\n\
                   web-image,Lobby,logo.png,,,,,\n\
                   aws-s3,Bucket,,src-bucket,log-bucket,AKIAABCDEFGHIJKLMNOP,wJalrXUtnFEMI/K7MDENG,us-east-1\n\
                   nope,Bad,,,,,,\n";
        let plan =
            Plan::from_csv(csv, std::slice::from_ref(&png), crate::bulk::Offer::default()).unwrap();
        let jobs = plan.jobs(true).unwrap();
        let header = header("r".into(), owner(), 1, &plan, &jobs, 3);
        let text = format!("{}{}", serde_json::to_string(&header).unwrap(), plan_chunk(&jobs, 0));
        for secret in ["wJalrXUtnFEMI", "secret-bytes"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("AKIAABCDEFGHIJKLMNOP"), "the access key id is no secret");
        assert_eq!(header.secrets, ["aws_secret_key"]);
        assert_eq!(
            header.files,
            [FileNote { name: "logo.png".into(), content_type: "image/png".into(), size: 20 }]
        );
        assert_eq!(header.skipped.len(), 1);
        assert_eq!(header.skipped[0].row, 3);

        let rows: Vec<PlanRow> = serde_json::from_str(&plan_chunk(&jobs, 0)).unwrap();
        let stored =
            Stored { header: header.clone(), rows: rows.clone(), marks: vec![Mark::Planned; 2] };
        let needs = Needs::of(&stored);
        assert_eq!(needs.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["logo.png"]);
        assert_eq!(needs.secrets, ["aws_secret_key"]);
        let again = super::jobs(
            &rows,
            &[png],
            &[("aws_secret_key".into(), "wJalrXUtnFEMI/K7MDENG".into())],
        );
        assert_eq!(again, jobs, "files and secrets given again make the same requests");
        let shown = super::plan(&header, &again);
        assert_eq!(shown.rows.len(), 3);
        assert_eq!(shown.invalid_count(), 1);
        assert_eq!(shown.jobs(true).unwrap(), jobs);
    }

    #[test]
    fn other_formats_are_refused_and_missing_rows_read_as_sent() {
        let jobs = jobs_of(&["a"; 150]);
        let plan = Plan::default();
        let header = header("r".into(), owner(), 33, &plan, &jobs, 3);
        let text = serde_json::to_string(&header).unwrap();
        let plans = [Some(plan_chunk(&jobs, 0)), Some(plan_chunk(&jobs, 1))];
        let stored = read(&text, &plans, &[None, Some("[0]".into())]).unwrap();
        assert!(
            stored.marks.iter().all(|m| *m == Mark::Sent { at: 33 }),
            "unknown rows are looked up"
        );
        assert_eq!(stored.marks.len(), 150);
        assert_eq!(read(&text, &plans[..1], &[]), Err(Unreadable::Damaged));
        let newer = text.replace("\"version\":1", "\"version\":2");
        assert_eq!(read(&newer, &plans, &[]), Err(Unreadable::Format));
        assert_eq!(read("{}", &plans, &[]), Err(Unreadable::Format));
        assert_eq!(read("not json", &plans, &[]), Err(Unreadable::Damaged));
        assert_eq!(keys(150).len(), 6);
    }

    #[test]
    fn a_run_is_driven_by_one_page_at_a_time() {
        let held = lease("page-a", 10_000);
        assert_eq!(leased_elsewhere(Some(&held), "page-b", 12_000), Some(LEASE_MS - 2_000));
        assert_eq!(leased_elsewhere(Some(&held), "page-a", 12_000), None, "its own lease");
        assert_eq!(leased_elsewhere(Some(&held), "page-b", 10_000 + LEASE_MS), None, "it lapsed");
        assert_eq!(leased_elsewhere(None, "page-b", 0), None);
        assert_eq!(leased_elsewhere(Some("garbage"), "page-b", 0), None);
    }

    #[test]
    fn lookups_pick_the_rows_token_and_tell_new_from_already_there() {
        let row = NewToken { kind: "dns".into(), memo: "Desk 7".into(), ..NewToken::default() };
        let sent = 1_000_000;
        let tokens = [
            token("other-kind", "http", "Desk 7", DEFAULT_FLOCK, 1e6),
            token("other-memo", "dns", "Desk 70", DEFAULT_FLOCK, 1e6),
            token("other-flock", "dns", "Desk 7", "flock:x", 1e6),
            token("old", "dns", "Desk 7", DEFAULT_FLOCK, 900_000.0),
            token("mine", "dns", "Desk 7", DEFAULT_FLOCK, 1_000_001.0),
        ];
        let (found, there) = pick(&row, &tokens, sent, |_| false).unwrap();
        assert_eq!((found.id(), there), ("mine", false), "made by the lost request");
        let (found, there) = pick(&row, &tokens, sent, |id| id == "mine").unwrap();
        assert_eq!((found.id(), there), ("old", true), "another row has the new one");
        assert!(pick(&row, &tokens[..3], sent, |_| false).is_none());
        // Clocks a minute apart still count a token made by the request as new.
        let skewed = token("mine", "dns", "Desk 7", DEFAULT_FLOCK, sent as f64 - 60.0);
        assert!(!existed(&skewed, sent, false));
        assert!(existed(&skewed, sent, true), "another row's token is already there");
        assert_eq!(
            search_words("Laptop 0042 (finance, 2nd floor) — Zürich"),
            "Laptop 0042 finance 2nd floor Zürich"
        );
    }

    /// A Console for the protocol test: creates tokens (returning an existing one when asked
    /// to skip and it supports that), finds them, and sometimes fails before or after acting.
    struct Console {
        tokens: Vec<Token>,
        skips: bool,
        made: u32,
    }

    impl Console {
        fn create(&mut self, row: &NewToken, skip: bool, now: i64) -> Token {
            let same = |t: &&Token| t.kind() == row.kind && t.memo() == row.memo;
            if let Some(t) = self.tokens.iter().find(same).filter(|_| skip && self.skips) {
                return t.clone();
            }
            self.made += 1;
            let t =
                token(&format!("t{}", self.made), &row.kind, &row.memo, DEFAULT_FLOCK, now as f64);
            self.tokens.push(t.clone());
            t
        }
    }

    struct Request {
        slot: usize,
        wait: Option<u32>,
        answer: Option<Result<Created, ApiError>>,
    }

    /// What the bulk screen does with a row that may leave now: look it up first if it may
    /// exist, else create it (asking to skip an existing one), and tell new from already there.
    fn send(
        console: &mut Console,
        run: &Run,
        ledger: &Ledger,
        job: &Job,
        slot: usize,
        now: i64,
        fate: u8,
    ) -> Result<Created, ApiError> {
        let claimed = |id: &str| run.done().any(|(s, c)| s != slot && c.token_id == id);
        if ledger.needs_check(slot)
            && let Some((t, existed)) =
                pick(&job.token, &console.tokens, ledger.sent_at(slot), claimed)
        {
            return Ok(Created { existed, ..Created::from_token(t) });
        }
        match fate % 8 {
            0 => return Err(server_error()),
            1 => {
                return Err(ApiError::Unreachable {
                    console: "c".into(),
                    why: Unreachable::Network,
                });
            }
            2 => return Err(ApiError::RateLimited { retry_after_secs: None }),
            _ => {}
        }
        let t = console.create(&job.token, true, now);
        if fate % 8 == 3 {
            // Made, but the answer was a proxy's error page.
            return Err(ApiError::Undecodable { status: 502, html: true });
        }
        Ok(Created {
            existed: existed(&t, ledger.sent_at(slot), claimed(t.id())),
            ..Created::from_token(&t)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Random starts, writes, answers, failures and crashes (the page dying with requests in
        /// flight and writes pending), with and without `skip_create_if_exists`: once resumed
        /// and rerun to the end, every row has exactly one token on the Console, and it is the
        /// row's; none is made twice.
        #[test]
        fn crashes_lose_nothing_and_create_nothing_twice(
            rows in 1usize..30,
            concurrency in 1usize..5,
            skips in any::<bool>(),
            steps in proptest::collection::vec((0u8..8, any::<u8>()), 0..300),
        ) {
            let memos: Vec<String> = (0..rows).map(|i| format!("m{i}")).collect();
            let jobs = jobs_of(&memos.iter().map(String::as_str).collect::<Vec<_>>());
            let header = header("r".into(), owner(), 1, &Plan::default(), &jobs, concurrency);
            let mut console = Console { tokens: Vec::new(), skips, made: 0 };
            let mut storage: HashMap<String, String> = HashMap::new();
            let settings = Settings { concurrency, backoff_ms: 0, max_backoff_ms: 0, ..Settings::default() };
            let mut run: Run = Run::new(rows, settings);
            let mut ledger = Ledger::new(rows, concurrency);
            let mut flight: Vec<Request> = Vec::new();
            let mut pending: Option<(u32, Vec<(String, String)>)> = None;
            let mut now: i64 = 10;
            let mut fates = steps.iter().map(|s| s.1).cycle();
            let mut fate = move || fates.next().unwrap_or(7);

            let finish = |run: &mut Run, ledger: &mut Ledger, slot: usize, result: Result<Created, ApiError>, now: i64| {
                let maybe = result.as_ref().err().is_some_and(|e| Failure::new(e, false).maybe_created);
                ledger.answered(slot, maybe);
                prop_assert!(run.finished(slot, result, now as u64));
                Ok(())
            };

            for (action, pick_at) in steps.iter().copied().chain(std::iter::repeat_n((99, 0), 2_000)) {
                now += 1;
                let t = now as u64;
                match action {
                    // The end: no more crashes; rerun whatever failed until all is done.
                    99 => {
                        if run.is_finished() && run.counts().done == rows && flight.is_empty() {
                            break;
                        }
                        run.resume(t);
                        if run.is_finished() && flight.is_empty() {
                            run.rerun_failed(true, t);
                            ledger.touch_all();
                        }
                        while let Some(s) = run.next_to_start(t) {
                            let wait = ledger.starting(&run, s.slot, now);
                            flight.push(Request { slot: s.slot, wait, answer: None });
                        }
                        if let Some((n, items)) = pending.take() {
                            storage.extend(items);
                            ledger.flushed(n);
                        }
                        if let Some(f) = ledger.begin_flush() {
                            pending = Some((f.number, items(&f, &header, &jobs, &run, &ledger)));
                        }
                        for r in flight.iter_mut().filter(|r| r.answer.is_none() && r.wait.is_none_or(|w| w <= ledger.written())) {
                            r.answer = Some(send(&mut console, &run, &ledger, &jobs[r.slot], r.slot, now, 7));
                        }
                        let answered: Vec<Request> = flight.extract_if(.., |r| r.answer.is_some()).collect();
                        for r in answered {
                            finish(&mut run, &mut ledger, r.slot, r.answer.unwrap(), now)?;
                        }
                    }
                    0 | 1 => {
                        while let Some(s) = run.next_to_start(t) {
                            let wait = ledger.starting(&run, s.slot, now);
                            flight.push(Request { slot: s.slot, wait, answer: None });
                        }
                    }
                    2 => {
                        if pending.is_none() && let Some(f) = ledger.begin_flush() {
                            pending = Some((f.number, items(&f, &header, &jobs, &run, &ledger)));
                        }
                    }
                    3 => {
                        if let Some((n, items)) = pending.take() {
                            storage.extend(items);
                            ledger.flushed(n);
                        }
                    }
                    4 => {
                        // A request reaches the Console, if its mark is written.
                        let ready: Vec<usize> = (0..flight.len())
                            .filter(|&i| flight[i].answer.is_none() && flight[i].wait.is_none_or(|w| w <= ledger.written()))
                            .collect();
                        if let Some(&i) = ready.get(pick_at as usize % ready.len().max(1)) {
                            let slot = flight[i].slot;
                            flight[i].answer = Some(send(&mut console, &run, &ledger, &jobs[slot], slot, now, fate()));
                        }
                    }
                    5 => {
                        let done: Vec<usize> = (0..flight.len()).filter(|&i| flight[i].answer.is_some()).collect();
                        if let Some(&i) = done.get(pick_at as usize % done.len().max(1)) {
                            let r = flight.swap_remove(i);
                            finish(&mut run, &mut ledger, r.slot, r.answer.unwrap(), now)?;
                        }
                    }
                    6 => {
                        // The page dies: answers in flight are lost; a pending write landed or not.
                        if let Some((_, items)) = pending.take().filter(|_| pick_at % 2 == 0) {
                            storage.extend(items);
                        }
                        flight.clear();
                        match read_back(&storage) {
                            Ok(stored) => {
                                let (l, states) = Ledger::restored(&stored.marks, concurrency);
                                ledger = l;
                                run = Run::restore(states, settings, t);
                                run.resume(t);
                            }
                            Err(_) => {
                                // Nothing was written yet, so nothing was sent either.
                                prop_assert!(console.tokens.is_empty());
                                run = Run::new(rows, settings);
                                ledger = Ledger::new(rows, concurrency);
                            }
                        }
                    }
                    _ => {
                        if pick_at % 4 == 0 {
                            run.pause(t);
                        } else {
                            run.resume(t);
                        }
                    }
                }
                prop_assert!(run.check_invariants().is_ok(), "{:?}", run.check_invariants());
            }
            prop_assert_eq!(run.counts().done, rows, "every row done: {:?}", run.counts());
            for (slot, memo) in memos.iter().enumerate() {
                let on_console: Vec<&Token> = console.tokens.iter().filter(|t| t.memo() == memo).collect();
                prop_assert_eq!(on_console.len(), 1, "{} made {} times", memo, on_console.len());
                let RowState::Done(c) = run.state(slot) else { unreachable!() };
                prop_assert_eq!(&c.token_id, &on_console[0].id().to_owned());
                prop_assert!(!c.existed, "{} was new", memo);
            }
        }
    }

    #[test]
    fn two_rows_with_one_memo_get_one_token() {
        let mut console = Console { tokens: Vec::new(), skips: true, made: 0 };
        let jobs = jobs_of(&["same", "same"]);
        let mut run: Run = Run::new(2, Settings { concurrency: 1, ..Settings::default() });
        let mut ledger = Ledger::new(2, 1);
        for (slot, job) in jobs.iter().enumerate() {
            run.next_to_start(0);
            ledger.starting(&run, slot, 5);
            let answer = send(&mut console, &run, &ledger, job, slot, 5, 7);
            run.finished(slot, answer, 1);
        }
        let ids: Vec<(&str, bool)> =
            run.done().map(|(_, c)| (c.token_id.as_str(), c.existed)).collect();
        assert_eq!(ids, [("t1", false), ("t1", true)]);
        assert_eq!(console.made, 1);
    }
}
