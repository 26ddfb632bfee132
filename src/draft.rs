//! The upload form's content. It lives at the top of the page, so that no
//! error, reconnect or change of deployment loses it.

use leptos::prelude::*;
use tls_certs::DropSlot;

use crate::api::TlsType;
use crate::loaded_file::LoadedFile;
use crate::material::{DraftFile, Slot};

/// The upload form's choices, files and pasted text.
#[derive(Clone, Copy)]
pub struct UploadDraft {
    /// Follows the live certificate's tlsType until the operator picks one;
    /// see [`UploadDraft::choose_tls_type`].
    pub tls_type: RwSignal<TlsType>,
    /// Set once the operator picks a TLS type, so that the live certificate
    /// of another deployment no longer changes it.
    pub tls_type_chosen: RwSignal<bool>,
    pub files: RwSignal<Vec<DraftFile>>,
    /// Pasted PEM text. Change it with [`UploadDraft::set_pasted`], which also
    /// clears the leaf choice.
    pub pasted: RwSignal<String>,
    /// SHA-256 fingerprint of the certificate the operator chose as the
    /// server certificate when several could be it. Every change of the
    /// material clears it, so a choice made for other files is never applied
    /// without the operator seeing the question again.
    pub leaf_choice: RwSignal<Option<String>>,
    /// Deployment that was open when the first file of the draft arrived,
    /// so the form can point out material carried over to another one.
    pub added_for: RwSignal<Option<String>>,
    next_id: StoredValue<u64>,
}

impl UploadDraft {
    pub fn new() -> UploadDraft {
        UploadDraft {
            tls_type: RwSignal::new(TlsType::OneWay),
            tls_type_chosen: RwSignal::new(false),
            files: RwSignal::new(Vec::new()),
            pasted: RwSignal::new(String::new()),
            leaf_choice: RwSignal::new(None),
            added_for: RwSignal::new(None),
            next_id: StoredValue::new(1),
        }
    }

    /// Sets the TLS type the operator picked.
    pub fn choose_tls_type(&self, tls_type: TlsType) {
        self.tls_type_chosen.set(true);
        self.tls_type.set(tls_type);
    }

    /// Takes the live certificate's tlsType as the form's, unless the
    /// operator has picked one, so a replacement keeps the live type by
    /// default.
    pub fn follow_live_tls_type(&self, live: TlsType) {
        if !self.tls_type_chosen.get_untracked() && self.tls_type.get_untracked() != live {
            self.tls_type.set(live);
        }
    }

    /// Adds files put on `dropped_on`. Files put on a slot replace the files
    /// that slot contained, because a new drop there means "use this
    /// instead". Files put on the shared drop zone are added to the others.
    pub fn add(
        &self,
        loaded: Vec<LoadedFile>,
        dropped_on: DropSlot,
        deployment_id: Option<String>,
    ) {
        if self.files.with_untracked(Vec::is_empty) {
            self.added_for.set(deployment_id);
        }
        self.leaf_choice.set(None);
        let first_id = self.next_id.get_value();
        self.next_id.set_value(first_id + loaded.len() as u64);
        self.files.update(|files| {
            if dropped_on != DropSlot::Any {
                files.retain(|draft| draft.dropped_on != dropped_on);
            }
            files.extend(
                loaded
                    .into_iter()
                    .zip(first_id..)
                    .map(|(file, id)| DraftFile {
                        id,
                        file,
                        dropped_on,
                    }),
            );
        });
    }

    /// Treats the file `id` as put on `drop_slot`, keeping the other files
    /// there, as when the operator chooses which slot a file belongs to.
    pub fn move_to(&self, id: u64, drop_slot: DropSlot) {
        self.leaf_choice.set(None);
        self.files.update(|files| {
            if let Some(draft) = files.iter_mut().find(|draft| draft.id == id) {
                draft.dropped_on = drop_slot;
            }
        });
    }

    /// Replaces the pasted text with `text`, as the operator types or pastes.
    pub fn set_pasted(&self, text: String) {
        self.leaf_choice.set(None);
        self.pasted.set(text);
    }

    /// Tells whether the form holds no file and no pasted text; reactive.
    pub fn is_empty(&self) -> bool {
        self.files.with(Vec::is_empty) && self.pasted.with(|text| text.trim().is_empty())
    }

    pub fn remove(&self, id: u64) {
        self.leaf_choice.set(None);
        self.files
            .update(|files| files.retain(|draft| draft.id != id));
    }

    /// Files the operator put on `slot`; reactive.
    pub fn files_on(&self, slot: Option<Slot>) -> Vec<DraftFile> {
        let drop_slot = slot.map_or(DropSlot::Any, Slot::drop_slot);
        self.files.with(|files| {
            files
                .iter()
                .filter(|draft| draft.dropped_on == drop_slot)
                .cloned()
                .collect()
        })
    }

    /// Empties the form once the platform has the material: the files, the
    /// pasted text with any private key in it, and the choices made for
    /// them. The TLS type follows the live certificate again.
    pub fn clear_after_save(&self) {
        self.files.set(Vec::new());
        self.pasted.set(String::new());
        self.leaf_choice.set(None);
        self.added_for.set(None);
        self.tls_type_chosen.set(false);
    }
}

impl Default for UploadDraft {
    fn default() -> Self {
        UploadDraft::new()
    }
}
