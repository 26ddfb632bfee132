//! chromedriver's log endpoint, which returns what Chromium recorded since the
//! last read: the page's console messages (`browser`) and, when the session
//! asked for it, network events (`performance`).
//!
//! The endpoint is chromedriver's own (`POST /session/{id}/se/log`), not part
//! of W3C WebDriver, so it is sent as a custom command.

use anyhow::{Context, Result};
use fantoccini::Client;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde::Deserialize;
use serde_json::{Value, json};

/// One entry of a chromedriver log.
#[derive(Clone, Debug, Deserialize)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO` or `DEBUG`.
    pub level: String,
    /// For `browser`, the console text with its source location; for
    /// `performance`, a JSON text with the DevTools event.
    pub message: String,
}

/// The log to read.
#[derive(Clone, Copy, Debug)]
pub enum LogKind {
    Browser,
    Performance,
}

impl LogKind {
    fn name(self) -> &'static str {
        match self {
            LogKind::Browser => "browser",
            LogKind::Performance => "performance",
        }
    }
}

#[derive(Debug)]
struct ReadLog(LogKind);

impl WebDriverCompatibleCommand for ReadLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "type": self.0.name() });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Returns the entries of `kind` recorded since the previous read of that log.
pub async fn read_log(client: &Client, kind: LogKind) -> Result<Vec<LogEntry>> {
    let value = client
        .issue_cmd(ReadLog(kind))
        .await
        .with_context(|| format!("failed to read chromedriver's {} log", kind.name()))?;
    serde_json::from_value(value).with_context(|| {
        format!(
            "chromedriver's {} log is not a list of entries",
            kind.name()
        )
    })
}

/// Returns the URLs in `entries` of the `performance` log: the URL of every
/// request the browser sent and of every document it loaded.
pub fn requested_urls(entries: &[LogEntry]) -> Vec<String> {
    let mut urls = Vec::new();
    for entry in entries {
        let Ok(event) = serde_json::from_str::<Value>(&entry.message) else {
            continue;
        };
        let params = &event["message"]["params"];
        for url in [
            &params["request"]["url"],
            &params["documentURL"],
            &params["response"]["url"],
        ] {
            if let Some(url) = url.as_str() {
                urls.push(url.to_owned());
            }
        }
    }
    urls.sort();
    urls.dedup();
    urls
}

/// Counts the JavaScript dialogs of `dialog_type` (such as `beforeunload`)
/// that Chromium opened, in the output of a chromedriver started with
/// `--verbose`.
///
/// chromedriver 156 accepts `beforeunload` prompts by itself as soon as they
/// open, whatever the `unhandledPromptBehavior` capability sets, so they never reach the
/// WebDriver alert commands; its DevTools event log is where they show. Each
/// event is a line naming `Page.javascriptDialogOpening`, followed by its
/// parameters as indented JSON with a `"type"` line.
pub fn count_dialogs(driver_log: &str, dialog_type: &str) -> usize {
    let type_line = format!("\"type\": \"{dialog_type}\"");
    let lines: Vec<&str> = driver_log.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.contains("DevTools WebSocket Event: Page.javascriptDialogOpening"))
        .filter(|(index, _)| {
            lines[index + 1..]
                .iter()
                .take_while(|line| !line.starts_with('['))
                .any(|line| line.trim_start().starts_with(&type_line))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPENING: &str = "[1796415495.014][DEBUG]: DevTools WebSocket Event: \
                           Page.javascriptDialogOpening (session_id=1) 2 {\n";

    #[test]
    fn counts_dialogs_of_one_type() {
        let log = format!(
            "{OPENING}   \"hasBrowserHandler\": true,\n   \"type\": \"beforeunload\",\n   \
             \"url\": \"http://127.0.0.1/\"\n}}\n\
             [1796415495.020][DEBUG]: DevTools WebSocket Command: Page.handleJavaScriptDialog\n\
             {OPENING}   \"message\": \"hello\",\n   \"type\": \"alert\"\n}}\n"
        );
        assert_eq!(count_dialogs(&log, "beforeunload"), 1);
        assert_eq!(count_dialogs(&log, "alert"), 1);
        assert_eq!(count_dialogs(&log, "confirm"), 0);
    }

    #[test]
    fn ignores_type_lines_of_later_entries() {
        let log = format!(
            "{OPENING}   \"message\": \"x\"\n}}\n\
             [1796415495.020][DEBUG]: DevTools WebSocket Event: Other {{\n   \"type\": \"beforeunload\"\n}}\n"
        );
        assert_eq!(count_dialogs(&log, "beforeunload"), 0);
    }

    #[test]
    fn requested_urls_come_from_network_events() {
        let entry = |event: &str| LogEntry {
            level: "INFO".to_owned(),
            message: event.to_owned(),
        };
        let entries = [
            entry(
                r#"{"message":{"method":"Network.requestWillBeSent","params":{"documentURL":"http://127.0.0.1:1/","request":{"url":"http://127.0.0.1:1/api/v1/deployments"}}}}"#,
            ),
            entry("not json"),
        ];
        assert_eq!(
            requested_urls(&entries),
            vec![
                "http://127.0.0.1:1/".to_owned(),
                "http://127.0.0.1:1/api/v1/deployments".to_owned()
            ]
        );
    }
}
