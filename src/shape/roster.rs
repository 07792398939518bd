//! Roster and visitors files (`roster.md`): agents, teams, accounts, fallback; simulated visitors.
//!
//! `parse::roster` and `parse::visitors` read their keys, required fields, enums and ranges from
//! these tables, as `parse::stream` does from `schema::stream`, and `streamlint schema` turns the
//! same tables into JSON Schema. Where the parser checks a syntax by hand (ids, weekdays, time
//! blocks, domains), `tests/schema.rs` holds the parser and the pattern here to the same answers.

use super::{Field, Shape, Ty};

/// The agent id syntax: `[a-z0-9][a-z0-9_.@-]*`.
pub const AGENT_ID: &str = "^[a-z0-9][a-z0-9_.@-]*$";

/// The weekday names a schedule key uses, Monday first.
pub const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A schedule's day keys: days and ranges, comma-separated: `mon`, `mon-fri`, `mon,wed`,
/// `mon-wed,fri`, `fri-mon` (a range may wrap around the week). Spaces around the parts are
/// allowed.
pub const SCHEDULE_DAYS: &str = "^\\s*(mon|tue|wed|thu|fri|sat|sun)\\s*(-\\s*(mon|tue|wed|thu|fri|sat|sun)\\s*)?(,\\s*(mon|tue|wed|thu|fri|sat|sun)\\s*(-\\s*(mon|tue|wed|thu|fri|sat|sun)\\s*)?)*$";

/// A schedule block: `HH:MM-HH:MM`, 24-hour clock (`24:00` may end a block). That the end comes
/// after the start is checked by the parser only.
pub const TIME_BLOCK: &str =
    "^\\s*([01][0-9]|2[0-3]):[0-5][0-9]\\s*-\\s*(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)\\s*$";

/// An account's email domain: no `@` and no white space.
pub const DOMAIN: &str = "^[^@\\s]+$";

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
        Field::opt(
            "routing",
            Ty::Object(&ROUTING),
            "Routing behaviours the product documents two ways.",
        ),
    ],
);

/// `routing.account_unavailable`: what happens when the account owner is not eligible.
pub const ACCOUNT_UNAVAILABLE: &[&str] = &["continue", "stop"];

pub static ROUTING: Shape = Shape::new(
    "the routing settings",
    "Routing behaviours the product's documentation describes two ways.",
    &[Field::opt(
        "account_unavailable",
        Ty::Enum(ACCOUNT_UNAVAILABLE),
        "When the visitor's account owner is not eligible: `continue` with the card's route (default) or `stop` (the owner's calendar when `offer_meeting`, else the fallback message).",
    )],
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
        Field::opt("name", Ty::NonEmptyText, "Display name."),
        Field::opt("email", Ty::NonEmptyText, "Email address."),
        Field::opt(
            "status",
            Ty::Enum(AGENT_STATUSES),
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
            Ty::Int {
                min: 0,
                max: Some(10),
            },
            "Chats already open when the simulation starts, 0 to 10 (default 0).",
        ),
        Field::opt(
            "responds",
            Ty::Bool,
            "`false`: the agent misses every chat offered (default true); one more agent of the pool is tried.",
        ),
        Field::opt(
            "timezone",
            Ty::NonEmptyText,
            "IANA time zone name (`Europe/Rome`); required with `schedule`.",
        ),
        Field {
            name: "schedule",
            ty: Ty::MapOf {
                key: Some(&Ty::Pattern(SCHEDULE_DAYS)),
                value: &Ty::List(&Ty::StrPattern(TIME_BLOCK), 0),
                min: 0,
            },
            required: false,
            requires: &["timezone"],
            not_when: None,
            doc:
                "Weekly availability: days (`mon-fri`, `sat`, `mon,wed`) → blocks (`09:00-12:30`).",
        },
    ],
);

/// An agent's `status`: the inbox toggle.
pub const AGENT_STATUSES: &[&str] = &["available", "unavailable"];

pub static TEAM: Shape = Shape::new(
    "a team",
    "A team: a pool of agents in rotation order.",
    &[
        Field::req("id", Ty::Pattern(AGENT_ID), "Unique team id."),
        Field::opt("name", Ty::NonEmptyText, "Display name."),
        Field::req(
            "members",
            Ty::List(&Ty::NonEmptyText, 0),
            "Agent ids, unique, in rotation order. An empty team is valid here; the `empty-team` rule reports it.",
        ),
    ],
);

pub static ACCOUNT: Shape = Shape::new(
    "an account",
    "Visitors whose email is at this domain go to this agent.",
    &[
        Field::req(
            "domain",
            Ty::Pattern(DOMAIN),
            "Email domain, without `@` (compared case-insensitively; unique).",
        ),
        Field::req("agent", Ty::NonEmptyText, "The owning agent's id."),
        Field::opt("name", Ty::NonEmptyText, "Display name."),
    ],
);

pub static FALLBACK: Shape = Shape::new(
    "the fallback",
    "When a card's route finds no eligible agent.",
    &[
        Field::opt("message", Ty::NonEmptyText, "Shown to the visitor."),
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
        Ty::List(&Ty::Object(&VISITOR), 1),
        "The visitors, in order: at least one.",
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
            Ty::List(&Ty::NonEmptyText, 0),
            "Answer labels, in the order the visitor meets questions.",
        ),
        Field::opt(
            "fills",
            SCALAR_MAP,
            "What the visitor types into info capture fields.",
        ),
        Field::opt(
            "missed_by",
            Ty::List(&Ty::NonEmptyText, 0),
            "Agents who miss this visitor's chat when it is offered to them.",
        ),
        Field::opt(
            "expect",
            Ty::Object(&EXPECT),
            "The expected outcome: the run fails otherwise.",
        ),
        Field::opt("note", Ty::Text, "Free text for authors, ignored."),
    ],
);

/// The outcomes a visitor's `expect` may name.
pub const EXPECTED_OUTCOMES: &[&str] = &["fallback", "meeting_offer", "end", "dropped"];

pub static EXPECT: Shape = Shape::one_of(
    "an expectation",
    "The expected outcome of a visitor: exactly one of `agent`, `team` or `outcome`.",
    &[
        Field::opt("agent", Ty::NonEmptyText, "Routed to this agent."),
        Field::opt("team", Ty::NonEmptyText, "Routed to a member of this team."),
        Field::opt("outcome", Ty::Enum(EXPECTED_OUTCOMES), "Ends this way."),
    ],
);
