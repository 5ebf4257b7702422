//! The user interface, in rooms that only look down: [`app`] (shared state, navigation, the
//! page frame), [`parts`] (components several screens use), [`screens`] (one module each, never
//! importing another), and the two pages that pick their screens: [`popup`] and [`workbench`].

pub mod app;
pub mod dom;
pub mod parts;
pub mod popup;
pub mod screens;
pub mod workbench;

pub use app::{AppContext, ConsoleData};
