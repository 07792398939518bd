//! Keeping a bug from becoming a crash. A panic is a bug in streamlint, never in the user's
//! file; it must not end the run with exit 101 and a Rust backtrace on the user's terminal, nor
//! take the other files' results with it. [`catch`] turns a panic into its message, so the
//! caller can report it (an `internal-error` finding for the file being checked, or one line and
//! exit 2 for the command as a whole).
//!
//! The panic hook records the message and where it was raised instead of printing it: the caller
//! decides what the user sees. This relies on `panic = "unwind"` (the default), which the release
//! profile keeps.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// The last panic raised on this thread, as the hook saw it.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Makes panics quiet and recorded (for [`catch`]). Called once, by the command line.
pub fn install_hook() {
    panic::set_hook(Box::new(|info| {
        let message = payload_text(info.payload());
        let text = match info.location() {
            Some(at) => format!("{message} (at {}:{})", at.file(), at.line()),
            None => message,
        };
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
    }));
}

/// Runs `f`; a panic inside it becomes `Err` with the panic's message.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    LAST_PANIC.with(|last| last.borrow_mut().take());
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// What the user is asked to do about a panic.
pub const REPORT_REQUEST: &str =
    "this is a bug in streamlint, not in your file: please report it with the file that caused it";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(catch(|| 7), Ok(7));
        let err = catch(|| -> u8 { panic!("boom {}", 1) }).unwrap_err();
        assert!(err.contains("boom 1"), "{err}");
    }
}
