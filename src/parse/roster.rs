//! Lowering a roster file into a [`Roster`], with the same span-precise `schema` findings as
//! streams: unknown fields with "did you mean", ranges, id patterns, duplicate ids, time zones
//! and schedules.
//!
//! The keys each mapping accepts, the required fields, enums and ranges come from the tables in
//! `schema::roster`, which `streamlint schema roster` also turns into JSON Schema.
//!
//! Ids that name agents (team members, account owners) are not checked against the agent list
//! here: a roster that parses but names unknown agents is linted by `unknown-agent`.

use std::collections::HashMap;

use jiff::tz::TimeZone;

use crate::model::roster::{
    is_valid_roster_id, Account, AccountUnavailable, Agent, Fallback, Roster, RoutingSettings,
    Schedule, Status, Team,
};
use crate::shape::roster as spec;
use crate::shape::Field;
use crate::source::{Span, Spanned};

use super::reader::Reader;
use super::yaml::NodeId;
use crate::rule_meta::did_you_mean;

const DAYS: &[&str] = spec::WEEKDAYS;

/// A whole number within the range its table gives.
fn int_field(r: &mut Reader, v: NodeId, field: &Field) -> Option<Spanned<i64>> {
    let (min, max) = field.int_range();
    r.int_in(v, &format!("`{}`", field.name), min, max)
}

pub fn lower_roster(r: &mut Reader, root: NodeId) -> Option<Roster> {
    if let Some(f) = super::mistakes::wrong_kind_of_file(r, root, super::mistakes::FileKind::Roster)
    {
        r.push(f);
        return None;
    }
    let fields = r.map(root, "a roster", &spec::ROSTER.names())?;
    let agents = r
        .required_in(&fields, &spec::ROSTER, "agents", "the roster")
        .and_then(|(_, v)| agents(r, v));
    let teams = match fields.get("teams") {
        None => Some(Vec::new()),
        Some((_, v)) => teams(r, v),
    };
    let accounts = match fields.get("accounts") {
        None => Some(Vec::new()),
        Some((_, v)) => accounts(r, v),
    };
    let fallback = match fields.get("fallback") {
        None => Some(Fallback::default()),
        Some((_, v)) => fallback(r, v),
    };
    let routing = match fields.get("routing") {
        None => Some(RoutingSettings::default()),
        Some((_, v)) => routing(r, v),
    };
    Some(Roster {
        routing: routing?,
        agents: agents?,
        teams: teams?,
        accounts: accounts?,
        fallback: fallback?,
        fallback_span: fields.get("fallback").map(|(span, _)| span),
        ids: Default::default(),
    })
}

/// An id of the roster's pattern.
fn roster_id(r: &mut Reader, id: NodeId, what: &str) -> Option<Spanned<String>> {
    let s = r.non_empty_string(id, what)?;
    if !is_valid_roster_id(&s.value) {
        r.push(
            r.error(s.span, format!("`{}` is not a valid {what}", s.value))
                .help("ids use lower-case letters, digits, `_`, `.`, `@` and `-`, starting with a letter or digit"),
        );
        return None;
    }
    Some(s)
}

fn agents(r: &mut Reader, id: NodeId) -> Option<Vec<Agent>> {
    let items = r.seq(id, "a list of agents")?;
    if items.len() < spec::ROSTER.field("agents").min_items() {
        r.report(r.span(id), "a roster needs at least one agent");
        return None;
    }
    let parsed: Option<Vec<Agent>> =
        super::reader::all_or_none(items.iter().map(|&item| agent(r, item)));
    let agents: Vec<Agent> = parsed?;
    let ids: Vec<&Spanned<String>> = agents.iter().map(|a| &a.id).collect();
    r.unique(&ids, "agent id").then_some(agents)
}

