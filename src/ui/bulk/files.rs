//! "Download all files": fetches the file of every created token whose kind has one (a run over
//! reads: safe to retry), then packs them into one ZIP, built in the page, named
//! `<row>-<memo-slug>.<ext>` inside, and saves it.

use super::clock::dated_name;
use super::driver::{self, Driven, Work};
use super::job::BulkJob;
use crate::api::transport::LocalBoxFuture;
use crate::api::types::Download;
use crate::api::{ApiError, Client, endpoints};
use crate::bulk::{FileToFetch, RowState, Run, Settings, ZipWriter, files_to_fetch};
use crate::inventory::thousands;
use crate::kinds::fallback_filename;
use leptos::prelude::*;

/// A created token to fetch the file of.
struct Wanted {
    row: usize,
    kind: String,
    memo: String,
    token_id: String,
}

impl Wanted {
    fn zip_name(&self, console_filename: &str) -> String {
        let file = FileToFetch {
            slot: 0,
            row: self.row,
            kind: &self.kind,
            memo: &self.memo,
            token_id: &self.token_id,
        };
        file.zip_name(console_filename)
    }
}

pub struct Fetching {
    wanted: Vec<Wanted>,
    client: Client,
    job: BulkJob,
    saved: bool,
}

impl Work for Fetching {
    type Out = Download;

    fn request(&self, slot: usize) -> LocalBoxFuture<Result<Download, ApiError>> {
        let w = &self.wanted[slot];
        let call = endpoints::download(&w.token_id, fallback_filename(&w.kind, &w.token_id));
        let client = self.client.clone();
        Box::pin(async move { client.send(call).await })
    }

    fn show(driven: &mut Driven<Self>, _now: u64) {
        let counts = driven.run.counts();
        let files = driven.work.job.files;
        let settled = counts.done + counts.failed + counts.cancelled;
        if !driven.run.is_finished() {
            files.progress.try_set(Some((settled, counts.total())));
            files.status.try_set(Some(format!(
                "Fetching files: {} of {}…",
                thousands(settled as u64),
                thousands(counts.total() as u64)
            )));
            return;
        }
        if driven.work.saved {
            return;
        }
        driven.work.saved = true;
        files.progress.try_set(None);
        let (status, error) = pack(&driven.run, &driven.work.wanted);
        files.status.try_set(status);
        files.error.try_set(error);
        // The bytes are in the archive now (and saved): let them go.
        files.engine.try_set_value(None);
    }
}

/// Builds and saves the archive; returns the status and alert lines.
fn pack(run: &Run<Download>, wanted: &[Wanted]) -> (Option<String>, Option<String>) {
    let mut zip = ZipWriter::dated(super::clock::epoch_secs());
    let mut problems = Vec::new();
    for (slot, state) in run.states().iter().enumerate() {
        let w = &wanted[slot];
        match state {
            RowState::Done(file) => {
                if let Err(e) = zip.add(&w.zip_name(&file.filename), &file.bytes) {
                    problems.push(format!("Row {}: {e}", w.row));
                }
            }
            other => {
                problems.push(format!("Row {}: {}", w.row, crate::bulk::outcome::state_text(other)))
            }
        }
    }
    let added = zip.len();
    let error = match problems.len() {
        0 => None,
        n => Some(format!(
            "{n} of {} files could not be fetched, so the archive leaves them out:\n{}",
            wanted.len(),
            problems.join("\n")
        )),
    };
    if added == 0 {
        return (None, error.or_else(|| Some("There were no files to put in the archive.".into())));
    }
    let filename = dated_name("canarytoken-files", "zip");
    let archive = Download {
        filename: filename.clone(),
        content_type: "application/zip".into(),
        bytes: zip.finish(),
    };
    match crate::platform::save_file(&archive) {
        Some(()) => (Some(format!("Saved {filename} ({} files).", thousands(added as u64))), error),
        None => (None, Some("The browser did not save the archive. Try again.".into())),
    }
}

/// Fetches the files of the run's created tokens, unless a fetch is already under way.
pub fn download_all(job: BulkJob) {
    if job.files.engine.with_value(Option::is_some) {
        return;
    }
    let Some(shared) = job.run.engine.get_value() else { return };
    let (wanted, client, concurrency) = {
        let driven = shared.borrow();
        let wanted: Vec<Wanted> = files_to_fetch(&driven.work.jobs, &driven.run)
            .into_iter()
            .map(|f| Wanted {
                row: f.row,
                kind: f.kind.to_owned(),
                memo: f.memo.to_owned(),
                token_id: f.token_id.to_owned(),
            })
            .collect();
        (wanted, driven.work.client.clone(), driven.run.settings().concurrency)
    };
    job.files.error.set(None);
    if wanted.is_empty() {
        job.files.status.set(None);
        job.files.error.set(Some("None of the created tokens has a file to download.".into()));
        return;
    }
    let run = Run::new(wanted.len(), Settings { concurrency, ..Settings::reads() });
    let work = Fetching { wanted, client, job, saved: false };
    let files = driver::start(run, work);
    // A fetch that finished at once (impossible with real requests) has already let go.
    if !files.borrow().work.saved {
        job.files.engine.set_value(Some(files));
    }
}
