//! `streamlint graph` and `report`, looked at as a person would: snapshots of every format for
//! the demo and for a stream with every card type, the SVG parsed and checked for overlapping
//! boxes (every fixture and a generated 200-card stream), hostile texts round-tripping through
//! every syntax, DOT rendered by Graphviz where it is installed, and the Mermaid block of
//! docs/graph.md kept equal to the tool's output.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use streamlint::check;
use streamlint::graph::{outlets, Graph};
use streamlint::model::CardType;
use streamlint::parse;
use streamlint::render::{dot, mermaid, svg, Kind, Picture};
use streamlint::rules::RuleSet;
use streamlint::source::SourceFile;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn streamlint(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("streamlint")
        .unwrap()
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn graph(file: &str, format: &str) -> String {
    let (code, out, err) = streamlint(&["graph", file, "--format", format]);
    assert!(code == 0 || code == 1, "{file}: exit {code}: {err}");
    out
}

#[test]
fn snapshots_of_every_format() {
    for file in [
        "fixtures/demo/pricing.stream.yaml",
        "fixtures/demo/demo-request.stream.yaml",
        "fixtures/graph/every-card.stream.yaml",
    ] {
        let stem = Path::new(file)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .trim_end_matches(".stream.yaml");
        for format in ["mermaid", "dot", "svg"] {
            insta::assert_snapshot!(format!("{stem}.{format}"), graph(file, format));
        }
    }
}

/// Every stream and flow file under fixtures/ that is a valid stream, with its source.
fn fixture_streams() -> Vec<(String, SourceFile)> {
    let (files, errors) = check::discover(&[root().join("fixtures")], None);
    assert!(errors.is_empty(), "{errors:?}");
    let mut out = Vec::new();
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let (source, problem) = parse::decode(&name, bytes);
        if problem.is_none() && parse::parse_stream(&source).model.is_some() {
            out.push((name, source));
        }
    }
    assert!(out.len() > 40, "only {} fixture streams found", out.len());
    out
}

/// A rectangle of the SVG: (x, y, width, height, what).
type Rect = (f64, f64, f64, f64, String);

fn attr(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> without {name}", node.tag_name().name()))
        .parse()
        .unwrap()
}

/// The node boxes and edge-label boxes of an SVG, parsed as XML.
fn boxes(svg_text: &str) -> (Vec<Rect>, f64, f64) {
    let doc = roxmltree::Document::parse(svg_text).expect("the SVG is well-formed XML");
    let svg = doc.root_element();
    assert_eq!(svg.tag_name().name(), "svg");
    let (w, h) = (attr(svg, "width"), attr(svg, "height"));
    let mut rects = Vec::new();
    for g in svg.descendants().filter(|n| n.has_tag_name("g")) {
        let class = g.attribute("class").unwrap_or("");
        if class.starts_with("node") || class == "edge-label" {
            let rect = g
                .children()
                .find(|c| c.has_tag_name("rect"))
                .expect("a node or label has a rect");
            rects.push((
                attr(rect, "x"),
                attr(rect, "y"),
                attr(rect, "width"),
                attr(rect, "height"),
                format!("{class} {}", g.attribute("id").unwrap_or("")),
            ));
        }
    }
    (rects, w, h)
}

fn assert_no_overlap(name: &str, svg_text: &str) -> usize {
    let (rects, w, h) = boxes(svg_text);
    for (i, a) in rects.iter().enumerate() {
        assert!(
            a.0 >= 0.0 && a.1 >= 0.0 && a.0 + a.2 <= w + 0.01 && a.1 + a.3 <= h + 0.01,
            "{name}: {} is outside the picture",
            a.4
        );
        for b in &rects[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "{name}: {} overlaps {}", a.4, b.4);
        }
    }
    rects.len()
}

