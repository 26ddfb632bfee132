//! The result of checking the upload form's material, shared by the form's
//! components through context.

use std::sync::Arc;

use leptos::prelude::*;
use tls_certs::{Analysis, Choices, Problem, analyze};

use crate::budget::now_ms;
use crate::draft::UploadDraft;
use crate::material::{certs_tls_type, sources};
use crate::state::Panel;

/// A check result. Two results are equal only when they are the same
/// result, so every new check updates the page.
#[derive(Clone, Debug)]
pub struct CheckedMaterial(pub Arc<Analysis>);

impl PartialEq for CheckedMaterial {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl CheckedMaterial {
    /// Problems that come from the source named `name`.
    pub fn problems_of(&self, name: &str) -> Vec<Problem> {
        self.0
            .problems
            .iter()
            .filter(|problem| problem.source.as_deref() == Some(name))
            .cloned()
            .collect()
    }
}

/// Checks the draft again whenever its files, text, TLS type or leaf choice
/// change, and once a minute, since validity depends on the time. Each check
/// uses the exact current time, so a certificate issued seconds ago is
/// already valid.
pub fn check_draft(panel: Panel, draft: UploadDraft) -> Memo<CheckedMaterial> {
    let minute = Memo::new(move |_| panel.clock.get() / 60_000);
    Memo::new(move |_| {
        minute.track();
        let now_seconds = now_ms() / 1000;
        let policy = panel.config.with(|config| config.policy.clone());
        let tls_type = certs_tls_type(draft.tls_type.get());
        let choices = Choices {
            leaf: draft.leaf_choice.get(),
        };
        let analysis = draft.files.with(|files| {
            draft.pasted.with(|pasted| {
                analyze(
                    &sources(files, pasted),
                    tls_type,
                    &policy,
                    &choices,
                    now_seconds,
                )
            })
        });
        CheckedMaterial(Arc::new(analysis))
    })
}
