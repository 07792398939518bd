//! Lowering a spanned YAML document into a [`Stream`], collecting every `schema` finding.

use crate::model::*;
use crate::shape::stream as spec;
use crate::source::{Span, Spanned};

use super::reader::{Fields, Reader};
use super::yaml::{NodeId, Value};
use crate::rule_meta::did_you_mean;

// The keys each mapping accepts, enums and ranges come from the declarative tables in
// `schema::stream`, which `streamlint schema stream` also turns into JSON Schema.

/// A whole number within the range its table gives.
fn int_field(
    r: &mut Reader,
    v: NodeId,
    field: &crate::shape::Field,
    what: &str,
) -> Option<Spanned<i64>> {
    let (min, max) = field.int_range();
    r.int_in(v, what, min, max)
}

/// Is `id` a valid card id: `[a-z0-9][a-z0-9_-]*`?
pub fn is_valid_card_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

pub fn lower_stream(r: &mut Reader, root: NodeId) -> Option<Stream> {
    if let Some(f) = super::mistakes::wrong_kind_of_file(r, root, super::mistakes::FileKind::Stream)
    {
        r.push(f);
        return None;
    }
    let fields = r.map(root, "a stream", &spec::STREAM.names())?;
    let name = r
        .required(&fields, "stream", "the stream")
        .and_then(|(_, v)| r.non_empty_string(v, "the stream name"));
    let kind = match fields.get("kind") {
        None => Some(StreamKind::Dialogue),
        Some((_, v)) => r
            .one_of(v, "stream kind", spec::STREAM.field("kind").choices())
            .map(|k| match k.value.as_str() {
                "flow" => StreamKind::Flow,
                _ => StreamKind::Dialogue,
            }),
    };
    let priority = fields
        .get("priority")
        .and_then(|(_, v)| int_field(r, v, spec::STREAM.field("priority"), "priority"));
    let target = fields.get("target").and_then(|(_, v)| target(r, v));
    if kind == Some(StreamKind::Flow) {
        for key in spec::STREAM.refused_when("kind", "flow") {
            if let Some((span, _)) = fields.get(key) {
                r.report(
                    span,
                    format!("`{key}` applies to dialogues only, not to a flow"),
                );
            }
        }
    }
    let cards = r
        .required(&fields, "cards", "the stream")
        .and_then(|(key, v)| card_list(r, key, v, true));
    Some(Stream {
        name: name?,
        kind: kind?,
        priority,
        target,
        cards: cards?,
    })
}

fn target(r: &mut Reader, id: NodeId) -> Option<Target> {
    let fields = r.map(id, "a target", &spec::TARGET.names())?;
    let mut target = Target::default();
    for (key, out) in [
        ("include", &mut target.include),
        ("exclude", &mut target.exclude),
    ] {
        if let Some((_, v)) = fields.get(key) {
            for item in r.seq(v, "a list of URLs")? {
                out.push(r.non_empty_string(item, "a URL")?);
            }
        }
    }
    Some(target)
}

/// A list of cards. `non_empty` lists report `[]` as a schema error (the root `cards`); branch
/// lists may be empty, which the `empty-branch` rule reports instead.
fn card_list(r: &mut Reader, key_span: Span, id: NodeId, non_empty: bool) -> Option<CardList> {
    let items = r.seq(id, "a list of cards")?;
    if non_empty && items.is_empty() {
        r.report(r.span(id), "a stream needs at least one card");
        return None;
    }
    r.nested(id, |r| {
        // Lower every card even after a bad one, to report all errors in one pass; once one
        // is bad the list is, and the good ones after it are not kept (a file of a million
        // bad cards must not hold a million placeholders).
        let mut cards = Some(Vec::with_capacity(items.len()));
        for &item in &items {
            match (card(r, item), &mut cards) {
                (Some(c), Some(cards)) => cards.push(c),
                (None, _) => cards = None,
                (Some(_), None) => {}
            }
        }
        Some(CardList {
            cards: cards?,
            key_span,
        })
    })
}

