use crate::finding::Finding;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That every personalisation token in a text the visitor reads (`{{lead.FirstName}}`,
    /// `{{visitor.company}}`, ...) has a default: `{{lead.FirstName:"there"}}`.
    ///
    /// ## Why it matters
    /// Most visitors are anonymous. A token without a default renders as nothing for them.
    ///
    /// ## What the visitor experiences
    /// "Hi ! Comparing our plans?": a greeting with a hole in it.
    ///
    /// ## Example
    /// ```yaml
    /// - type: message
    ///   text: "Hi {{lead.FirstName}}!"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - type: message
    ///   text: "Hi {{lead.FirstName:\"there\"}}!"
    /// ```
    name: "token-without-default",
    severity: Warning,
    category: Structure,
    summary: "a personalisation token has no default value",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    for ix in cx.graph.source_cards() {
        let node = &cx.graph.nodes[ix];
        for text in node.card.body.visitor_texts() {
            let missing = tokens_without_default(&text.value);
            if missing.is_empty() {
                continue;
            }
            let list = missing
                .iter()
                .map(|t| format!("`{{{{{t}}}}}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let example = &missing[0];
            out.push(
                Finding::new(
                    &RULE,
                    text.span,
                    if missing.len() == 1 {
                        format!("token {list} has no default")
                    } else {
                        format!("tokens {list} have no default")
                    },
                )
                .label("anonymous visitors see an empty gap here")
                .help(format!("add a default: `{{{{{example}:\"...\"}}}}`"))
                .card(cx.card_id(ix)),
            );
        }
    }
}

/// The tokens (inner text, trimmed) of `{{namespace.Name}}` form that have no `:"default"`.
pub fn tokens_without_default(text: &str) -> Vec<String> {
    let mut missing = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        let inner = after[..close].trim();
        let (name, default) = match inner.split_once(':') {
            Some((n, d)) => (n.trim(), Some(d.trim())),
            None => (inner, None),
        };
        let is_token = name.contains('.')
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '_' || c == '-');
        let has_default = default.is_some_and(|d| {
            d.len() >= 2
                && ((d.starts_with('"') && d.ends_with('"'))
                    || (d.starts_with('\'') && d.ends_with('\'')))
        });
        if is_token && !has_default {
            missing.push(name.to_string());
        }
        rest = &after[close + 2..];
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::tokens_without_default;

    #[test]
    fn finds_tokens_without_defaults() {
        assert_eq!(
            tokens_without_default("Hi {{lead.FirstName}}!"),
            vec!["lead.FirstName"]
        );
        assert!(tokens_without_default("Hi {{lead.FirstName:\"there\"}}!").is_empty());
        assert!(tokens_without_default("Hi {{ lead.FirstName : 'there' }}!").is_empty());
        assert_eq!(
            tokens_without_default("{{lead.a}} and {{visitor.b:}}"),
            vec!["lead.a", "visitor.b"]
        );
        assert!(tokens_without_default("{{not a token}} {{").is_empty());
    }
}
