//! Reusable flows: resolving `flow` cards to `*.flow.yaml` files, and loading every file of a run
//! once.
//!
//! A [`Workspace`] is shared by every file a run checks (and by every thread checking them). It
//! reads, decodes and parses each file once, keyed by its canonical path, and gives each file its
//! own [`FileId`], so spans in an embedded flow always say which file they are in. A
//! [`FlowSet`] is what one checked file needs from it: the resolution of every `flow` card
//! reachable from that file (the flow file, or why it cannot be used). The branch graph splices
//! the resolved flows in ([`crate::graph::Graph::build_with_flows`], through [`FlowSource`]);
//! cycles and the depth limit are judged there, on the actual chain of embeddings.
//!
//! Paths: a `flow:` value is relative to the file that holds the card. Absolute paths are
//! refused, and so are paths that leave the repository root: the nearest ancestor of the checked
//! file holding `.git`, else the config file's directory when it holds the checked file, else the
//! checked file's own directory (docs/flows.md).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::paths::normalize;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::finding::Finding;
use crate::graph::{FlowSource, Splice, Unusable};
use crate::model::{CardBody, CardList, Stream, StreamKind};
use crate::parse;
use crate::source::{FileId, SourceFile, Span, Spanned};

/// One file of the run, read and parsed once.
#[derive(Debug)]
pub struct Loaded {
    /// Canonical path on disk (`None` for standard input).
    pub path: Option<PathBuf>,
    pub source: Arc<SourceFile>,
    /// `syntax` and `schema` findings; the model exists only when there are none.
    pub parse_findings: Vec<Finding>,
    pub stream: Option<Stream>,
    /// The spanned YAML when the file is valid YAML: the one parse, which suppressions and
    /// baselines read. Let go of ([`Loaded::release_document`]) once a checked dialogue is
    /// known not to need it.
    document: Mutex<Option<Arc<crate::parse::yaml::Document>>>,
    /// A flow file's findings when checked on its own, computed once per run.
    pub alone: OnceLock<Vec<Finding>>,
}

impl Loaded {
    pub fn id(&self) -> FileId {
        self.source.id
    }

    /// The file's spanned YAML, unless not valid YAML or released.
    pub fn document(&self) -> Option<Arc<crate::parse::yaml::Document>> {
        lock(&self.document).clone()
    }

    /// Lets go of the file's spanned YAML (nothing of the run reads it any more).
    pub fn release_document(&self) {
        lock(&self.document).take();
    }

    pub fn is_flow(&self) -> bool {
        self.stream
            .as_ref()
            .is_some_and(|s| s.kind == StreamKind::Flow)
    }
}

type Slot = Arc<OnceLock<Result<Arc<Loaded>, String>>>;

/// The run-wide file table and cache (see the module documentation).
#[derive(Debug, Default)]
pub struct Workspace {
    /// The config file's directory, one candidate for the repository root.
    config_dir: Option<PathBuf>,
    next_id: AtomicU32,
    /// By canonical path; the slot is filled once, by the first thread that needs it.
    by_path: Mutex<HashMap<PathBuf, Slot>>,
    /// Every loaded file by id.
    by_id: Mutex<HashMap<FileId, Arc<Loaded>>>,
    /// Names reports use for files the run was asked to check (so an embedded flow that is also
    /// checked directly has one name).
    names: Mutex<HashMap<PathBuf, String>>,
    /// Canonical paths of dialogues let go of once reported ([`Workspace::release_dialogue`]).
    released: Mutex<HashSet<PathBuf>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a `flow` card leads to.
#[derive(Debug, Clone)]
pub enum Resolution {
    /// A valid `kind: flow` file.
    Flow(Arc<Loaded>),
    /// A file that is not valid YAML or not a valid stream: its own findings say why, in its
    /// file; the card is passed through unspliced.
    Invalid(Arc<Loaded>),
    /// No usable file: missing, unreadable, not a flow, absolute, or outside the root.
    Unusable(Unusable),
}

/// Every `flow` card reachable from one checked file, resolved.
#[derive(Debug, Default)]
pub struct FlowSet {
    /// By the file holding the card and the byte offset of its `flow:` value.
    resolutions: HashMap<(FileId, u32), Resolution>,
}

impl FlowSet {
    /// The resolution of the `flow` card whose `flow:` value is `value`.
    pub fn get(&self, value: Span) -> Option<&Resolution> {
        self.resolutions
            .get(&(value.start.file, value.start.offset))
    }

