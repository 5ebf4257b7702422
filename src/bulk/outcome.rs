//! What a bulk run produced, row by row: the outcome CSV (`row, kind, memo, token_id, url,
//! hostname, error`) and the list of files to fetch for "Download all files".
//!
//! The outcome never holds the API key: errors are [`ApiError`](crate::api::ApiError)'s
//! sentences, which leave it out by design, and nothing else comes from the request.

use super::csv::write_row;
use super::plan::{Job, Plan};
use super::run::{Created, Failure, RowState, Run};
use super::zip::{download_ext, entry_name};
use crate::kinds::find;

/// The outcome CSV's columns.
pub const OUTCOME_COLUMNS: [&str; 7] =
    ["row", "kind", "memo", "token_id", "url", "hostname", "error"];

/// One row of the outcome, for the CSV and for the screen's results table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeLine<'a> {
    pub row: usize,
    pub kind: &'a str,
    pub memo: &'a str,
    /// Empty unless the token was created.
    pub token_id: &'a str,
    pub url: &'a str,
    pub hostname: &'a str,
    /// Empty when the token was created; otherwise why not (or not yet).
    pub error: String,
}

/// Every row of the job in row order: the rows of `run` (made over `jobs`: slots are indexes
/// into it) and, when `plan` is given, the rows left out because they had problems.
pub fn lines<'a>(
    plan: Option<&'a Plan>,
    jobs: &'a [Job],
    run: &'a Run<Created>,
) -> Vec<OutcomeLine<'a>> {
    debug_assert_eq!(jobs.len(), run.len(), "the run is over the jobs");
    let mut lines: Vec<OutcomeLine<'a>> = jobs
        .iter()
        .zip(run.states())
        .map(|(job, state)| {
            let (created, error) = match state {
                RowState::Done(c) if c.existed => (Some(c), ALREADY_THERE.to_owned()),
                RowState::Done(c) => (Some(c), String::new()),
                other => (None, state_text(other)),
            };
            OutcomeLine {
                row: job.row,
                kind: &job.token.kind,
                memo: &job.token.memo,
                token_id: created.map_or("", |c| &c.token_id),
                url: created.and_then(|c| c.url.as_deref()).unwrap_or_default(),
                hostname: created.and_then(|c| c.hostname.as_deref()).unwrap_or_default(),
                error,
            }
        })
        .collect();
    for row in plan.into_iter().flat_map(|p| p.invalid()) {
        let problems: Vec<&str> = row.problems().iter().map(|p| p.message.as_str()).collect();
        lines.push(OutcomeLine {
            row: row.row,
            kind: row.kind(),
            memo: row.memo(),
            token_id: "",
            url: "",
            hostname: "",
            error: format!("Skipped: {}", problems.join(" ")),
        });
    }
    crate::sort::sort_by_key(&mut lines, |l| l.row);
    lines
}

/// The outcome CSV of `lines` (CRLF line ends, formula-guarded cells).
pub fn outcome_csv<'a>(lines: impl IntoIterator<Item = OutcomeLine<'a>>) -> String {
    let mut out = String::new();
    write_row(&mut out, OUTCOME_COLUMNS);
    for l in lines {
        let row = l.row.to_string();
        write_row(&mut out, [&row, l.kind, l.memo, l.token_id, l.url, l.hostname, &l.error]);
    }
    out
}

/// The outcome CSV of a whole job: [`outcome_csv`] of [`lines`].
pub fn report(plan: Option<&Plan>, jobs: &[Job], run: &Run<Created>) -> String {
    outcome_csv(lines(plan, jobs, run))
}

/// What the outcome says of a row whose token the Console already had (its `error` column:
/// nothing was made for the row).
pub const ALREADY_THERE: &str = "Already there: the Console had a token of this kind with this memo \
     in this flock, and returned it instead of making another.";

/// Words for a row that is not done.
pub fn state_text<T>(state: &RowState<T>) -> String {
    match state {
        RowState::Waiting => "Not sent yet.".into(),
        RowState::Running { .. } => "Still being sent.".into(),
        RowState::RetryAt { last, .. } => format!("Waiting to try again: {}", last.error),
        RowState::Done(_) => String::new(),
        RowState::Failed(f) => failure_text(f),
        RowState::Cancelled { last: None } => "Cancelled before it was sent.".into(),
        RowState::Cancelled { last: Some(f) } => format!("Cancelled. {}", failure_text(f)),
    }
}

fn failure_text(f: &Failure) -> String {
    match f.maybe_created {
        true => format!(
            "{} The token may have been created anyway: it is looked up on the Console before \
             the row is sent again.",
            f.error
        ),
        false => f.error.clone(),
    }
}

