//! `simulate`'s human report reads like a plan: which visitors take each path class, cards and
//! agents named the way people name them, no internal route names; `-q` keeps what CI needs.
//! (The JSON shape is the stable contract and is covered by tests/simulate.rs.)

use assert_cmd::Command;

fn simulate(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("simulate")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

const DEMO: &[&str] = &[
    "fixtures/docs/book-a-demo.stream.yaml",
    "--roster",
    "fixtures/demo/roster.yaml",
];

#[test]
fn each_path_class_says_which_visitors_take_it() {
    let (code, out) = simulate(DEMO);
    assert_eq!(code, 0);
    let heads: Vec<&str> = out.lines().filter(|l| l.starts_with("path ")).collect();
    assert_eq!(
        heads,
        [
            "path 1: visitors who answer \"Book a demo\"",
            "path 2: visitors who answer \"Chat with sales\" and whose inferred_state is CA, OR or WA",
            "path 3: visitors who answer \"Chat with sales\" and whose company_size is at least 1000 (unless rule \"West coast\" took them first)",
            "path 4: visitors who answer \"Chat with sales\" and whom no routing rule matches (everyone else)",
            "path 5: visitors who answer \"Just looking\"",
        ]
    );
}

#[test]
fn cards_and_agents_are_named_for_people_without_internal_words() {
    let (_, out) = simulate(DEMO);
    assert!(
        out.contains("  cards       message \"Hi there! Want to see the produc…\" → next-step → meeting → goal \"Meeting booked\"\n"),
        "{out}"
    );
    assert!(out.contains("meeting booked with Maria Rossi (maria): team enterprise"));
    assert!(out.contains("live chat with John Smith (john): rule \"West coast\""));
    assert!(
        !out.contains('#'),
        "no `#N` card names in the human report:\n{out}"
    );
    // Off schedule, the West-coast rule falls back to every agent: said in words.
    let (_, out) = simulate(&[
        "fixtures/simulate/pricing.stream.yaml",
        "--roster",
        "fixtures/simulate/roster.yaml",
        "--at",
        "2026-11-28T18:00:00Z",
    ]);
    assert!(out.contains(
        "live chat with Maria Rossi (maria): rule \"West coast\", but no agent of the rule was free, so every agent was tried"
    ));
    for internal in [
        "fallback_round_robin",
        "round_robin",
        "route ",
        "no_rule_matched",
    ] {
        assert!(!out.contains(internal), "`{internal}` in:\n{out}");
    }
}

#[test]
fn quiet_keeps_the_summary_and_the_failures() {
    let (code, out) = simulate(&["-q", DEMO[0], DEMO[1], DEMO[2]]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Book a demo: 5 path classes (agent 2, meeting 1, fallback 1, end 1)\n"
    );
    let (code, out) = simulate(&[
        "-q",
        "fixtures/simulate/pricing.stream.yaml",
        "--roster",
        "fixtures/simulate/roster.yaml",
        "--visitors",
        "fixtures/simulate/visitors-wrong.yaml",
    ]);
    assert_eq!(code, 1);
    let visitors: Vec<&str> = out.lines().filter(|l| l.starts_with("visitor ")).collect();
    assert_eq!(visitors, ["visitor big-company: FAILED"]);
    assert!(out.ends_with("Pricing page: 3 visitors, 2 ok, 1 failed (agent 2, end 1)\n"));
}
