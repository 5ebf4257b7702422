//! Screens and components.

pub mod advanced;
pub mod app;
pub mod bulk;
pub mod connect;
pub mod console_info;
pub mod context;
pub mod create;
pub mod inventory;
pub mod qr;
pub mod screen;
pub mod token;
pub mod token_facts;
pub mod unlock;
pub mod widgets;

pub use app::App;
pub use context::{AppContext, ConsoleData};
