//! The simulator over HTTP, as the app and the end-to-end tests see it. One test binary with
//! a module per area keeps linking cheap.

mod auth;
mod downloads;
mod factories;
mod incidents;
mod kinds;
mod listing;
mod operator;
mod support;
mod tokens;
