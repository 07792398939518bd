//! Lexical path helpers: absolute paths without touching the file system (no symlink
//! resolution, so a path means what the user typed), and relative paths between them.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute against the current directory, with `.` and `..` resolved lexically.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    normalize(&joined)
}

/// Resolves `.` and `..` without looking at the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base` (both absolute and normalized), using `..` where needed, with `/`
/// separators. Falls back to `path` itself when they share no root (other drive on Windows).
pub fn relative(path: &Path, base: &Path) -> String {
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    if p.first() != b.first() {
        return slash(path);
    }
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        return ".".to_string();
    }
    slash(&out)
}

/// A path as reports show it: `/` separators, no leading `./`.
pub fn display(path: &Path) -> String {
    let s = slash(path);
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

/// A path with `/` separators. Only where `\\` is a separator (Windows): elsewhere it is a
/// character of the name, and replacing it would name another file.
pub fn slash(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// The refusal to write `target` when it is one of the run's `inputs` (after links): a report
/// written over a stream, roster, visitors or config file would destroy it.
pub fn overwrites_input(target: &Path, inputs: &[&Path]) -> Option<String> {
    inputs
        .iter()
        .any(|input| same_file(input, target))
        .then(|| {
            format!(
            "{} is also an input of this run; writing it would overwrite it (name another file)",
            slash(target)
        )
        })
}

/// Do two paths name the same file (after links)? By device and inode where there are inodes,
/// else by canonical path. A path that cannot be resolved is nobody's twin.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(r("/a/b/c.yaml", "/a"), "b/c.yaml");
        assert_eq!(r("/a/c.yaml", "/a/b"), "../c.yaml");
        assert_eq!(r("/a", "/a"), ".");
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
