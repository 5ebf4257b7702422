//! Bulk deployment and export, as pure logic (no DOM, no network): the bulk-jobs screen drives
//! it, and native tests check it.
//!
//! The flow of a bulk create:
//! 1. [`plan`]: a CSV ([`Plan::from_csv`]) or one kind and a memo pattern
//!    ([`Plan::from_pattern`], [`pattern`]) becomes checked rows, each ready (a
//!    [`NewToken`](crate::api::endpoints::NewToken)) or with its problems; the preview shows them,
//!    and [`Plan::jobs`] refuses to send while problems remain unless the user skips those rows.
//! 2. [`run`]: a [`Run`] schedules the jobs: bounded concurrency, backoff and retry on rate
//!    limiting and network failures, pause/resume/cancel, counts and an ETA, every row's outcome
//!    kept; [`Run::rerun_failed`] runs the failed rows again.
//! 3. [`outcome`]: the outcome CSV, and the files to fetch for "Download all files", which
//!    [`zip`] packs into one archive named `<row>-<memo-slug>.<ext>` per file.
//! 4. [`journal`]: the run kept in the browser's storage as it goes, so that a closed page
//!    loses nothing and a resumed run creates nothing twice.
//!
//! And [`export`]: the inventory as CSV or JSON, page by page, secrets left out unless asked
//! for; [`alert_export`]: the alerts of a filter, the same way. [`csv`] reads and writes the
//! CSV files (with the `csv-core` parser).

pub mod alert_export;
pub mod csv;
pub mod export;
pub mod journal;
pub mod outcome;
pub mod pattern;
pub mod plan;
pub mod run;
pub mod zip;

pub use export::{Exporter, Format};
pub use outcome::{FileToFetch, OutcomeLine, files_to_fetch, report};
pub use pattern::{MAX_COUNT, Pattern, PatternError};
pub use plan::{Job, NotReady, Offer, Plan, PlanError, PlannedRow, RowStatus};
pub use run::{Counts, Created, Failure, RowState, Run, Settings, Start};
pub use zip::{ZipWriter, slug};
