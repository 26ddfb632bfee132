//! The panel's components, one per file.

pub mod app;
pub mod budget_meter;
pub mod confirm_dialog;
pub mod connection_form;
pub mod deployment_picker;
pub mod draft_file_list;
pub mod drop_zone;
pub mod file_picker;
pub mod file_slot;
pub mod leaf_choice;
pub mod live_region;
pub mod material_preview;
pub mod problem_list;
pub mod retry_countdown;
pub mod status_card;
pub mod upload_form;