/// A created token whose file "Download all files" fetches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileToFetch<'a> {
    /// Index into the job list (and the creating run).
    pub slot: usize,
    pub row: usize,
    pub kind: &'a str,
    pub memo: &'a str,
    pub token_id: &'a str,
}

impl FileToFetch<'_> {
    /// The name to save the Console's file `console_filename` under in the archive:
    /// `<row>-<memo-slug>.<ext>`.
    pub fn zip_name(&self, console_filename: &str) -> String {
        entry_name(self.row, self.memo, &download_ext(self.kind, console_filename))
    }
}

/// The created tokens whose kind has a file (per the catalog), in row order. Fetch them with a
/// [`Run`] over [`Settings::reads`](super::run::Settings::reads) (downloads are safe to retry)
/// and add each to a [`ZipWriter`](super::zip::ZipWriter) under [`FileToFetch::zip_name`].
pub fn files_to_fetch<'a>(jobs: &'a [Job], run: &'a Run<Created>) -> Vec<FileToFetch<'a>> {
    run.done()
        .filter_map(|(slot, created)| {
            let job = jobs.get(slot)?;
            find(&job.token.kind)?.download?;
            Some(FileToFetch {
                slot,
                row: job.row,
                kind: &job.token.kind,
                memo: &job.token.memo,
                token_id: &created.token_id,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::api::error::Unreachable;
    use crate::bulk::csv::parse;
    use crate::bulk::run::Settings;

    #[test]
    fn every_row_appears_once_in_row_order() {
        let plan = Plan::from_csv(
            "kind,memo,process_name\n\
             doc-msword,HR share,\n\
             sensitive-cmd,Jump host,\n\
             dns,=Build server,\n\
             http,Wiki,\n\
             http,Desk,\n\
             http,Later,\n",
            &[],
            crate::bulk::Offer::default(),
        )
        .unwrap();
        let jobs = plan.jobs(true).unwrap();
        assert_eq!(jobs.iter().map(|j| j.row).collect::<Vec<_>>(), [1, 3, 4, 5, 6]);
        let mut run = Run::new(jobs.len(), Settings { concurrency: 4, ..Settings::default() });
        while run.next_to_start(0).is_some() {}
        let made = |id: &str, host: Option<&str>, url: Option<&str>| {
            Ok(Created {
                existed: false,
                token_id: id.into(),
                hostname: host.map(Into::into),
                url: url.map(Into::into),
            })
        };
        run.finished(0, made("t1", Some("t1.example.com"), None), 1);
        run.finished(1, made("t3", Some("t3.example.com"), None), 1);
        let lost = ApiError::Unreachable { console: "c".into(), why: Unreachable::Network };
        run.finished(2, Err(ApiError::from_console(400, Some("Quota exceeded"))), 1);
        run.finished(3, Err(lost), 1);
        run.cancel();
        let text = report(Some(&plan), &jobs, &run);
        assert!(text.ends_with("\r\n"));
        let table = parse(&text);
        assert_eq!(table.header, OUTCOME_COLUMNS);
        let rows: Vec<Vec<&str>> =
            table.records.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect();
        assert_eq!(rows[0], ["1", "doc-msword", "HR share", "t1", "", "t1.example.com", ""]);
        assert_eq!(rows[1][..4], ["2", "sensitive-cmd", "Jump host", ""]);
        assert!(rows[1][6].starts_with("Skipped: Program to watch is required."));
        assert_eq!(rows[2][..4], ["3", "dns", "'=Build server", "t3"]);
        assert_eq!(rows[3][6], "The Console said: Quota exceeded");
        assert!(rows[4][6].starts_with("Cancelled. Could not reach"), "{}", rows[4][6]);
        assert!(rows[4][6].contains("may have been created"));
        assert_eq!(rows[5][6], "Cancelled before it was sent.");
        assert_eq!(rows.len(), 6);

        let files = files_to_fetch(&jobs, &run);
        assert_eq!(files.len(), 1, "dns has no file; only created tokens count");
        assert_eq!(files[0].token_id, "t1");
        assert_eq!(files[0].zip_name("t1.docx"), "1-hr-share.docx");
    }

    #[test]
    fn states_in_words() {
        assert_eq!(state_text::<()>(&RowState::Waiting), "Not sent yet.");
        assert_eq!(state_text::<()>(&RowState::Running { attempt: 2 }), "Still being sent.");
        let f = Failure::new(&ApiError::RateLimited { retry_after_secs: Some(3) }, false);
        let text = state_text::<()>(&RowState::RetryAt { at: 1, attempts: 1, last: f });
        assert_eq!(
            text,
            "Waiting to try again: The Console is rate limiting requests. Try again in 3 s."
        );
        assert_eq!(outcome_csv([]), "row,kind,memo,token_id,url,hostname,error\r\n");
    }
}
