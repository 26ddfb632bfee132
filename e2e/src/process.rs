//! Child processes that end with the test that started them.

use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// How long a process group gets after SIGTERM before it receives SIGKILL.
const TERMINATE_GRACE: Duration = Duration::from_secs(3);

/// A child process, started as the leader of its own process group, that is
/// terminated together with everything it spawned when the guard is dropped.
///
/// chromedriver starts Chromium and its helper processes in the same group, so
/// signalling the group ends the browser as well.
pub struct ChildGuard {
    name: String,
    child: Child,
}

impl ChildGuard {
    /// Spawns `command` in a new process group.
    pub fn spawn(name: &str, mut command: Command) -> Result<Self> {
        command.process_group(0);
        let child = command
            .spawn()
            .with_context(|| format!("failed to start {name} ({:?})", command.get_program()))?;
        Ok(Self {
            name: name.to_owned(),
            child,
        })
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Returns the exit status if the process has already ended.
    pub fn exit_status(&mut self) -> Result<Option<std::process::ExitStatus>> {
        self.child
            .try_wait()
            .with_context(|| format!("failed to poll {}", self.name))
    }

    fn signal_group(&self, signal: libc::c_int) {
        let group = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) takes plain integers; a negative id addresses the
        // process group this guard created, and ESRCH (group gone) is harmless.
        unsafe {
            libc::kill(-group, signal);
        }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.signal_group(libc::SIGTERM);
        let deadline = Instant::now() + TERMINATE_GRACE;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Helpers of the leader can outlive it, so the group always gets SIGKILL.
        self.signal_group(libc::SIGKILL);
        let _ = self.child.wait();
    }
}

/// Returns a TCP port on 127.0.0.1 that was free a moment ago.
///
/// NOTE: another process can take the port between this call and the child's
/// bind. The callers then fail to start and report it; they do not retry.
pub fn free_loopback_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .context("failed to bind 127.0.0.1:0 to find a free port")?;
    Ok(listener.local_addr()?.port())
}
