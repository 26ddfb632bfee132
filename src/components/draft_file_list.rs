//! The files the operator put on one drop target, each with its size, a
//! remove button and the problems found in it.

use leptos::prelude::*;
use tls_certs::{DropSlot, ProblemKind};

use crate::checked_material::CheckedMaterial;
use crate::components::problem_list::ProblemList;
use crate::draft::UploadDraft;
use crate::loaded_file::human_size;
use crate::material::{Slot, source_names};

/// Lists the draft's files that were put on the slot `target` (`None`: the
/// shared drop zone).
#[component]
pub fn DraftFileList(target: Option<Slot>) -> impl IntoView {
    let draft = expect_context::<UploadDraft>();
    let checked = expect_context::<Memo<CheckedMaterial>>();
    let list_id = file_list_id(target);
    move || {
        let files = draft.files_on(target);
        // The names the checks use, which tell apart files of one name.
        let names: Vec<(u64, String)> = draft.files.with(|all| {
            all.iter()
                .map(|file| file.id)
                .zip(source_names(all))
                .collect()
        });
        (!files.is_empty()).then(|| {
            view! {
                <ul class="file-list" id=list_id.clone() aria-live="polite">
                    {files
                        .into_iter()
                        .map(|entry| {
                            let source_name = names
                                .iter()
                                .find(|(id, _)| *id == entry.id)
                                .map_or_else(|| entry.file.name.clone(), |(_, name)| name.clone());
                            let problems = checked.with(|checked| checked.problems_of(&source_name));
                            let id = entry.id;
                            // The checks could not tell whether this CA is meant
                            // for clients, so the operator is asked.
                            let unclear_purpose = entry.dropped_on != DropSlot::ClientCa
                                && problems.iter().any(|problem| problem.kind == ProblemKind::AmbiguousCertificate);
                            let name = source_name.clone();
                            view! {
                                <li class="file-list__item">
                                    <span class="file-list__name">{format!("{source_name}, {}", human_size(entry.file.size))}</span>
                                    <button
                                        type="button"
                                        class="button button--quiet"
                                        aria-label=format!("Remove {source_name}")
                                        on:click=move |_| draft.remove(id)
                                    >
                                        "Remove"
                                    </button>
                                    {unclear_purpose.then(|| view! {
                                        <button
                                            type="button"
                                            class="button"
                                            aria-label=format!("Use {name} as the client CA")
                                            on:click=move |_| draft.move_to(id, DropSlot::ClientCa)
                                        >
                                            "Use as client CA"
                                        </button>
                                    })}
                                    <ProblemList problems/>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    }
}

/// Returns the element id of the file list of `target`, so a file input can
/// point to the problems listed there.
pub fn file_list_id(target: Option<Slot>) -> String {
    match target {
        Some(slot) => format!("{}-files", slot.id()),
        None => "drop-zone-files".to_owned(),
    }
}