    /// The files reached, valid or not, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = &Arc<Loaded>> {
        self.resolutions.values().filter_map(|r| match r {
            Resolution::Flow(l) | Resolution::Invalid(l) => Some(l),
            Resolution::Unusable(_) => None,
        })
    }
}

impl FlowSource for FlowSet {
    fn splice(&self, value: Span) -> Splice<'_> {
        match self.get(value) {
            Some(Resolution::Flow(loaded)) => match &loaded.stream {
                Some(stream) => Splice::Flow {
                    file: loaded.id(),
                    name: &loaded.source.name,
                    stream,
                },
                None => Splice::Opaque,
            },
            Some(Resolution::Unusable(u)) => Splice::Unusable(u),
            Some(Resolution::Invalid(_)) | None => Splice::Opaque,
        }
    }
}

impl Workspace {
    pub fn new(config_dir: Option<PathBuf>) -> Self {
        Workspace {
            config_dir: config_dir.and_then(|d| d.canonicalize().ok()),
            next_id: AtomicU32::new(1),
            ..Workspace::default()
        }
    }

    /// Names the files the run was asked to check, before checking starts.
    pub fn name_files(&self, files: &[PathBuf]) {
        let mut names = lock(&self.names);
        for f in files {
            if let Ok(canonical) = f.canonicalize() {
                names
                    .entry(canonical)
                    .or_insert_with(|| crate::paths::display(f));
            }
        }
    }

