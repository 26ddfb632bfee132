//! Fetching `config.json` from beside `index.html`.

use gloo_net::http::Request;
use web_sys::RequestCache;

use crate::config::PanelConfig;

/// Reads `config.json` relative to the page. A missing file gives the
/// defaults; an unreadable or invalid one gives the defaults and a message.
pub async fn load_config() -> (PanelConfig, Option<String>) {
    let response = match Request::get("config.json")
        .cache(RequestCache::NoCache)
        .send()
        .await
    {
        Ok(response) => response,
        Err(_) => return (PanelConfig::default(), None),
    };
    if response.status() == 404 {
        return (PanelConfig::default(), None);
    }
    if !response.ok() {
        let problem = format!(
            "config.json could not be read (HTTP {}), so the API is called at {}.",
            response.status(),
            PanelConfig::default().api_base
        );
        return (PanelConfig::default(), Some(problem));
    }
    let text = response.text().await.unwrap_or_default();
    match PanelConfig::parse(&text) {
        Ok(config) => (config, None),
        Err(error) => {
            let problem = format!(
                "{error}. The API is called at {} until it is fixed.",
                PanelConfig::default().api_base
            );
            (PanelConfig::default(), Some(problem))
        }
    }
}
