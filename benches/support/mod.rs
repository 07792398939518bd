//! Generated inputs for the benchmarks, in one place. Each generator takes a size `n` so a
//! benchmark can run at n and 10n and show how the cost grows (docs/performance.md).

#![allow(dead_code)] // each bench target uses some of them

/// `questions` two-answer questions in sequence, every answer falling through: 2^questions
/// paths, no findings.
pub fn fall_through_stream(questions: usize) -> String {
    let mut s = String::from("stream: Many paths\ncards:\n");
    for i in 0..questions {
        s.push_str(&format!(
            "  - type: question\n    text: Question {i}?\n    answers:\n      - label: Yes {i}\n      - label: No {i}\n"
        ));
    }
    s.push_str(
        "  - type: info_capture\n    fields:\n      - attribute: name\n      - attribute: email\n",
    );
    s.push_str("  - type: live_chat\n    route: round_robin\n");
    s
}

/// A wide stream: one question with `n` topics, each opening two branches of a few cards
/// (about 8n cards, about 660 bytes per topic), no findings.
pub fn wide_stream(n: usize) -> String {
    let mut s = String::from(
        "stream: Wide\ncards:\n  - type: question\n    text: Pick a topic\n    answers:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "      - label: Topic {i}\n        cards:\n          - type: message\n            text: \"About topic {i}, {{{{lead.FirstName:\\\"friend\\\"}}}}\"\n          - type: question\n            text: Talk to someone about {i}?\n            answers:\n              - label: \"Yes\"\n                cards:\n                  - type: info_capture\n                    fields:\n                      - attribute: first_name\n                      - attribute: email\n                        input: email\n                  - type: live_chat\n                    route: round_robin\n              - label: \"No\"\n                cards:\n                  - type: message\n                    text: OK!\n"
        ));
    }
    s
}

/// A long chain: `n` questions in sequence, each opening a capture and a live chat on one
/// answer and falling through on the other. The path to the k-th live chat has k choices, so
/// building every path (instead of only the reported ones) costs n²; no findings.
pub fn chain_stream(n: usize) -> String {
    let mut s = String::from("stream: Chain\ncards:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  - type: question\n    text: Question {i}?\n    answers:\n      - label: Talk {i}\n        cards:\n          - type: info_capture\n            fields:\n              - attribute: first_name\n              - attribute: email\n                input: email\n          - type: live_chat\n            route: round_robin\n      - label: Next {i}\n"
        ));
    }
    s.push_str("  - type: message\n    text: Bye\n");
    s
}

/// Finding-heavy: `n` id-less message cards inside one answer, each with a token without a
/// default (`n` warnings with the same message). `label` names the answer: renaming it moves
/// every card's baseline path.
pub fn token_stream(n: usize, label: &str) -> String {
    let mut s = format!(
        "stream: Tokens\ncards:\n  - type: question\n    id: ask\n    text: Pick\n    answers:\n      - label: {label}\n        cards:\n"
    );
    for i in 0..n {
        s.push_str(&format!(
            "          - type: message\n            text: \"Hi {{{{lead.FirstName}}}} {i}\"\n"
        ));
    }
    s
}

/// A live chat routed by `n` custom rules with distinct conditions on an unknown attribute
/// (for `shadowed-rule` and `simulate --explain`), to agent `a` of [`ONE_AGENT_ROSTER`].
pub fn many_rules_stream(n: usize) -> String {
    let mut s = String::from(
        "stream: Rules\ncards:\n  - type: info_capture\n    fields:\n      - attribute: first_name\n      - attribute: email\n        input: email\n  - type: live_chat\n    id: connect\n    route:\n      rules:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "        - name: Rule {i}\n          when: {{ attribute: region, is: [r{i}] }}\n          to: {{ agent: a }}\n"
        ));
    }
    s
}

pub const ONE_AGENT_ROSTER: &str = "agents:\n  - id: a\n    name: A\n";

/// A roster of `n` agents, one team listing them all and `n` account domains.
pub fn many_agents_roster(n: usize) -> String {
    let mut s = String::from("agents:\n");
    for i in 0..n {
        s.push_str(&format!("  - id: a{i}\n"));
    }
    let members: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
    s.push_str(&format!(
        "teams:\n  - id: everyone\n    members: [{}]\naccounts:\n",
        members.join(", ")
    ));
    for i in 0..n {
        s.push_str(&format!("  - domain: d{i}.example.com\n    agent: a{i}\n"));
    }
    s
}

/// A roster of `n` agents, each with a misspelt time zone (`n` findings with a suggestion).
pub fn bad_time_zone_roster(n: usize) -> String {
    let mut s = String::from("agents:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  - id: a{i}\n    timezone: Europe/Rom\n    schedule:\n      mon-fri: [\"09:00-17:00\"]\n"
        ));
    }
    s
}

/// `n` visitors for the pricing example (`fixtures/simulate/pricing.stream.yaml` with
/// `fixtures/simulate/roster.yaml`), about 140 bytes each (100,000: 14 MB): attributes, answers,
/// expectations, fills for one in five; one in seven just browses. Same shape as the file the
/// whole-process measurement in docs/performance.md generates.
pub fn visitors_file(n: usize) -> String {
    let states = ["CA", "NY", "OR", "TX", "WA"];
    let mut s = String::with_capacity(n * 150);
    s.push_str("visitors:\n");
    for i in 0..n {
        let state = states[i % 5];
        s.push_str(&format!(
            "  - id: v{i}\n    attributes: {{inferred_state: {state}, company_size: {i}}}\n"
        ));
        if i % 7 == 6 {
            s.push_str("    answers: [\"Just browsing\"]\n    expect: {outcome: end}\n");
            continue;
        }
        s.push_str("    answers: [\"Yes, connect me\"]\n");
        if i % 5 == 0 {
            s.push_str(&format!(
                "    fills: {{first_name: Ana, email: v{i}@x.io}}\n"
            ));
        }
        let expect = if matches!(state, "CA" | "OR" | "WA") {
            "agent: john"
        } else if i >= 1000 {
            "team: enterprise"
        } else {
            "outcome: fallback"
        };
        s.push_str(&format!("    expect: {{{expect}}}\n"));
    }
    s
}
