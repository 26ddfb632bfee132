//! The child-process guard ends the whole process group it started.

use std::process::Command;
use std::time::{Duration, Instant};

use e2e::process::{ChildGuard, free_loopback_port};

/// Returns true while `pid` exists and is not a zombie.
fn is_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state is the first field after the parenthesised command name.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

fn wait_for_file(path: &std::path::Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn guard_drop_ends_child_and_grandchild() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("grandchild.pid");
    let mut command = Command::new("sh");
    command.arg("-c").arg(format!(
        "sleep 300 & echo $! > {}.tmp && mv {0}.tmp {0}; wait",
        pid_file.display()
    ));
    let guard = ChildGuard::spawn("sleeper", command).unwrap();
    let child = guard.id();
    let grandchild: u32 = wait_for_file(&pid_file).trim().parse().unwrap();
    assert!(is_alive(child), "child {child} should run before the drop");
    assert!(
        is_alive(grandchild),
        "grandchild {grandchild} should run before the drop"
    );

    drop(guard);

    let deadline = Instant::now() + Duration::from_secs(5);
    while is_alive(grandchild) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!is_alive(child), "child {child} survived the guard");
    assert!(
        !is_alive(grandchild),
        "grandchild {grandchild} survived the guard"
    );
}

#[test]
fn guard_reports_exit_of_short_process() {
    let mut command = Command::new("sh");
    command.arg("-c").arg("exit 3");
    let mut guard = ChildGuard::spawn("short", command).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = guard.exit_status().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "sh -c 'exit 3' did not end");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(3));
}

#[test]
fn free_port_can_be_bound_on_loopback() {
    let port = free_loopback_port().unwrap();
    assert_ne!(port, 0);
    let listener = std::net::TcpListener::bind(("127.0.0.1", port));
    assert!(
        listener.is_ok(),
        "port {port} was reported free but cannot be bound"
    );
}
