//! One module per screen. A screen uses the shared rooms ([`super::app`], [`super::parts`]) and
//! asks for effects on other screens through shared state; it never imports another screen.

pub mod advanced;
pub mod alert_export;
pub mod alerts;
pub mod bulk;
pub mod connect;
pub mod create;
pub mod export;
pub mod inventory;
pub mod mail;
pub mod token;