#[test]
fn every_fixture_renders_in_every_format_with_each_card_and_answer_once_per_position() {
    for (name, source) in fixture_streams() {
        let findings = check::check_source(source.clone(), None, &RuleSet::all()).findings;
        let stream = parse::parse_stream(&source).model.unwrap();
        let g = Graph::build(&stream);
        let picture = Picture::build(&g, &findings);

        // One node per card occurrence (plus ends), each answer/condition once per occurrence.
        let cards: Vec<_> = picture
            .nodes
            .iter()
            .filter(|n| n.kind != Kind::End)
            .collect();
        assert_eq!(cards.len(), g.nodes.len(), "{name}");
        for (ix, node) in g.nodes.iter().enumerate() {
            let expected: Vec<String> = outlets(node.card)
                .into_iter()
                .map(|(o, list)| o.choice(list.is_none()).as_path_step())
                .collect();
            let drawn: Vec<String> = picture
                .edges
                .iter()
                .filter(|e| e.from == ix)
                .filter_map(|e| e.label.clone())
                .collect();
            let expected: Vec<String> = expected
                .iter()
                .map(|t| streamlint::render::text::first_words(t, streamlint::render::LABEL_CHARS))
                .collect();
            assert_eq!(
                drawn,
                expected,
                "{name}: labels out of card {}",
                node.name()
            );
        }
        // Nodes of cards with findings pointing at their `type` are marked.
        for f in &findings {
            for (ix, node) in g.nodes.iter().enumerate() {
                if node.card.type_span == f.span {
                    assert!(
                        picture.nodes[ix].mark >= Some(f.severity),
                        "{name}: {} not marked for {}",
                        node.name(),
                        f.rule
                    );
                }
            }
        }

        // Mermaid: every node declared once, every edge drawn.
        let m = mermaid::render(&picture);
        assert!(m.starts_with("flowchart TD\n"));
        for node in &picture.nodes {
            let declared = m
                .lines()
                .filter(|l| {
                    let l = l.trim_start();
                    l.starts_with(&node.id)
                        && !l[node.id.len()..].starts_with(|c: char| c.is_alphanumeric())
                        && !l.contains(" -->")
                })
                .count();
            assert_eq!(declared, 1, "{name}: {} declared {declared} times", node.id);
        }
        assert_eq!(
            m.lines().filter(|l| l.contains(" -->")).count(),
            picture.edges.len(),
            "{name}"
        );
        // DOT: every node and edge once.
        let d = dot::render(&picture);
        assert_eq!(
            d.lines().filter(|l| l.contains(" -> ")).count(),
            picture.edges.len()
        );
        // SVG: well-formed, one box per node, nothing overlapping.
        let s = svg::render(&picture, &findings);
        let rects = assert_no_overlap(&name, &s);
        assert!(rects >= picture.nodes.len(), "{name}");
    }
}

/// A stream of at least `cards` cards: nested questions with long texts and long answers.
fn generated_stream(cards: usize) -> String {
    fn list(out: &mut String, indent: usize, budget: &mut usize, depth: usize, n: &mut usize) {
        let pad = " ".repeat(indent);
        let count = if depth == 0 { 12 } else { 3 };
        for i in 0..count {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            *n += 1;
            if depth < 4 && i % 2 == 0 {
                out.push_str(&format!(
                    "{pad}- type: question\n{pad}  id: q{n}\n{pad}  text: Question number {n}, which is long enough to be wrapped over several lines and then cut somewhere\n{pad}  answers:\n"
                ));
                for a in 0..3 {
                    out.push_str(&format!(
                        "{pad}    - label: Answer {a} of question {n} with quite a long label too\n"
                    ));
                    if a < 2 {
                        out.push_str(&format!("{pad}      cards:\n"));
                        list(out, indent + 8, budget, depth + 1, n);
                        if out.ends_with("cards:\n") {
                            out.push_str(&format!(
                                "{pad}        - type: message\n{pad}          text: filler\n"
                            ));
                        }
                    }
                }
            } else {
                out.push_str(&format!(
                    "{pad}- type: message\n{pad}  text: \"Message {n}: 日本語 and emoji 😀 mixed with a rather long English sentence\"\n"
                ));
            }
        }
    }
    let mut out = String::from("stream: Generated\ncards:\n");
    let mut budget = cards;
    let mut n = 0;
    while budget > 0 {
        list(&mut out, 2, &mut budget, 0, &mut n);
    }
    out
}

