//! From a CSV file (or one kind and a memo pattern) to planned rows: each row's [`Draft`], the
//! problems that stop it from being sent, warnings worth a look, and for rows that pass, the
//! [`NewToken`] to send. Every check the create form makes applies here too, because rows go
//! through the same [`Draft::prepare`]; on top of it come the checks only a file can fail:
//! unknown kinds, ragged rows, file cells naming no attached file, duplicated columns.
//!
//! # The CSV
//! A header row, then one row per token. Columns (header names are matched without regard to
//! case, and spaces or hyphens count as underscores, so `Flock ID` is `flock_id`):
//! - `kind` (required): a kind id such as `http`, `dns`, `doc-msword`;
//! - `memo` (required): where the token will be placed;
//! - `flock_id`, `custom_domain` (optional);
//! - any parameter of any kind in the catalog by its API name (`cloned_web`,
//!   `browser_redirect_url`, `web_image`, ...). A row uses the columns of its own kind; a value
//!   in another kind's column is ignored with a warning. Flags take `true`/`false` (or yes/no,
//!   1/0, on/off); list values take a label or a value.
//! - File parameters (`web_image`, `doc`, `pdf`, `exe`) name a file attached beside the CSV:
//!   exact name first, then ignoring case, then the name without any folder part. Rows naming the
//!   same file share one copy of its bytes.
//!
//! Columns no kind knows are ignored with one warning each (a `notes` column is fine).

use super::csv::{self, Table};
use super::pattern::{MAX_COUNT, Pattern, PatternError};
use crate::api::Attachment;
use crate::api::endpoints::NewToken;
use crate::api::types::{Features, KindList};
use crate::kinds::{self, Draft, FieldValue, Input, KINDS, Kind, Problem, find};
use std::collections::HashMap;
use std::fmt;

/// The `field` of a [`Problem`] about the row as a whole rather than one of its values.
pub const WHOLE_ROW: &str = "";

/// The checked rows of a bulk job, in input order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub rows: Vec<PlannedRow>,
    /// Notes about the file as a whole, said once: ignored columns, attached files no row uses.
    pub warnings: Vec<String>,
}

/// One row of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedRow {
    /// 1-based data row number (the header is not counted; blank rows are skipped). Outcomes,
    /// reruns and download names use it.
    pub row: usize,
    /// The line of the CSV file the row starts on; `None` for rows made from a pattern.
    pub line: Option<usize>,
    /// Worth a look, but the row can be sent: values for another kind's columns, a memo that
    /// repeats an earlier row's.
    pub warnings: Vec<Problem>,
    pub status: RowStatus,
}

/// Whether a row can be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowStatus {
    /// Checked: this is the request.
    Ready(NewToken),
    /// What was read, and what must be fixed (or the row skipped).
    Invalid { draft: Draft, problems: Vec<Problem> },
}

/// A row to send: what a bulk run works through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub row: usize,
    pub token: NewToken,
}

/// Why a file cannot be planned at all; `Display` is the sentence to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// No header row (the file is empty or blank).
    Empty,
    /// A header without data rows.
    NoRows,
    /// `kind` or `memo` is not among the columns.
    MissingColumn(&'static str),
    /// The same column twice: which value counts would be a guess.
    DuplicateColumns(Vec<String>),
    /// More rows than [`MAX_COUNT`].
    TooManyRows(usize),
    Pattern(PatternError),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str(
                "The file is empty. It needs a header row (kind,memo,...) and one row per token.",
            ),
            Self::NoRows => f.write_str("The file has a header row but no tokens below it."),
            Self::MissingColumn(name) => write!(
                f,
                "The header row has no “{name}” column. The first row must name the columns, \
                 for example: kind,memo,flock_id"
            ),
            Self::DuplicateColumns(names) => write!(
                f,
                "The header row names {} more than once; keep one column of each.",
                quoted_list(names)
            ),
            Self::TooManyRows(n) => write!(
                f,
                "The file has {n} tokens; one bulk job takes at most {MAX_COUNT}. Split the file."
            ),
            Self::Pattern(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PlanError {}

impl From<PatternError> for PlanError {
    fn from(e: PatternError) -> Self {
        Self::Pattern(e)
    }
}

/// Why [`Plan::jobs`] gives nothing to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotReady {
    /// Some rows have problems and skipping them was not chosen.
    Invalid { rows: usize },
    /// No row can be sent.
    NothingToSend,
}

impl fmt::Display for NotReady {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid { rows: 1 } => {
                f.write_str("1 row has problems: fix it, or choose to skip it.")
            }
            Self::Invalid { rows } => {
                write!(f, "{rows} rows have problems: fix them, or choose to skip them.")
            }
            Self::NothingToSend => f.write_str("No row can be sent: every row has problems."),
        }
    }
}

