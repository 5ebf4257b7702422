//! The record of every `/api/v1` request, read by end-to-end tests through `/_sim/requests` to
//! check what the app sent.

use crate::api::Upload;
use crate::auth::Caller;
use axum::http::{Method, StatusCode};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// Parameters whose values are secrets: recorded as present, never by value.
const REDACTED: &[&str] =
    &["auth_token", "aws_secret_key", "aws_session_token", "exchange_password"];

/// Enough for any test run; a long demo forgets its oldest requests.
const KEEP: usize = 10_000;

#[derive(Serialize, Clone)]
pub struct Entry {
    method: String,
    path: String,
    params: BTreeMap<String, String>,
    files: Vec<FileInfo>,
    role: Option<&'static str>,
    via: Option<&'static str>,
    status: u16,
}

#[derive(Serialize, Clone)]
struct FileInfo {
    name: String,
    filename: String,
    content_type: String,
    size: usize,
    /// The first 8 bytes in hex, enough to tell a PNG from a PDF.
    head: String,
}

impl Entry {
    pub fn new(
        method: &Method,
        path: &str,
        params: &HashMap<String, String>,
        files: &HashMap<String, Upload>,
        caller: Option<&Caller>,
        via: Option<&'static str>,
    ) -> Self {
        let params = params
            .iter()
            .map(|(name, value)| {
                let value = if REDACTED.contains(&name.as_str()) {
                    "<redacted>".to_owned()
                } else {
                    value.clone()
                };
                (name.clone(), value)
            })
            .collect();
        let mut files: Vec<FileInfo> = files
            .iter()
            .map(|(name, upload)| FileInfo {
                name: name.clone(),
                filename: upload.filename.clone(),
                content_type: upload.content_type.clone(),
                size: upload.bytes.len(),
                head: upload.bytes.iter().take(8).map(|b| format!("{b:02x}")).collect(),
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            method: method.to_string(),
            path: format!("/api/v1/{path}"),
            params,
            files,
            role: caller.and_then(Caller::role_label),
            via,
            status: 0,
        }
    }

    pub fn finished(mut self, status: StatusCode) -> Self {
        self.status = status.as_u16();
        self
    }
}

#[derive(Default)]
pub struct Log {
    entries: VecDeque<Entry>,
}

impl Log {
    pub fn push(&mut self, entry: Entry) {
        if self.entries.len() == KEEP {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub fn entries(&self) -> Vec<Entry> {
        self.entries.iter().cloned().collect()
    }

    pub fn clear(&mut self) -> usize {
        let count = self.entries.len();
        self.entries.clear();
        count
    }
}
