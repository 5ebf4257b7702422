//! The Console client: requests as data ([`request`]), one function per endpoint
//! ([`endpoints`]; the mail-token flows in [`mail`]), tolerant answer types ([`types`], alerts
//! in [`incidents`]), one error type ([`error`]) and one transport ([`transport`]).

pub mod audit;
pub mod auth;
pub mod client;
pub mod console_url;
pub mod disposition;
pub mod endpoints;
pub mod error;
pub mod incidents;
pub mod listing;
pub mod loose;
pub mod mail;
pub mod request;
pub mod response;
pub mod transport;
pub mod types;

// proptest is a native-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod decoding_tests;

pub use auth::{ApiKey, AuthStyle, Credentials};
pub use client::Client;
pub use console_url::{ConsoleUrl, ConsoleUrlError};
pub use error::ApiError;
pub use request::{ApiRequest, Attachment, Method};
pub use response::{Call, RawResponse};
pub use transport::{Fetch, Transport};
