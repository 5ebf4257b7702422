//! "Download all files": fetches the file of every created token whose kind has one (a run over
//! reads: safe to retry), then packs them into one ZIP, built in the page, named
//! `<row>-<memo-slug>.<ext>` inside, and saves it.

use super::driver::{Engine, Work};
use super::job::BulkJob;
use crate::api::transport::LocalBoxFuture;
use crate::api::types::Download;
use crate::api::{ApiError, Client, endpoints};
use crate::bulk::outcome::state_text;
use crate::bulk::{FileToFetch, RowState, Run, Settings, ZipWriter, files_to_fetch};
use crate::inventory::thousands;
use crate::kinds::fallback_filename;
use crate::platform;
use leptos::prelude::*;

/// A created token to fetch the file of.
struct Wanted {
    row: usize,
    kind: String,
    memo: String,
    token_id: String,
}

impl Wanted {
    fn of(file: FileToFetch<'_>) -> Self {
        Self {
            row: file.row,
            kind: file.kind.to_owned(),
            memo: file.memo.to_owned(),
            token_id: file.token_id.to_owned(),
        }
    }

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
    /// Where the outcome goes once the archive is saved.
    status: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
}

impl Work for Fetching {
    type Out = Download;

    fn request(
        &mut self,
        slot: usize,
        _: &Run<Download>,
    ) -> LocalBoxFuture<Result<Download, ApiError>> {
        let w = &self.wanted[slot];
        let call = endpoints::download(&w.token_id, fallback_filename(&w.kind, &w.token_id));
        let client = self.client.clone();
        Box::pin(async move { client.send(call).await })
    }

    fn settled(engine: Engine<Self>) {
        let packed = engine.state.with_untracked(|d| {
            d.as_ref().map(|d| (pack(&d.run, &d.work.wanted), d.work.status, d.work.error))
        });
        if let Some(((status, error), status_line, error_line)) = packed {
            status_line.try_set(status);
            error_line.try_set(error);
        }
        // The bytes are in the archive now (and saved): let them go.
        engine.discard();
    }
}

/// The files slot of the bulk job: the fetch in progress, and what it last said.
#[derive(Clone, Copy)]
pub struct FilesSlot {
    pub engine: Engine<Fetching>,
    pub status: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
}

impl FilesSlot {
    pub fn new() -> Self {
        Self { engine: Engine::new(), status: RwSignal::new(None), error: RwSignal::new(None) }
    }

    /// (settled, total) while fetching.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.engine.state.with(|d| {
            d.as_ref().map(|d| {
                let c = d.run.counts();
                (c.done + c.failed + c.cancelled, c.total())
            })
        })
    }

    /// What the status line says: progress while fetching, the outcome after.
    pub fn status_line(&self) -> Option<String> {
        match self.progress() {
            Some((settled, total)) => Some(format!(
                "Fetching files: {} of {}…",
                thousands(settled as u64),
                thousands(total as u64)
            )),
            None => self.status.get(),
        }
    }
}

impl Default for FilesSlot {
    fn default() -> Self {
        Self::new()
    }
}

/// Builds and saves the archive; returns the status and alert lines.
fn pack(run: &Run<Download>, wanted: &[Wanted]) -> (Option<String>, Option<String>) {
    let mut zip = ZipWriter::dated(platform::epoch_secs());
    let mut problems = Vec::new();
    for (state, w) in run.states().iter().zip(wanted) {
        match state {
            RowState::Done(file) => {
                if let Err(e) = zip.add(&w.zip_name(&file.filename), &file.bytes) {
                    problems.push(format!("Row {}: {e}", w.row));
                }
            }
            other => problems.push(format!("Row {}: {}", w.row, state_text(other))),
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
    let filename = platform::dated_name("canarytoken-files", "zip");
    let archive = Download {
        filename: filename.clone(),
        content_type: "application/zip".into(),
        bytes: zip.finish(),
    };
    match platform::save_file(&archive) {
        Some(()) => (Some(format!("Saved {filename} ({} files).", thousands(added as u64))), error),
        None => (None, Some("The browser did not save the archive. Try again.".into())),
    }
}

/// Fetches the files of the run's created tokens from the run's Console (`client`), unless a
/// fetch is already under way.
pub fn download_all(job: BulkJob, client: Client) {
    let files = job.files;
    if files.engine.is_running() {
        return;
    }
    let found = job.creating.state.with_untracked(|d| {
        d.as_ref().map(|d| {
            let wanted: Vec<Wanted> =
                files_to_fetch(&d.work.jobs, &d.run).into_iter().map(Wanted::of).collect();
            (wanted, d.run.settings().concurrency)
        })
    });
    let Some((wanted, concurrency)) = found else { return };
    files.status.set(None);
    files.error.set(None);
    if wanted.is_empty() {
        files.error.set(Some("None of the created tokens has a file to download.".into()));
        return;
    }
    let run = Run::new(wanted.len(), Settings { concurrency, ..Settings::reads() });
    files.engine.start(run, Fetching { wanted, client, status: files.status, error: files.error });
}
