//! Stream and flow files: the tree of cards.

use crate::source::{Span, Spanned};

use super::{Condition, Route};

/// `kind:` of a stream file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    /// A conversation played to visitors (the default).
    Dialogue,
    /// A reusable sub-flow, embedded by `flow` cards.
    Flow,
}

/// One stream (or flow) file.
#[derive(Debug, Clone)]
pub struct Stream {
    pub name: Spanned<String>,
    pub kind: StreamKind,
    pub priority: Option<Spanned<i64>>,
    pub target: Option<Target>,
    /// The root branch.
    pub cards: CardList,
}

#[derive(Debug, Clone, Default)]
pub struct Target {
    pub include: Vec<Spanned<String>>,
    pub exclude: Vec<Spanned<String>>,
}

/// A list of cards run in order: the root branch, an answer's, a condition's or `otherwise`.
#[derive(Debug, Clone)]
pub struct CardList {
    pub cards: Vec<Card>,
    /// The `cards:` (or `otherwise:`) key that holds the list.
    pub key_span: Span,
}

#[derive(Debug, Clone)]
pub struct Card {
    /// The card's `type` value: where findings about the card point.
    pub type_span: Span,
    pub id: Option<Spanned<String>>,
    pub body: CardBody,
}

impl Card {
    pub fn type_name(&self) -> &'static str {
        self.body.type_name()
    }
}

#[derive(Debug, Clone)]
pub enum CardBody {
    Message {
        text: Spanned<String>,
        /// The whole `poke: ...` entry, and its value.
        poke: Option<Spanned<bool>>,
    },
    Question {
        text: Spanned<String>,
        answers: Vec<Answer>,
        attribute: Option<Spanned<String>>,
    },
    InfoCapture {
        fields: Vec<CaptureField>,
        /// The `fields` key.
        fields_span: Span,
    },
    LiveChat {
        route: Route,
        text: Option<Spanned<String>>,
    },
    Meeting {
        route: Route,
        store_agent_in: Option<Spanned<String>>,
    },
    Branch {
        branches: Vec<ConditionalBranch>,
        otherwise: Option<CardList>,
    },
    Goal {
        name: Spanned<String>,
        score: Option<Spanned<i64>>,
    },
    Action {
        set: Vec<(Spanned<String>, Spanned<String>)>,
    },
    Document {
        name: Option<Spanned<String>>,
        url: Spanned<String>,
    },
    Generated {
        follow_ups: Option<Spanned<i64>>,
        fallback: Option<Spanned<String>>,
    },
    Flow {
        flow: Spanned<String>,
    },
}

/// Every card type, as written in `type:`.
pub const CARD_TYPES: &[&str] = &[
    "message",
    "question",
    "info_capture",
    "live_chat",
    "meeting",
    "branch",
    "goal",
    "action",
    "document",
    "generated",
    "flow",
];

impl CardBody {
    pub fn type_name(&self) -> &'static str {
        match self {
            CardBody::Message { .. } => "message",
            CardBody::Question { .. } => "question",
            CardBody::InfoCapture { .. } => "info_capture",
            CardBody::LiveChat { .. } => "live_chat",
            CardBody::Meeting { .. } => "meeting",
            CardBody::Branch { .. } => "branch",
            CardBody::Goal { .. } => "goal",
            CardBody::Action { .. } => "action",
            CardBody::Document { .. } => "document",
            CardBody::Generated { .. } => "generated",
            CardBody::Flow { .. } => "flow",
        }
    }

    /// Texts the visitor reads, where `{{lead.X}}` tokens may appear.
    pub fn visitor_texts(&self) -> Vec<&Spanned<String>> {
        match self {
            CardBody::Message { text, .. } => vec![text],
            CardBody::Question { text, answers, .. } => std::iter::once(text)
                .chain(answers.iter().map(|a| &a.label))
                .collect(),
            CardBody::InfoCapture { fields, .. } => {
                fields.iter().filter_map(|f| f.prompt.as_ref()).collect()
            }
            CardBody::LiveChat { text, .. } => text.iter().collect(),
            CardBody::Generated { fallback, .. } => fallback.iter().collect(),
            CardBody::Document { name, .. } => name.iter().collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub label: Spanned<String>,
    pub value: Option<Spanned<String>>,
    /// `None`: no `cards` key, the answer falls through to the card after the question.
    pub cards: Option<CardList>,
}

/// One `branches:` entry of a `branch` card.
#[derive(Debug, Clone)]
pub struct ConditionalBranch {
    pub when: Condition,
    /// `None`: no `cards` key, a visitor matching it continues after the `branch` card.
    pub cards: Option<CardList>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Email,
    Phone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfKnown {
    Ask,
    Skip,
    Overwrite,
}

#[derive(Debug, Clone)]
pub struct CaptureField {
    pub attribute: Spanned<String>,
    pub input: InputKind,
    pub prompt: Option<Spanned<String>>,
    pub choices: Option<Vec<Spanned<String>>>,
    pub if_known: IfKnown,
}

/// Attribute names that capture a visitor's name.
pub const NAME_ATTRIBUTES: &[&str] = &["first_name", "full_name", "name"];

impl CaptureField {
    pub fn captures_name(&self) -> bool {
        NAME_ATTRIBUTES.contains(&self.attribute.value.as_str())
    }

    pub fn captures_email(&self) -> bool {
        self.attribute.value == "email" || self.input == InputKind::Email
    }
}
