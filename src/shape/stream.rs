//! Stream and flow files (`streams.md`): the stream, its cards, routes and conditions.
//!
//! `parse::stream` reads its keys, enums and ranges from here; adding a field to a card means
//! adding it to [`CARDS`] (the schema follows) and reading it in the lowering.

use super::{Def, Field, Shape, Ty};

/// The card id syntax: `[a-z0-9][a-z0-9_-]*`.
pub const CARD_ID: &str = "^[a-z0-9][a-z0-9_-]*$";

pub static STREAM: Shape = Shape::new(
    "stream",
    "A stream: the scripted conversation a chat widget runs for a visitor, or a reusable flow. \
     Every card type and field, with examples: docs/streams.md in the streamlint repository.",
    &[
        Field::req("stream", Ty::NonEmptyText, "The stream's name."),
        Field::opt(
            "kind",
            Ty::Enum(&["dialogue", "flow"]),
            "`dialogue` (the default) or `flow`, a reusable conversational flow embedded by `flow` cards.",
        ),
        Field::opt(
            "priority",
            Ty::Int { min: 1, max: Some(1_000_000) },
            "Dialogues only: 1 is the highest.",
        )
        .not_when("kind", "flow"),
        Field::opt("target", Ty::Object(&TARGET), "Dialogues only: the pages the stream runs on.")
            .not_when("kind", "flow"),
        Field::req(
            "cards",
            Ty::List(&Ty::Ref(&CARD), 1),
            "The first branch, in order: at least one card.",
        ),
    ],
);

pub static TARGET: Shape = Shape::new(
    "target",
    "The pages a dialogue runs on.",
    &[
        Field::opt(
            "include",
            Ty::List(&Ty::NonEmptyText, 0),
            "URL patterns: `https://host`, `https://*.host`, `https://host/path/*`, or an exact URL.",
        ),
        Field::opt("exclude", Ty::List(&Ty::NonEmptyText, 0), "URL patterns excluded."),
    ],
);

/// A card, as referred to from lists of cards.
pub static CARD: Def = Def {
    name: "card",
    ty: Ty::Card,
};

/// Branch lists (answers, conditions, `otherwise`) may be empty: `empty-branch` reports them.
const BRANCH_CARDS: Ty = Ty::List(&Ty::Ref(&CARD), 0);

/// Fields every card accepts.
pub static COMMON_CARD_FIELDS: &[Field] = &[
    Field::req(
        "type",
        Ty::Enum(&[]),
        "The card type (each one, with its fields and an example: docs/streams.md).",
    ),
    Field::opt(
        "id",
        Ty::Pattern(CARD_ID),
        "Optional id, unique in the stream: lower-case letters, digits, `_` and `-`.",
    ),
    Field::opt("note", Ty::Text, "Free text for authors, ignored."),
];

/// One card type and the fields it accepts besides `type`, `id` and `note`.
#[derive(Debug)]
pub struct CardSpec {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
}

impl CardSpec {
    /// Every key the card accepts: `type`, `id`, `note`, then its own fields.
    pub fn keys(&self) -> Vec<&'static str> {
        COMMON_CARD_FIELDS
            .iter()
            .chain(self.fields)
            .map(|f| f.name)
            .collect()
    }

    pub fn field(&self, name: &str) -> &'static Field {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("a `{}` card has no field `{name}`", self.name))
    }
}

