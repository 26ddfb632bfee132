//! Checking a deployment id that the operator typed. Every TLS call takes
//! the id (such as `ge6a1a75`), never the deployment's name, and operators
//! mix the two up often.

/// Prefix of the default deployment name, `deployment-<id>`.
const NAME_PREFIX: &str = "deployment-";

/// Reason a typed id cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdProblem {
    Empty,
    /// The text is the default name `deployment-<id>`; the id is suggested.
    NameInsteadOfId {
        suggested_id: String,
    },
    /// The text has characters or a length an id never has.
    Malformed,
}

impl IdProblem {
    /// Explains the problem and what to type instead.
    pub fn message(&self) -> String {
        match self {
            IdProblem::Empty => "Type the deployment ID, for example ge6a1a75.".to_owned(),
            IdProblem::NameInsteadOfId { suggested_id } => format!(
                "That is the deployment name. TLS calls need the ID, which is the part after \
                 \"deployment-\": {suggested_id}."
            ),
            IdProblem::Malformed => {
                "A deployment ID is 6 to 20 lowercase letters and digits, such as \
                 ge6a1a75. It is shown on the deployment's overview page; the deployment's name \
                 does not work here."
                    .to_owned()
            }
        }
    }
}

/// Checks the shape of a typed deployment id and returns it trimmed.
pub fn check_deployment_id(input: &str) -> Result<String, IdProblem> {
    let text = input.trim();
    if text.is_empty() {
        return Err(IdProblem::Empty);
    }
    if let Some(rest) = text.to_ascii_lowercase().strip_prefix(NAME_PREFIX)
        && has_id_shape(rest)
    {
        return Err(IdProblem::NameInsteadOfId {
            suggested_id: rest.to_owned(),
        });
    }
    if has_id_shape(text) {
        Ok(text.to_owned())
    } else {
        Err(IdProblem::Malformed)
    }
}

fn has_id_shape(text: &str) -> bool {
    (6..=20).contains(&text.len())
        && text
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_platform_ids() {
        assert_eq!(check_deployment_id(" ge6a1a75 "), Ok("ge6a1a75".to_owned()));
        assert_eq!(check_deployment_id("b1f77113"), Ok("b1f77113".to_owned()));
    }

    #[test]
    fn suggests_id_for_default_name() {
        assert_eq!(
            check_deployment_id("deployment-ge6a1a75"),
            Err(IdProblem::NameInsteadOfId {
                suggested_id: "ge6a1a75".into()
            })
        );
    }

    #[test]
    fn rejects_free_form_names_and_empty_input() {
        assert_eq!(
            check_deployment_id("Factory Broker"),
            Err(IdProblem::Malformed)
        );
        assert_eq!(check_deployment_id("GE6A1A75"), Err(IdProblem::Malformed));
        assert_eq!(
            check_deployment_id("ge6a1a75/../x"),
            Err(IdProblem::Malformed)
        );
        assert_eq!(check_deployment_id(""), Err(IdProblem::Empty));
    }
}