impl PlannedRow {
    pub fn is_ready(&self) -> bool {
        matches!(self.status, RowStatus::Ready(_))
    }

    /// The kind id as read (lower-cased).
    pub fn kind(&self) -> &str {
        match &self.status {
            RowStatus::Ready(t) => &t.kind,
            RowStatus::Invalid { draft, .. } => &draft.kind,
        }
    }

    pub fn memo(&self) -> &str {
        match &self.status {
            RowStatus::Ready(t) => &t.memo,
            RowStatus::Invalid { draft, .. } => &draft.memo,
        }
    }

    /// What stops the row from being sent (empty when ready).
    pub fn problems(&self) -> &[Problem] {
        match &self.status {
            RowStatus::Ready(_) => &[],
            RowStatus::Invalid { problems, .. } => problems,
        }
    }

    pub fn token(&self) -> Option<&NewToken> {
        match &self.status {
            RowStatus::Ready(t) => Some(t),
            RowStatus::Invalid { .. } => None,
        }
    }
}

impl Plan {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn ready_count(&self) -> usize {
        self.rows.iter().filter(|r| r.is_ready()).count()
    }

    pub fn invalid_count(&self) -> usize {
        self.rows.len() - self.ready_count()
    }

    /// The rows with problems, for the preview's error list and the outcome report.
    pub fn invalid(&self) -> impl Iterator<Item = &PlannedRow> {
        self.rows.iter().filter(|r| !r.is_ready())
    }

    /// The row numbered `row`.
    pub fn row(&self, row: usize) -> Option<&PlannedRow> {
        self.rows.binary_search_by_key(&row, |r| r.row).ok().map(|i| &self.rows[i])
    }

    /// The requests to send, in row order. Nothing is sent while a row has problems unless
    /// `skip_invalid` says to leave those rows out.
    pub fn jobs(&self, skip_invalid: bool) -> Result<Vec<Job>, NotReady> {
        let invalid = self.invalid_count();
        if invalid > 0 && !skip_invalid {
            return Err(NotReady::Invalid { rows: invalid });
        }
        let jobs: Vec<Job> = self
            .rows
            .iter()
            .filter_map(|r| r.token().map(|t| Job { row: r.row, token: t.clone() }))
            .collect();
        match jobs.is_empty() {
            true => Err(NotReady::NothingToSend),
            false => Ok(jobs),
        }
    }

