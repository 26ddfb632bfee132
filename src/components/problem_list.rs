//! A list of problems found in the material, each with its fix.

use leptos::prelude::*;
use tls_certs::{Problem, Severity};

/// Shows `problems`, blocking ones first. Renders nothing when empty.
#[component]
pub fn ProblemList(problems: Vec<Problem>) -> impl IntoView {
    let mut problems = problems;
    problems.sort_by_key(|problem| problem.severity != Severity::Blocking);
    (!problems.is_empty()).then(|| {
        view! {
            <ul class="problems">
                {problems
                    .into_iter()
                    .map(|problem| {
                        let blocking = problem.is_blocking();
                        view! {
                            <li class="problems__item" class:problems__item--blocking=blocking>
                                <span class="problems__severity">
                                    {if blocking { "Blocks saving: " } else { "Note: " }}
                                </span>
                                {problem.message}
                                {problem.fix.map(|fix| {
                                    // A command is shown as code to copy; a step as plain text.
                                    if fix.contains("openssl ") {
                                        view! { <code class="problems__fix">{fix}</code> }.into_any()
                                    } else {
                                        view! { <span class="problems__step">{fix}</span> }.into_any()
                                    }
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
