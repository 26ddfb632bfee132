//! The panel's shared state, provided once as context. Every API call that
//! changes what the page shows goes through here, so a 401 from any call
//! ends the session the same way.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiClient, ApiError, CertificateState, Deployment};
use crate::budget::{CallKind, SharedLedger, now_ms};
use crate::config::PanelConfig;
use crate::credentials::Credentials;
use crate::pending_follow::{self, NextStep};

/// State shared by the panel's components.
#[derive(Clone, Copy)]
pub struct Panel {
    pub config: RwSignal<PanelConfig>,
    /// Reason `config.json` was not used, if it was present but invalid.
    pub config_problem: RwSignal<Option<String>>,
    pub client: RwSignal<Option<ApiClient>>,
    /// Reason the operator must log in again.
    pub auth_problem: RwSignal<Option<String>>,
    pub deployments: RwSignal<Option<Result<Vec<Deployment>, ApiError>>>,
    pub deployments_loading: RwSignal<bool>,
    pub deployment_id: RwSignal<Option<String>>,
    pub certificate: RwSignal<Option<Result<CertificateState, ApiError>>>,
    pub certificate_loading: RwSignal<bool>,
    /// Time the shown status arrived, from a read or from a write's response,
    /// in milliseconds since the epoch.
    pub status_received_at: RwSignal<Option<i64>>,
    /// Count of writes the platform accepted in this page, so that views can
    /// drop messages about the state before the latest one.
    pub accepted_writes: RwSignal<u64>,
    /// Text of the page's polite live region.
    pub announcement: RwSignal<String>,
    /// The panel's record of its calls, for the rate-limit budget.
    pub ledger: SharedLedger,
    /// The current time in milliseconds, updated every second for countdowns.
    pub clock: RwSignal<i64>,
    /// Writes sent and still waiting for a response. While there are any,
    /// closing the page requests confirmation.
    pub writes_in_flight: RwSignal<u32>,
    /// Counts certificate reads, so a late response for an earlier
    /// deployment or an older read is ignored.
    certificate_generation: StoredValue<u64>,
    /// Counts writes whose pending status the card follows, so that a newer
    /// write ends the reads that followed an older one.
    follow_generation: StoredValue<u64>,
}

impl Panel {
    pub fn new() -> Panel {
        Panel {
            config: RwSignal::new(PanelConfig::default()),
            config_problem: RwSignal::new(None),
            client: RwSignal::new(None),
            auth_problem: RwSignal::new(None),
            deployments: RwSignal::new(None),
            deployments_loading: RwSignal::new(false),
            deployment_id: RwSignal::new(None),
            certificate: RwSignal::new(None),
            certificate_loading: RwSignal::new(false),
            status_received_at: RwSignal::new(None),
            accepted_writes: RwSignal::new(0),
            announcement: RwSignal::new(String::new()),
            ledger: SharedLedger::new(),
            clock: RwSignal::new(now_ms()),
            writes_in_flight: RwSignal::new(0),
            certificate_generation: StoredValue::new(0),
            follow_generation: StoredValue::new(0),
        }
    }

