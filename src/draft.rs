//! What the operator has put into the upload form. It lives at the top of
//! the page, so that no error, reconnect or change of deployment loses it.

use leptos::prelude::*;

use crate::api::TlsType;
use crate::loaded_file::LoadedFile;
use crate::upload_payload::Slot;

/// The upload form's choices and files.
#[derive(Clone, Copy)]
pub struct UploadDraft {
    pub tls_type: RwSignal<TlsType>,
    certificate: RwSignal<Option<LoadedFile>>,
    key: RwSignal<Option<LoadedFile>>,
    client_ca: RwSignal<Option<LoadedFile>>,
}

impl UploadDraft {
    pub fn new() -> UploadDraft {
        UploadDraft {
            tls_type: RwSignal::new(TlsType::OneWay),
            certificate: RwSignal::new(None),
            key: RwSignal::new(None),
            client_ca: RwSignal::new(None),
        }
    }

    /// The file of `slot`.
    pub fn file(&self, slot: Slot) -> RwSignal<Option<LoadedFile>> {
        match slot {
            Slot::Certificate => self.certificate,
            Slot::Key => self.key,
            Slot::ClientCa => self.client_ca,
        }
    }
}

impl Default for UploadDraft {
    fn default() -> Self {
        UploadDraft::new()
    }
}
