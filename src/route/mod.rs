//! The routing engine (the spec's roster.md): pure and deterministic, no I/O.
//!
//! A [`Router`] holds what changes while visitors are routed one after another: each agent's open
//! chats and one rotation pointer per pool. Routing a visitor at a `live_chat` or `meeting` card
//! follows roster.md in order: account routing, the card's route (round robin, one agent, a
//! team, or custom rules), rotation within the pool, then the fallback chain (whole-roster round
//! robin, meeting offer, fallback message).

pub mod condition;
pub mod coverage;
pub mod diff;
pub mod simulate;

use std::collections::HashMap;
use std::fmt;

use jiff::Timestamp;

use crate::model::roster::{AccountUnavailable, Roster, Status};
use crate::model::{Route, RouteKind, RoutingRule, RuleTarget};

use condition::Facts;

/// Which kind of card routes the visitor. Only a live chat occupies one of the agent's slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    LiveChat,
    Meeting,
}

/// What decided the agent (`outcome.route` in the JSON contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteTaken {
    Account,
    RoundRobin,
    Agent,
    Team,
    Rules,
    FallbackRoundRobin,
}

impl RouteTaken {
    pub fn name(self) -> &'static str {
        match self {
            RouteTaken::Account => "account",
            RouteTaken::RoundRobin => "round_robin",
            RouteTaken::Agent => "agent",
            RouteTaken::Team => "team",
            RouteTaken::Rules => "rules",
            RouteTaken::FallbackRoundRobin => "fallback_round_robin",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FallbackReason {
    NoRuleMatched,
    NoAgentAvailable,
}

impl FallbackReason {
    pub fn name(self) -> &'static str {
        match self {
            FallbackReason::NoRuleMatched => "no_rule_matched",
            FallbackReason::NoAgentAvailable => "no_agent_available",
        }
    }
}

/// An agent chosen for a visitor, and what chose them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub agent: String,
    /// The team whose rotation chose the agent (a `team` route or a rule targeting a team).
    pub team: Option<String>,
    /// The custom rule that decided the pool.
    pub rule: Option<String>,
    pub route: RouteTaken,
}

/// Where a visitor ends up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A live chat reaches an agent.
    Agent(Assignment),
    /// A meeting card books with an agent.
    Meeting(Assignment),
    /// Nobody eligible: the calendar of the pool's first listed member is offered.
    MeetingOffer(Assignment),
    Fallback {
        reason: FallbackReason,
        message: Option<String>,
        /// The custom rule whose pool had nobody eligible.
        rule: Option<String>,
    },
    /// The conversation ends without a live chat; `card` is the last card.
    End { card: String },
    /// The visitor ran out of answers at this question.
    Dropped { card: String },
}

/// The outcome types, in the order summaries list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutcomeType {
    Agent,
    Meeting,
    MeetingOffer,
    Fallback,
    End,
    Dropped,
}

impl OutcomeType {
    pub const ALL: [OutcomeType; 6] = [
        OutcomeType::Agent,
        OutcomeType::Meeting,
        OutcomeType::MeetingOffer,
        OutcomeType::Fallback,
        OutcomeType::End,
        OutcomeType::Dropped,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutcomeType::Agent => "agent",
            OutcomeType::Meeting => "meeting",
            OutcomeType::MeetingOffer => "meeting_offer",
            OutcomeType::Fallback => "fallback",
            OutcomeType::End => "end",
            OutcomeType::Dropped => "dropped",
        }
    }
}

impl Outcome {
    pub fn kind(&self) -> OutcomeType {
        match self {
            Outcome::Agent(_) => OutcomeType::Agent,
            Outcome::Meeting(_) => OutcomeType::Meeting,
            Outcome::MeetingOffer(_) => OutcomeType::MeetingOffer,
            Outcome::Fallback { .. } => OutcomeType::Fallback,
            Outcome::End { .. } => OutcomeType::End,
            Outcome::Dropped { .. } => OutcomeType::Dropped,
        }
    }

    /// The agent of a live chat or booked meeting.
    pub fn assignment(&self) -> Option<&Assignment> {
        match self {
            Outcome::Agent(a) | Outcome::Meeting(a) => Some(a),
            _ => None,
        }
    }
}

