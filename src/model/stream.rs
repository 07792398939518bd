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
    pub fn card_type(&self) -> CardType {
        self.body.card_type()
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

/// A card's type: what `type:` says, resolved once by the reader. Everything after the reader
/// compares these, never the names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardType {
    Message,
    Question,
    InfoCapture,
    LiveChat,
    Meeting,
    Branch,
    Goal,
    Action,
    Document,
    Generated,
    Flow,
}

impl CardType {
    /// Every card type, in the order of the card tables (`shape::stream::CARDS`).
    pub const ALL: [CardType; 11] = [
        CardType::Message,
        CardType::Question,
        CardType::InfoCapture,
        CardType::LiveChat,
        CardType::Meeting,
        CardType::Branch,
        CardType::Goal,
        CardType::Action,
        CardType::Document,
        CardType::Generated,
        CardType::Flow,
    ];

    /// The name as written in `type:`.
    pub fn name(self) -> &'static str {
        match self {
            CardType::Message => "message",
            CardType::Question => "question",
            CardType::InfoCapture => "info_capture",
            CardType::LiveChat => "live_chat",
            CardType::Meeting => "meeting",
            CardType::Branch => "branch",
            CardType::Goal => "goal",
            CardType::Action => "action",
            CardType::Document => "document",
            CardType::Generated => "generated",
            CardType::Flow => "flow",
        }
    }

    /// The type a `type:` value names (for the reader).
    pub fn from_name(name: &str) -> Option<CardType> {
        CardType::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl CardBody {
    pub fn card_type(&self) -> CardType {
        match self {
            CardBody::Message { .. } => CardType::Message,
            CardBody::Question { .. } => CardType::Question,
            CardBody::InfoCapture { .. } => CardType::InfoCapture,
            CardBody::LiveChat { .. } => CardType::LiveChat,
            CardBody::Meeting { .. } => CardType::Meeting,
            CardBody::Branch { .. } => CardType::Branch,
            CardBody::Goal { .. } => CardType::Goal,
            CardBody::Action { .. } => CardType::Action,
            CardBody::Document { .. } => CardType::Document,
            CardBody::Generated { .. } => CardType::Generated,
            CardBody::Flow { .. } => CardType::Flow,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_types_match_the_tables() {
        let names: Vec<&str> = CardType::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(names, crate::shape::stream::card_types());
        for t in CardType::ALL {
            assert_eq!(CardType::from_name(t.name()), Some(t));
        }
        assert_eq!(CardType::from_name("live-chat"), None);
    }

    #[test]
    fn operators_match_the_tables() {
        assert_eq!(
            crate::shape::stream::operators(),
            crate::model::condition::OPERATORS
        );
    }
}
