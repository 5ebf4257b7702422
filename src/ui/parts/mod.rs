//! Components more than one screen uses: small widgets, the catalog's field controls, what a
//! token needs in order to be planted, QR codes, alerts.

pub mod alert;
pub mod alert_list;
pub mod fields;
pub mod filters;
pub mod planting;
pub mod qr;
pub mod task;
pub mod token_facts;
pub mod widgets;