/// The outcome in words, for the human report: `live chat with maria (team sales)`.
impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let decided = |a: &Assignment| {
            let mut parts = Vec::new();
            if let Some(rule) = &a.rule {
                parts.push(format!("rule \"{rule}\""));
            }
            if let Some(team) = &a.team {
                parts.push(format!("team {team}"));
            }
            if !matches!(a.route, RouteTaken::Rules | RouteTaken::Team) {
                parts.push(format!("route {}", a.route.name()));
            }
            parts.join(", ")
        };
        match self {
            Outcome::Agent(a) => write!(f, "live chat with {} ({})", a.agent, decided(a)),
            Outcome::Meeting(a) => write!(f, "meeting booked with {} ({})", a.agent, decided(a)),
            Outcome::MeetingOffer(a) => write!(
                f,
                "nobody eligible: {}'s calendar is offered ({})",
                a.agent,
                decided(a)
            ),
            Outcome::Fallback {
                reason,
                message,
                rule,
            } => {
                let why = match (reason, rule) {
                    (FallbackReason::NoRuleMatched, _) => "no rule matched".to_string(),
                    (FallbackReason::NoAgentAvailable, None) => "no agent available".to_string(),
                    (FallbackReason::NoAgentAvailable, Some(rule)) => {
                        format!("no agent available for rule \"{rule}\"")
                    }
                };
                match message {
                    Some(m) => write!(f, "fallback message ({why}): \"{m}\""),
                    None => write!(
                        f,
                        "fallback ({why}), and the roster has no fallback message"
                    ),
                }
            }
            Outcome::End { card } => write!(f, "the conversation ends after {card}"),
            Outcome::Dropped { card } => write!(f, "the visitor leaves at {card} (no answer left)"),
        }
    }
}

/// Why an agent of a pool was passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    Unavailable,
    OffSchedule,
    AtCapacity,
    NotInRoster,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::Unavailable => "unavailable",
            SkipReason::OffSchedule => "off schedule at that time",
            SkipReason::AtCapacity => "at capacity",
            SkipReason::NotInRoster => "not in the roster",
        }
    }
}

/// Lines explaining a routing decision (`--explain`); off when nobody asked.
pub struct Trace {
    lines: Option<Vec<String>>,
    /// Put before each line: the card the lines are about.
    prefix: String,
}

impl Trace {
    /// On when `explain` is asked for.
    pub fn new(explain: bool) -> Self {
        if explain {
            Trace::on()
        } else {
            Trace::off()
        }
    }

    pub fn on() -> Self {
        Trace {
            lines: Some(Vec::new()),
            prefix: String::new(),
        }
    }

    pub fn off() -> Self {
        Trace {
            lines: None,
            prefix: String::new(),
        }
    }

    /// Later lines are about this card: `at connect: ...`.
    pub fn at(&mut self, card: &str) {
        if self.lines.is_some() {
            self.prefix = format!("at {card}: ");
        }
    }

    /// Adds a line; the text is only built when the trace is on.
    pub fn note(&mut self, line: impl FnOnce() -> String) {
        if let Some(lines) = &mut self.lines {
            lines.push(format!("{}{}", self.prefix, line()));
        }
    }

    pub fn into_lines(self) -> Vec<String> {
        self.lines.unwrap_or_default()
    }
}

/// A group of agents in rotation, with its own pointer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PoolKey {
    Roster,
    Team(String),
    Agent(String),
    /// A rule's `agents` list, identified by where the rule is written (a rule reused through a
    /// YAML alias is one rule, with one pointer; positions carry their file, so rules of two
    /// embedded flows never share one).
    Rule(crate::source::Pos),
}

struct Pool<'a> {
    key: PoolKey,
    members: Vec<&'a str>,
    /// For explanations: "team sales", "the whole roster".
    label: String,
}

/// How long an agent has to accept a chat before it counts as missed (domain notes 5.5).
pub const ACCEPT_TIMEOUT_SECS: u32 = 100;

/// Engagement attempts per live chat: the agent chosen, and one more from the same pool
/// (domain notes 5.4, step 3).
pub const MAX_TRIES: usize = 2;

/// The visitor being routed: who misses their chat, and the agents it was offered to so far.
#[derive(Debug, Clone, Default)]
struct Visit {
    missed_by: Vec<String>,
    tried: Vec<String>,
}

/// Routing state shared by the visitors of one simulation.
#[derive(Debug, Clone)]
pub struct Router<'r> {
    roster: &'r Roster,
    at: Option<Timestamp>,
    /// Open chats per agent (roster order).
    open: Vec<u32>,
    /// Per pool: the index (in the pool's member list) of the agent who took its last chat.
    pointers: HashMap<PoolKey, usize>,
    visit: Visit,
}

