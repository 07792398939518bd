//! The roster file: agents, teams, account routing and fallback settings (the spec's roster.md).
//!
//! One roster serves many streams. Everything a routing finding may point at keeps its span, so
//! findings about the roster land in the roster file.

use std::collections::HashMap;
use std::sync::OnceLock;

use jiff::tz::TimeZone;

use crate::source::{Span, Spanned};

#[derive(Debug, Clone)]
pub struct Roster {
    pub agents: Vec<Agent>,
    pub teams: Vec<Team>,
    pub accounts: Vec<Account>,
    pub fallback: Fallback,
    /// The `fallback` key, when written.
    pub fallback_span: Option<Span>,
    /// How routing behaves where the product's documentation allows two readings.
    pub routing: RoutingSettings,
    /// Agent and team ids to their first index, built on the first lookup.
    pub ids: IdIndex,
}

/// `routing:` in the roster: the product behaviours its own documentation describes two ways,
/// made explicit (docs/routing.md, "Routing settings").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoutingSettings {
    pub account_unavailable: AccountUnavailable,
}

/// What happens when a visitor's account owner is not eligible.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AccountUnavailable {
    /// Go on to the card's route (the default, the spec's algorithm).
    #[default]
    Continue,
    /// Stop: offer the owner's calendar when `offer_meeting`, else the fallback message.
    Stop,
}

impl AccountUnavailable {
    /// From the roster table, which the schema and the parser share.
    pub const NAMES: &'static [&'static str] = crate::shape::roster::ACCOUNT_UNAVAILABLE;

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "continue" => Some(AccountUnavailable::Continue),
            "stop" => Some(AccountUnavailable::Stop),
            _ => None,
        }
    }
}

/// Agent and team ids to the index of their first occurrence, so a lookup costs the same with
/// 30,000 agents as with 3. Built on the first lookup. Rosters are not edited after lowering;
/// as a guard, a lookup scans the list instead when its length changed or the indexed entry
/// has another id.
#[derive(Debug, Clone, Default)]
pub struct IdIndex(OnceLock<IdMaps>);

#[derive(Debug, Clone)]
struct IdMaps {
    agents: HashMap<String, usize>,
    agent_count: usize,
    teams: HashMap<String, usize>,
    team_count: usize,
}

/// The inbox toggle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Available,
    Unavailable,
}

#[derive(Debug, Clone)]
pub struct Agent {
    pub id: Spanned<String>,
    pub name: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
    pub status: Status,
    /// Concurrent chats, 1–10 (default 5).
    pub max_chats: u32,
    /// Chats already open when the simulation starts.
    pub active_chats: u32,
    /// `false`: the agent misses every chat offered (never accepts within the accept timeout).
    pub responds: bool,
    /// The agent's time zone, resolved from its IANA name (required with a schedule).
    pub timezone: Option<Spanned<TimeZone>>,
    pub schedule: Option<Schedule>,
}

/// Weekly availability: the agent is on schedule when a moment falls in any block of its day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// Per weekday, Monday first: blocks as minutes since midnight, `start..end`.
    pub days: [Vec<(u16, u16)>; 7],
}

impl Schedule {
    /// Is `minute` (since midnight) of `weekday` (0 = Monday) inside a block?
    pub fn contains(&self, weekday: usize, minute: u16) -> bool {
        self.days
            .get(weekday)
            .is_some_and(|blocks| blocks.iter().any(|&(s, e)| s <= minute && minute < e))
    }

    /// True when no block is written at all: the agent is never on schedule.
    pub fn is_empty(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }
}

#[derive(Debug, Clone)]
pub struct Team {
    pub id: Spanned<String>,
    /// Agent ids, in rotation order.
    pub members: Vec<Spanned<String>>,
    /// The `members` key.
    pub members_span: Span,
}

/// Account routing: visitors whose email domain is `domain` belong to `agent`.
#[derive(Debug, Clone)]
pub struct Account {
    pub domain: Spanned<String>,
    pub agent: Spanned<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Fallback {
    pub message: Option<Spanned<String>>,
    /// Offer the pool's first listed member's calendar when nobody is eligible.
    pub offer_meeting: bool,
    /// Try the whole roster's rotation when a card's pool has nobody eligible.
    pub round_robin: bool,
}

impl Roster {
    pub fn agent(&self, id: &str) -> Option<&Agent> {
        self.agent_index(id).map(|i| &self.agents[i])
    }

    /// The index of the first agent with this id.
    pub fn agent_index(&self, id: &str) -> Option<usize> {
        let maps = self.id_maps();
        if maps.agent_count != self.agents.len() {
            return self.agents.iter().position(|a| a.id.value == id);
        }
        match maps.agents.get(id) {
            Some(&i) if self.agents[i].id.value == id => Some(i),
            Some(_) => self.agents.iter().position(|a| a.id.value == id),
            None => None,
        }
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        let maps = self.id_maps();
        if maps.team_count != self.teams.len() {
            return self.teams.iter().find(|t| t.id.value == id);
        }
        match maps.teams.get(id) {
            Some(&i) if self.teams[i].id.value == id => Some(&self.teams[i]),
            Some(_) => self.teams.iter().find(|t| t.id.value == id),
            None => None,
        }
    }

    fn id_maps(&self) -> &IdMaps {
        self.ids.0.get_or_init(|| {
            let mut agents = HashMap::with_capacity(self.agents.len());
            for (i, a) in self.agents.iter().enumerate() {
                agents.entry(a.id.value.clone()).or_insert(i);
            }
            let mut teams = HashMap::with_capacity(self.teams.len());
            for (i, t) in self.teams.iter().enumerate() {
                teams.entry(t.id.value.clone()).or_insert(i);
            }
            IdMaps {
                agents,
                agent_count: self.agents.len(),
                teams,
                team_count: self.teams.len(),
            }
        })
    }

    /// The agent owning an email domain (ASCII case ignored).
    pub fn account_for_domain(&self, domain: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| a.domain.value.eq_ignore_ascii_case(domain))
    }
}

/// Is `id` a valid agent or team id: `[a-z0-9][a-z0-9_.@-]*`?
pub fn is_valid_roster_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '@' | '-')
        })
}
