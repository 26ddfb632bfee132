//! The accept loop: one HTTP/1.1 connection task per client, and graceful
//! shutdown.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::app::AppState;
use crate::clock;
use crate::config::Config;
use crate::routes;
use crate::store::{Store, StoreError};

/// How long shutdown waits for open connections before it gives up on them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Response extension that makes the connection close without sending the
/// response, as the `drop` fault requires.
#[derive(Debug, Clone, Copy)]
pub struct CloseConnection;

/// Service error that makes hyper close the connection without a response.
#[derive(Debug, thiserror::Error)]
#[error("connection closed without a response on purpose")]
pub struct ConnectionClosed;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    State(#[from] StoreError),
    #[error("could not read the listening address: {0}")]
    Listener(#[from] io::Error),
}

/// A simulator with its state loaded, ready to serve.
pub struct Simulator {
    app: Arc<AppState>,
}

impl Simulator {
    /// Loads the state file, or creates it with demo deployments.
    pub fn new(config: Config) -> Result<Self, StoreError> {
        let store = Store::open(&config.state, clock::now_unix())?;
        Ok(Self {
            app: Arc::new(AppState::new(config, store)),
        })
    }

    /// Serves on `listener` until `shutdown` completes, then waits up to five
    /// seconds for open connections to finish.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send,
    ) -> Result<(), ServeError> {
        let address = listener.local_addr()?;
        let prefix = self.app.config.normalized_prefix();
        tracing::info!("listening on http://{address}, API at http://{address}{prefix}");

        let router = routes::router(self.app.clone());
        let graceful = GracefulShutdown::new();
        tokio::pin!(shutdown);

        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let (stream, peer) = match accepted {
                        Ok(connection) => connection,
                        Err(error) => {
                            // Running out of file descriptors is the usual cause;
                            // a short pause lets open connections close.
                            tracing::warn!("could not accept a connection: {error}");
                            tokio::time::sleep(Duration::from_millis(100)).await;
                            continue;
                        }
                    };
                    let service = ConnectionService { router: router.clone() };
                    let connection = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service);
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        if let Err(error) = connection.await {
                            tracing::debug!(%peer, "connection closed with an error: {error}");
                        }
                    });
                }
                () = &mut shutdown => break,
            }
        }

        drop(listener);
        tracing::info!("shutting down");
        self.app.shutdown.send_replace(true);
        tokio::select! {
            () = graceful.shutdown() => {}
            () = tokio::time::sleep(SHUTDOWN_GRACE) => {
                tracing::warn!("shutdown grace period over; closing open connections");
            }
        }
        Ok(())
    }
}

/// Runs the simulator with `config` on `listener` until the task is dropped.
pub async fn serve(config: Config, listener: TcpListener) -> Result<(), ServeError> {
    Simulator::new(config)?
        .run(listener, std::future::pending())
        .await
}

/// Hands each request of one connection to the router.
#[derive(Clone)]
struct ConnectionService {
    router: Router,
}

impl hyper::service::Service<Request<Incoming>> for ConnectionService {
    type Response = Response;
    type Error = ConnectionClosed;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Self::Error>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let router = self.router.clone();
        Box::pin(async move {
            let response = match router.oneshot(request.map(Body::new)).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if response.extensions().get::<CloseConnection>().is_some() {
                return Err(ConnectionClosed);
            }
            Ok(response)
        })
    }
}