impl<'r> Router<'r> {
    /// A fresh state: every agent with its `active_chats`, every pointer before the first member.
    pub fn new(roster: &'r Roster, at: Option<Timestamp>) -> Self {
        Router {
            roster,
            at,
            open: roster.agents.iter().map(|a| a.active_chats).collect(),
            pointers: HashMap::new(),
            visit: Visit::default(),
        }
    }

    /// The next visitor's chat is missed by these agents (a visitor's `missed_by`), on top of
    /// the agents whose `responds` is false.
    pub fn start_visit(&mut self, missed_by: &[String]) {
        self.visit = Visit {
            missed_by: missed_by.to_vec(),
            tried: Vec::new(),
        };
    }

    /// Does this agent (roster index) miss the chat offered?
    fn misses(&self, ix: usize) -> bool {
        let agent = &self.roster.agents[ix];
        !agent.responds || self.visit.missed_by.contains(&agent.id.value)
    }

    /// Open chats of an agent, by id.
    pub fn open_chats(&self, agent: &str) -> Option<u32> {
        self.roster.agent_index(agent).map(|i| self.open[i])
    }

    /// Is the agent eligible now (roster.md "Availability")? `Ok` carries its roster index.
    pub fn eligible(&self, agent: &str) -> Result<usize, SkipReason> {
        let ix = self
            .roster
            .agent_index(agent)
            .ok_or(SkipReason::NotInRoster)?;
        let a = &self.roster.agents[ix];
        if a.status == Status::Unavailable {
            return Err(SkipReason::Unavailable);
        }
        if let (Some(at), Some(schedule)) = (self.at, &a.schedule) {
            let tz = a
                .timezone
                .as_ref()
                .map_or(jiff::tz::TimeZone::UTC, |t| t.value.clone());
            let local = at.to_zoned_datetime(tz);
            let weekday = local.weekday().to_monday_zero_offset() as usize;
            let minute = local.hour() as u16 * 60 + local.minute() as u16;
            if !schedule.contains(weekday, minute) {
                return Err(SkipReason::OffSchedule);
            }
        }
        if self.open[ix] >= a.max_chats {
            return Err(SkipReason::AtCapacity);
        }
        Ok(ix)
    }

    /// `agents_available`: is any agent of the team (or of the roster) eligible now?
    pub fn any_available(&self, team: Option<&str>) -> bool {
        match team {
            None => self
                .roster
                .agents
                .iter()
                .any(|a| self.eligible(&a.id.value).is_ok()),
            Some(team) => self
                .roster
                .team(team)
                .is_some_and(|t| t.members.iter().any(|m| self.eligible(&m.value).is_ok())),
        }
    }

