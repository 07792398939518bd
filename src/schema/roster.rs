//! Roster and visitors files (`roster.md`): agents, teams, accounts, fallback; simulated visitors.
//!
//! Written from the spec for the schema; the roster and visitors parsers are meant to read their
//! keys, enums and ranges from these tables too, as `parse::stream` does.

use super::{Field, Shape, Ty};

/// The agent id syntax: `[a-z0-9][a-z0-9_.@-]*`.
pub const AGENT_ID: &str = "^[a-z0-9][a-z0-9_.@-]*$";

/// A schedule's day keys: `mon`, or a range such as `mon-fri`.
pub const SCHEDULE_DAYS: &str = "^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$";

/// A schedule block: `HH:MM-HH:MM`, 24-hour clock (`24:00` may end a block).
pub const TIME_BLOCK: &str =
    "^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";

pub static ROSTER: Shape = Shape::new(
    "roster",
    "Agents, teams, account owners and fallback settings, shared by many streams.",
    &[
        Field::req("agents", Ty::List(&Ty::Object(&AGENT), 1), "Every agent."),
        Field::opt("teams", Ty::List(&Ty::Object(&TEAM), 0), "Teams of agents."),
        Field::opt(
            "accounts",
            Ty::List(&Ty::Object(&ACCOUNT), 0),
            "Account routing: email domain → owning agent.",
        ),
        Field::opt(
            "fallback",
            Ty::Object(&FALLBACK),
            "What happens when no eligible agent is found.",
        ),
    ],
);

pub static AGENT: Shape = Shape::new(
    "an agent",
    "An agent.",
    &[
        Field::req(
            "id",
            Ty::Pattern(AGENT_ID),
            "Unique id: lower-case letters, digits, `_`, `.`, `@`, `-`.",
        ),
        Field::opt("name", Ty::Text, "Display name."),
        Field::opt("email", Ty::Text, "Email address."),
        Field::opt(
            "status",
            Ty::Enum(&["available", "unavailable"]),
            "The inbox toggle: `available` (default) or `unavailable`.",
        ),
        Field::opt(
            "max_chats",
            Ty::Int {
                min: 1,
                max: Some(10),
            },
            "Concurrent chats, 1 to 10 (default 5).",
        ),
        Field::opt(
            "active_chats",
            Ty::Int { min: 0, max: None },
            "Chats already open when the simulation starts (default 0).",
        ),
        Field::opt(
            "timezone",
            Ty::NonEmptyText,
            "IANA time zone name; required with `schedule`.",
        ),
        Field {
            name: "schedule",
            ty: Ty::MapOf {
                key: Some(&Ty::Pattern(SCHEDULE_DAYS)),
                value: &Ty::List(&Ty::Pattern(TIME_BLOCK), 0),
                min: 0,
            },
            required: false,
            requires: &["timezone"],
            not_when: None,
            doc: "Weekly availability: days (`mon-fri`, `sat`) → blocks (`09:00-12:30`).",
        },
    ],
);

pub static TEAM: Shape = Shape::new(
    "a team",
    "A team: a pool of agents in rotation order.",
    &[
        Field::req("id", Ty::Pattern(AGENT_ID), "Unique team id."),
        Field::req(
            "members",
            Ty::List(&Ty::NonEmptyText, 1),
            "Agent ids, in rotation order.",
        ),
    ],
);

pub static ACCOUNT: Shape = Shape::new(
    "an account",
    "Visitors whose email is at this domain go to this agent.",
    &[
        Field::req(
            "domain",
            Ty::NonEmptyText,
            "Email domain (compared case-insensitively).",
        ),
        Field::req("agent", Ty::NonEmptyText, "The owning agent's id."),
    ],
);

pub static FALLBACK: Shape = Shape::new(
    "the fallback",
    "When a card's route finds no eligible agent.",
    &[
        Field::opt("message", Ty::Text, "Shown to the visitor."),
        Field::opt(
            "offer_meeting",
            Ty::Bool,
            "Offer the pool's first listed member's calendar instead of the message (default false).",
        ),
        Field::opt(
            "round_robin",
            Ty::Bool,
            "Try every agent of the roster before giving up (default false).",
        ),
    ],
);

const SCALAR_MAP: Ty = Ty::MapOf {
    key: None,
    value: &Ty::Text,
    min: 0,
};

pub static VISITORS: Shape = Shape::new(
    "visitors",
    "Visitors to simulate one after another, sharing rotation pointers and agent load.",
    &[Field::req(
        "visitors",
        Ty::List(&Ty::Object(&VISITOR), 0),
        "The visitors, in order.",
    )],
);

pub static VISITOR: Shape = Shape::new(
    "a visitor",
    "One simulated visitor.",
    &[
        Field::req("id", Ty::NonEmptyText, "Unique id."),
        Field::opt(
            "attributes",
            SCALAR_MAP,
            "Attributes known before the conversation.",
        ),
        Field::opt(
            "answers",
            Ty::List(&Ty::Text, 0),
            "Answer labels, in the order the visitor meets questions.",
        ),
        Field::opt(
            "fills",
            SCALAR_MAP,
            "What the visitor types into info capture fields.",
        ),
        Field::opt(
            "expect",
            Ty::Object(&EXPECT),
            "The expected outcome: the run fails otherwise.",
        ),
    ],
);

pub static EXPECT: Shape = Shape {
    name: "an expectation",
    doc: "The expected outcome of a visitor.",
    fields: &[
        Field::opt("agent", Ty::NonEmptyText, "Routed to this agent."),
        Field::opt("team", Ty::NonEmptyText, "Routed to a member of this team."),
        Field::opt(
            "outcome",
            Ty::Enum(&["fallback", "meeting_offer", "end", "dropped"]),
            "Ends this way.",
        ),
    ],
    min_fields: 1,
    max_fields: None,
};