    /// Plans the rows of a CSV file (see the module doc for its columns). `files` are the files
    /// attached beside it; `offer` is what the Console said it offers.
    pub fn from_csv(text: &str, files: &[Attachment], offer: Offer) -> Result<Plan, PlanError> {
        let table = csv::parse(text);
        if table.header_line == 0 {
            return Err(PlanError::Empty);
        }
        if table.records.is_empty() {
            return Err(PlanError::NoRows);
        }
        if table.records.len() > MAX_COUNT {
            return Err(PlanError::TooManyRows(table.records.len()));
        }
        let columns = Columns::read(&table)?;
        let mut warnings = columns.warnings(&table);
        let mut used = vec![false; files.len()];
        let mut rows = Vec::with_capacity(table.records.len());
        for (i, record) in table.records.iter().enumerate() {
            let mut problems = Vec::new();
            let mut notes = Vec::new();
            let width = table.header.len();
            let count = record.cells.len();
            if count < width {
                problems.push(whole_row(format!(
                    "This row has {count} cells but the header has {width} columns. Add the \
                     missing separators (empty cells are fine) so that each value sits under its \
                     column."
                )));
            } else if record.cells[width..].iter().any(|c| !c.trim().is_empty()) {
                problems.push(whole_row(format!(
                    "This row has {count} cells but the header has {width} columns: the values \
                     past the last column belong to no column. Check for a separator too many."
                )));
            }
            if record.unclosed_quote {
                problems.push(whole_row(
                    "A quoted value that starts on this row is never closed, so the rest of the \
                     file was read into it. Add the closing quote (\")."
                        .into(),
                ));
            }
            let cell = |col: Option<usize>| {
                col.and_then(|c| record.cells.get(c)).map_or("", |v| csv::unguard(v.trim()))
            };
            let kind_id = cell(Some(columns.kind)).to_ascii_lowercase();
            let (kind, kind_problem) = offer.resolve_kind(&kind_id);
            problems.extend(kind_problem);
            let mut draft = Draft {
                kind: kind_id,
                memo: cell(Some(columns.memo)).to_owned(),
                flock_id: Some(cell(columns.flock)).filter(|v| !v.is_empty()).map(str::to_owned),
                custom_domain: Some(cell(columns.domain))
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned),
                values: Vec::new(),
            };
            for &(col, name) in &columns.fields {
                let text = cell(Some(col));
                let Some(field) = kind.and_then(|k| k.field(name)) else {
                    if !text.is_empty() && !draft.kind.is_empty() {
                        notes.push(Problem {
                            field: name,
                            message: format!(
                                "“{name}” is not a setting of {} tokens; its value is ignored.",
                                kind.map_or(draft.kind.as_str(), |k| k.label)
                            ),
                        });
                    }
                    continue;
                };
                if text.is_empty() {
                    continue;
                }
                if let Some(flag) = offer.missing(field.needs_feature) {
                    notes.push(Problem {
                        field: name,
                        message: format!(
                            "This Console does not take “{name}” (its feature {flag} is off); \
                             its value is ignored."
                        ),
                    });
                    continue;
                }
                let value = match &field.input {
                    Input::File(_) => match find_file(files, text) {
                        Ok(i) => {
                            used[i] = true;
                            FieldValue::File(Some(files[i].clone()))
                        }
                        Err(message) => {
                            problems.push(Problem { field: name, message });
                            continue;
                        }
                    },
                    Input::Checkbox { .. } => match parse_flag(text) {
                        Some(on) => FieldValue::Flag(on),
                        None => {
                            problems.push(Problem {
                                field: name,
                                message: format!(
                                    "Write true or false for {} (not “{text}”).",
                                    field.label
                                ),
                            });
                            continue;
                        }
                    },
                    Input::Select(choices) | Input::Suggest(choices) => {
                        FieldValue::Text(kinds::suggested(choices, text).to_owned())
                    }
                    _ => FieldValue::Text(text.to_owned()),
                };
                draft.values.push((name, value));
            }
            rows.push(finish_row(i + 1, Some(record.line), draft, problems, notes));
        }
        for (file, used) in files.iter().zip(used) {
            if !used {
                warnings.push(format!("“{}” is attached but no row names it.", file.filename));
            }
        }
        mark_repeated_memos(&mut rows);
        Ok(Plan { rows, warnings })
    }

    /// Plans `count` tokens like `template` (its kind, flock, domain and values, files
    /// included), with memos from `pattern` numbered from `start` (see [`Pattern`]).
    pub fn from_pattern(
        template: &Draft,
        pattern: &str,
        start: u64,
        count: usize,
        offer: Offer,
    ) -> Result<Plan, PlanError> {
        let memos = Pattern::parse(pattern)?.expand(start, count)?;
        let (kind, kind_problem) = offer.resolve_kind(&template.kind);
        // A parameter this Console does not take is never sent.
        let mut template = template.clone();
        template.values.retain(|(name, _)| {
            kind.and_then(|k| k.field(name))
                .is_none_or(|f| offer.missing(f.needs_feature).is_none())
        });
        let rows = memos
            .into_iter()
            .enumerate()
            .map(|(i, memo)| {
                let draft = Draft { memo, ..template.clone() };
                finish_row(i + 1, None, draft, kind_problem.clone().into_iter().collect(), vec![])
            })
            .collect();
        Ok(Plan { rows, warnings: Vec::new() })
    }
}

fn whole_row(message: String) -> Problem {
    Problem { field: WHOLE_ROW, message }
}