    /// Announces `text` through the live region.
    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }

    /// Applies the settings read from `config.json`.
    pub fn apply_config(&self, config: PanelConfig, problem: Option<String>) {
        self.ledger.set_limits(config.limits);
        self.config.set(config);
        self.config_problem.set(problem);
    }

    /// Calls of `kind` left for the connected key, or `None` when no key is
    /// connected; reactive, and follows the clock.
    pub fn remaining(&self, kind: CallKind) -> Option<u32> {
        let now = self.clock.get();
        self.client.with(|client| {
            client
                .as_ref()
                .map(|client| self.ledger.remaining(client.key_id(), kind, now))
        })
    }

    /// Whole seconds until the next call of `kind` frees up for the connected
    /// key, rounded up; reactive, and follows the clock.
    pub fn seconds_until_free(&self, kind: CallKind) -> Option<u64> {
        let now = self.clock.get();
        self.next_free_at(kind)
            .map(|free_at| ((free_at - now).max(0) as u64).div_ceil(1000))
    }

    /// When the next call of `kind` frees up for the connected key; reactive.
    pub fn next_free_at(&self, kind: CallKind) -> Option<i64> {
        let now = self.clock.get();
        self.client.with(|client| {
            client
                .as_ref()
                .and_then(|client| self.ledger.next_free_at(client.key_id(), kind, now))
        })
    }

    /// Starts a session with `credentials` and loads the deployment list.
    pub fn connect(&self, credentials: Credentials, remember_for_tab: bool) {
        if remember_for_tab {
            credentials.save_to_session();
        } else {
            Credentials::clear_session();
        }
        let client = ApiClient::new(&self.config.get_untracked(), credentials, self.ledger);
        self.auth_problem.set(None);
        self.announce(format!("Connected as {}.", client.key()));
        self.client.set(Some(client));
        self.load_deployments();
        if self.deployment_id.get_untracked().is_some() {
            self.refresh_certificate();
        }
    }

    /// Ends the session. The chosen deployment and the upload form stay.
    pub fn disconnect(&self) {
        Credentials::clear_session();
        self.client.set(None);
        self.deployments.set(None);
        self.certificate.set(None);
        self.announce("Disconnected. The key and secret were removed from this tab.");
    }

    /// Handles an error from any call. A 401 ends the session and the
    /// connection form requests the credentials again.
    pub fn note_error(&self, error: &ApiError) {
        if *error == ApiError::Unauthorized {
            Credentials::clear_session();
            self.client.set(None);
            self.announce(
                "Not connected: authentication failed. Enter the API key and secret again.",
            );
            self.auth_problem.set(Some(
                "Authentication failed: the API key or secret is wrong, or the key was deleted. \
                 Enter them again."
                    .to_owned(),
            ));
        }
    }

    /// Loads `GET /deployments` into the selector.
    pub fn load_deployments(&self) {
        let Some(client) = self.client.get_untracked() else {
            return;
        };
        let panel = *self;
        panel.deployments_loading.set(true);
        spawn_local(async move {
            let result = client.list_deployments().await;
            if let Err(error) = &result {
                panel.note_error(error);
            }
            panel.deployments.set(Some(result));
            panel.deployments_loading.set(false);
        });
    }

    /// Chooses the deployment whose certificate the card and form manage.
    pub fn select_deployment(&self, deployment_id: Option<String>) {
        if deployment_id == self.deployment_id.get_untracked() {
            return;
        }
        self.deployment_id.set(deployment_id);
        self.certificate.set(None);
        self.refresh_certificate();
    }

    /// Reads the certificate status of the chosen deployment.
    pub fn refresh_certificate(&self) {
        let panel = *self;
        spawn_local(async move { panel.read_certificate().await });
    }

    /// Stores a status that a write returned, then follows it with reads
    /// while the platform reports it as `pending`. The reads stop when the
    /// read budget falls to the reserve kept for manual refreshes.
    pub fn show_written_certificate(&self, state: CertificateState) {
        let deployment_id = self.deployment_id.get_untracked();
        self.certificate_generation
            .update_value(|generation| *generation += 1);
        self.certificate_loading.set(false);
        self.certificate.set(Some(Ok(state)));
        self.status_received_at.set(Some(now_ms()));
        self.accepted_writes.update(|count| *count += 1);
        self.follow_generation
            .update_value(|generation| *generation += 1);
        let follow_generation = self.follow_generation.get_value();
        let panel = *self;
        spawn_local(async move {
            for attempt in 0.. {
                TimeoutFuture::new(pending_follow::delay_seconds(attempt) * 1000).await;
                let same_deployment = panel.deployment_id.get_untracked() == deployment_id
                    && panel.follow_generation.get_value() == follow_generation;
                let still_pending = same_deployment && panel.certificate_is_pending();
                let reserve = panel.config.get_untracked().read_reserve;
                match pending_follow::next_step(
                    still_pending,
                    panel.reads_left_untracked(),
                    reserve,
                ) {
                    NextStep::Read => {}
                    NextStep::Done => return,
                    NextStep::KeepReserve => {
                        panel.announce(
                            "Automatic status checks stopped to keep reads for you. Use Refresh status \
                             to check again.",
                        );
                        return;
                    }
                }
                panel.read_certificate().await;
            }
        });
    }

    fn reads_left_untracked(&self) -> Option<u32> {
        let now = now_ms();
        self.client.with_untracked(|client| {
            client.as_ref().map(|client| {
                untrack(|| self.ledger.remaining(client.key_id(), CallKind::Read, now))
            })
        })
    }

    fn certificate_is_pending(&self) -> bool {
        self.certificate.with_untracked(|certificate| {
            matches!(certificate, Some(Ok(CertificateState::Present(status)))
                if status.status.as_deref() == Some("pending"))
        })
    }

    async fn read_certificate(&self) {
        let (Some(client), Some(deployment_id)) = (
            self.client.get_untracked(),
            self.deployment_id.get_untracked(),
        ) else {
            return;
        };
        self.certificate_generation
            .update_value(|generation| *generation += 1);
        let generation = self.certificate_generation.get_value();
        self.certificate_loading.set(true);
        let result = client.certificate(&deployment_id).await;
        if self.certificate_generation.get_value() != generation {
            return;
        }
        match &result {
            Ok(_) => self.status_received_at.set(Some(now_ms())),
            Err(error) => self.note_error(error),
        }
        // A change of deployment clears the status, so a pending one here
        // belongs to the deployment that was just read.
        let was_pending = self.certificate_is_pending();
        self.certificate.set(Some(result));
        self.certificate_loading.set(false);
        if was_pending && let Some(status) = self.settled_status() {
            self.announce(format!("The certificate is {status} now."));
        }
    }

    /// Returns the shown certificate's status when it is known and not `pending`,
    /// such as "running".
    fn settled_status(&self) -> Option<String> {
        self.certificate
            .with_untracked(|certificate| match certificate {
                Some(Ok(CertificateState::Present(status))) => {
                    status.status.clone().filter(|status| status != "pending")
                }
                _ => None,
            })
    }
}

impl Default for Panel {
    fn default() -> Self {
        Panel::new()
    }
}
