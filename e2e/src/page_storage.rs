//! The page's Web Storage, read through script execution.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use fantoccini::Client;
use serde_json::Value;

/// Which storage area to read.
#[derive(Clone, Copy, Debug)]
pub enum StorageArea {
    Local,
    Session,
}

/// Returns every entry of `area` for the current page's origin.
pub async fn storage_entries(
    client: &Client,
    area: StorageArea,
) -> Result<BTreeMap<String, String>> {
    let name = match area {
        StorageArea::Local => "localStorage",
        StorageArea::Session => "sessionStorage",
    };
    let script = format!(
        "const entries = {{}};\n\
         for (let i = 0; i < {name}.length; i++) {{\n\
           const key = {name}.key(i);\n\
           entries[key] = {name}.getItem(key);\n\
         }}\n\
         return entries;"
    );
    let value = client
        .execute(&script, Vec::new())
        .await
        .with_context(|| format!("failed to read {name}"))?;
    let Value::Object(object) = value else {
        anyhow::bail!("reading {name} returned {value} instead of an object");
    };
    Ok(object
        .into_iter()
        .map(|(key, value)| (key, value.as_str().unwrap_or_default().to_owned()))
        .collect())
}

/// localStorage entry of the panel's record of its own calls.
pub const LEDGER_KEY: &str = "tls-panel.ledger";

/// The panel's record of one key's calls of one HTTP method.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerBucket {
    /// Call times in milliseconds since the Unix epoch, oldest first.
    pub calls: Vec<i64>,
    /// End of a wait the platform imposed with a 429, in the same unit.
    pub blocked_until: Option<i64>,
}

/// Reads the panel's ledger bucket for `method` (`GET`, `POST`, `PUT` or
/// `DELETE`). The ledger names buckets `<key hash>/<METHOD>`; the tests use
/// one key per browser profile, so the first bucket of `method` is the
/// key's. An absent bucket reads as empty.
pub async fn ledger_bucket(client: &Client, method: &str) -> Result<LedgerBucket> {
    let entries = storage_entries(client, StorageArea::Local).await?;
    let Some(text) = entries.get(LEDGER_KEY) else {
        return Ok(LedgerBucket::default());
    };
    let ledger: Value =
        serde_json::from_str(text).with_context(|| format!("{LEDGER_KEY} is not JSON"))?;
    let suffix = format!("/{method}");
    let bucket = ledger["buckets"]
        .as_object()
        .and_then(|buckets| {
            buckets
                .iter()
                .find(|(name, _)| name.ends_with(&suffix))
                .map(|(_, bucket)| bucket.clone())
        })
        .unwrap_or(Value::Null);
    Ok(LedgerBucket {
        calls: bucket["calls"]
            .as_array()
            .map(|calls| calls.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default(),
        blocked_until: bucket["blocked_until"].as_i64(),
    })
}