    fn roster_pool(&self) -> Pool<'r> {
        Pool {
            key: PoolKey::Roster,
            members: self
                .roster
                .agents
                .iter()
                .map(|a| a.id.value.as_str())
                .collect(),
            label: "the whole roster".to_string(),
        }
    }

    fn team_pool<'a>(&self, team: &'a str) -> Pool<'a>
    where
        'r: 'a,
    {
        Pool {
            key: PoolKey::Team(team.to_string()),
            members: self
                .roster
                .team(team)
                .map(|t| t.members.iter().map(|m| m.value.as_str()).collect())
                .unwrap_or_default(),
            label: format!("team {team}"),
        }
    }

    /// The next eligible member after the pool's pointer, wrapping; moves the pointer to them.
    fn pick(&mut self, pool: &Pool, trace: &mut Trace) -> Option<usize> {
        let n = pool.members.len();
        if n == 0 {
            trace.note(|| format!("{} has no members", pool.label));
            return None;
        }
        let start = self.pointers.get(&pool.key).map_or(0, |p| (p + 1) % n);
        for k in 0..n {
            let i = (start + k) % n;
            if self.visit.tried.iter().any(|t| t == pool.members[i]) {
                trace.note(|| format!("skipped {}: already tried", pool.members[i]));
                continue;
            }
            match self.eligible(pool.members[i]) {
                Ok(ix) => {
                    // Who was chosen is said by `engage`, which knows whether they accept.
                    self.pointers.insert(pool.key.clone(), i);
                    return Some(ix);
                }
                Err(reason) => {
                    trace.note(|| format!("skipped {}: {}", pool.members[i], reason.describe()))
                }
            }
        }
        trace.note(|| format!("nobody eligible ({})", pool.label));
        None
    }

    fn assign(&mut self, ix: usize, kind: CardKind, mut a: Assignment) -> Outcome {
        a.agent = self.roster.agents[ix].id.value.clone();
        match kind {
            CardKind::LiveChat => {
                // A routed live chat holds the slot for the rest of the simulation.
                self.open[ix] += 1;
                Outcome::Agent(a)
            }
            CardKind::Meeting => Outcome::Meeting(a),
        }
    }

    /// Step 1, account routing: the owner of the email's domain, when eligible. Moves no pointer.
    /// `None`: go on with the card's route. When the owner is not eligible (or misses the chat)
    /// and `routing.account_unavailable` is `stop`, the owner's calendar or the fallback message.
    pub fn account(
        &mut self,
        email: Option<&str>,
        kind: CardKind,
        trace: &mut Trace,
    ) -> Option<Outcome> {
        self.visit.tried.clear();
        let domain = email?.rsplit_once('@')?.1.trim();
        let Some(account) = self.roster.account_for_domain(domain) else {
            if !self.roster.accounts.is_empty() {
                trace.note(|| format!("account routing: no account for domain {domain}"));
            }
            return None;
        };
        let agent = account.agent.value.as_str();
        match self.eligible(agent) {
            Ok(ix) if kind == CardKind::LiveChat && self.misses(ix) => {
                self.visit.tried.push(agent.to_string());
                trace.note(|| {
                    format!(
                        "account routing: {domain} belongs to {agent}; try 1: {agent} misses the chat (no answer within {ACCEPT_TIMEOUT_SECS} s)"
                    )
                });
                self.account_not_connected(agent, trace)
            }
            Ok(ix) => {
                trace
                    .note(|| format!("account routing: {domain} belongs to {agent}, who takes it"));
                Some(self.assign(
                    ix,
                    kind,
                    Assignment {
                        agent: String::new(),
                        team: None,
                        rule: None,
                        route: RouteTaken::Account,
                    },
                ))
            }
            Err(reason) => {
                trace.note(|| {
                    format!(
                        "account routing: {domain} belongs to {agent}, skipped: {}",
                        reason.describe()
                    )
                });
                self.account_not_connected(agent, trace)
            }
        }
    }

    /// The account owner did not take the chat: `routing.account_unavailable` decides.
    fn account_not_connected(&mut self, owner: &str, trace: &mut Trace) -> Option<Outcome> {
        match self.roster.routing.account_unavailable {
            AccountUnavailable::Continue => None,
            AccountUnavailable::Stop => {
                trace.note(|| {
                    "routing.account_unavailable is stop: no other agent is tried".to_string()
                });
                self.note_wait(trace);
                self.visit.tried.clear();
                if self.roster.fallback.offer_meeting {
                    trace.note(|| format!("fallback: offering the calendar of {owner}"));
                    return Some(Outcome::MeetingOffer(Assignment {
                        agent: owner.to_string(),
                        ..decided(RouteTaken::Account)
                    }));
                }
                Some(self.fallback_message(FallbackReason::NoAgentAvailable, None, trace))
            }
        }
    }

    /// After a missed chat: how long the visitor may have waited, every try at the accept
    /// timeout.
    fn note_wait(&self, trace: &mut Trace) {
        let tries = self.visit.tried.len();
        if tries > 0 {
            trace.note(|| {
                format!(
                    "worst-case wait: {} s ({} × {ACCEPT_TIMEOUT_SECS} s accept timeout)",
                    tries as u32 * ACCEPT_TIMEOUT_SECS,
                    if tries == 1 {
                        "1 try".to_string()
                    } else {
                        format!("{tries} tries")
                    }
                )
            });
        }
    }

    /// Offers a live chat to the agent chosen (roster index `ix`) and, when they miss it, to one
    /// more eligible agent of the same pool: never more, and never the fallback round robin.
    /// When nobody accepts: the first tried agent's calendar (`offer_meeting`), else the
    /// fallback message.
    fn engage(
        &mut self,
        mut ix: usize,
        kind: CardKind,
        base: Assignment,
        pool: &Pool,
        trace: &mut Trace,
    ) -> Outcome {
        loop {
            let agent = self.roster.agents[ix].id.value.clone();
            let n = self.visit.tried.len() + 1;
            // A meeting is booked on a calendar: nobody can miss it.
            if kind == CardKind::Meeting || !self.misses(ix) {
                if n > 1 {
                    trace.note(|| format!("try {n}: {agent} takes it ({})", pool.label));
                    self.visit.tried.push(agent);
                    self.note_wait(trace);
                } else {
                    trace.note(|| format!("{agent} takes it ({})", pool.label));
                }
                self.visit.tried.clear();
                return self.assign(ix, kind, base);
            }
            trace.note(|| {
                format!(
                    "try {n}: {agent} misses the chat (no answer within {ACCEPT_TIMEOUT_SECS} s, {})",
                    pool.label
                )
            });
            self.visit.tried.push(agent);
            if self.visit.tried.len() >= MAX_TRIES {
                trace.note(|| format!("no more tries: at most {MAX_TRIES} agents are tried"));
                break;
            }
            trace.note(|| format!("one more agent from {}", pool.label));
            match self.pick(pool, trace) {
                Some(next) => ix = next,
                None => break,
            }
        }
        self.note_wait(trace);
        let first = std::mem::take(&mut self.visit.tried).swap_remove(0);
        if self.roster.fallback.offer_meeting {
            trace.note(|| {
                format!("fallback: offering the calendar of {first}, the first agent tried")
            });
            return Outcome::MeetingOffer(Assignment {
                agent: first,
                ..base
            });
        }
        self.fallback_message(FallbackReason::NoAgentAvailable, base.rule, trace)
    }

    /// The first custom rule (in evaluation order) whose condition holds for `facts`. `None` for
    /// routes without rules, and when no rule matches.
    pub fn match_rule<'s>(
        &self,
        route: &'s Route,
        facts: &dyn Facts,
        trace: &mut Trace,
    ) -> Option<&'s RoutingRule> {
        for rule in route.kind.rules_in_order() {
            let holds = match &rule.when {
                None => true,
                Some(c) => condition::eval(c, facts).unwrap_or(false),
            };
            trace.note(|| rule_line(rule, Some(holds)));
            if holds {
                return Some(rule);
            }
        }
        None
    }

    /// Steps 2–4 once the rule (for a rules route) is decided: the pool, rotation, then the
    /// fallback chain.
    pub fn route_to(
        &mut self,
        kind: CardKind,
        route: &Route,
        rule: Option<&RoutingRule>,
        trace: &mut Trace,
    ) -> Outcome {
        let outcome = self.route_pool(kind, route, rule, trace);
        // The tries belong to this routing only.
        self.visit.tried.clear();
        outcome
    }

    fn route_pool(
        &mut self,
        kind: CardKind,
        route: &Route,
        rule: Option<&RoutingRule>,
        trace: &mut Trace,
    ) -> Outcome {
        let (pool, base) = match (&route.kind, rule) {
            (RouteKind::RoundRobin, _) => (self.roster_pool(), decided(RouteTaken::RoundRobin)),
            (RouteKind::Agent(id), _) => (agent_pool(&id.value), decided(RouteTaken::Agent)),
            (RouteKind::Team(team), _) => (
                self.team_pool(&team.value),
                Assignment {
                    team: Some(team.value.clone()),
                    ..decided(RouteTaken::Team)
                },
            ),
            (RouteKind::Rules(_), None) => {
                trace.note(|| "no rule matched".to_string());
                return self.fallback_message(FallbackReason::NoRuleMatched, None, trace);
            }
            (RouteKind::Rules(_), Some(rule)) => {
                let by_rule = Assignment {
                    rule: Some(rule.name.value.clone()),
                    ..decided(RouteTaken::Rules)
                };
                match &rule.to {
                    RuleTarget::Agent(id) => (agent_pool(&id.value), by_rule),
                    RuleTarget::Agents(ids) => (
                        Pool {
                            key: PoolKey::Rule(rule.name.span.start),
                            members: ids.iter().map(|i| i.value.as_str()).collect(),
                            label: format!("the agents of rule \"{}\"", rule.name.value),
                        },
                        by_rule,
                    ),
                    RuleTarget::Team(team) => (
                        self.team_pool(&team.value),
                        Assignment {
                            team: Some(team.value.clone()),
                            ..by_rule
                        },
                    ),
                }
            }
        };
        if let Some(ix) = self.pick(&pool, trace) {
            return self.engage(ix, kind, base, &pool, trace);
        }
        if self.roster.fallback.round_robin {
            trace.note(|| "fallback: round robin over the whole roster".to_string());
            let roster = self.roster_pool();
            if let Some(ix) = self.pick(&roster, trace) {
                // The rule (if any) still decided the class; the roster's rotation chose the agent.
                let rescued = Assignment {
                    rule: base.rule.clone(),
                    ..decided(RouteTaken::FallbackRoundRobin)
                };
                return self.engage(ix, kind, rescued, &roster, trace);
            }
        }
        if self.roster.fallback.offer_meeting {
            if let Some(first) = pool.members.first() {
                trace.note(|| format!("fallback: offering the calendar of {first}"));
                return Outcome::MeetingOffer(Assignment {
                    agent: first.to_string(),
                    ..base
                });
            }
        }
        self.fallback_message(FallbackReason::NoAgentAvailable, base.rule, trace)
    }

    fn fallback_message(
        &self,
        reason: FallbackReason,
        rule: Option<String>,
        trace: &mut Trace,
    ) -> Outcome {
        trace.note(|| "fallback: the fallback message".to_string());
        Outcome::Fallback {
            reason,
            rule,
            message: self
                .roster
                .fallback
                .message
                .as_ref()
                .map(|m| m.value.clone()),
        }
    }

    /// Routes one visitor whose attributes are all known (a missing one is empty): account
    /// routing on `email`, then the card's route with its rules evaluated on `attrs`.
    pub fn route(
        &mut self,
        kind: CardKind,
        route: &Route,
        attrs: &HashMap<String, String>,
        trace: &mut Trace,
    ) -> Outcome {
        let email = attrs.get("email").map(String::as_str);
        if let Some(outcome) = self.account(email, kind, trace) {
            return outcome;
        }
        let facts = KnownFacts {
            attrs,
            router: self,
        };
        let rule = self.match_rule(route, &facts, trace);
        self.route_to(kind, route, rule, trace)
    }
}

