//! The engine against roster.md, one behaviour per test.

use std::collections::HashMap;

use super::*;
use crate::model::CardBody;
use crate::parse::{parse_roster, parse_stream};
use crate::source::SourceFile;

fn roster(yaml: &str) -> Roster {
    let parsed = parse_roster(&SourceFile::new("roster.yaml", yaml));
    assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
    parsed.model.unwrap()
}

/// The route of a one-card stream: `route: <yaml>`.
fn route(yaml: &str) -> Route {
    let text = format!("stream: t\ncards:\n  - type: live_chat\n    route: {yaml}\n");
    let parsed = parse_stream(&SourceFile::new("t.stream.yaml", text));
    assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
    match parsed.model.unwrap().cards.cards.remove(0).body {
        CardBody::LiveChat { route, .. } => route,
        _ => unreachable!(),
    }
}

fn attrs(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Who each of `n` visitors reaches: the agent, or the outcome type.
fn run(
    router: &mut Router,
    kind: CardKind,
    r: &Route,
    n: usize,
    a: &HashMap<String, String>,
) -> Vec<String> {
    (0..n)
        .map(|_| match router.route(kind, r, a, &mut Trace::off()) {
            Outcome::Agent(x) | Outcome::Meeting(x) => x.agent,
            other => other.kind().name().to_string(),
        })
        .collect()
}

fn at(s: &str) -> Option<Timestamp> {
    Some(s.parse().unwrap())
}

#[test]
fn round_robin_skips_the_unavailable_and_fills_capacity_then_falls_back() {
    let r = roster(
        "agents:\n  - {id: a, max_chats: 1}\n  - {id: b, status: unavailable}\n  - {id: c, max_chats: 2}\nfallback:\n  message: Sorry\n",
    );
    let rr = route("round_robin");
    let expected = vec!["a", "c", "c", "fallback"];
    for _ in 0..3 {
        let mut router = Router::new(&r, None);
        assert_eq!(
            run(&mut router, CardKind::LiveChat, &rr, 4, &attrs(&[])),
            expected
        );
    }
    let mut router = Router::new(&r, None);
    let mut trace = Trace::on();
    for _ in 0..3 {
        router.route(CardKind::LiveChat, &rr, &attrs(&[]), &mut Trace::off());
    }
    let last = router.route(CardKind::LiveChat, &rr, &attrs(&[]), &mut trace);
    assert_eq!(
        last,
        Outcome::Fallback {
            reason: FallbackReason::NoAgentAvailable,
            message: Some("Sorry".into()),
            rule: None
        }
    );
    assert_eq!(
        trace.into_lines(),
        vec![
            "skipped a: at capacity",
            "skipped b: unavailable",
            "skipped c: at capacity",
            "nobody eligible (the whole roster)",
            "fallback: the fallback message",
        ]
    );
}

#[test]
fn rotation_wraps_after_the_previous_taker_and_each_pool_has_its_own_pointer() {
    let r = roster("agents: [{id: a}, {id: b}, {id: c}]\nteams:\n  - {id: t, members: [c, a]}\n");
    let mut router = Router::new(&r, None);
    let none = attrs(&[]);
    assert_eq!(
        run(
            &mut router,
            CardKind::LiveChat,
            &route("round_robin"),
            4,
            &none
        ),
        vec!["a", "b", "c", "a"]
    );
    // The team's pointer is its own: it starts at its first listed member.
    assert_eq!(
        run(
            &mut router,
            CardKind::LiveChat,
            &route("{ team: t }"),
            3,
            &none
        ),
        vec!["c", "a", "c"]
    );
    // Back to the roster pool: after a (its last taker) comes b.
    assert_eq!(
        run(
            &mut router,
            CardKind::LiveChat,
            &route("round_robin"),
            1,
            &none
        ),
        vec!["b"]
    );
}

#[test]
fn a_meeting_booking_takes_no_chat_slot() {
    let r = roster("agents: [{id: a, max_chats: 1}]\n");
    let mut router = Router::new(&r, None);
    let rr = route("round_robin");
    let none = attrs(&[]);
    assert_eq!(
        run(&mut router, CardKind::Meeting, &rr, 3, &none),
        vec!["a", "a", "a"]
    );
    assert_eq!(router.open_chats("a"), Some(0));
    assert_eq!(
        run(&mut router, CardKind::LiveChat, &rr, 2, &none),
        vec!["a", "fallback"]
    );
}

#[test]
fn active_chats_count_against_capacity_from_the_start() {
    let r = roster("agents: [{id: a, max_chats: 2, active_chats: 2}, {id: b}]\n");
    let mut router = Router::new(&r, None);
    assert_eq!(
        run(
            &mut router,
            CardKind::LiveChat,
            &route("round_robin"),
            2,
            &attrs(&[])
        ),
        vec!["b", "b"]
    );
}

const SCHEDULED: &str = "agents:
  - id: rome
    timezone: Europe/Rome
    schedule:
      mon-fri: [\"09:00-12:30\", \"13:30-18:00\"]
  - id: nyc
    timezone: America/New_York
    schedule:
      mon-fri: [\"09:00-17:00\"]
";

fn eligible_at(r: &Roster, when: &str) -> Vec<String> {
    let router = Router::new(r, at(when));
    r.agents
        .iter()
        .filter(|a| router.eligible(&a.id.value).is_ok())
        .map(|a| a.id.value.clone())
        .collect()
}

#[test]
fn schedules_are_read_in_each_agents_own_time_zone() {
    let r = roster(SCHEDULED);
    // Wednesday 2026-11-25 10:00 UTC: 11:00 in Rome, 05:00 in New York.
    assert_eq!(eligible_at(&r, "2026-11-25T10:00:00Z"), vec!["rome"]);
    // 12:45 in Rome is the lunch gap; 15:00 UTC is 16:00 in Rome and 10:00 in New York.
    assert!(eligible_at(&r, "2026-11-25T11:45:00Z").is_empty());
    assert_eq!(eligible_at(&r, "2026-11-25T15:00:00Z"), vec!["rome", "nyc"]);
    // An offset in the input is honoured: 09:30-05:00 is 14:30 UTC.
    assert_eq!(
        eligible_at(&r, "2026-11-25T09:30:00-05:00"),
        vec!["rome", "nyc"]
    );
    // Saturday: nobody.
    assert!(eligible_at(&r, "2026-11-28T15:00:00Z").is_empty());
    // Without a time, schedules are not consulted.
    let router = Router::new(&r, None);
    assert!(router.eligible("nyc").is_ok());
    // Friday 23:30 in New York is Saturday 04:30 UTC: the agent's weekday counts.
    let late = roster(
        "agents:\n  - id: nyc\n    timezone: America/New_York\n    schedule: { fri: [\"23:00-24:00\"] }\n",
    );
    assert_eq!(eligible_at(&late, "2026-11-28T04:30:00Z"), vec!["nyc"]);
}

#[test]
fn schedules_follow_daylight_saving_changes() {
    let r = roster(SCHEDULED);
    // New York moves from UTC-5 to UTC-4 on Sunday 2026-03-08.
    // Friday 2026-03-06 13:30 UTC is 08:30 EST: before the 09:00 start.
    assert!(!eligible_at(&r, "2026-03-06T13:30:00Z").contains(&"nyc".to_string()));
    // Monday 2026-03-09 13:30 UTC is 09:30 EDT: on schedule. A fixed offset would say 08:30.
    assert!(eligible_at(&r, "2026-03-09T13:30:00Z").contains(&"nyc".to_string()));
    // Rome changes on 2026-03-29: 07:30 UTC is 08:30 CET before, 09:30 CEST after.
    assert!(!eligible_at(&r, "2026-03-27T07:30:00Z").contains(&"rome".to_string()));
    assert!(eligible_at(&r, "2026-03-30T07:30:00Z").contains(&"rome".to_string()));
}

#[test]
fn off_schedule_agents_are_skipped_with_the_reason() {
    let r = roster(SCHEDULED);
    let mut router = Router::new(&r, at("2026-11-25T10:00:00Z"));
    let mut trace = Trace::on();
    let out = router.route(
        CardKind::LiveChat,
        &route("round_robin"),
        &attrs(&[]),
        &mut trace,
    );
    assert_eq!(out.assignment().unwrap().agent, "rome");
    let mut router = Router::new(&r, at("2026-11-25T10:00:00Z"));
    let mut trace = Trace::on();
    router.route(
        CardKind::LiveChat,
        &route("{ agent: nyc }"),
        &attrs(&[]),
        &mut trace,
    );
    assert_eq!(
        trace.into_lines()[0],
        "skipped nyc: off schedule at that time"
    );
}

#[test]
fn account_routing_comes_first_and_moves_no_pointer() {
    let r = roster(
        "agents: [{id: a}, {id: b}, {id: owner, max_chats: 1}]\naccounts:\n  - {domain: BigCorp.example, agent: owner}\n",
    );
    let mut router = Router::new(&r, None);
    let rr = route("round_robin");
    let big = attrs(&[("email", "ana@bigcorp.EXAMPLE")]);
    let out = router.route(CardKind::LiveChat, &rr, &big, &mut Trace::off());
    assert_eq!(out.assignment().unwrap().agent, "owner");
    assert_eq!(out.assignment().unwrap().route, RouteTaken::Account);
    // The roster's pointer did not move: the next plain visitor gets a.
    assert_eq!(
        run(&mut router, CardKind::LiveChat, &rr, 1, &attrs(&[])),
        vec!["a"]
    );
    // The owner is now at capacity: account routing steps aside, the route decides.
    let out = router.route(CardKind::LiveChat, &rr, &big, &mut Trace::off());
    assert_eq!(out.assignment().unwrap().agent, "b");
    assert_eq!(out.assignment().unwrap().route, RouteTaken::RoundRobin);
}

#[test]
fn custom_rules_go_by_priority_then_file_order_and_a_rule_without_when_matches_all() {
    let r = roster("agents: [{id: a}, {id: b}, {id: c}]\nteams: [{id: t, members: [c]}]\n");
    let rules = route(
        "{ rules: [ {name: Big, when: {attribute: size, at_least: 1000}, to: {team: t}}, {name: West, priority: 1, when: {attribute: state, is: [CA, OR]}, to: {agent: a}}, {name: Rest, to: {agents: [b, a]}} ] }",
    );
    let mut router = Router::new(&r, None);
    let out = router.route(
        CardKind::LiveChat,
        &rules,
        &attrs(&[("state", "ca"), ("size", "5000")]),
        &mut Trace::off(),
    );
    assert_eq!(
        out,
        Outcome::Agent(Assignment {
            agent: "a".into(),
            team: None,
            rule: Some("West".into()),
            route: RouteTaken::Rules
        })
    );
    let out = router.route(
        CardKind::LiveChat,
        &rules,
        &attrs(&[("size", "5000")]),
        &mut Trace::off(),
    );
    assert_eq!(out.assignment().unwrap().team.as_deref(), Some("t"));
    assert_eq!(
        run(&mut router, CardKind::LiveChat, &rules, 3, &attrs(&[])),
        vec!["b", "a", "b"]
    );
}

#[test]
fn the_fallback_chain_round_robin_then_meeting_offer_then_message() {
    let base = "agents: [{id: a, status: unavailable}, {id: b}]\nteams: [{id: t, members: [a]}]\n";
    let team = route("{ team: t }");
    let none = attrs(&[]);
    // Round robin over the whole roster rescues the visitor.
    let r = roster(&format!("{base}fallback: {{round_robin: true}}\n"));
    let out = Router::new(&r, None).route(CardKind::LiveChat, &team, &none, &mut Trace::off());
    assert_eq!(out.assignment().unwrap().agent, "b");
    assert_eq!(
        out.assignment().unwrap().route,
        RouteTaken::FallbackRoundRobin
    );
    // Without it, the pool's first listed member's calendar is offered.
    let r = roster(&format!("{base}fallback: {{offer_meeting: true}}\n"));
    let out = Router::new(&r, None).route(CardKind::LiveChat, &team, &none, &mut Trace::off());
    assert_eq!(out.kind(), OutcomeType::MeetingOffer);
    assert_eq!(
        match out {
            Outcome::MeetingOffer(a) => a.agent,
            _ => unreachable!(),
        },
        "a"
    );
    // Otherwise the fallback message.
    let r = roster(&format!("{base}fallback: {{message: Later}}\n"));
    let out = Router::new(&r, None).route(CardKind::LiveChat, &team, &none, &mut Trace::off());
    assert_eq!(
        out,
        Outcome::Fallback {
            reason: FallbackReason::NoAgentAvailable,
            message: Some("Later".into()),
            rule: None
        }
    );
    // No rule matching is the fallback at once, even with round robin and meetings on.
    let r = roster(&format!(
        "{base}fallback: {{round_robin: true, offer_meeting: true}}\n"
    ));
    let rules =
        route("{ rules: [ {name: CA, when: {attribute: state, is: CA}, to: {agent: b}} ] }");
    let out = Router::new(&r, None).route(CardKind::LiveChat, &rules, &none, &mut Trace::off());
    assert_eq!(
        out,
        Outcome::Fallback {
            reason: FallbackReason::NoRuleMatched,
            message: None,
            rule: None
        }
    );
}

#[test]
fn agents_available_sees_the_current_load() {
    let r = roster("agents: [{id: a, max_chats: 1}]\nteams: [{id: t, members: [a]}]\n");
    let mut router = Router::new(&r, None);
    assert!(router.any_available(None) && router.any_available(Some("t")));
    router.route(
        CardKind::LiveChat,
        &route("round_robin"),
        &attrs(&[]),
        &mut Trace::off(),
    );
    assert!(!router.any_available(None) && !router.any_available(Some("t")));
    assert!(!router.any_available(Some("no-such-team")));
}

/// Each outcome in a word: the agent, `offer:AGENT`, or the outcome type.
fn short(o: &Outcome) -> String {
    match o {
        Outcome::Agent(x) | Outcome::Meeting(x) => x.agent.clone(),
        Outcome::MeetingOffer(x) => format!("offer:{}", x.agent),
        other => other.kind().name().to_string(),
    }
}

#[test]
fn a_missed_chat_goes_to_one_more_agent_of_the_same_pool_never_two() {
    let r = roster(
        "agents:\n  - {id: a, responds: false}\n  - {id: b, responds: false}\n  - {id: c}\nteams:\n  - {id: t, members: [a, b, c]}\nfallback:\n  message: Sorry\n  round_robin: true\n",
    );
    let team = route("{ team: t }");
    let mut router = Router::new(&r, None);
    let mut trace = Trace::on();
    // a misses, b is the one more try and misses too: c is never asked, and the fallback
    // round robin is not used for a miss.
    let o = router.route(CardKind::LiveChat, &team, &attrs(&[]), &mut trace);
    assert_eq!(short(&o), "fallback");
    let lines = trace.into_lines();
    assert!(
        lines.contains(&"try 1: a misses the chat (no answer within 100 s, team t)".to_string())
    );
    assert!(
        lines.contains(&"try 2: b misses the chat (no answer within 100 s, team t)".to_string())
    );
    assert!(lines.contains(&"no more tries: at most 2 agents are tried".to_string()));
    assert!(lines.contains(&"worst-case wait: 200 s (2 tries × 100 s accept timeout)".to_string()));
    assert!(
        !lines.iter().any(|l| l.contains("round robin")),
        "{lines:?}"
    );
    // Nobody took a slot; the pointer moved past b, so the next visitor reaches c first.
    assert_eq!(router.open_chats("a"), Some(0));
    let o = router.route(CardKind::LiveChat, &team, &attrs(&[]), &mut Trace::off());
    assert_eq!(short(&o), "c");
}

#[test]
fn a_visitor_missed_by_one_agent_reaches_the_next_and_waits_longer() {
    let r = roster("agents:\n  - {id: a}\n  - {id: b}\n");
    let rr = route("round_robin");
    let mut router = Router::new(&r, None);
    router.start_visit(&["a".to_string()]);
    let mut trace = Trace::on();
    let o = router.route(CardKind::LiveChat, &rr, &attrs(&[]), &mut trace);
    assert_eq!(short(&o), "b");
    let lines = trace.into_lines();
    assert!(
        lines.contains(&"try 2: b takes it (the whole roster)".to_string()),
        "{lines:?}"
    );
    assert!(lines.contains(&"worst-case wait: 200 s (2 tries × 100 s accept timeout)".to_string()));
    // The next visitor misses nobody: rotation goes on after b, to a.
    router.start_visit(&[]);
    assert_eq!(
        short(&router.route(CardKind::LiveChat, &rr, &attrs(&[]), &mut Trace::off())),
        "a"
    );
    // A meeting is booked on a calendar: nobody misses it.
    router.start_visit(&["b".to_string(), "a".to_string()]);
    assert_eq!(
        short(&router.route(CardKind::Meeting, &rr, &attrs(&[]), &mut Trace::off())),
        "b"
    );
}

#[test]
fn when_both_tries_miss_the_first_tried_agents_calendar_is_offered() {
    let r = roster(
        "agents:\n  - {id: a, responds: false}\n  - {id: b, responds: false}\nfallback:\n  offer_meeting: true\n",
    );
    let mut router = Router::new(&r, None);
    let o = router.route(
        CardKind::LiveChat,
        &route("round_robin"),
        &attrs(&[]),
        &mut Trace::off(),
    );
    assert_eq!(short(&o), "offer:a");
    // A pool of one: the miss has nobody more to try in the pool.
    let mut router = Router::new(&r, None);
    let o = router.route(
        CardKind::LiveChat,
        &route("{ agent: b }"),
        &attrs(&[]),
        &mut Trace::off(),
    );
    assert_eq!(short(&o), "offer:b");
}

#[test]
fn account_unavailable_continue_or_stop() {
    let base = "agents:\n  - {id: owner, status: unavailable}\n  - {id: a}\naccounts:\n  - {domain: big.example, agent: owner}\nfallback:\n  message: Sorry\n";
    let email = attrs(&[("email", "x@big.example")]);
    let rr = route("round_robin");
    // The default is continue: the card's route.
    let r = roster(base);
    assert_eq!(r.routing.account_unavailable, AccountUnavailable::Continue);
    let mut router = Router::new(&r, None);
    assert_eq!(
        run(&mut router, CardKind::LiveChat, &rr, 1, &email),
        vec!["a"]
    );
    // stop: the fallback message, or the owner's calendar when offer_meeting.
    let r = roster(&format!("{base}routing:\n  account_unavailable: stop\n"));
    let mut router = Router::new(&r, None);
    assert_eq!(
        run(&mut router, CardKind::LiveChat, &rr, 1, &email),
        vec!["fallback"]
    );
    let r = roster(&format!(
        "{base}  offer_meeting: true\nrouting:\n  account_unavailable: stop\n"
    ));
    let mut router = Router::new(&r, None);
    let o = router.route(CardKind::LiveChat, &rr, &email, &mut Trace::off());
    assert_eq!(short(&o), "offer:owner");
    assert!(matches!(o, Outcome::MeetingOffer(x) if x.route == RouteTaken::Account));
    // Visitors of other domains are routed as before.
    let mut router = Router::new(&r, None);
    let other = attrs(&[("email", "x@small.example")]);
    assert_eq!(
        run(&mut router, CardKind::LiveChat, &rr, 1, &other),
        vec!["a"]
    );
}

#[test]
fn an_account_owner_who_misses_uses_the_first_try() {
    let yaml = "agents:\n  - {id: owner, responds: false}\n  - {id: a, responds: false}\n  - {id: b}\naccounts:\n  - {domain: big.example, agent: owner}\nfallback:\n  message: Sorry\n";
    let email = attrs(&[("email", "x@big.example")]);
    let rr = route("round_robin");
    // continue: one more try from the card's pool (the owner is not asked twice): a misses.
    let r = roster(yaml);
    let mut router = Router::new(&r, None);
    let mut trace = Trace::on();
    let o = router.route(CardKind::LiveChat, &rr, &email, &mut trace);
    assert_eq!(short(&o), "fallback", "{:?}", trace.into_lines());
    // stop: no other agent.
    let r = roster(&format!("{yaml}routing: {{account_unavailable: stop}}\n"));
    let mut router = Router::new(&r, None);
    let mut trace = Trace::on();
    let o = router.route(CardKind::LiveChat, &rr, &email, &mut trace);
    assert_eq!(short(&o), "fallback");
    let lines = trace.into_lines();
    assert!(lines.contains(&"worst-case wait: 100 s (1 try × 100 s accept timeout)".to_string()));
}

#[test]
fn routing_settings_are_checked_with_did_you_mean() {
    let parsed = parse_roster(&SourceFile::new(
        "roster.yaml",
        "agents: [{id: a, responds: maybe}]\nrouting: {account_unavailable: halt}\n",
    ));
    let m: Vec<String> = parsed.findings.iter().map(|f| f.message.clone()).collect();
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m[1].contains("`halt` is not a valid"), "{m:?}");
}
