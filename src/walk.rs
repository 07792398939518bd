//! Finding the files `check` checks inside directories, with git's notion of ignored and no
//! file lost in silence.
//!
//! - Ignored means what git means: the `.gitignore` files of the repository (from its root
//!   down) and `.git/info/exclude`; not a `.gitignore` above the repository's root, not the
//!   user's global excludes, not `.ignore` files, not "hidden". Outside a git repository (a CI
//!   export, a tarball) the directory given is taken as the repository's root: its own
//!   `.gitignore` files count, none above it.
//! - Symbolic links are followed; each file is checked once, under the first name found in
//!   path order, and a link loop is skipped with a reason.
//! - A name that is not UTF-8 is checked, shown lossily.
//! - Every stream file that is found and not checked (excluded by the config, a link loop, a
//!   link to nothing, not a regular file) is a [`Skipped`] with its reason: `check` says how
//!   many and why, and `--verbose` lists them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::paths::display as display_path;
use crate::read::io_message;

/// A path that could not be checked at all (exit code 2).
#[derive(Debug, Clone, PartialEq)]
pub struct PathError {
    pub path: String,
    pub message: String,
}

/// Is this a file `check` looks for inside directories?
pub fn is_stream_file(path: &Path) -> bool {
    // A name that is not UTF-8 is still a stream file (and is shown lossily).
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    [".stream.yaml", ".stream.yml", ".flow.yaml", ".flow.yml"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Decides which discovered files and directories to skip (the config's `exclude`).
pub type PathFilter = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

/// A file (or directory) found and not checked, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    pub path: String,
    pub reason: &'static str,
}

pub const EXCLUDED: &str = "excluded by the config's `exclude`";
pub const LOOP: &str = "a symbolic link loop";
pub const DANGLING: &str = "a symbolic link to nothing";
pub const NOT_REGULAR: &str = "not a regular file";
pub const DUPLICATE: &str = "the same file as another path (checked once)";

/// A short stable name for a skip reason, for the JSON report's `skipped` object and the summary
/// line: `excluded`, `symlink-loop`, `dangling-symlink`, `not-regular`, `duplicate`.
pub fn reason_key(reason: &str) -> &'static str {
    match reason {
        EXCLUDED => "excluded",
        LOOP => "symlink-loop",
        DANGLING => "dangling-symlink",
        NOT_REGULAR => "not-regular",
        DUPLICATE => "duplicate",
        _ => "other",
    }
}

/// How many paths were skipped, by [`reason_key`].
pub fn skipped_counts(skipped: &[Skipped]) -> std::collections::BTreeMap<&'static str, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for s in skipped {
        *counts.entry(reason_key(s.reason)).or_default() += 1;
    }
    counts
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub errors: Vec<PathError>,
    pub skipped: Vec<Skipped>,
}

/// The root of the git repository `dir` is in, if any.
fn repository_root(dir: &Path) -> Option<PathBuf> {
    let start = crate::paths::absolute(dir);
    start
        .ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
}

/// An ignore file the walk would read that cannot be read safely: one that is not a regular
/// file (a link to `/dev/zero` would be read forever, a FIFO would block) or is larger than the
/// input limit. The `ignore` crate reads these itself, without [`crate::input`]'s bounds.
fn unusable_ignore_file(path: &Path) -> Option<PathError> {
    let meta = std::fs::metadata(path).ok()?;
    let message = if !meta.is_file() {
        "is not a regular file; streamlint reads only ignore files that are files (the directory \
         was not searched)"
            .to_string()
    } else if meta.len() > crate::input::MAX_INPUT_BYTES {
        format!(
            "is larger than {} MiB, the most streamlint reads from one input (the directory was \
             not searched)",
            crate::input::MAX_INPUT_BYTES / (1024 * 1024)
        )
    } else {
        return None;
    };
    Some(PathError {
        path: display_path(path),
        message,
    })
}

/// [`unusable_ignore_file`] for the ignore files read when a walk of `dir` starts.
fn first_unusable_ignore_file(dir: &Path) -> Option<PathError> {
    let mut candidates = vec![dir.join(".gitignore")];
    if let Some(root) = repository_root(dir) {
        let start = crate::paths::absolute(dir);
        candidates.extend(
            start
                .ancestors()
                .skip(1)
                .take_while(|a| a.starts_with(&root))
                .map(|a| a.join(".gitignore")),
        );
        candidates.push(root.join(".git").join("info").join("exclude"));
    }
    candidates.iter().find_map(|c| unusable_ignore_file(c))
}

