//! Deployments and certificate records kept in a JSON state file.
//!
//! The file is replaced atomically after every change. The new content goes
//! to a temporary file in the same folder, which is flushed to disk and then
//! renamed over the old file. A crash therefore leaves either the old or the
//! new state, never half of one.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::demo;
use crate::model::{StoredDeployment, TlsRecord};

const STATE_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("could not read state file {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "state file {path} is not a valid simulator state: {source}; \
         fix it or pass another --state file"
    )]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "state file {path} has version {found}, but this simulator reads version {STATE_VERSION}"
    )]
    Version { path: PathBuf, found: u32 },
    #[error("could not write state file {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

#[derive(Serialize, Deserialize)]
struct StateFile {
    version: u32,
    deployments: Vec<StoredDeployment>,
}

/// The deployments in memory and the path of the file that mirrors them.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    deployments: Vec<StoredDeployment>,
}

impl Store {
    /// Loads the state file, or creates it with the demo deployments when it
    /// does not exist. An unreadable or invalid file is an error and is left
    /// untouched.
    pub fn open(path: &Path, now_unix: u64) -> Result<Self, StoreError> {
        match fs::read(path) {
            Ok(bytes) => {
                let file: StateFile =
                    serde_json::from_slice(&bytes).map_err(|source| StoreError::Parse {
                        path: path.to_owned(),
                        source,
                    })?;
                if file.version != STATE_VERSION {
                    return Err(StoreError::Version {
                        path: path.to_owned(),
                        found: file.version,
                    });
                }
                tracing::info!(path = %path.display(), "loaded state file");
                Ok(Self {
                    path: path.to_owned(),
                    deployments: file.deployments,
                })
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let deployments = demo::demo_deployments(now_unix);
                write_atomically(path, &serialize(&deployments)).map_err(|source| {
                    StoreError::Write {
                        path: path.to_owned(),
                        source,
                    }
                })?;
                tracing::info!(path = %path.display(), "created state file with demo deployments");
                Ok(Self {
                    path: path.to_owned(),
                    deployments,
                })
            }
            Err(source) => Err(StoreError::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }

    pub fn deployments(&self) -> &[StoredDeployment] {
        &self.deployments
    }

    pub fn find(&self, id: &str) -> Option<&StoredDeployment> {
        self.deployments
            .iter()
            .find(|stored| stored.deployment.id == id)
    }

    /// Sets or removes the certificate record of deployment `id` and saves
    /// the state. Memory changes only after the file is written, so a write
    /// failure leaves both as they were.
    pub async fn set_tls(&mut self, id: &str, tls: Option<TlsRecord>) -> Result<(), StoreError> {
        let mut next = self.deployments.clone();
        if let Some(stored) = next.iter_mut().find(|stored| stored.deployment.id == id) {
            stored.tls = tls;
        }

        let bytes = serialize(&next);
        let path = self.path.clone();
        let written = tokio::task::spawn_blocking(move || write_atomically(&path, &bytes))
            .await
            .unwrap_or_else(|join_error| Err(io::Error::other(join_error)));
        written.map_err(|source| StoreError::Write {
            path: self.path.clone(),
            source,
        })?;

        self.deployments = next;
        Ok(())
    }
}

fn serialize(deployments: &[StoredDeployment]) -> Vec<u8> {
    let file = StateFile {
        version: STATE_VERSION,
        deployments: deployments.to_vec(),
    };
    let mut bytes = serde_json::to_vec_pretty(&file).expect("state serializes to JSON");
    bytes.push(b'\n');
    bytes
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::other("state path has no file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(file_name);
    temp_name.push(format!(".tmp-{}", std::process::id()));
    let temp_path = folder.join(temp_name);

    let result = (|| {
        let mut temp = fs::File::create(&temp_path)?;
        temp.write_all(bytes)?;
        temp.sync_all()?;
        fs::rename(&temp_path, path)?;
        // Flushing the folder makes the rename itself durable.
        fs::File::open(&folder)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_demo_state_when_file_is_missing() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("state.json");

        let store = Store::open(&path, 1_700_000_000).unwrap();

        assert!(path.exists());
        assert_eq!(store.deployments().len(), 6);
    }

    #[test]
    fn rejects_state_file_that_is_not_json() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("state.json");
        fs::write(&path, "not json").unwrap();

        let error = Store::open(&path, 1_700_000_000).unwrap_err();

        assert!(matches!(error, StoreError::Parse { .. }));
        assert_eq!(fs::read_to_string(&path).unwrap(), "not json");
    }

    #[tokio::test]
    async fn keeps_certificate_record_across_reopen() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("state.json");
        let mut store = Store::open(&path, 1_700_000_000).unwrap();
        let record = TlsRecord {
            tls_type: crate::model::TlsType::OneWay,
            expire: "2030-01-02 03:04:05".to_owned(),
            uploaded_at_ms: 1_700_000_100_000,
            subject_cn: Some("broker.example.test".to_owned()),
        };

        store
            .set_tls(demo::RUNNING_WITHOUT_CERT, Some(record.clone()))
            .await
            .unwrap();
        let reopened = Store::open(&path, 1_800_000_000).unwrap();

        let stored = reopened.find(demo::RUNNING_WITHOUT_CERT).unwrap();
        assert_eq!(stored.tls.as_ref(), Some(&record));
        let names: Vec<_> = fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("state.json")]);
    }
}