/// A simulated visitor: every attribute known (a missing one is empty), availability from the
/// router's current state.
pub struct KnownFacts<'a> {
    pub attrs: &'a HashMap<String, String>,
    pub router: &'a Router<'a>,
}

impl Facts for KnownFacts<'_> {
    fn attribute(&self, name: &str) -> Option<Option<&str>> {
        Some(self.attrs.get(name).map(String::as_str))
    }
    fn agents_available(&self, team: Option<&str>) -> Option<bool> {
        Some(self.router.any_available(team))
    }
}

/// The members of every pool a route can use, for the rules that judge routes without running
/// them: the roster, the agent, the team, or each custom rule's target. An unknown team is an
/// empty pool.
pub fn route_pools<'a>(roster: &'a Roster, route: &'a Route) -> Vec<Vec<&'a str>> {
    let team = |id: &str| -> Vec<&'a str> {
        roster
            .team(id)
            .map(|t| t.members.iter().map(|m| m.value.as_str()).collect())
            .unwrap_or_default()
    };
    match &route.kind {
        RouteKind::RoundRobin => vec![roster.agents.iter().map(|a| a.id.value.as_str()).collect()],
        RouteKind::Agent(id) => vec![vec![id.value.as_str()]],
        RouteKind::Team(id) => vec![team(&id.value)],
        RouteKind::Rules(rules) => rules
            .iter()
            .map(|r| match &r.to {
                RuleTarget::Agent(id) => vec![id.value.as_str()],
                RuleTarget::Agents(ids) => ids.iter().map(|i| i.value.as_str()).collect(),
                RuleTarget::Team(id) => team(&id.value),
            })
            .collect(),
    }
}

/// One agent alone: a pool without rotation.
fn agent_pool(id: &str) -> Pool<'_> {
    Pool {
        key: PoolKey::Agent(id.to_string()),
        members: vec![id],
        label: format!("agent {id}"),
    }
}

fn decided(route: RouteTaken) -> Assignment {
    Assignment {
        agent: String::new(),
        team: None,
        rule: None,
        route,
    }
}

/// `rule "West coast" (inferred_state is CA, OR, WA): true`.
pub fn rule_line(rule: &RoutingRule, holds: Option<bool>) -> String {
    let when = rule
        .when
        .as_ref()
        .map_or_else(|| "every visitor".to_string(), |c| c.to_string());
    format!("rule \"{}\" ({when}): {}", rule.name.value, truth(holds))
}

/// A truth value in explanations; `None` is a choice a path class assumes.
pub fn truth(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "true",
        Some(false) => "false",
        None => "not known",
    }
}

#[cfg(test)]
mod tests;