fn agent(r: &mut Reader, id: NodeId) -> Option<Agent> {
    let what = "an agent";
    let fields = r.map(id, what, &spec::AGENT.names())?;
    let agent_id = r
        .required_in(&fields, &spec::AGENT, "id", what)
        .and_then(|(_, v)| roster_id(r, v, "agent id"));
    let name = opt(r, &fields, "name", |r, v| {
        r.non_empty_string(v, "an agent name")
    });
    let email = opt(r, &fields, "email", |r, v| {
        r.non_empty_string(v, "an email")
    });
    let status = match fields.get("status") {
        None => Some(Status::Available),
        Some((_, v)) => r
            .one_of(v, "agent status", spec::AGENT.field("status").choices())
            .map(|s| match s.value.as_str() {
                "unavailable" => Status::Unavailable,
                _ => Status::Available,
            }),
    };
    let max_chats = match fields.get("max_chats") {
        None => Some(5),
        Some((_, v)) => int_field(r, v, spec::AGENT.field("max_chats")).map(|n| n.value as u32),
    };
    let active_chats = match fields.get("active_chats") {
        None => Some(0),
        Some((_, v)) => int_field(r, v, spec::AGENT.field("active_chats")).map(|n| n.value as u32),
    };
    let responds = opt(r, &fields, "responds", |r, v| r.bool(v, "`responds`"));
    let timezone = opt(r, &fields, "timezone", time_zone);
    let schedule = opt(r, &fields, "schedule", schedule);
    for needed in spec::AGENT.field("schedule").requires {
        if let (Some((key, _)), None) = (fields.get("schedule"), fields.get(needed)) {
            r.push(
                r.error(
                    key,
                    format!("an agent with a `schedule` needs a `{needed}`"),
                )
                .help("add the agent's IANA time zone, e.g. `timezone: Europe/Rome`"),
            );
            return None;
        }
    }
    Some(Agent {
        id: agent_id?,
        name: name?,
        email: email?,
        status: status?,
        max_chats: max_chats?,
        active_chats: active_chats?,
        responds: responds?.is_none_or(|b| b.value),
        timezone: timezone?,
        schedule: schedule?,
    })
}

/// An optional field: `Some(None)` when absent, `None` when present and invalid.
fn opt<T>(
    r: &mut Reader,
    fields: &super::reader::Fields,
    key: &str,
    read: impl FnOnce(&mut Reader, NodeId) -> Option<T>,
) -> Option<Option<T>> {
    match fields.get(key) {
        None => Some(None),
        Some((_, v)) => read(r, v).map(Some),
    }
}

/// The bundled database's zone names, listed once per process (a roster with thousands of
/// misspelt zones would otherwise list them thousands of times).
fn time_zone_names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        jiff::tz::db()
            .available()
            .map(|n| n.as_str().to_string())
            .collect()
    })
}

fn time_zone(r: &mut Reader, id: NodeId) -> Option<Spanned<TimeZone>> {
    let name = r.non_empty_string(id, "a time zone")?;
    match TimeZone::get(&name.value) {
        Ok(tz) => Some(Spanned::new(tz, name.span)),
        Err(_) => {
            let refs: Vec<&str> = time_zone_names().iter().map(String::as_str).collect();
            let f = r.error(
                name.span,
                format!("`{}` is not an IANA time zone name", name.value),
            );
            let f = match did_you_mean(&name.value, &refs) {
                Some(s) => f.help(format!("did you mean `{s}`?")),
                None => f.help("use a name like `Europe/Rome` or `America/New_York`"),
            };
            r.push(f);
            None
        }
    }
}

