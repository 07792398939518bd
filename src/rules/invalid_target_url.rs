use crate::finding::Finding;
use crate::rules::StreamContext;

declare_rule! {
    /// ## What it checks
    /// That each `target` URL (in `include` and `exclude`) is one of the forms the product
    /// accepts: `http(s)://host`, `http(s)://*.host`, `http(s)://host/path/*`,
    /// `http(s)://*.host/path/*`, or an exact URL; and has no query string.
    ///
    /// ## Why it matters
    /// A target that matches no page means the stream never shows; one with a wildcard in the
    /// wrong place or a query string is silently treated as something else.
    ///
    /// ## What the visitor experiences
    /// The stream does not appear on the pages it was written for (or appears where it should not).
    ///
    /// ## Example
    /// ```yaml
    /// target:
    ///   include: ["acme.example/pricing*", "https://acme.example/?utm=ads"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// target:
    ///   include: ["https://acme.example/pricing/*", "https://acme.example/"]
    /// ```
    name: "invalid-target-url",
    severity: Error,
    category: Structure,
    summary: "a target URL is not one of the accepted forms or has a query string",
    check: Some(check),
}

fn check(cx: &StreamContext, out: &mut Vec<Finding>) {
    let Some(target) = &cx.stream.target else {
        return;
    };
    for url in target.include.iter().chain(&target.exclude) {
        if let Some(problem) = url_problem(&url.value) {
            out.push(
                Finding::new(&RULE, url.span, format!("target URL `{}` {problem}", url.value))
                    .label("not an accepted target form")
                    .help("use `https://host`, `https://*.host`, `https://host/path/*`, `https://*.host/path/*` or an exact URL, without `?query`"),
            );
        }
    }
}

/// What is wrong with a target URL, if anything.
pub fn url_problem(url: &str) -> Option<&'static str> {
    if url.chars().any(char::is_whitespace) {
        return Some("contains whitespace");
    }
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some("must start with `http://` or `https://`");
    };
    if rest.contains('?') {
        return Some("has a query string; targets match the page address without it");
    }
    let (host, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (wild_host, bare_host) = match host.strip_prefix("*.") {
        Some(h) => (true, h),
        None => (false, host),
    };
    let (name, port) = match bare_host.rsplit_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (bare_host, None),
    };
    if name.contains('*') {
        return Some("has a wildcard inside the host; only a leading `*.` is accepted");
    }
    if name.is_empty()
        || name.split('.').any(str::is_empty)
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    {
        return Some("has no valid host");
    }
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Some("has an invalid port");
    }
    let wildcards = path.matches('*').count();
    if wildcards > 1 || (wildcards == 1 && !path.ends_with("/*")) {
        return Some("has a wildcard in the path; only a trailing `/*` is accepted");
    }
    if wild_host && wildcards == 0 && !path.is_empty() && path != "/" {
        return Some("combines a wildcard host with an exact path; end the path with `/*`");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::url_problem;

    #[test]
    fn accepted_forms() {
        for ok in [
            "https://acme.example",
            "http://acme.example/",
            "https://*.acme.example",
            "https://acme.example/pricing/*",
            "https://*.acme.example/pricing/*",
            "https://acme.example/pricing/enterprise",
            "https://localhost:8080/x",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn refused_forms() {
        for bad in [
            "acme.example",
            "ftp://acme.example",
            "https://acme.example/?utm=1",
            "https://acme.*.example",
            "https://acme.example/pri*cing",
            "https://acme.example/*/x",
            "https://",
            "https://a..b",
            "https://*.acme.example/pricing",
            "https://acme example",
        ] {
            assert!(url_problem(bad).is_some(), "{bad}");
        }
    }
}