#[test]
fn two_hundred_cards_draw_without_overlap() {
    let text = generated_stream(200);
    let source = SourceFile::new("generated.stream.yaml", text);
    let stream = parse::parse_stream(&source)
        .model
        .unwrap_or_else(|| panic!("{}", source.text));
    let g = Graph::build(&stream);
    assert!(g.nodes.len() >= 200, "{} cards", g.nodes.len());
    let picture = Picture::build(&g, &[]);
    let s = svg::render(&picture, &[]);
    let rects = assert_no_overlap("generated", &s);
    assert!(rects >= 200);
}

// ---- Escaping: hostile texts come out as text in every syntax ----

const HOSTILE: &str = "fixtures/graph/hostile-text.stream.yaml";

fn hostile_picture() -> (Picture, Vec<streamlint::finding::Finding>) {
    let source = check::load_file(&root().join(HOSTILE), parse::parse_stream)
        .map(|(s, _)| s)
        .unwrap();
    let stream = parse::parse_stream(&source).model.unwrap();
    let findings = check::check_source(source.clone(), None, &RuleSet::all()).findings;
    // The picture borrows nothing from the stream.
    let picture = Picture::build(&Graph::build(&stream), &findings);
    (picture, findings)
}

/// Undoes Mermaid entity codes (`#quot;`, `#35;`), as Mermaid does after parsing.
fn mermaid_decode(label: &str) -> String {
    let mut out = String::new();
    let mut rest = label;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').expect("every # starts an entity code");
        let code = &after[..end];
        let c = if code == "quot" {
            '"'
        } else {
            char::from_u32(code.parse().expect("numeric entity")).unwrap()
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn mermaid_labels_hold_no_syntax_and_decode_to_the_texts() {
    let (picture, _) = hostile_picture();
    let m = mermaid::render(&picture);
    for node in &picture.nodes {
        let line = m
            .lines()
            .find(|l| {
                l.trim_start().starts_with(&format!("{}[", node.id))
                    || l.trim_start().starts_with(&format!("{}{{", node.id))
                    || l.trim_start().starts_with(&format!("{}((", node.id))
            })
            .unwrap_or_else(|| panic!("{} not declared:\n{m}", node.id));
        let open = line.find('"').unwrap();
        let close = line.rfind('"').unwrap();
        let label = &line[open + 1..close];
        let stripped = label
            .replace("<br>", "\n")
            .replace("<b>", "")
            .replace("</b>", "")
            .replace("<i>", "")
            .replace("</i>", "");
        for bad in ['"', '<', '>', '`', '|', '[', ']', '{', '}', ';'] {
            // `;` only closes entity codes.
            let without_entities = stripped
                .split('#')
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part
                    } else {
                        part.split_once(';').map_or(part, |(_, r)| r)
                    }
                })
                .collect::<String>();
            assert!(
                !without_entities.contains(bad),
                "raw {bad:?} in the label of {}: {label}",
                node.id
            );
        }
        let decoded = mermaid_decode(&stripped);
        if !node.text.is_empty() {
            assert!(
                decoded.lines().any(|l| l == node.text),
                "{}: {decoded:?} does not show {:?}",
                node.id,
                node.text
            );
        }
    }
    for e in &picture.edges {
        let Some(label) = &e.label else { continue };
        let encoded = format!("|\"{}\"|", mermaid::escape(label));
        assert!(m.contains(&encoded), "edge label {label:?} missing");
        assert_eq!(mermaid_decode(&mermaid::escape(label)), *label);
        assert!(!mermaid::escape(label).contains('"'));
    }
    assert!(
        m.lines().all(|l| !l.trim_start().starts_with("%%")),
        "no comment line"
    );
}

#[test]
fn svg_texts_are_text_and_no_element_comes_from_a_stream() {
    let (picture, findings) = hostile_picture();
    let s = svg::render(&picture, &findings);
    let doc = roxmltree::Document::parse(&s).expect("well-formed");
    let tags: std::collections::BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    let allowed = [
        "svg", "title", "desc", "defs", "marker", "path", "rect", "g", "text",
    ];
    for t in &tags {
        assert!(allowed.contains(t), "unexpected element <{t}>");
    }
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let all = texts.join("\n");
    for hostile in [
        "He said \"hi\"])",
        "--> n9;",
        "Brackets [x] {y} (z) |pipe|",
        "' onmouseover='alert(1)' x=\"",
        "we\"ird<> is a\"b, <c>, d;e",
        "-->|\"fake\"| n0",
    ] {
        assert!(
            all.contains(hostile),
            "{hostile:?} not shown as text in {all}"
        );
    }
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes() {
            assert!(!a.name().starts_with("on"), "event attribute {}", a.name());
        }
    }
    assert_eq!(
        doc.descendants()
            .find(|n| n.has_tag_name("title"))
            .unwrap()
            .text(),
        Some("Stream Hostile \"texts\" <script>alert(1)</script>")
    );
}