    fn fresh_id(&self) -> FileId {
        FileId(self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    fn register(&self, loaded: Loaded) -> Arc<Loaded> {
        let loaded = Arc::new(loaded);
        lock(&self.by_id).insert(loaded.id(), Arc::clone(&loaded));
        loaded
    }

    /// Lets go of a checked dialogue (a valid stream without `kind: flow`) once its report is
    /// written, so a run over many files holds only the files being checked. Nothing embeds a
    /// dialogue (a `flow` card naming one is refused as "not a flow", which is all a later
    /// resolution needs to know of it).
    pub fn release_dialogue(&self, loaded: &Loaded) {
        if loaded.stream.is_none() || loaded.is_flow() {
            return;
        }
        lock(&self.by_id).remove(&loaded.id());
        if let Some(path) = &loaded.path {
            lock(&self.released).insert(path.clone());
            lock(&self.by_path).remove(path);
        }
    }

    /// A loaded file by id.
    pub fn get(&self, id: FileId) -> Option<Arc<Loaded>> {
        lock(&self.by_id).get(&id).cloned()
    }

    /// Every file loaded so far, in id order.
    pub fn all(&self) -> Vec<Arc<Loaded>> {
        let mut all: Vec<Arc<Loaded>> = lock(&self.by_id).values().cloned().collect();
        all.sort_by_key(|l| l.id());
        all
    }

    /// Parses bytes that have no path on disk (standard input).
    pub fn load_bytes(&self, name: &str, bytes: Vec<u8>) -> Arc<Loaded> {
        let loaded = parse_loaded(self.fresh_id(), None, name, bytes);
        self.register(loaded)
    }

    /// Loads a file once per run: later calls (from any thread) get the same [`Loaded`]. `name`
    /// is how reports call it, unless the run was asked to check it under another name.
    pub fn load(&self, path: &Path, name: &str) -> Result<Arc<Loaded>, String> {
        // A pipe named by the shell (`check <(command)`, `/dev/fd/63`) has no canonical path
        // (its link names `pipe:[N]`), yet it can be read: it is known by its absolute name.
        let canonical = path
            .canonicalize()
            .or_else(|e| match std::fs::metadata(path) {
                Ok(_) => Ok(crate::paths::absolute(path)),
                Err(_) => Err(e),
            })
            .map_err(|e| crate::read::io_message(&e))?;
        let slot: Slot = Arc::clone(lock(&self.by_path).entry(canonical.clone()).or_default());
        slot.get_or_init(|| {
            let name = lock(&self.names)
                .get(&canonical)
                .cloned()
                .unwrap_or_else(|| name.to_string());
            let bytes = crate::read::read_file(path).map_err(|e| crate::read::io_message(&e))?;
            let loaded = parse_loaded(self.fresh_id(), Some(canonical), &name, bytes);
            Ok(self.register(loaded))
        })
        .clone()
    }

    /// The repository root for a checked file (see the module documentation).
    pub fn root_for(&self, file: &Loaded) -> PathBuf {
        let dir = match &file.path {
            Some(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            None => std::env::current_dir()
                .and_then(|d| d.canonicalize())
                .unwrap_or_default(),
        };
        if let Some(git) = dir.ancestors().find(|a| a.join(".git").exists()) {
            return git.to_path_buf();
        }
        match &self.config_dir {
            Some(c) if dir.starts_with(c) => c.clone(),
            _ => dir,
        }
    }

    /// Resolves every `flow` card reachable from `top` (each file's cards once).
    pub fn flows_of(&self, top: &Arc<Loaded>) -> FlowSet {
        let root = self.root_for(top);
        let mut set = FlowSet::default();
        let mut seen: HashSet<FileId> = HashSet::new();
        let mut todo = vec![Arc::clone(top)];
        while let Some(file) = todo.pop() {
            if !seen.insert(file.id()) {
                continue;
            }
            let Some(stream) = &file.stream else { continue };
            for value in flow_values(&stream.cards) {
                let resolution = self.resolve(&file, value, &root);
                if let Resolution::Flow(next) = &resolution {
                    todo.push(Arc::clone(next));
                }
                set.resolutions
                    .insert((value.span.start.file, value.span.start.offset), resolution);
            }
        }
        set
    }

    /// What one `flow:` value in `file` names.
    fn resolve(&self, file: &Loaded, value: &Spanned<String>, root: &Path) -> Resolution {
        let written = value.value.as_str();
        let unusable = |message: String, help: &str| {
            Resolution::Unusable(Unusable {
                message,
                help: help.to_string(),
            })
        };
        let as_path = Path::new(written);
        if as_path.is_absolute() || as_path.has_root() || written.starts_with('\\') {
            return unusable(
                format!("flow path `{written}` is absolute"),
                "write the path relative to this file, e.g. `qualify.flow.yaml` or `../flows/qualify.flow.yaml`",
            );
        }
        let base_dir = match &file.path {
            Some(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            // Standard input: relative to the current directory.
            None => std::env::current_dir()
                .and_then(|d| d.canonicalize())
                .unwrap_or_else(|_| root.to_path_buf()),
        };
        let target = normalize(&base_dir.join(written));
        if !target.starts_with(root) {
            return unusable(
                format!("flow path `{written}` leaves the repository root"),
                "keep flows inside the repository (the directory holding `.git`)",
            );
        }
        let shown = display_join(&file.source.name, written);
        match std::fs::metadata(&target) {
            Ok(meta) if meta.is_file() => {}
            Ok(meta) => {
                let what = if meta.is_dir() {
                    "a directory"
                } else {
                    "not a regular file"
                };
                return unusable(
                    format!("flow file `{written}` is {what}"),
                    "name a `*.flow.yaml` file",
                );
            }
            Err(_) => {
                let help = match near_misses(&target) {
                    (Some(best), _) => format!("did you mean `{}`?", sibling(written, &best)),
                    (None, candidates) if !candidates.is_empty() => {
                        format!("flow files in that folder: {}", candidates.join(", "))
                    }
                    _ => "create the flow file, or fix the path (it is relative to this file)"
                        .to_string(),
                };
                return unusable(format!("flow file `{written}` not found"), &help);
            }
        }
        match target.canonicalize() {
            Ok(c) if !c.starts_with(root) => {
                return unusable(
                    format!("flow path `{written}` leaves the repository root (through a link)"),
                    "keep flows inside the repository (the directory holding `.git`)",
                )
            }
            _ => {}
        }
        let not_a_flow = || {
            unusable(
                format!("`{written}` is not a flow: it has no `kind: flow`"),
                "embed only files with `kind: flow` (a dialogue runs on its own)",
            )
        };
        if target
            .canonicalize()
            .is_ok_and(|c| lock(&self.released).contains(&c))
        {
            return not_a_flow();
        }
        match self.load(&target, &shown) {
            Err(message) => unusable(
                format!("flow file `{written}` cannot be read: {message}"),
                "check the file's permissions",
            ),
            Ok(loaded) => match &loaded.stream {
                None => Resolution::Invalid(loaded),
                Some(s) if s.kind != StreamKind::Flow => not_a_flow(),
                Some(_) => Resolution::Flow(loaded),
            },
        }
    }
}

fn parse_loaded(id: FileId, path: Option<PathBuf>, name: &str, bytes: Vec<u8>) -> Loaded {
    let (source, finding) = parse::decode_as(id, name, bytes);
    let (parse_findings, stream, document) = match finding {
        Some(f) => (vec![f], None, None),
        None => {
            let parsed = parse::parse_stream(&source);
            (parsed.findings, parsed.model, parsed.document.map(Arc::new))
        }
    };
    Loaded {
        path,
        source: Arc::new(source),
        parse_findings,
        stream,
        document: Mutex::new(document),
        alone: OnceLock::new(),
    }
}

/// Every `flow:` value in a card tree, in file order.
fn flow_values(list: &CardList) -> Vec<&Spanned<String>> {
    let mut out = Vec::new();
    let mut todo = vec![list];
    while let Some(list) = todo.pop() {
        for card in &list.cards {
            if let CardBody::Flow { flow } = &card.body {
                out.push(flow);
            }
            todo.extend(crate::graph::nested_lists(card));
        }
    }
    out
}

/// The name reports give a flow reached from `embedding` (a report name) through `written`.
fn display_join(embedding: &str, written: &str) -> String {
    let dir = Path::new(embedding).parent().unwrap_or(Path::new(""));
    crate::paths::display(&normalize(&dir.join(written)))
}

/// `written` with its file name replaced by `name`.
fn sibling(written: &str, name: &str) -> String {
    match written.rfind(['/', '\\']) {
        Some(i) => format!("{}{name}", &written[..=i]),
        None => name.to_string(),
    }
}

/// The flow files next to a missing one: the closest name, and all of them (sorted).
fn near_misses(target: &Path) -> (Option<String>, Vec<String>) {
    let (Some(dir), Some(wanted)) = (target.parent(), target.file_name()) else {
        return (None, Vec::new());
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (None, Vec::new());
    };
    let mut candidates: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".flow.yaml") || n.ends_with(".flow.yml"))
        .collect();
    candidates.sort();
    let refs: Vec<&str> = candidates.iter().map(String::as_str).collect();
    let best = crate::rule_meta::did_you_mean(&wanted.to_string_lossy(), &refs).map(str::to_string);
    candidates.truncate(10);
    (best, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_names_are_relative_to_the_embedding_file() {
        assert_eq!(
            display_join("s/p.stream.yaml", "../f/q.flow.yaml"),
            "f/q.flow.yaml"
        );
        assert_eq!(display_join("p.stream.yaml", "q.flow.yaml"), "q.flow.yaml");
        assert_eq!(
            sibling("../f/qualfy.flow.yaml", "qualify.flow.yaml"),
            "../f/qualify.flow.yaml"
        );
    }
}