fn schedule(r: &mut Reader, id: NodeId) -> Option<Schedule> {
    let fields = r.map_raw(id, "a schedule (weekdays to time blocks)")?;
    let mut out = Schedule::default();
    let mut ok = true;
    for (key, key_span, value) in &fields.entries {
        let days = weekdays(r, key, *key_span);
        let blocks = time_blocks(r, *value);
        match (days, blocks) {
            (Some(days), Some(blocks)) => {
                for day in days {
                    out.days[day].extend(blocks.iter().copied());
                }
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// `mon-fri`, `sat`, `mon,wed`, `mon-wed,fri`: the weekdays (0 = Monday) a key names. A range
/// may wrap around the week (`fri-mon`).
fn weekdays(r: &mut Reader, key: &str, span: Span) -> Option<Vec<usize>> {
    let day = |r: &mut Reader, word: &str| -> Option<usize> {
        let word = word.trim();
        if let Some(i) = DAYS.iter().position(|d| *d == word) {
            return Some(i);
        }
        let f = r.error(span, format!("`{word}` is not a weekday"));
        let f = match did_you_mean(&word.to_ascii_lowercase(), DAYS) {
            Some(s) => f.help(format!(
                "did you mean `{s}`? days are mon, tue, wed, thu, fri, sat, sun"
            )),
            None => f.help("days are mon, tue, wed, thu, fri, sat, sun, as `mon-fri` or `mon,wed`"),
        };
        r.push(f);
        None
    };
    // A set of the seven days: a key repeating `mon-sun` a million times still names seven
    // days, and the blocks are copied to each day once.
    let mut days = [false; 7];
    for part in key.split(',') {
        match part.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (day(r, from)?, day(r, to)?);
                let mut d = from;
                loop {
                    days[d] = true;
                    if d == to {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => days[day(r, part)?] = true,
        }
    }
    Some((0..7).filter(|&d| days[d]).collect())
}

fn time_blocks(r: &mut Reader, id: NodeId) -> Option<Vec<(u16, u16)>> {
    let items = r.seq(id, "a list of time blocks (\"HH:MM-HH:MM\")")?;
    let mut blocks = Vec::with_capacity(items.len());
    for item in items {
        let s = r.string(item, "a time block")?;
        match parse_block(&s.value) {
            Ok(block) => blocks.push(block),
            Err(why) => {
                r.push(
                    r.error(s.span, format!("`{}` is not a time block: {why}", s.value))
                        .help("write blocks as \"HH:MM-HH:MM\" in the agent's time zone, e.g. \"09:00-12:30\""),
                );
                return None;
            }
        }
    }
    Some(blocks)
}

/// `"09:00-12:30"` as minutes since midnight. The end may be `24:00`; a block never crosses
/// midnight (write it as two blocks on two days).
fn parse_block(text: &str) -> Result<(u16, u16), &'static str> {
    let (start, end) = text
        .split_once('-')
        .ok_or("expected a start and an end, as HH:MM-HH:MM")?;
    let start = parse_clock(start.trim()).ok_or("the start is not a time HH:MM")?;
    let end = parse_clock(end.trim()).ok_or("the end is not a time HH:MM")?;
    if end <= start {
        return Err("the end must be after the start (blocks cannot cross midnight)");
    }
    Ok((start, end))
}

fn parse_clock(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let two_digits = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(h) || !two_digits(m) {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    match (h, m) {
        (24, 0) => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

fn teams(r: &mut Reader, id: NodeId) -> Option<Vec<Team>> {
    let items = r.seq(id, "a list of teams")?;
    let parsed: Option<Vec<Team>> = super::reader::all_or_none(items.iter().map(|&item| {
        let what = "a team";
        let fields = r.map(item, what, &spec::TEAM.names())?;
        let team_id = r
            .required_in(&fields, &spec::TEAM, "id", what)
            .and_then(|(_, v)| roster_id(r, v, "team id"));
        opt(r, &fields, "name", |r, v| {
            r.non_empty_string(v, "a team name")
        })?;
        // `members: []` is valid: the `empty-team` rule reports it.
        let members = r
            .required_in(&fields, &spec::TEAM, "members", what)
            .and_then(|(key, v)| {
                let items = r.seq(v, "a list of agent ids")?;
                let parsed: Option<Vec<Spanned<String>>> = super::reader::all_or_none(
                    items.iter().map(|&i| r.non_empty_string(i, "an agent id")),
                );
                let members: Vec<Spanned<String>> = parsed?;
                let refs: Vec<&Spanned<String>> = members.iter().collect();
                r.unique(&refs, "team member").then_some((key, members))
            });
        let (members_span, members) = members?;
        Some(Team {
            id: team_id?,
            members,
            members_span,
        })
    }));
    let teams: Vec<Team> = parsed?;
    let ids: Vec<&Spanned<String>> = teams.iter().map(|t| &t.id).collect();
    r.unique(&ids, "team id").then_some(teams)
}

fn accounts(r: &mut Reader, id: NodeId) -> Option<Vec<Account>> {
    let items = r.seq(id, "a list of accounts")?;
    let parsed: Option<Vec<Account>> = super::reader::all_or_none(items.iter().map(|&item| {
        let what = "an account";
        let fields = r.map(item, what, &spec::ACCOUNT.names())?;
        let domain = r
            .required_in(&fields, &spec::ACCOUNT, "domain", what)
            .and_then(|(_, v)| r.non_empty_string(v, "a domain"))
            .and_then(|d| {
                if d.value.contains('@') || d.value.contains(char::is_whitespace) {
                    r.push(
                        r.error(d.span, format!("`{}` is not an email domain", d.value))
                            .help("write the domain alone, e.g. `bigcorp.example`"),
                    );
                    return None;
                }
                Some(d)
            });
        let agent = r
            .required_in(&fields, &spec::ACCOUNT, "agent", what)
            .and_then(|(_, v)| r.non_empty_string(v, "an agent id"));
        opt(r, &fields, "name", |r, v| {
            r.non_empty_string(v, "an account name")
        })?;
        Some(Account {
            domain: domain?,
            agent: agent?,
        })
    }));
    let accounts: Vec<Account> = parsed?;
    // Domains compare case-insensitively, so `BigCorp.example` repeats `bigcorp.example`.
    let mut first: HashMap<String, Span> = HashMap::new();
    let mut ok = true;
    for a in &accounts {
        let key = a.domain.value.to_ascii_lowercase();
        if let Some(earlier) = first.get(&key) {
            r.push(
                r.error(
                    a.domain.span,
                    format!("domain `{}` is listed twice", a.domain.value),
                )
                .related(*earlier, "first listed here")
                .help("one domain belongs to one agent"),
            );
            ok = false;
        } else {
            first.insert(key, a.domain.span);
        }
    }
    ok.then_some(accounts)
}

fn fallback(r: &mut Reader, id: NodeId) -> Option<Fallback> {
    let fields = r.map(id, "the fallback settings", &spec::FALLBACK.names())?;
    let message = opt(r, &fields, "message", |r, v| {
        r.non_empty_string(v, "a fallback message")
    });
    let offer_meeting = opt(r, &fields, "offer_meeting", |r, v| {
        r.bool(v, "`offer_meeting`")
    });
    let round_robin = opt(r, &fields, "round_robin", |r, v| r.bool(v, "`round_robin`"));
    Some(Fallback {
        message: message?,
        offer_meeting: offer_meeting?.is_some_and(|b| b.value),
        round_robin: round_robin?.is_some_and(|b| b.value),
    })
}

fn routing(r: &mut Reader, id: NodeId) -> Option<RoutingSettings> {
    let fields = r.map(id, "the routing settings", &spec::ROUTING.names())?;
    let account_unavailable = match fields.get("account_unavailable") {
        None => Some(AccountUnavailable::default()),
        Some((_, v)) => r
            .one_of(
                v,
                "`account_unavailable` setting",
                AccountUnavailable::NAMES,
            )
            .and_then(|s| AccountUnavailable::from_name(&s.value)),
    };
    Some(RoutingSettings {
        account_unavailable: account_unavailable?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_roster;
    use crate::source::SourceFile;

    fn parse(text: &str) -> crate::parse::Parsed<Roster> {
        parse_roster(&SourceFile::new("roster.yaml", text))
    }

    fn messages(text: &str) -> Vec<(u32, u32, String, Option<String>)> {
        parse(text)
            .findings
            .into_iter()
            .map(|f| (f.span.start.line, f.span.start.column, f.message, f.help))
            .collect()
    }

    #[test]
    fn the_shared_example_parses() {
        let text = include_str!("../../fixtures/simulate/roster.yaml");
        let parsed = parse(text);
        assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
        let roster = parsed.model.unwrap();
        assert_eq!(roster.agents.len(), 3);
        assert_eq!(roster.agents[2].status, Status::Unavailable);
        assert!(roster.fallback.round_robin);
        let john = &roster.agents[0];
        assert!(john.schedule.as_ref().unwrap().contains(4, 16 * 60 + 59));
        assert!(!john.schedule.as_ref().unwrap().contains(5, 10 * 60));
    }

    #[test]
    fn unknown_fields_get_did_you_mean_at_the_key() {
        let m = messages("agents:\n  - id: ana\n    max_chat: 3\n");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].0, m[0].1), (3, 5));
        assert_eq!(m[0].2, "unknown field `max_chat` in an agent");
        assert_eq!(m[0].3.as_deref(), Some("did you mean `max_chats`?"));
    }

    #[test]
    fn ranges_ids_and_duplicates_are_all_reported_in_one_pass() {
        let m = messages(
            "agents:\n  - id: Ana\n  - id: bo\n    max_chats: 11\n  - id: bo\nteams:\n  - id: t\n    members: [bo, bo]\n",
        );
        let texts: Vec<&str> = m.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "`Ana` is not a valid agent id",
                "`max_chats` must be between 1 and 10, found 11",
                "team member `bo` is used twice",
            ],
            "{m:?}"
        );
        // Duplicate agent ids are found once the agents themselves are valid.
        let m = messages("agents:\n  - id: bo\n  - id: bo\n");
        assert_eq!(m[0].2, "agent id `bo` is used twice");
        assert_eq!((m[0].0, m[0].1), (3, 9));
    }

    #[test]
    fn schedules_need_a_valid_time_zone_and_valid_blocks() {
        let m = messages("agents:\n  - id: a\n    schedule: { mon-fri: [\"09:00-17:00\"] }\n");
        assert_eq!(m[0].2, "an agent with a `schedule` needs a `timezone`");
        let m = messages("agents:\n  - id: a\n    timezone: Europe/Rom\n");
        assert_eq!(m[0].2, "`Europe/Rom` is not an IANA time zone name");
        assert_eq!(m[0].3.as_deref(), Some("did you mean `Europe/Rome`?"));
        let m = messages(
            "agents:\n  - id: a\n    timezone: UTC\n    schedule:\n      mon-fry: [\"09:00-17:00\"]\n      sat: [\"18:00-09:00\", \"25:00-26:00\"]\n",
        );
        let texts: Vec<&str> = m.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "`fry` is not a weekday",
                "`18:00-09:00` is not a time block: the end must be after the start (blocks cannot cross midnight)",
            ]
        );
        assert_eq!(
            parse_block("+9:00-10:00"),
            Err("the start is not a time HH:MM")
        );
        assert_eq!(parse_block("09:00-24:00"), Ok((540, 1440)));
        assert_eq!(
            parse_block("09:00-24:01"),
            Err("the end is not a time HH:MM")
        );
    }

    #[test]
    fn weekday_keys() {
        let parsed = parse(
            "agents:\n  - id: a\n    timezone: UTC\n    schedule:\n      mon,wed: [\"09:00-10:00\"]\n      fri-sun: [\"00:00-24:00\"]\n",
        );
        let s = parsed.model.unwrap().agents[0].schedule.clone().unwrap();
        let on: Vec<bool> = (0..7).map(|d| s.contains(d, 9 * 60 + 30)).collect();
        assert_eq!(on, vec![true, false, true, false, true, true, true]);
        assert!(s.contains(6, 24 * 60 - 1));
    }

    #[test]
    fn account_domains_are_unique_ignoring_case() {
        let m = messages(
            "agents: [{id: a}]\naccounts:\n  - {domain: Big.example, agent: a}\n  - {domain: big.EXAMPLE, agent: a}\n",
        );
        assert_eq!(m[0].2, "domain `big.EXAMPLE` is listed twice");
    }
}