fn dot_installed() -> bool {
    Process::new("dot").arg("-V").output().is_ok()
}

#[test]
fn graphviz_renders_every_dot_and_shows_the_texts_exactly() {
    if !dot_installed() {
        eprintln!("SKIPPED: Graphviz `dot` is not installed (Debian: apt-get install graphviz)");
        return;
    }
    let run_dot = |source: &str| -> String {
        let mut child = Process::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(source.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && err.trim().is_empty(),
            "dot: {err}\n{source}"
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let (picture, _) = hostile_picture();
    let rendered = run_dot(&dot::render(&picture));
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&rendered, options).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for node in picture.nodes.iter().filter(|n| !n.text.is_empty()) {
        assert!(
            texts.contains(&node.text.as_str()),
            "{:?} not in {texts:?}",
            node.text
        );
    }
    for e in picture.edges.iter().filter_map(|e| e.label.as_deref()) {
        assert!(texts.contains(&e), "{e:?} not in {texts:?}");
    }
    for (name, source) in fixture_streams() {
        let stream = parse::parse_stream(&source).model.unwrap();
        let picture = Picture::build(&Graph::build(&stream), &[]);
        let out = run_dot(&dot::render(&picture));
        assert!(out.contains("<svg"), "{name}");
    }
}

// ---- The commands ----

#[test]
fn graph_exit_codes_follow_check() {
    assert_eq!(
        streamlint(&["graph", "fixtures/demo/pricing.stream.yaml"]).0,
        0
    );
    let (code, out, _) = streamlint(&["graph", "fixtures/graph/every-card.stream.yaml"]);
    assert_eq!(code, 1, "an error-level finding");
    assert!(out.contains("class n5 error"), "{out}");
    let (code, out, err) = streamlint(&["graph", "fixtures/rules/syntax/fail.stream.yaml"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("not a valid stream file"), "{err}");
    assert_eq!(streamlint(&["graph", "fixtures/nope.stream.yaml"]).0, 2);
    assert_eq!(
        streamlint(&[
            "graph",
            "fixtures/demo/pricing.stream.yaml",
            "--format",
            "png"
        ])
        .0,
        2
    );
}

#[test]
fn a_roster_marks_routing_findings() {
    let (_, without, _) = streamlint(&["graph", "fixtures/rules/unknown-agent/fail.stream.yaml"]);
    let (_, with, _) = streamlint(&[
        "graph",
        "fixtures/rules/unknown-agent/fail.stream.yaml",
        "--roster",
        "fixtures/rules/unknown-agent/roster.yaml",
    ]);
    assert!(!without.contains("class "), "{without}");
    assert!(with.contains(" error\n"), "{with}");
}

#[test]
fn the_report_is_one_page_with_every_stream_escaped_and_no_network() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let (code, _, err) = streamlint(&[
        "report",
        "fixtures/demo",
        "fixtures/graph",
        "--roster",
        "fixtures/demo/roster.yaml",
        "--visitors",
        "fixtures/demo/visitors.yaml",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "every-card has an error: {err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only streamlint's own script"
    );
    assert!(html.contains("Hostile &quot;texts&quot; &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("default-src 'none'"));
    for external in ["http://", "https://", "src=", "@import", "url(http"] {
        let hits: Vec<&str> = html
            .lines()
            .filter(|l| l.contains(external) && !l.contains("xmlns=\"http://www.w3.org/2000/svg\""))
            .collect();
        // Stream texts may mention URLs (escaped as text); nothing may load one.
        for h in hits {
            assert!(
                !h.contains(&format!("src=\"{}", "http")) && !h.contains("<link"),
                "loads something: {h}"
            );
        }
    }
    // Problems first: the error file's section comes before the clean demo streams.
    let first_section = html.find("<section class=\"stream\"").unwrap();
    assert!(
        html[first_section..].find("every-card").unwrap()
            < html[first_section..].find("demo-request").unwrap()
    );
    assert!(html.contains("Where visitors end up"));
    assert!(html.contains("Coverage: the visitors went through"));
    assert!(html.contains("<h1>streamlint report</h1>"));
    assert!(html.contains("role=\"img\""));
}

#[test]
fn docs_graph_md_shows_the_current_mermaid_output() {
    let doc = std::fs::read_to_string(root().join("docs/graph.md")).unwrap();
    let block = doc
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/graph.md has a mermaid block");
    assert_eq!(
        block,
        graph("fixtures/demo/demo-request.stream.yaml", "mermaid"),
        "docs/graph.md's Mermaid block is stale: paste `streamlint graph fixtures/demo/demo-request.stream.yaml`"
    );
}

#[test]
fn the_browser_test_runs_where_chromium_and_its_node_modules_are() {
    let browser = root().join("tests/browser");
    if !Path::new("/usr/bin/chromium").exists() || !browser.join("node_modules").exists() {
        eprintln!(
            "SKIPPED: the browser test needs /usr/bin/chromium (Debian: apt-get install chromium) and `npm ci` in tests/browser; CI runs it through .ci/browser-test"
        );
        return;
    }
    // The report tests only (seconds); .ci/browser-test also runs the Mermaid one (a minute).
    let out = Process::new("node")
        .args([
            "--test",
            "--test-concurrency=1",
            "--test-name-pattern=report|finding|JavaScript",
        ])
        .current_dir(&browser)
        .env("STREAMLINT_BIN", env!("CARGO_BIN_EXE_streamlint"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("# pass 3"),
        "tests/browser failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_command_in_docs_graph_md_runs_with_the_exit_code_it_states() {
    let doc = std::fs::read_to_string(root().join("docs/graph.md")).unwrap();
    let mut ran = 0;
    for block in doc.split("```sh\n").skip(1) {
        let block = block.split("```").next().unwrap();
        for line in block.lines().filter(|l| l.starts_with("streamlint ")) {
            let (command, expected) = match line.split_once("# exit ") {
                Some((c, code)) => (c, code.trim().parse::<i32>().unwrap()),
                None => (line, 0),
            };
            let args: Vec<&str> = command.split_whitespace().skip(1).collect();
            let (code, _, err) = streamlint(&args);
            assert_eq!(code, expected, "`{line}`: {err}");
            ran += 1;
        }
    }
    assert!(ran >= 6, "only {ran} commands found");
    // The README's Pictures section shows some of them (so they run here too).
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## Pictures\n")
        .nth(1)
        .expect("README has a Pictures section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    for line in block.lines() {
        assert!(
            doc.contains(line),
            "README command not in docs/graph.md: {line}"
        );
    }
}

/// Flows are not spliced into the graph yet; the drawing of a group is ready for them.
#[test]
fn a_group_of_nodes_is_a_subgraph_a_cluster_and_a_box_around_its_cards() {
    let source = check::load_file(
        &root().join("fixtures/demo/demo-request.stream.yaml"),
        parse::parse_stream,
    )
    .unwrap()
    .0;
    let stream = parse::parse_stream(&source).model.unwrap();
    let mut picture = Picture::build(&Graph::build(&stream), &[]);
    picture.groups.push(streamlint::render::Group {
        name: "thanks \"<x>\".flow.yaml".to_string(),
        parent: None,
    });
    for v in [6, 7] {
        picture.nodes[v].group = Some(0);
    }
    let m = mermaid::render(&picture);
    let sub = m
        .split("subgraph g0[\"flow thanks #quot;#60;x#62;#quot;.flow.yaml\"]\n")
        .nth(1)
        .expect("a subgraph named after the flow file");
    let inside = sub.split("\n  end\n").next().unwrap();
    assert!(inside.contains("n6>") && inside.contains("n7(["), "{m}");
    assert!(!inside.contains("n5("), "{m}");
    let d = dot::render(&picture);
    assert!(
        d.contains("subgraph cluster_g0 {\n    label=\"flow thanks \\\"<x>\\\".flow.yaml\";"),
        "{d}"
    );
    let s = svg::render(&picture, &[]);
    let doc = roxmltree::Document::parse(&s).unwrap();
    let group = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("group"))
        .expect("a group box");
    let frame = group.children().find(|c| c.has_tag_name("rect")).unwrap();
    let (gx, gy) = (attr(frame, "x"), attr(frame, "y"));
    let (gw, gh) = (attr(frame, "width"), attr(frame, "height"));
    let (rects, _, _) = boxes(&s);
    for id in ["n6", "n7"] {
        let r = rects
            .iter()
            .find(|r| r.4.ends_with(&format!(" {id}")))
            .unwrap();
        assert!(
            r.0 >= gx && r.1 >= gy && r.0 + r.2 <= gx + gw && r.1 + r.3 <= gy + gh,
            "{id} is inside the group box"
        );
    }
}

#[test]
fn a_finding_on_a_reused_card_marks_every_occurrence() {
    let text = "stream: Reuse
cards:
  - type: question
    text: Pick one
    answers:
      - label: A
        cards:
          - &chat
            type: live_chat
            route: round_robin
      - label: B
        cards:
          - *chat
";
    let source = SourceFile::new("reuse.stream.yaml", text);
    let findings = check::check_source(source.clone(), None, &RuleSet::all()).findings;
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "live-chat-without-info-capture"),
        "{findings:?}"
    );
    let stream = parse::parse_stream(&source).model.unwrap();
    let picture = Picture::build(&Graph::build(&stream), &findings);
    let chats: Vec<_> = picture
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::Card(CardType::LiveChat))
        .collect();
    assert_eq!(chats.len(), 2);
    for chat in chats {
        assert!(chat.mark.is_some(), "{} is not marked", chat.id);
    }
}

#[test]
fn the_report_shows_visitors_and_coverage_at_a_given_moment() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pricing.html");
    let run = |at: &str| {
        let (code, _, err) = streamlint(&[
            "report",
            "fixtures/demo/pricing.stream.yaml",
            "--roster",
            "fixtures/demo/roster.yaml",
            "--visitors",
            "fixtures/demo/visitors.yaml",
            "--at",
            at,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(&out).unwrap()
    };
    // John works 08:00-17:00 in Los Angeles: at 18:00Z he is there, at 10:00Z he is not.
    let day = run("2026-11-25T18:00:00Z");
    assert!(day.contains("<h3>Visitors (3, 0 failed)</h3>"), "{day}");
    assert!(day.contains("Coverage: the visitors went through 6 of 6 cards."));
    let night = run("2026-11-25T10:00:00Z");
    assert!(night.contains("<h3>Visitors (3, 1 failed)</h3>"));
    // The path classes are the ones `simulate` counts at that moment.
    let (_, json, _) = streamlint(&[
        "simulate",
        "fixtures/demo/pricing.stream.yaml",
        "--roster",
        "fixtures/demo/roster.yaml",
        "--at",
        "2026-11-25T10:00:00Z",
        "--format",
        "json",
    ]);
    let paths = serde_json::from_str::<serde_json::Value>(&json).unwrap()["summary"]["paths"]
        .as_u64()
        .unwrap();
    assert!(
        night.contains(&format!(
            "<h3>Where visitors end up ({paths} path classes)</h3>"
        )),
        "{night}"
    );
}

#[test]
fn mermaid_output_over_mermaids_edge_limit_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.stream.yaml");
    let mut text = String::from("stream: Long\ncards:\n");
    for i in 0..=mermaid::MAX_EDGES + 1 {
        text.push_str(&format!("  - type: message\n    text: m{i}\n"));
    }
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = streamlint(&["graph", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(out.matches(" --> ").count(), mermaid::MAX_EDGES + 1);
    assert!(
        err.contains("refuses charts of more than 500 edges"),
        "{err}"
    );
    let (_, _, err) = streamlint(&["graph", "fixtures/demo/pricing.stream.yaml"]);
    assert_eq!(err, "");
}
