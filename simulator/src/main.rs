//! Command-line entry of the simulator.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use platform_sim::{Config, DEFAULT_RESTRICTED_SECRET, Simulator};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let config = Config::parse();

    let listener = match TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!("could not listen on {}: {error}", config.listen);
            return ExitCode::FAILURE;
        }
    };
    let banner = match listener.local_addr() {
        Ok(address) => banner(&config, &address.to_string()),
        Err(error) => {
            tracing::error!("could not read the listening address: {error}");
            return ExitCode::FAILURE;
        }
    };
    let simulator = match Simulator::new(config) {
        Ok(simulator) => simulator,
        Err(error) => {
            tracing::error!("{error}");
            return ExitCode::FAILURE;
        }
    };

    let mut stdout = std::io::stdout().lock();
    // A closed stdout must not stop the server, so write errors are ignored.
    let _ = stdout.write_all(banner.as_bytes());
    let _ = stdout.flush();
    drop(stdout);

    let shutdown = async {
        stop_signal().await;
        tracing::info!("stopping: finishing open requests, state is saved after each write");
    };
    match simulator.run(listener, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// Waits for Ctrl-C, or on Unix also for SIGTERM, which `kill` and service
/// managers send.
async fn stop_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!("could not listen for Ctrl-C: {error}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(error) => {
                tracing::error!("could not listen for SIGTERM: {error}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// Startup text for the operator. Secrets appear only while they are the
/// built-in demo values, which are public anyway.
fn banner(config: &Config, address: &str) -> String {
    let prefix = config.normalized_prefix();
    let mut text = format!(
        "platform-sim listening on http://{address}\nAPI base URL: http://{address}{prefix}\n"
    );
    if config.uses_default_credentials() {
        text.push_str(&format!(
            "demo credentials: key '{}', secret '{}'\n",
            config.key, config.secret
        ));
    } else {
        text.push_str(&format!("API key: '{}' (secret not shown)\n", config.key));
    }
    let scope = config.restricted_deployments.join(", ");
    if config.restricted_secret == DEFAULT_RESTRICTED_SECRET {
        text.push_str(&format!(
            "restricted demo credentials: key '{}', secret '{}', deployments {scope}\n",
            config.restricted_key, config.restricted_secret
        ));
    } else {
        text.push_str(&format!(
            "restricted API key: '{}' (secret not shown), deployments {scope}\n",
            config.restricted_key
        ));
    }
    text
}