/// Expands the command-line paths into the files to check, in a stable order. Files named
/// explicitly are checked whatever their extension; directories are searched recursively for
/// stream and flow files as the module documentation says, skipping the files and
/// directories (with everything below) that `skip` matches (the config's `exclude`).
pub fn discover(paths: &[PathBuf], skip: Option<PathFilter>) -> Discovered {
    let mut out = Discovered::default();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push(PathError {
                    path: display_path(path),
                    message: io_message(&e),
                });
                continue;
            }
        };
        let found = if meta.is_dir() {
            // The ignore files the walk starts with (the directory's own and, inside a
            // repository, those up to its root and `.git/info/exclude`) are read by the `ignore`
            // crate, unbounded: one that is a device, a FIFO or too large is refused first.
            if let Some(error) = first_unusable_ignore_file(path) {
                out.errors.push(error);
                continue;
            }
            let mut found = walk_dir(path, skip.clone(), &mut out);
            found.sort();
            found
        } else {
            vec![path.clone()]
        };
        // A file named twice, or named and also found in a folder, is checked once.
        for file in found {
            match file_identity(&file) {
                Some(id) if !seen.insert(id) => out.skipped.push(Skipped {
                    path: display_path(&file),
                    reason: DUPLICATE,
                }),
                _ => out.files.push(file),
            }
        }
    }
    out.skipped.sort();
    out.skipped.dedup();
    out
}

fn walk_dir(root: &Path, skip: Option<PathFilter>, out: &mut Discovered) -> Vec<PathBuf> {
    let excluded: Arc<Mutex<Vec<Skipped>>> = Arc::default();
    let unusable: Arc<Mutex<Vec<PathError>>> = Arc::default();
    let mut walker = ignore::WalkBuilder::new(root);
    let in_repository = repository_root(root).is_some();
    walker
        .standard_filters(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .ignore(false)
        .hidden(false)
        // Inside a repository, its ignore files from its root down (the crate stops at the
        // directory holding `.git`); outside, only those at and below the directory given.
        .parents(in_repository)
        .require_git(in_repository)
        .follow_links(true);
    {
        let excluded = Arc::clone(&excluded);
        let unusable = Arc::clone(&unusable);
        walker.filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            // git never looks inside its own directory.
            if entry.file_name() == ".git" {
                return false;
            }
            // A directory is entered only if its `.gitignore` can be read safely (see
            // `unusable_ignore_file`); else it is a path that could not be checked.
            if entry.file_type().is_some_and(|t| t.is_dir()) {
                if let Some(error) = unusable_ignore_file(&entry.path().join(".gitignore")) {
                    unusable
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(error);
                    return false;
                }
            }
            if let Some(skip) = &skip {
                if skip(entry.path()) {
                    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                    if is_dir || is_stream_file(entry.path()) {
                        excluded
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(Skipped {
                                path: display_path(entry.path()),
                                reason: EXCLUDED,
                            });
                    }
                    return false;
                }
            }
            true
        });
    }
    let mut found = Vec::new();
    for entry in walker.build() {
        match entry {
            Ok(entry) => {
                if !is_stream_file(entry.path()) {
                    continue;
                }
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    found.push(entry.into_path());
                } else if !entry.file_type().is_some_and(|t| t.is_dir()) {
                    out.skipped.push(Skipped {
                        path: display_path(entry.path()),
                        reason: NOT_REGULAR,
                    });
                }
            }
            Err(e) => match classify(&e) {
                Some((path, reason)) => out.skipped.push(Skipped {
                    path: display_path(&path),
                    reason,
                }),
                None => out.errors.push(PathError {
                    path: display_path(root),
                    message: e.to_string(),
                }),
            },
        }
    }
    out.skipped
        .extend(excluded.lock().unwrap_or_else(|p| p.into_inner()).drain(..));
    out.errors
        .extend(unusable.lock().unwrap_or_else(|p| p.into_inner()).drain(..));
    found
}

/// A walk error that is a file to skip (with why) rather than a path that could not be
/// checked: a link loop anywhere, a link to nothing with a stream file's name. `None` for a
/// real error (an unreadable directory), which is exit 2.
fn classify(error: &ignore::Error) -> Option<(PathBuf, &'static str)> {
    let mut path = None;
    let mut e = error;
    loop {
        match e {
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.clone());
                e = err;
            }
            ignore::Error::Loop { child, .. } => return Some((child.clone(), LOOP)),
            ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                let path = path?;
                let is_link =
                    std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                return (is_link && is_stream_file(&path)).then_some((path, DANGLING));
            }
            _ => return None,
        }
    }
}

/// The same file reached by two paths (a link and its target) has one identity.
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        use std::hash::{Hash, Hasher};
        let canonical = std::fs::canonicalize(path).ok()?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        canonical.hash(&mut h);
        Some((0, h.finish()))
    }
}

/// `note:` lines for standard error: how many files were skipped and why, or with `verbose`
/// each of them.
pub fn skipped_notes(skipped: &[Skipped], verbose: bool) -> Vec<String> {
    if skipped.is_empty() {
        return Vec::new();
    }
    if verbose {
        return skipped
            .iter()
            .map(|s| format!("skipped {}: {}", s.path, s.reason))
            .collect();
    }
    let mut reasons: Vec<(&str, usize)> = Vec::new();
    for s in skipped {
        match reasons.iter_mut().find(|(r, _)| *r == s.reason) {
            Some((_, n)) => *n += 1,
            None => reasons.push((s.reason, 1)),
        }
    }
    let why: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
    vec![format!(
        "{} skipped: {} (--verbose lists them)",
        if skipped.len() == 1 {
            "1 path".to_string()
        } else {
            format!("{} paths", skipped.len())
        },
        why.join(", ")
    )]
}