fn card(r: &mut Reader, id: NodeId) -> Option<Card> {
    if let Some(f) = super::mistakes::answer_among_cards(r, id) {
        r.push(f);
        return None;
    }
    let fields = r.map_raw(id, "a card")?;
    let (_, type_node) = r.required(&fields, "type", "a card")?;
    let card_type = r.string(type_node, "a card type")?;
    let type_span = card_type.span;
    // The table and the model's type agree (a test holds them to it); either missing is an
    // unknown type, never a panic.
    let Some((kind, card_spec)) =
        CardType::from_name(&card_type.value).zip(spec::card(&card_type.value))
    else {
        let types = spec::card_types();
        let f = r.error(
            type_span,
            format!("unknown card type `{}`", card_type.value),
        );
        let f = match did_you_mean(&card_type.value, &types) {
            Some(s) => f.help(format!("did you mean `{s}`?")),
            None => f.help(format!("expected one of: {}", types.join(", "))),
        };
        r.push(f);
        return None;
    };
    let what = format!("a `{}` card", card_type.value);
    let fields = r.only_keys(fields, &what, &card_spec.keys());
    let card_id = match fields.get("id") {
        None => None,
        Some((_, v)) => {
            let id = r.string(v, "a card id")?;
            if !is_valid_card_id(&id.value) {
                r.push(
                    r.error(id.span, format!("`{}` is not a valid card id", id.value))
                        .help("card ids use lower-case letters, digits, `_` and `-`, starting with a letter or digit"),
                );
                return None;
            }
            Some(id)
        }
    };
    if let Some((_, v)) = fields.get("note") {
        r.string(v, "a note");
    }
    let body = card_body(r, kind, card_spec, &fields, &what)?;
    Some(Card {
        type_span,
        id: card_id,
        body,
    })
}

fn opt_string(
    r: &mut Reader,
    fields: &Fields,
    key: &str,
    what: &str,
) -> Option<Option<Spanned<String>>> {
    match fields.get(key) {
        None => Some(None),
        Some((_, v)) => r.string(v, what).map(Some),
    }
}

fn required_text(
    r: &mut Reader,
    fields: &Fields,
    key: &str,
    what: &str,
) -> Option<Spanned<String>> {
    let (_, v) = r.required(fields, key, what)?;
    r.non_empty_string(v, &format!("`{key}`"))
}

