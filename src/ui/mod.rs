//! Screens and components.

pub mod app;
pub mod connect;
pub mod context;
pub mod screen;
pub mod widgets;

pub use app::App;
pub use context::AppContext;
