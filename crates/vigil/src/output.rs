//! Writing JSON lines to standard output, where a closed pipe ends the run quietly.

use std::io::{self, Write};

/// What happened to a write.
pub enum Written {
    /// The line is out.
    Ok,
    /// The reader went away (`vigil extract … | head`): stop, successfully.
    PipeClosed,
}

/// Write `line` and a newline; a broken pipe is not an error.
pub fn write_line(out: &mut impl Write, line: &str) -> io::Result<Written> {
    let result = out
        .write_all(line.as_bytes())
        .and_then(|()| out.write_all(b"\n"));
    match result {
        Ok(()) => Ok(Written::Ok),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(Written::PipeClosed),
        Err(err) => Err(err),
    }
}
