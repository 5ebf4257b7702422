//! The simulator over HTTP, as the app and the end-to-end tests see it. One test binary with
//! a module per area keeps linking cheap.

mod audit;
mod auth;
mod downloads;
mod factories;
mod flocks;
mod incidents;
mod kinds;
mod listing;
mod mail;
mod operator;
mod support;
mod tokens;
mod variants;