fn card_body(
    r: &mut Reader,
    kind: CardType,
    card_spec: &spec::CardSpec,
    fields: &Fields,
    what: &str,
) -> Option<CardBody> {
    Some(match kind {
        CardType::Message => {
            let text = required_text(r, fields, "text", what);
            let poke = match fields.get("poke") {
                None => None,
                Some((key, v)) => {
                    let value = r.bool(v, "`poke`")?;
                    // The finding points at the whole `poke: true` entry.
                    Some(Spanned::new(value.value, key.to(value.span)))
                }
            };
            CardBody::Message { text: text?, poke }
        }
        CardType::Question => {
            let text = required_text(r, fields, "text", what);
            let attribute = opt_string(r, fields, "attribute", "an attribute name");
            let answers = r
                .required(fields, "answers", what)
                .and_then(|(_, v)| answers(r, v));
            CardBody::Question {
                text: text?,
                answers: answers?,
                attribute: attribute?,
            }
        }
        CardType::InfoCapture => {
            let (fields_span, v) = r.required(fields, "fields", what)?;
            let items = r.seq(v, "a list of fields")?;
            if items.is_empty() {
                r.report(r.span(v), "an info capture card needs at least one field");
                return None;
            }
            let parsed: Option<Vec<CaptureField>> =
                super::reader::all_or_none(items.iter().map(|&item| capture_field(r, item)));
            CardBody::InfoCapture {
                fields: parsed?,
                fields_span,
            }
        }
        CardType::LiveChat => {
            let route = r
                .required(fields, "route", what)
                .and_then(|(_, v)| route(r, v));
            let text = opt_string(r, fields, "text", "a text");
            CardBody::LiveChat {
                route: route?,
                text: text?,
            }
        }
        CardType::Meeting => {
            let route = r
                .required(fields, "route", what)
                .and_then(|(_, v)| route(r, v));
            let store = opt_string(r, fields, "store_agent_in", "an attribute name");
            CardBody::Meeting {
                route: route?,
                store_agent_in: store?,
            }
        }
        CardType::Branch => {
            let branches = r
                .required(fields, "branches", what)
                .and_then(|(_, v)| conditional_branches(r, v));
            let otherwise = match fields.get("otherwise") {
                None => Some(None),
                Some((key, v)) => card_list(r, key, v, false).map(Some),
            };
            CardBody::Branch {
                branches: branches?,
                otherwise: otherwise?,
            }
        }
        CardType::Goal => {
            let name = required_text(r, fields, "name", what);
            let score = match fields.get("score") {
                None => Some(None),
                Some((_, v)) => int_field(r, v, card_spec.field("score"), "`score`").map(Some),
            };
            CardBody::Goal {
                name: name?,
                score: score?,
            }
        }
        CardType::Action => {
            let (_, v) = r.required(fields, "set", what)?;
            let set_fields = r.map_raw(v, "a mapping of attribute to value")?;
            if set_fields.entries.is_empty() {
                r.report(set_fields.span, "`set` needs at least one attribute");
                return None;
            }
            let mut set = Vec::new();
            let mut ok = true;
            for (key, key_span, value) in &set_fields.entries {
                match r.string(*value, "a value") {
                    Some(v) => set.push((Spanned::new(key.clone(), *key_span), v)),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            CardBody::Action { set }
        }
        CardType::Document => {
            let name = opt_string(r, fields, "name", "a document name");
            let url = required_text(r, fields, "url", what);
            CardBody::Document {
                name: name?,
                url: url?,
            }
        }
        CardType::Generated => {
            let follow_ups = match fields.get("follow_ups") {
                None => Some(None),
                Some((_, v)) => {
                    int_field(r, v, card_spec.field("follow_ups"), "`follow_ups`").map(Some)
                }
            };
            let fallback = opt_string(r, fields, "fallback", "a fallback text");
            CardBody::Generated {
                follow_ups: follow_ups?,
                fallback: fallback?,
            }
        }
        CardType::Flow => {
            let flow = required_text(r, fields, "flow", what)?;
            CardBody::Flow { flow }
        }
    })
}

fn answers(r: &mut Reader, id: NodeId) -> Option<Vec<Answer>> {
    let items = r.seq(id, "a list of answers")?;
    if items.is_empty() {
        r.report(r.span(id), "a question needs at least one answer");
        return None;
    }
    let parsed: Option<Vec<Answer>> =
        super::reader::all_or_none(items.iter().enumerate().map(|(index, &item)| {
            if let Some(f) = super::mistakes::card_among_answers(r, &items, index) {
                r.push(f);
                return None;
            }
            let fields = r.map(item, "an answer", &spec::ANSWER.names())?;
            let label = required_text(r, &fields, "label", "an answer");
            let value = opt_string(r, &fields, "value", "an answer value");
            let cards = match fields.get("cards") {
                None => Some(None),
                Some((key, v)) => card_list(r, key, v, false).map(Some),
            };
            Some(Answer {
                label: label?,
                value: value?,
                cards: cards?,
            })
        }));
    parsed
}

fn conditional_branches(r: &mut Reader, id: NodeId) -> Option<Vec<ConditionalBranch>> {
    let items = r.seq(id, "a list of branches")?;
    if items.is_empty() {
        r.report(r.span(id), "a branch card needs at least one branch");
        return None;
    }
    let parsed: Option<Vec<ConditionalBranch>> =
        super::reader::all_or_none(items.iter().map(|&item| {
            let fields = r.map(item, "a branch", &spec::CONDITIONAL_BRANCH.names())?;
            let when = r
                .required(&fields, "when", "a branch")
                .and_then(|(_, v)| condition(r, v));
            let cards = match fields.get("cards") {
                None => Some(None),
                Some((key, v)) => card_list(r, key, v, false).map(Some),
            };
            Some(ConditionalBranch {
                when: when?,
                cards: cards?,
            })
        }));
    parsed
}

fn capture_field(r: &mut Reader, id: NodeId) -> Option<CaptureField> {
    let table = &spec::CAPTURE_FIELD;
    let fields = r.map(id, "an info capture field", &table.names())?;
    let attribute = r
        .required(&fields, "attribute", "an info capture field")
        .and_then(|(_, v)| r.non_empty_string(v, "an attribute name"));
    let input = match fields.get("input") {
        None => Some(InputKind::Text),
        Some((_, v)) => r
            .one_of(v, "input kind", table.field("input").choices())
            .map(|s| match s.value.as_str() {
                "email" => InputKind::Email,
                "phone" => InputKind::Phone,
                _ => InputKind::Text,
            }),
    };
    let prompt = opt_string(r, &fields, "prompt", "a prompt");
    let choices = match fields.get("choices") {
        None => Some(None),
        Some((_, v)) => r.seq(v, "a list of choices").and_then(|items| {
            if items.is_empty() {
                r.report(r.span(v), "`choices` needs at least one choice");
                return None;
            }
            let parsed: Option<Vec<Spanned<String>>> =
                super::reader::all_or_none(items.iter().map(|&i| r.string(i, "a choice")));
            parsed.map(Some)
        }),
    };
    let if_known = match fields.get("if_known") {
        None => Some(IfKnown::Ask),
        Some((_, v)) => r
            .one_of(v, "`if_known` value", table.field("if_known").choices())
            .map(|s| match s.value.as_str() {
                "skip" => IfKnown::Skip,
                "overwrite" => IfKnown::Overwrite,
                _ => IfKnown::Ask,
            }),
    };
    Some(CaptureField {
        attribute: attribute?,
        input: input?,
        prompt: prompt?,
        choices: choices?,
        if_known: if_known?,
    })
}

/// A `route`: `round_robin`, `{agent: ID}`, `{team: ID}` or `{rules: [...]}`.
pub fn route(r: &mut Reader, id: NodeId) -> Option<Route> {
    let span = r.span(id);
    let (_, value) = r.visit(id)?;
    if let Value::Scalar { text, .. } = value {
        if text == "round_robin" {
            return Some(Route {
                kind: RouteKind::RoundRobin,
                span,
            });
        }
        let f = r.error(span, format!("`{text}` is not a route")).help(
            "a route is `round_robin`, `{ agent: ID }`, `{ team: ID }` or `{ rules: [...] }`",
        );
        r.push(f);
        return None;
    }
    let fields = r.map(id, "a route", &spec::ROUTE_MAP.names())?;
    if fields.entries.len() != 1 {
        r.push(
            r.error(
                fields.first_key_span(),
                "a route has exactly one of `agent`, `team` or `rules`",
            )
            .help(
                "a route is `round_robin`, `{ agent: ID }`, `{ team: ID }` or `{ rules: [...] }`",
            ),
        );
        return None;
    }
    let (key, _, v) = &fields.entries[0];
    let kind = match key.as_str() {
        "agent" => RouteKind::Agent(r.non_empty_string(*v, "an agent id")?),
        "team" => RouteKind::Team(r.non_empty_string(*v, "a team id")?),
        _ => RouteKind::Rules(routing_rules(r, *v)?),
    };
    Some(Route { kind, span })
}

fn routing_rules(r: &mut Reader, id: NodeId) -> Option<Vec<RoutingRule>> {
    let items = r.seq(id, "a list of routing rules")?;
    if items.is_empty() {
        r.report(r.span(id), "`rules` needs at least one rule");
        return None;
    }
    let parsed: Option<Vec<RoutingRule>> = super::reader::all_or_none(items.iter().map(|&item| {
        let what = "a routing rule";
        let table = &spec::ROUTING_RULE;
        let fields = r.map(item, what, &table.names())?;
        let name = required_text(r, &fields, "name", what);
        let priority = match fields.get("priority") {
            None => Some(None),
            Some((_, v)) => int_field(r, v, table.field("priority"), "`priority`").map(Some),
        };
        let when = match fields.get("when") {
            None => Some(None),
            Some((_, v)) => condition(r, v).map(Some),
        };
        let to = r
            .required(&fields, "to", what)
            .and_then(|(_, v)| rule_target(r, v));
        Some(RoutingRule {
            name: name?,
            priority: priority?,
            when: when?,
            to: to?,
        })
    }));
    parsed
}

fn rule_target(r: &mut Reader, id: NodeId) -> Option<RuleTarget> {
    let fields = r.map(id, "a rule target", &spec::RULE_TARGET.names())?;
    if fields.entries.len() != 1 {
        r.report(
            fields.first_key_span(),
            "a rule target has exactly one of `agent`, `agents` or `team`",
        );
        return None;
    }
    let (key, _, v) = &fields.entries[0];
    Some(match key.as_str() {
        "agent" => RuleTarget::Agent(r.non_empty_string(*v, "an agent id")?),
        "team" => RuleTarget::Team(r.non_empty_string(*v, "a team id")?),
        _ => {
            let items = r.seq(*v, "a list of agent ids")?;
            if items.is_empty() {
                r.report(r.span(*v), "`agents` needs at least one agent");
                return None;
            }
            let parsed: Option<Vec<Spanned<String>>> = super::reader::all_or_none(
                items.iter().map(|&i| r.non_empty_string(i, "an agent id")),
            );
            RuleTarget::Agents(parsed?)
        }
    })
}

/// A condition (streams.md "Conditions").
pub fn condition(r: &mut Reader, id: NodeId) -> Option<Condition> {
    let span = r.span(id);
    let operators_table = spec::operators();
    let fields = r.map(id, "a condition", &spec::condition_keys())?;
    let combinators: Vec<&(String, Span, NodeId)> = fields
        .entries
        .iter()
        .filter(|(k, _, _)| {
            spec::condition_combinators()
                .iter()
                .any(|c| c.fields[0].name == k.as_str())
        })
        .collect();
    if let Some((key, key_span, v)) = combinators.first().copied() {
        if fields.entries.len() > 1 {
            r.report(
                *key_span,
                format!("`{key}` must be the only key of its condition"),
            );
            return None;
        }
        return r.nested(id, |r| match key.as_str() {
            "all" | "any" => {
                let items = r.seq(*v, "a list of conditions")?;
                let parsed: Option<Vec<Condition>> =
                    super::reader::all_or_none(items.iter().map(|&i| condition(r, i)));
                let parsed = parsed?;
                Some(if key == "all" {
                    Condition::All(parsed, span)
                } else {
                    Condition::Any(parsed, span)
                })
            }
            "not" => Some(Condition::Not(Box::new(condition(r, *v)?), span)),
            _ => agents_available(r, *v, span),
        });
    }
    let attribute = r
        .required(&fields, "attribute", "a condition")
        .and_then(|(_, v)| r.non_empty_string(v, "an attribute name"));
    let operators: Vec<&(String, Span, NodeId)> = fields
        .entries
        .iter()
        .filter(|(k, _, _)| operators_table.contains(&k.as_str()))
        .collect();
    let Some(&&(ref op, _, v)) = operators.first() else {
        if attribute.is_some() {
            r.push(
                r.error(
                    fields.first_key_span(),
                    "a condition test needs one operator",
                )
                .help(format!("operators: {}", operators_table.join(", "))),
            );
        }
        return None;
    };
    if let Some((second, second_span, _)) = operators.get(1).copied() {
        r.push(
            r.error(
                *second_span,
                format!("more than one operator in a test (`{op}` and `{second}`)"),
            )
            .help("combine tests with `all: [...]` or `any: [...]`"),
        );
        return None;
    }
    let text = |r: &mut Reader| r.string(v, "a value").map(|s| s.value);
    let num = |r: &mut Reader| r.number(v, "a value").map(|n| n.value);
    let operator = match op.as_str() {
        "is" => Operator::Is(r.string_or_list(v, "a value")?),
        "is_not" => Operator::IsNot(r.string_or_list(v, "a value")?),
        "contains" => Operator::Contains(text(r)?),
        "not_contains" => Operator::NotContains(text(r)?),
        "starts_with" => Operator::StartsWith(text(r)?),
        "ends_with" => Operator::EndsWith(text(r)?),
        "greater_than" => Operator::GreaterThan(num(r)?),
        "less_than" => Operator::LessThan(num(r)?),
        "at_least" => Operator::AtLeast(num(r)?),
        "at_most" => Operator::AtMost(num(r)?),
        _ => Operator::IsEmpty(r.bool(v, "`is_empty`")?.value),
    };
    Some(Condition::Test {
        attribute: attribute?,
        operator,
        span,
    })
}

fn agents_available(r: &mut Reader, v: NodeId, span: Span) -> Option<Condition> {
    if let Some(text) = r.scalar_text(v) {
        let _ = text;
        let expected = r.bool(v, "`agents_available`")?;
        return Some(Condition::AgentsAvailable {
            team: None,
            expected: expected.value,
            span,
        });
    }
    let fields = r.map(v, "`agents_available`", &spec::AGENTS_OF_TEAM.names())?;
    let team = r
        .required(&fields, "team", "`agents_available`")
        .and_then(|(_, t)| r.non_empty_string(t, "a team id"))?;
    Some(Condition::AgentsAvailable {
        team: Some(team),
        expected: true,
        span,
    })
}
