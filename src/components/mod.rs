//! The panel's components, one per file.

pub mod app;
pub mod budget_meter;
pub mod confirm_dialog;
pub mod connection_form;
pub mod deployment_picker;
pub mod file_slot;
pub mod live_region;
pub mod retry_countdown;
pub mod status_card;
pub mod upload_form;
