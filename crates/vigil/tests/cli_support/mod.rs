//! Helpers shared by the tests that drive the `vigil` binary as a user would.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Run `vigil ARGS` in `cwd`, with `stdin` (or nothing) on its standard input.
pub fn vigil(args: &[&str], stdin: Option<&str>, cwd: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vigil runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        // A refusal may end the process before it reads: its answer is what the test checks.
        match input.write_all(text.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.expect("written"),
        }
    }
    drop(input);
    child.wait_with_output().expect("vigil ends")
}
