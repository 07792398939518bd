//! `simulate` never sends a user's control characters to the terminal (issue 9, class 7): ESC
//! (colour sequences included, with `--color always` too), OSC title sequences, CR and
//! bidirectional overrides in labels, names, conditions, ids and answers are shown escaped, as
//! `check` shows them; the only escape sequences in the report are streamlint's own colours.

use assert_cmd::Command;

const STREAM: &str = r#"stream: "Evil \e[31mred\e[0m \e]0;title\a"
cards:
  - type: question
    text: Pick
    answers:
      - label: "Yes \e[32mgreen\r\u202Eevil"
        cards:
          - type: branch
            branches:
              - when: { attribute: state, is: "C\e[1mA" }
                cards:
                  - type: live_chat
                    route: { agent: a }
            otherwise:
              - type: message
                text: Bye
      - label: "No \e]0;pwned\a"
"#;

const ROSTER: &str = "agents:\n  - id: a\n    name: \"Ann \\e]0;pwn\\a \\e[5mblink\"\n";

const VISITORS: &str = r#"visitors:
  - id: "v\e[31m1"
    attributes: { state: "C\e[1mA" }
    answers: ["Yes \e[32mgreen\r\u202Eevil"]
  - id: "v2\r\u2066"
    answers: ["Maybe \e]0;x\a"]
"#;

/// (exit code, stdout) of `streamlint --color COLOR simulate ...` on the files above.
fn run(color: &str, extra: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("s.stream.yaml", STREAM),
        ("roster.yaml", ROSTER),
        ("visitors.yaml", VISITORS),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "--color",
            color,
            "simulate",
            "s.stream.yaml",
            "--roster",
            "roster.yaml",
        ])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Every ESC in `text` starts one of streamlint's colour sequences (`ESC [ digits ; m`), and no
/// other control or bidirectional character is there but the layout's line breaks.
fn only_own_colours(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' {
            let body = &rest[1..];
            let len = body
                .strip_prefix('[')
                .and_then(|b| {
                    b.find('m')
                        .filter(|i| b[..*i].chars().all(|c| c.is_ascii_digit() || c == ';'))
                })
                .ok_or_else(|| {
                    format!(
                        "a raw ESC that is no colour: {:?}",
                        &rest[..rest.len().min(20)]
                    )
                })?;
            rest = &body[len + 2..];
            continue;
        }
        if c != '\n' && streamlint::report::escape::needs_escape(c) {
            return Err(format!("raw {c:?} in {:?}", &rest[..rest.len().min(20)]));
        }
        rest = &rest[c.len_utf8()..];
    }
    Ok(())
}

#[test]
fn user_text_is_escaped_with_and_without_colour() {
    for extra in [
        &[][..],
        &["--explain"],
        &["--visitors", "visitors.yaml"],
        &["--visitors", "visitors.yaml", "--explain"],
    ] {
        let (_, never) = run("never", extra);
        assert!(!never.contains('\u{1b}'), "{extra:?}: {never}");
        only_own_colours(&never).unwrap();
        let (_, always) = run("always", extra);
        only_own_colours(&always).unwrap_or_else(|e| panic!("{extra:?}: {e}\n{always}"));
        // The user's own colour sequences are shown, escaped, never applied.
        for (raw, shown) in [
            ("\u{1b}[32mgreen", "\\u{1b}[32mgreen"),
            ("\u{1b}[1mA", "\\u{1b}[1mA"),
        ] {
            assert!(!always.contains(raw), "{extra:?}: {always}");
            assert!(always.contains(shown), "{extra:?}: {always}");
            assert!(never.contains(shown), "{extra:?}: {never}");
        }
        assert!(never.contains("\\r\\u{202e}evil"), "{never}");
    }
    // The stream's name, agent names and visitor ids and answers too.
    let (code, never) = run("never", &["--visitors", "visitors.yaml"]);
    assert_eq!(
        code, 1,
        "visitor v2 gives an answer the question does not offer"
    );
    assert!(
        never.contains("Evil \\u{1b}[31mred\\u{1b}[0m \\u{1b}]0;title\\u{7}"),
        "{never}"
    );
    assert!(
        never.contains("Ann \\u{1b}]0;pwn\\u{7} \\u{1b}[5mblink (a)"),
        "{never}"
    );
    assert!(
        never.contains("visitor v\\u{1b}[31m1: no expectation"),
        "{never}"
    );
    assert!(never.contains("visitor v2\\r\\u{2066}: error"), "{never}");
    assert!(never.contains("Maybe \\u{1b}]0;x\\u{7}"), "{never}");
    let (_, always) = run("always", &["--visitors", "visitors.yaml"]);
    assert!(always.contains("visitor v\\u{1b}[31m1: "), "{always}");
}

#[test]
fn json_output_holds_no_raw_control_characters() {
    for extra in [&[][..], &["--visitors", "visitors.yaml", "--explain"]] {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(extra);
        let (_, out) = run("always", &args);
        assert!(!out.chars().any(|c| c != '\n' && c.is_control()), "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["stream"],
            "Evil \u{1b}[31mred\u{1b}[0m \u{1b}]0;title\u{7}"
        );
    }
}
