//! Writing a command's report to standard output, the one way every command does it.
//!
//! Output that cannot be written is never a panic and never a silent success:
//! - the reader went away (`streamlint rules | head -1`: a closed pipe) and the command ends
//!   quietly, as `git` and `ripgrep` do, with the exit code it would have had;
//! - any other write error (a full disk, `> /dev/full`) is exit 2 with one line on standard
//!   error, because a report that was not written is a job not done.
//!
//! The report is flushed before the exit code is decided, and the flush's error is checked: a
//! buffered write that fails only when flushed is still a failure.

use std::io::{self, Write};

/// The exit code of a report that could not be written (the CLI's `EXIT_TROUBLE`: the job was
/// not done; not imported from `cli`, which imports this module).
const COULD_NOT_WRITE: i32 = 2;

/// How writing the report went.
#[derive(Debug)]
pub enum Written {
    Complete,
    /// The reader closed the pipe: stop writing, say nothing.
    PipeClosed,
    /// Any other write error.
    Failed(io::Error),
}

impl Written {
    fn from_result(result: io::Result<()>) -> Written {
        match result {
            Ok(()) => Written::Complete,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Written::PipeClosed,
            Err(e) => Written::Failed(e),
        }
    }

    /// The command's exit code once its report was (or was not) written: `code` unless writing
    /// failed for another reason than a closed pipe, which is said once on standard error and is
    /// exit 2.
    pub fn exit_code(self, code: i32) -> i32 {
        match self {
            Written::Complete | Written::PipeClosed => code,
            Written::Failed(e) => {
                say_on_stderr(&format!(
                    "error: could not write the report to standard output: {}\n",
                    crate::read::io_message(&e)
                ));
                COULD_NOT_WRITE
            }
        }
    }

    /// Did the report reach its reader in full (or was the reader gone, which is not an error)?
    pub fn is_failure(&self) -> bool {
        matches!(self, Written::Failed(_))
    }
}

/// Writes every part to standard output in order, then flushes.
pub fn print_all(parts: &[&str]) -> Written {
    let mut out = io::stdout().lock();
    Written::from_result(write_parts(&mut out, parts))
}

/// Writes `text` to standard output and flushes.
pub fn print(text: &str) -> Written {
    print_all(&[text])
}

/// The writing itself, generic so tests can hand it a failing writer.
pub fn write_parts(out: &mut impl Write, parts: &[&str]) -> io::Result<()> {
    for part in parts {
        out.write_all(part.as_bytes())?;
    }
    out.flush()
}

/// Standard error, where a failure to write is ignored: there is nowhere left to say it, and the
/// exit code already tells.
pub fn say_on_stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Accepts writes, fails on flush (a buffered writer on a full disk).
    struct FailsOnFlush;

    impl Write for FailsOnFlush {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from(io::ErrorKind::StorageFull))
        }
    }

    #[test]
    fn a_closed_pipe_keeps_the_exit_code_and_other_errors_are_exit_2() {
        let closed =
            Written::from_result(write_parts(&mut Failing(io::ErrorKind::BrokenPipe), &["x"]));
        assert!(matches!(closed, Written::PipeClosed));
        assert_eq!(closed.exit_code(1), 1);
        let full = Written::from_result(write_parts(&mut FailsOnFlush, &["x"]));
        assert!(full.is_failure());
        assert_eq!(full.exit_code(0), 2);
    }
}