fn finish_row(
    row: usize,
    line: Option<usize>,
    draft: Draft,
    mut problems: Vec<Problem>,
    warnings: Vec<Problem>,
) -> PlannedRow {
    let status = match (draft.prepare(), problems.is_empty()) {
        (Ok(token), true) => RowStatus::Ready(token),
        (Ok(_), false) => RowStatus::Invalid { draft, problems },
        (Err(more), _) => {
            problems.extend(more);
            RowStatus::Invalid { draft, problems }
        }
    };
    PlannedRow { row, line, warnings, status }
}

/// What the Console offers, as far as it has said.
#[derive(Clone, Copy, Default)]
pub struct Offer<'a> {
    /// Its list of kinds, when it was read: a kind must be in it, and a kind the catalog does
    /// not know but the Console offers is planned memo-only. Without it, a kind must be in the
    /// catalog.
    pub kinds: Option<&'a KindList>,
    /// Its feature flags, when it told them: a kind or parameter whose feature is off is
    /// neither planned nor sent.
    pub features: Option<&'a Features>,
}

impl Offer<'_> {
    /// The flag of `needs` (a kind's or parameter's) that this Console has off, if any.
    fn missing(&self, needs: Option<&'static str>) -> Option<&'static str> {
        self.features.and_then(|f| f.missing(needs))
    }

    /// The catalog entry for `id` (None for a kind only the Console knows), or why it can't be
    /// used.
    fn resolve_kind(&self, id: &str) -> (Option<&'static Kind>, Option<Problem>) {
        let problem = |message: String| Some(Problem { field: "kind", message });
        if id.is_empty() {
            return (
                None,
                problem("Write the kind of token, such as http, dns or doc-msword.".into()),
            );
        }
        let kind = find(id);
        if let Some(kind) = kind
            && let Some(flag) = self.missing(kind.needs_feature)
        {
            let label = kind.label;
            let why =
                format!("This Console does not offer {label} tokens (its feature {flag} is off).");
            return (Some(kind), problem(why));
        }
        let on_console = self.kinds.map(|o| o.kinds.contains_key(id));
        match (kind, on_console) {
            (Some(kind), None | Some(true)) => (Some(kind), None),
            (Some(kind), Some(false)) => (
                Some(kind),
                problem(format!("This Console does not offer {} tokens (“{id}”).", kind.label)),
            ),
            (None, Some(true)) => (None, None),
            (None, _) => (
                None,
                problem(format!(
                    "“{id}” is not a kind of Canarytoken. Use a kind id such as http, dns, \
                     doc-msword or aws-id."
                )),
            ),
        }
    }
}

/// Where the known columns are.
struct Columns {
    kind: usize,
    memo: usize,
    flock: Option<usize>,
    domain: Option<usize>,
    /// Columns named after a kind parameter.
    fields: Vec<(usize, &'static str)>,
    /// Columns no kind knows, with their header as written.
    ignored: Vec<(usize, String)>,
}

impl Columns {
    fn read(table: &Table) -> Result<Self, PlanError> {
        let (mut kind, mut memo, mut flock, mut domain) = (None, None, None, None);
        let mut fields = Vec::new();
        let mut ignored = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut duplicates: Vec<String> = Vec::new();
        for (i, name) in table.header.iter().enumerate() {
            let normal: String = csv::unguard(name.trim())
                .chars()
                .map(|c| match c {
                    ' ' | '-' => '_',
                    c => c.to_ascii_lowercase(),
                })
                .collect();
            match normal.as_str() {
                "kind" => kind = Some(i),
                "memo" => memo = Some(i),
                "flock_id" => flock = Some(i),
                "custom_domain" => domain = Some(i),
                _ => match catalog_field(&normal) {
                    Some(field) => fields.push((i, field)),
                    None => {
                        ignored.push((i, name.trim().to_owned()));
                        continue;
                    }
                },
            }
            if seen.contains(&normal) {
                if !duplicates.contains(&normal) {
                    duplicates.push(normal);
                }
            } else {
                seen.push(normal);
            }
        }
        if !duplicates.is_empty() {
            return Err(PlanError::DuplicateColumns(duplicates));
        }
        Ok(Self {
            kind: kind.ok_or(PlanError::MissingColumn("kind"))?,
            memo: memo.ok_or(PlanError::MissingColumn("memo"))?,
            flock,
            domain,
            fields,
            ignored,
        })
    }