/// Every card type, in the order of the model's `CardType::ALL`.
pub static CARDS: &[CardSpec] = &[
    CardSpec {
        name: "message",
        doc: "Says something; no answer needed.",
        fields: &[
            Field::req(
                "text",
                Ty::NonEmptyText,
                "What the bot says. Tokens: `{{lead.FirstName:\"there\"}}`.",
            ),
            Field::opt(
                "poke",
                Ty::Bool,
                "Pop the message out to the visitor: only on the very first card.",
            ),
        ],
    },
    CardSpec {
        name: "question",
        doc: "A multiple-choice question, one branch per answer.",
        fields: &[
            Field::req("text", Ty::NonEmptyText, "The question."),
            Field::req(
                "answers",
                Ty::List(&Ty::Object(&ANSWER), 1),
                "The answers offered: at least one.",
            ),
            Field::opt(
                "attribute",
                Ty::Text,
                "Store the chosen answer's value in this visitor attribute.",
            ),
        ],
    },
    CardSpec {
        name: "info_capture",
        doc: "Asks the visitor for details and stores them on the visitor.",
        fields: &[Field::req(
            "fields",
            Ty::List(&Ty::Object(&CAPTURE_FIELD), 1),
            "The details asked for: at least one.",
        )],
    },
    CardSpec {
        name: "live_chat",
        doc: "Hands the visitor to a live agent.",
        fields: &[
            Field::req("route", Ty::Ref(&ROUTE), "Who gets the chat."),
            Field::opt("text", Ty::Text, "Message shown while connecting."),
        ],
    },
    CardSpec {
        name: "meeting",
        doc: "Shows the calendar of the routed agent to book a meeting.",
        fields: &[
            Field::req("route", Ty::Ref(&ROUTE), "Whose calendar is shown."),
            Field::opt(
                "store_agent_in",
                Ty::Text,
                "Store the booked agent in this visitor attribute.",
            ),
        ],
    },
    CardSpec {
        name: "branch",
        doc: "Conditional branching on visitor attributes or agent availability.",
        fields: &[
            Field::req(
                "branches",
                Ty::List(&Ty::Object(&CONDITIONAL_BRANCH), 1),
                "Tried in order; the first whose condition holds is taken.",
            ),
            Field::opt(
                "otherwise",
                BRANCH_CARDS,
                "Cards for visitors no condition matched.",
            ),
        ],
    },
    CardSpec {
        name: "goal",
        doc: "Marks a conversion milestone; invisible to the visitor.",
        fields: &[
            Field::req("name", Ty::NonEmptyText, "The goal's name."),
            Field::opt(
                "score",
                Ty::Int {
                    min: 0,
                    max: Some(3),
                },
                "0 to 3.",
            ),
        ],
    },
    CardSpec {
        name: "action",
        doc: "Sets visitor attributes silently.",
        fields: &[Field::req(
            "set",
            Ty::MapOf {
                key: None,
                value: &Ty::Text,
                min: 1,
            },
            "Attribute → value: at least one.",
        )],
    },
    CardSpec {
        name: "document",
        doc: "Shows a PDF document.",
        fields: &[
            Field::opt("name", Ty::Text, "The document's title."),
            Field::req("url", Ty::NonEmptyText, "Where the PDF is."),
        ],
    },
    CardSpec {
        name: "generated",
        doc: "AI-generated answers to the visitor's questions.",
        fields: &[
            Field::opt(
                "follow_ups",
                Ty::Int {
                    min: 0,
                    max: Some(5),
                },
                "0 to 5 follow-up questions.",
            ),
            Field::opt(
                "fallback",
                Ty::Text,
                "Said when no answer can be generated.",
            ),
        ],
    },
    CardSpec {
        name: "flow",
        doc: "Embeds a reusable conversational flow.",
        fields: &[Field::req(
            "flow",
            Ty::NonEmptyText,
            "Path of a `*.flow.yaml` file, relative to this file.",
        )],
    },
];

/// The card type names, in table order.
pub fn card_types() -> Vec<&'static str> {
    CARDS.iter().map(|c| c.name).collect()
}

pub fn card(name: &str) -> Option<&'static CardSpec> {
    CARDS.iter().find(|c| c.name == name)
}

pub static ANSWER: Shape = Shape::new(
    "answer",
    "An answer of a question.",
    &[
        Field::req("label", Ty::NonEmptyText, "What the visitor clicks."),
        Field::opt(
            "value",
            Ty::Text,
            "The stored value; defaults to the label.",
        ),
        Field::opt(
            "cards",
            BRANCH_CARDS,
            "This answer's own branch. Without it the visitor continues after the question.",
        ),
    ],
);

pub static CAPTURE_FIELD: Shape = Shape::new(
    "info capture field",
    "One detail an info capture card asks for.",
    &[
        Field::req(
            "attribute",
            Ty::NonEmptyText,
            "The visitor attribute it is stored in (`first_name`, `email`, ...).",
        ),
        Field::opt(
            "input",
            Ty::Enum(&["text", "email", "phone"]),
            "`text` (default), `email` or `phone`.",
        ),
        Field::opt("prompt", Ty::Text, "What the visitor is asked."),
        Field::opt(
            "choices",
            Ty::List(&Ty::Text, 1),
            "A picklist of allowed values.",
        ),
        Field::opt(
            "if_known",
            Ty::Enum(&["ask", "skip", "overwrite"]),
            "When the attribute is already known: `ask` (default), `skip` or `overwrite`.",
        ),
    ],
);

pub static CONDITIONAL_BRANCH: Shape = Shape::new(
    "branch",
    "One branch of a `branch` card.",
    &[
        Field::req("when", Ty::Ref(&CONDITION), "The condition."),
        Field::opt("cards", BRANCH_CARDS, "This branch's cards."),
    ],
);

/// A route: `round_robin`, `{agent: ID}`, `{team: ID}` or `{rules: [...]}`.
pub static ROUTE: Def = Def {
    name: "route",
    ty: Ty::AnyOf(&[Ty::Const("round_robin"), Ty::Object(&ROUTE_MAP)]),
};

pub static ROUTE_MAP: Shape = Shape::one_of(
    "a route",
    "`round_robin`, `{ agent: ID }`, `{ team: ID }` or `{ rules: [...] }`.",
    &[
        Field::opt("agent", Ty::NonEmptyText, "That agent alone."),
        Field::opt("team", Ty::NonEmptyText, "The team's members, in rotation."),
        Field::opt(
            "rules",
            Ty::List(&Ty::Object(&ROUTING_RULE), 1),
            "Custom rules: the first whose condition matches decides.",
        ),
    ],
);

