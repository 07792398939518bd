//! The shape of every file streamlint reads, as declarative tables. JSON Schema is generated
//! from them in [`crate::schema`].
//!
//! One table per document kind ([`stream`], [`roster`], [`config`]) says which fields each
//! mapping accepts, which are required, their types, enums and ranges, with a line of
//! documentation each. The parsers (`parse::stream`, `parse::roster`, `parse::visitors`,
//! `config`) read their allowed keys, required fields, enums and ranges from these tables, and `streamlint schema` turns the same tables into JSON Schema
//! (draft-07, the draft editors' YAML language server supports best), so the schema editors
//! validate against cannot drift from what `check` accepts. Tests hold both to the fixtures.

pub mod config;
pub mod roster;
pub mod stream;

/// The type of a value in a document.
#[derive(Debug)]
pub enum Ty {
    /// Any scalar but null, read as text (`label: 42` is the text "42").
    Text,
    /// Text with something besides white space.
    NonEmptyText,
    /// Text matching a regular expression (anchored), e.g. a card id. Unquoted digits
    /// (`id: 42`) count as the text they spell.
    Pattern(&'static str),
    /// A string matching a regular expression that no number could match (a time block).
    StrPattern(&'static str),
    Bool,
    /// A whole number within `min..=max`.
    Int {
        min: i64,
        max: Option<i64>,
    },
    /// Any number.
    Number,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// Exactly this string.
    Const(&'static str),
    /// A list with at least `min` items.
    List(&'static Ty, usize),
    /// A mapping with the fields of a shape.
    Object(&'static Shape),
    /// A mapping from free keys (each matching `key`, when given) to values of one type.
    MapOf {
        key: Option<&'static Ty>,
        value: &'static Ty,
        min: usize,
    },
    /// Any one of these.
    AnyOf(&'static [Ty]),
    /// A named definition (recursive structures: cards, conditions).
    Ref(&'static Def),
    /// A card: one of the card types of [`stream::CARDS`], chosen by its `type`.
    Card,
    /// The `rules:` mapping of a config: each rule of the registry offered by name with its
    /// summary, taking one of `levels`, except the rules that are not suppressible, which only
    /// take `error`. Names of no rule are allowed: `check` warns about them (`unknown-rule`) and
    /// the config still applies.
    RuleLevels {
        levels: &'static [&'static str],
    },
}

/// A named type, emitted once under `definitions` and referred to by name.
#[derive(Debug)]
pub struct Def {
    pub name: &'static str,
    pub ty: Ty,
}

/// One field of a mapping.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// Fields that must be present when this one is (a schedule needs a time zone).
    pub requires: &'static [&'static str],
    /// Not allowed when a sibling field has this value (`priority` when `kind` is `flow`).
    pub not_when: Option<(&'static str, &'static str)>,
    pub doc: &'static str,
}

impl Field {
    /// An optional field.
    pub const fn opt(name: &'static str, ty: Ty, doc: &'static str) -> Field {
        Field {
            name,
            ty,
            required: false,
            requires: &[],
            not_when: None,
            doc,
        }
    }

    /// A required field.
    pub const fn req(name: &'static str, ty: Ty, doc: &'static str) -> Field {
        Field {
            name,
            ty,
            required: true,
            requires: &[],
            not_when: None,
            doc,
        }
    }

    /// The same field, refused when the sibling field `key` holds `value`.
    pub const fn not_when(self, key: &'static str, value: &'static str) -> Field {
        Field {
            not_when: Some((key, value)),
            ..self
        }
    }

    /// The choices of an enum field (empty for other types).
    pub fn choices(&self) -> &'static [&'static str] {
        match self.ty {
            Ty::Enum(choices) => choices,
            _ => &[],
        }
    }

    /// The fewest items a list field takes.
    pub fn min_items(&self) -> usize {
        match self.ty {
            Ty::List(_, min) => min,
            _ => panic!("`{}` is not a list", self.name),
        }
    }

    /// The range of a whole-number field; `i64::MAX` when unbounded above.
    pub fn int_range(&self) -> (i64, i64) {
        match self.ty {
            Ty::Int { min, max } => (min, max.unwrap_or(i64::MAX)),
            _ => panic!("`{}` is not a whole number", self.name),
        }
    }
}

/// A mapping with known fields. Unknown fields are errors.
#[derive(Debug)]
pub struct Shape {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
    /// At least this many fields.
    pub min_fields: usize,
    /// At most this many fields (`Some(1)`: exactly one of the fields, with `min_fields: 1`).
    pub max_fields: Option<usize>,
}

impl Shape {
    /// A plain mapping: any subset of its fields, required ones included.
    pub const fn new(name: &'static str, doc: &'static str, fields: &'static [Field]) -> Shape {
        Shape {
            name,
            doc,
            fields,
            min_fields: 0,
            max_fields: None,
        }
    }

    /// A mapping holding exactly one of its fields (a route, a rule target).
    pub const fn one_of(name: &'static str, doc: &'static str, fields: &'static [Field]) -> Shape {
        Shape {
            name,
            doc,
            fields,
            min_fields: 1,
            max_fields: Some(1),
        }
    }

    /// The names of the fields, in table order: the keys a parser accepts.
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }

    /// The fields refused when the field `key` holds `value`.
    pub fn refused_when(&self, key: &str, value: &str) -> Vec<&'static str> {
        self.fields
            .iter()
            .filter(|f| f.not_when == Some((key, value)))
            .map(|f| f.name)
            .collect()
    }

    pub fn field(&self, name: &str) -> &Field {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{} has no field `{name}`", self.name))
    }
}

/// The documents `streamlint schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Stream,
    Roster,
    Visitors,
    Config,
}

impl Document {
    pub const ALL: [Document; 4] = [
        Document::Stream,
        Document::Roster,
        Document::Visitors,
        Document::Config,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Document::Stream => "stream",
            Document::Roster => "roster",
            Document::Visitors => "visitors",
            Document::Config => "config",
        }
    }

    /// The root of the document.
    pub fn root(self) -> &'static Shape {
        match self {
            Document::Stream => &stream::STREAM,
            Document::Roster => &roster::ROSTER,
            Document::Visitors => &roster::VISITORS,
            Document::Config => &config::CONFIG,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Document::Stream => "streamlint stream or flow file (*.stream.yaml, *.flow.yaml)",
            Document::Roster => "streamlint roster file (agents, teams, accounts, fallback)",
            Document::Visitors => "streamlint visitors file (simulate --visitors)",
            Document::Config => "streamlint config file (.streamlint.yaml)",
        }
    }
}