    /// One warning per ignored column that holds anything.
    fn warnings(&self, table: &Table) -> Vec<String> {
        self.ignored
            .iter()
            .filter_map(|(i, name)| {
                let used = table
                    .records
                    .iter()
                    .any(|r| r.cells.get(*i).is_some_and(|c| !c.trim().is_empty()));
                match (name.is_empty(), used) {
                    (false, _) => Some(format!(
                        "Column “{name}” is not a token setting; its values are ignored."
                    )),
                    (true, true) => Some(format!(
                        "Column {} has no name in the header row; its values are ignored.",
                        i + 1
                    )),
                    (true, false) => None,
                }
            })
            .collect()
    }
}

/// The catalog's spelling of a parameter name any kind takes.
fn catalog_field(name: &str) -> Option<&'static str> {
    KINDS.iter().flat_map(|k| k.fields).find(|f| f.name == name).map(|f| f.name)
}

/// Finds the attached file a cell names: exact name, then ignoring case, then the same two
/// without any folder part of the cell (`images/logo.png`, `C:\img\logo.png`).
fn find_file(files: &[Attachment], name: &str) -> Result<usize, String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    for candidate in [name, base] {
        if let Some(i) = files.iter().position(|f| f.filename == candidate) {
            return Ok(i);
        }
        let mut same = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.filename.to_lowercase() == candidate.to_lowercase());
        match (same.next(), same.next()) {
            (Some((i, _)), None) => return Ok(i),
            (Some(_), Some(_)) => {
                return Err(format!(
                    "Several attached files are called “{candidate}” apart from upper and lower \
                     case; write the name exactly as attached."
                ));
            }
            _ => {}
        }
    }
    Err(match files.is_empty() {
        true => format!("This row names the file “{name}”: attach it beside the CSV."),
        false => format!(
            "No attached file is called “{name}”: attach it, or correct the name in the CSV."
        ),
    })
}

fn parse_flag(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "on" => Some(true),
        "false" | "no" | "n" | "0" | "off" => Some(false),
        _ => None,
    }
}

/// Two tokens with one memo make alerts that don't say which was touched: worth a warning.
fn mark_repeated_memos(rows: &mut [PlannedRow]) {
    let mut first: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    for row in rows {
        let memo = row.memo().trim();
        if memo.is_empty() {
            continue;
        }
        match first.get(memo) {
            Some(&earlier) => row.warnings.push(Problem {
                field: "memo",
                message: format!(
                    "Row {earlier} has the same memo: alerts from these tokens will read alike."
                ),
            }),
            None => {
                first.insert(memo.to_owned(), row.row);
            }
        }
    }
}

fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
    quoted.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::MEMO_MAX;
    use std::sync::Arc;

    fn file(name: &str, bytes: &[u8]) -> Attachment {
        Attachment {
            filename: name.into(),
            content_type: "application/octet-stream".into(),
            bytes: Arc::from(bytes),
        }
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\nrest";
    const DOCX: &[u8] = b"PK\x03\x04rest";

    fn plan(text: &str) -> Plan {
        Plan::from_csv(text, &[], Offer::default()).unwrap()
    }

    fn messages(row: &PlannedRow) -> Vec<(&str, &str)> {
        row.problems().iter().map(|p| (p.field, p.message.as_str())).collect()
    }

    #[test]
    fn ready_rows_become_requests() {
        let p = plan(
            "Kind,Memo,Flock ID,cloned_web,browser_scanner_enabled\n\
             http,Wiki page,flock:abc,,no\n\
             cloned-web,Login page,,https://Login.Example.com/x,\n",
        );
        assert_eq!((p.ready_count(), p.invalid_count()), (2, 0));
        let jobs = p.jobs(false).unwrap();
        assert_eq!(jobs.iter().map(|j| j.row).collect::<Vec<_>>(), [1, 2]);
        let http = &jobs[0].token;
        assert_eq!((http.kind.as_str(), http.memo.as_str()), ("http", "Wiki page"));
        assert_eq!(http.flock_id.as_deref(), Some("flock:abc"));
        assert_eq!(http.params, [("browser_scanner_enabled", "false".to_owned())]);
        assert_eq!(jobs[1].token.params, [("cloned_web", "login.example.com".to_owned())]);
        assert_eq!(p.rows[1].line, Some(3));
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn required_fields_and_memos_are_checked_per_row() {
        let long = "m".repeat(MEMO_MAX + 1);
        let p = plan(&format!(
            "kind,memo,browser_redirect_url,process_name\n\
             fast-redirect,Intranet link,,\n\
             sensitive-cmd,,,klist.exe\n\
             dns,{long},,\n\
             fast-redirect,ok,ftp://nope,\n\
             slow-redirect,ok,https://example.com,\n"
        ));
        assert_eq!((p.ready_count(), p.invalid_count()), (1, 4));
        assert_eq!(messages(&p.rows[0]), [("browser_redirect_url", "Redirect to is required.")]);
        assert_eq!(messages(&p.rows[1])[0].0, "memo");
        let memo = messages(&p.rows[2]);
        assert_eq!(memo[0].0, "memo");
        assert!(memo[0].1.contains("10001 characters"), "{memo:?}");
        assert_eq!(messages(&p.rows[3])[0].0, "browser_redirect_url");
        assert!(p.rows[4].is_ready());
        assert_eq!(p.jobs(false), Err(NotReady::Invalid { rows: 4 }));
        assert_eq!(p.jobs(true).unwrap().iter().map(|j| j.row).collect::<Vec<_>>(), [5]);
    }

    #[test]
    fn feature_flags_keep_out_the_kinds_and_parameters_this_console_has_off() {
        let features: Features = serde_json::from_value(serde_json::json!({
            "features": {"awsidtoken": true, "awsidtoken_username": false, "slackapitoken": false}
        }))
        .unwrap();
        let offer = Offer { features: Some(&features), ..Offer::default() };
        let text = "kind,memo,aws_id_username\naws-id,Build box,svc-build\nslack-api,Chat bot,\n";
        let p = Plan::from_csv(text, &[], offer).unwrap();
        let aws = p.rows[0].token().expect("the row stays ready");
        assert!(!aws.params.iter().any(|(name, _)| *name == "aws_id_username"), "never sent");
        assert!(p.rows[0].warnings[0].message.contains("feature awsidtoken_username is off"));
        assert!(messages(&p.rows[1])[0].1.contains("feature slackapitoken is off"));

        let template = Draft {
            kind: "aws-id".into(),
            memo: String::new(),
            flock_id: None,
            custom_domain: None,
            values: vec![("aws_id_username", FieldValue::Text("svc".into()))],
        };
        let p = Plan::from_pattern(&template, "Key {n}", 1, 2, offer).unwrap();
        let token = p.rows[0].token().unwrap();
        assert!(!token.params.iter().any(|(name, _)| *name == "aws_id_username"));
    }

    #[test]
    fn unknown_kinds_and_console_offers() {
        let text = "kind,memo\nnot-a-kind,a\n,b\nDNS,c\nnew-kind,d\ngmail,e\n";
        let p = plan(text);
        fn first(r: &PlannedRow) -> Option<&'static str> {
            r.problems().first().map(|p| p.field)
        }
        assert_eq!(first(&p.rows[0]), Some("kind"));
        assert!(messages(&p.rows[0])[0].1.contains("not-a-kind"));
        assert_eq!(first(&p.rows[1]), Some("kind"));
        assert!(p.rows[2].is_ready(), "kind ids are read without regard to case");
        assert_eq!(first(&p.rows[3]), Some("kind"));
        assert_eq!(first(&p.rows[4]), Some("kind"), "Console-only kinds can't be bulk created");

        let offered = KindList {
            kinds: [("dns", "DNS"), ("new-kind", "New")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .into(),
        };
        let p = Plan::from_csv(
            "kind,memo\nnew-kind,a\nhttp,b\ndns,c\n",
            &[],
            Offer { kinds: Some(&offered), ..Offer::default() },
        )
        .unwrap();
        assert!(p.rows[0].is_ready(), "a kind only the Console knows is memo-only");
        assert!(messages(&p.rows[1])[0].1.contains("does not offer Web Bug"));
        assert!(p.rows[2].is_ready());
    }

    #[test]
    fn file_cells_name_attached_files() {
        let files = [
            file("logo.png", PNG),
            file("Report.docx", DOCX),
            file("notes.txt", b"hello"),
            file("unused.pdf", b"%PDF-1.4"),
        ];
        let text = "kind,memo,web_image,doc\n\
                    web-image,Intranet banner,logo.png,\n\
                    web-image,Wiki banner,LOGO.PNG,\n\
                    web-image,Shared drive,C:\\pics\\logo.png,\n\
                    doc-msword,HR share,,report.docx\n\
                    web-image,Missing,nope.png,\n\
                    web-image,Wrong type,notes.txt,\n\
                    web-image,No file,,\n\
                    doc-msword,Generated,,\n";
        let p = Plan::from_csv(text, &files, Offer::default()).unwrap();
        let ready: Vec<bool> = p.rows.iter().map(PlannedRow::is_ready).collect();
        assert_eq!(ready, [true, true, true, true, false, false, false, true]);
        let bytes = |row: usize| Arc::as_ptr(&p.rows[row].token().unwrap().files[0].1.bytes);
        assert_eq!(bytes(0), Arc::as_ptr(&files[0].bytes), "rows share the attached bytes");
        assert_eq!(bytes(1), bytes(2));
        assert_eq!(p.rows[3].token().unwrap().files[0].0, "doc");
        assert!(messages(&p.rows[4])[0].1.contains("No attached file is called “nope.png”"));
        assert!(messages(&p.rows[5])[0].1.contains("is not a PNG image or JPEG image"));
        assert_eq!(messages(&p.rows[6]), [("web_image", "Attach a PNG image or JPEG image.")]);
        assert_eq!(
            p.warnings,
            ["“unused.pdf” is attached but no row names it."],
            "notes.txt is named by a row"
        );
        let none = Plan::from_csv(text, &[], Offer::default()).unwrap();
        assert!(messages(&none.rows[0])[0].1.contains("attach it beside the CSV"));
        let twins = [file("a.png", PNG), file("A.PNG", PNG)];
        let p =
            Plan::from_csv("kind,memo,web_image\nweb-image,x,a.Png\n", &twins, Offer::default())
                .unwrap();
        assert!(messages(&p.rows[0])[0].1.contains("Several attached files"));
    }

    #[test]
    fn unknown_columns_warn_once_and_other_kinds_columns_per_row() {
        let p = plan(
            "kind,memo,notes,,owner,cloned_web\n\
             http,a,x,,bob,\n\
             dns,b,y,,,login.example.com\n\
             http,c,,stray,,\n",
        );
        assert_eq!(
            p.warnings,
            [
                "Column “notes” is not a token setting; its values are ignored.",
                "Column 4 has no name in the header row; its values are ignored.",
                "Column “owner” is not a token setting; its values are ignored.",
            ]
        );
        assert_eq!(p.ready_count(), 3);
        assert_eq!(p.rows[1].warnings.len(), 1);
        assert_eq!(p.rows[1].warnings[0].field, "cloned_web");
        assert!(p.rows[1].warnings[0].message.contains("not a setting of DNS tokens"));
        assert!(p.rows[1].token().unwrap().params.is_empty());
    }

    #[test]
    fn header_problems_stop_the_plan() {
        let err = |t: &str| Plan::from_csv(t, &[], Offer::default()).unwrap_err();
        assert_eq!(err(""), PlanError::Empty);
        assert_eq!(err("\n \n"), PlanError::Empty);
        assert_eq!(err("kind,memo\n"), PlanError::NoRows);
        assert_eq!(err("memo\nx\n"), PlanError::MissingColumn("kind"));
        assert_eq!(err("kind,notes\nhttp,x\n"), PlanError::MissingColumn("memo"));
        assert_eq!(
            err("kind,memo,Memo,pdf,PDF,x,x\nhttp,a,b,,,,\n"),
            PlanError::DuplicateColumns(vec!["memo".into(), "pdf".into()])
        );
        assert!(err("kind,memo,memo\nhttp,a,b\n").to_string().contains("“memo”"));
        let many = format!("kind,memo\n{}", "http,x\n".repeat(MAX_COUNT + 1));
        assert_eq!(err(&many), PlanError::TooManyRows(MAX_COUNT + 1));
    }

    #[test]
    fn ragged_rows_and_open_quotes_are_row_problems() {
        let p = plan("kind,memo,flock_id\nhttp,a\nhttp,b,,\nhttp,c,f,extra\nhttp,d,,,\nhttp,\"e\n");
        assert!(messages(&p.rows[0])[0].1.contains("2 cells but the header has 3"));
        assert!(p.rows[1].is_ready(), "empty trailing cells are harmless");
        assert_eq!(messages(&p.rows[2])[0].0, WHOLE_ROW);
        assert!(p.rows[3].is_ready());
        assert!(messages(&p.rows[4]).iter().any(|(_, m)| m.contains("never closed")));
    }

    #[test]
    fn flags_lists_and_guarded_cells() {
        let p = plan(
            "kind,memo,browser_scanner_enabled,industry\n\
             http,'=A1 laptop,maybe,\n\
             mysql-dump,DB server,,Financial\n\
             mysql-dump,DB server 2,,Bakery\n",
        );
        assert_eq!(p.rows[0].memo(), "=A1 laptop", "a guarded cell reads as written");
        assert_eq!(messages(&p.rows[0])[0].0, "browser_scanner_enabled");
        assert_eq!(p.rows[1].token().unwrap().params, [("industry", "financial".to_owned())]);
        assert_eq!(messages(&p.rows[2])[0].0, "industry");
    }

    #[test]
    fn repeated_memos_are_warned_about() {
        let p = plan("kind,memo\nhttp,Desk 1\ndns,Desk 2\nhttp,Desk 1\n");
        assert_eq!(p.ready_count(), 3);
        assert!(p.rows[2].warnings[0].message.starts_with("Row 1 has the same memo"));
        assert!(p.rows[0].warnings.is_empty() && p.rows[1].warnings.is_empty());
    }

    #[test]
    fn patterns_plan_one_kind() {
        let template = Draft {
            kind: "web-image".into(),
            flock_id: Some("flock:x".into()),
            values: vec![("web_image", FieldValue::File(Some(file("a.png", PNG))))],
            ..Draft::default()
        };
        let p = Plan::from_pattern(&template, "Laptop {n:03}", 1, 3, Offer::default()).unwrap();
        let memos: Vec<&str> = p.rows.iter().map(PlannedRow::memo).collect();
        assert_eq!(memos, ["Laptop 001", "Laptop 002", "Laptop 003"]);
        assert_eq!(p.ready_count(), 3);
        assert_eq!(p.rows[2].row, 3);
        assert_eq!(p.rows[2].line, None);
        assert_eq!(p.rows[0].token().unwrap().flock_id.as_deref(), Some("flock:x"));
        assert_eq!(
            Plan::from_pattern(&template, "Laptop", 1, 2, Offer::default()),
            Err(PlanError::Pattern(PatternError::NoCounter))
        );
        let bad = Draft { kind: "nope".into(), ..Draft::default() };
        let p = Plan::from_pattern(&bad, "{n}", 1, 2, Offer::default()).unwrap();
        assert_eq!(p.invalid_count(), 2);
        assert_eq!(p.jobs(true), Err(NotReady::NothingToSend));
        assert!(p.row(2).is_some() && p.row(3).is_none());
    }

    #[test]
    fn ten_thousand_rows_plan_quickly() {
        let mut text = String::from("kind,memo,browser_redirect_url,web_image,notes\n");
        for i in 0..MAX_COUNT {
            match i % 3 {
                0 => text.push_str(&format!("http,\"Laptop {i}, desk\",,,note\n")),
                1 => text.push_str(&format!("fast-redirect,Link {i},https://example.com/{i},,\n")),
                _ => text.push_str(&format!("web-image,Banner {i},,logo.png,\n")),
            }
        }
        let files = [file("logo.png", PNG)];
        let started = std::time::Instant::now();
        let p = Plan::from_csv(&text, &files, Offer::default()).unwrap();
        let jobs = p.jobs(false).unwrap();
        let took = started.elapsed();
        assert_eq!((p.len(), jobs.len()), (MAX_COUNT, MAX_COUNT));
        assert!(took.as_millis() < 1000, "planning 10,000 rows took {took:?}");
    }
}