pub static ROUTING_RULE: Shape = Shape::new(
    "a routing rule",
    "A custom routing rule.",
    &[
        Field::req("name", Ty::NonEmptyText, "The rule's name."),
        Field::opt(
            "priority",
            Ty::Int {
                min: 1,
                max: Some(1_000_000),
            },
            "1 is tried first.",
        ),
        Field::opt(
            "when",
            Ty::Ref(&CONDITION),
            "The condition; without it the rule always matches.",
        ),
        Field::req(
            "to",
            Ty::Object(&RULE_TARGET),
            "Where matching visitors go.",
        ),
    ],
);

pub static RULE_TARGET: Shape = Shape::one_of(
    "a rule target",
    "`{ agent: ID }`, `{ agents: [IDs] }` (rotation) or `{ team: ID }`.",
    &[
        Field::opt("agent", Ty::NonEmptyText, "One agent."),
        Field::opt(
            "agents",
            Ty::List(&Ty::NonEmptyText, 1),
            "These agents, in rotation.",
        ),
        Field::opt("team", Ty::NonEmptyText, "The team's members, in rotation."),
    ],
);

/// A condition (streams.md "Conditions").
pub static CONDITION: Def = Def {
    name: "condition",
    ty: Ty::AnyOf(&[
        Ty::Object(&CONDITION_TEST),
        Ty::Object(&CONDITION_ALL),
        Ty::Object(&CONDITION_ANY),
        Ty::Object(&CONDITION_NOT),
        Ty::Object(&CONDITION_AGENTS),
    ]),
};

const IS_VALUE: Ty = Ty::AnyOf(&[Ty::Text, Ty::List(&Ty::Text, 0)]);

/// One test: `attribute` and exactly one operator. The operators are the fields after
/// `attribute`, in the order of the model's `OPERATORS`.
pub static CONDITION_TEST: Shape = Shape {
    name: "a condition",
    doc: "One test: an attribute and one operator.",
    fields: &[
        Field::req(
            "attribute",
            Ty::NonEmptyText,
            "The visitor attribute tested.",
        ),
        Field::opt("is", IS_VALUE, "Any of these values (ASCII case ignored)."),
        Field::opt("is_not", IS_VALUE, "None of these values."),
        Field::opt("contains", Ty::Text, "Contains this text."),
        Field::opt("not_contains", Ty::Text, "Does not contain this text."),
        Field::opt("starts_with", Ty::Text, "Starts with this text."),
        Field::opt("ends_with", Ty::Text, "Ends with this text."),
        Field::opt("greater_than", Ty::Number, "A number greater than this."),
        Field::opt("less_than", Ty::Number, "A number less than this."),
        Field::opt("at_least", Ty::Number, "A number at least this."),
        Field::opt("at_most", Ty::Number, "A number at most this."),
        Field::opt(
            "is_empty",
            Ty::Bool,
            "`true`: the attribute is missing or empty.",
        ),
    ],
    min_fields: 2,
    max_fields: Some(2),
};

pub static CONDITION_ALL: Shape = Shape::one_of(
    "all",
    "Every condition holds.",
    &[Field::req(
        "all",
        Ty::List(&Ty::Ref(&CONDITION), 0),
        "The conditions.",
    )],
);

pub static CONDITION_ANY: Shape = Shape::one_of(
    "any",
    "At least one condition holds.",
    &[Field::req(
        "any",
        Ty::List(&Ty::Ref(&CONDITION), 0),
        "The conditions.",
    )],
);

pub static CONDITION_NOT: Shape = Shape::one_of(
    "not",
    "The condition does not hold.",
    &[Field::req("not", Ty::Ref(&CONDITION), "The condition.")],
);

pub static CONDITION_AGENTS: Shape = Shape::one_of(
    "agents_available",
    "Agent availability now.",
    &[Field::req(
        "agents_available",
        Ty::AnyOf(&[Ty::Bool, Ty::Object(&AGENTS_OF_TEAM)]),
        "`true`/`false` (any agent), or `{ team: ID }`.",
    )],
);

pub static AGENTS_OF_TEAM: Shape = Shape::new(
    "`agents_available`",
    "An agent of this team is available now.",
    &[Field::req("team", Ty::NonEmptyText, "The team.")],
);

/// The combinator keys of a condition, each alone in its mapping.
pub fn condition_combinators() -> [&'static Shape; 4] {
    [
        &CONDITION_ALL,
        &CONDITION_ANY,
        &CONDITION_NOT,
        &CONDITION_AGENTS,
    ]
}

/// Every key a condition mapping may hold.
pub fn condition_keys() -> Vec<&'static str> {
    let mut keys = vec!["attribute"];
    keys.extend(condition_combinators().iter().map(|s| s.fields[0].name));
    keys.extend(operators());
    keys
}

/// The operator names, in table order.
pub fn operators() -> Vec<&'static str> {
    CONDITION_TEST.fields[1..].iter().map(|f| f.name).collect()
}
