//! Something the user started that talks to the Console (or the store) and ends in a sentence:
//! while it runs its button is disabled and the status line says what is happening; then the
//! status line says what came of it, or the alert line what went wrong.
//!
//! One non-generic type serves every such action: the futures are boxed before they are
//! spawned, so the page holds one copy of the machinery rather than one per action (Leptos's
//! `Action<I, O>` instantiates its own for every input and output type, which is much of why a
//! page weighs what it weighs).

use super::widgets::notices;
use crate::ui::dom::{effect, focus_soon};
use leptos::prelude::*;
use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsCast;
use web_sys::{DocumentFragment, Node};

/// Why a task failed, as the sentence the user reads. Any error that displays converts, so a
/// task's future uses `?` on API and store calls alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure(pub String);

impl<E: Display> From<E> for Failure {
    fn from(error: E) -> Self {
        Self(error.to_string())
    }
}

/// What a task's future gives: the sentence for the status line, or why not.
pub type Outcome = Result<String, Failure>;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TaskState {
    #[default]
    Idle,
    /// Running; the words say what is happening ("Saving memo…").
    Busy(&'static str),
    Done(String),
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct Task(RwSignal<TaskState>);

impl Task {
    pub fn new() -> Self {
        Self(RwSignal::new(TaskState::Idle))
    }

    /// Runs `work` unless the task is already running (a double click sends one request).
    /// `busy` is what the status line says meanwhile. The result is written even after the
    /// screen is gone (then it is dropped quietly).
    pub fn run(self, busy: &'static str, work: impl Future<Output = Outcome> + 'static) {
        self.start(busy, Box::pin(work));
    }

    fn start(self, busy: &'static str, work: Pin<Box<dyn Future<Output = Outcome>>>) {
        if self.busy_untracked() {
            return;
        }
        self.0.set(TaskState::Busy(busy));
        leptos::task::spawn_local(async move {
            let state = match work.await {
                Ok(done) => TaskState::Done(done),
                Err(Failure(why)) => TaskState::Failed(why),
            };
            self.0.try_set(state);
        });
    }

    /// Running (tracked): buttons that start it are disabled.
    pub fn busy(self) -> bool {
        self.0.with(|s| matches!(s, TaskState::Busy(_)))
    }

    pub fn busy_untracked(self) -> bool {
        self.0.with_untracked(|s| matches!(s, TaskState::Busy(_)))
    }

    /// The last outcome, or the running state (tracked).
    pub fn state(self) -> TaskState {
        self.0.get()
    }

    /// Forgets the last outcome (the form changed since).
    pub fn clear(self) {
        if !self.busy_untracked() {
            self.0.set(TaskState::Idle);
        }
    }

    /// What the status line says (tracked).
    pub fn status(self) -> Option<String> {
        self.0.with(|s| match s {
            TaskState::Busy(words) => Some((*words).to_owned()),
            TaskState::Done(done) => Some(done.clone()),
            _ => None,
        })
    }

    /// What the alert line says (tracked).
    pub fn error(self) -> Option<String> {
        self.0.with(|s| match s {
            TaskState::Failed(why) => Some(why.clone()),
            _ => None,
        })
    }

    pub fn failed(self) -> bool {
        self.0.with(|s| matches!(s, TaskState::Failed(_)))
    }

    /// The task's status and alert lines. When it ends, focus goes to what came of it: the
    /// status line, or the alert line when it failed (a keyboard or screen-reader user lands
    /// on the outcome rather than on the button that started it).
    pub fn notices(self) -> Node {
        let lines: DocumentFragment =
            notices(move || self.status(), move || self.error()).unchecked_into();
        let (Some(status), Some(alert)) = (lines.first_element_child(), lines.last_element_child())
        else {
            return lines.into();
        };
        for line in [&status, &alert] {
            let _ = line.set_attribute("tabindex", "-1");
        }
        let mut started = false;
        effect(move || {
            let line = self.0.with(|s| match s {
                TaskState::Done(_) => Some(&status),
                TaskState::Failed(_) => Some(&alert),
                TaskState::Busy(_) | TaskState::Idle => None,
            });
            // Not for an outcome that was there when the lines were built.
            if let Some(line) = line.filter(|_| started) {
                focus_soon(line);
            }
            started = true;
        });
        lines.into()
    }
}

impl Default for Task {
    fn default() -> Self {
        Self::new()
    }
}
