//! Reads of the "Request budget" card, whose lines read like "57 of 60 left"
//! or "0 of 4 left, next frees up in 1:52".

use anyhow::{Context, Result, bail};
use fantoccini::Client;

use crate::actions;
use crate::ui::names;
use crate::wait::{DEFAULT_TIMEOUT, Seen, wait_until};

/// One line of the budget card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetLine {
    pub left: u32,
    pub limit: u32,
    /// The `M:SS` or `H:MM:SS` after "next frees up in", when shown.
    pub frees_up_in: Option<String>,
}

/// Parses the text of one `<dd>` of the budget card.
pub fn parse_budget_line(text: &str) -> Result<BudgetLine> {
    let text = text.trim();
    let (counts, frees_up_in) = match text.split_once(", next frees up in ") {
        Some((counts, wait)) => (counts, Some(wait.trim().to_owned())),
        None => (text, None),
    };
    let Some(counts) = counts.strip_suffix(" left") else {
        bail!("budget line {text:?} does not end its counts with \" left\"");
    };
    let Some((left, limit)) = counts.split_once(" of ") else {
        bail!("budget line {text:?} has no \"N of M\"");
    };
    Ok(BudgetLine {
        left: left
            .trim()
            .parse()
            .with_context(|| format!("invalid count left in {text:?}"))?,
        limit: limit
            .trim()
            .parse()
            .with_context(|| format!("invalid limit in {text:?}"))?,
        frees_up_in,
    })
}

/// Reads the budget line of `term`, such as [`names::BUDGET_READS`].
pub async fn budget_line(client: &Client, term: &str) -> Result<BudgetLine> {
    let text = actions::definition(client, names::BUDGET_SECTION, term)
        .await?
        .with_context(|| format!("the budget card has no line {term:?}"))?;
    parse_budget_line(&text)
}

/// Waits until the budget line of `term` shows `left` calls left, and returns it.
pub async fn wait_for_budget_left(client: &Client, term: &str, left: u32) -> Result<BudgetLine> {
    wait_until(
        &format!("{left} left on the budget line {term:?}"),
        DEFAULT_TIMEOUT,
        async || {
            let line = budget_line(client, term).await?;
            Ok(if line.left == left {
                Seen::Done(line)
            } else {
                Seen::NotYet(format!("{line:?}"))
            })
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_line_without_wait() {
        let line = parse_budget_line("57 of 60 left").unwrap();
        assert_eq!(
            line,
            BudgetLine {
                left: 57,
                limit: 60,
                frees_up_in: None
            }
        );
    }

    #[test]
    fn parses_line_with_wait() {
        let line = parse_budget_line("0 of 4 left, next frees up in 1:52").unwrap();
        assert_eq!(line.left, 0);
        assert_eq!(line.limit, 4);
        assert_eq!(line.frees_up_in.as_deref(), Some("1:52"));
    }

    #[test]
    fn rejects_other_text() {
        assert!(parse_budget_line("").is_err());
        assert!(parse_budget_line("plenty left").is_err());
        assert!(parse_budget_line("5 of 6").is_err());
    }
}
