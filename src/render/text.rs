//! Texts in pictures: cleaned, cut to their first words, measured and wrapped without a font.
//!
//! Widths are estimates in pixels for a 12px sans-serif font, on the generous side (wide capitals
//! count as wide; CJK and emoji as two columns) so that a drawn text never outgrows its box.

/// Collapses whitespace and drops control and bidirectional-override characters, which could
/// break a syntax or reorder the text around them (right-to-left letters themselves stay).
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first words of a text, at most `max` characters, cut at a word boundary with `…`.
pub fn first_words(text: &str, max: usize) -> String {
    let text = clean(text);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i >= cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end())
}

/// Estimated width of one character, in pixels, at 12px.
pub fn char_width(c: char) -> f64 {
    if is_wide(c) {
        13.0
    } else if "iljtfrI.,:;'!|()[] ".contains(c) {
        4.5
    } else if c.is_ascii_uppercase() || "mwMW@%&#".contains(c) {
        9.5
    } else {
        7.2
    }
}

/// East Asian wide and fullwidth characters and emoji (two columns in a terminal).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2600..=0x27BF
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F000..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// Estimated width of a text at 12px; `scale` adapts it to another font size.
pub fn width(text: &str, scale: f64) -> f64 {
    text.chars().map(char_width).sum::<f64>() * scale
}

/// Wraps a text into at most `max_lines` lines of at most `max_width` pixels (at `scale`),
/// breaking at spaces (inside a word when it alone is too long); what does not fit is cut with
/// `…`.
pub fn wrap(text: &str, max_width: f64, max_lines: usize, scale: f64) -> Vec<String> {
    let text = clean(text);
    let ellipsis = char_width('…') * scale;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    let mut truncated = false;
    'words: for word in text.split(' ') {
        let word_w = width(word, scale);
        let space_w = if line.is_empty() {
            0.0
        } else {
            char_width(' ') * scale
        };
        if line_w + space_w + word_w <= max_width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            line_w += space_w + word_w;
            continue;
        }
        // The word does not fit on this line: start a new one (or split a word longer than a
        // whole line).
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_w = 0.0;
            if lines.len() == max_lines {
                truncated = true;
                break;
            }
        }
        for c in word.chars() {
            let w = char_width(c) * scale;
            if line_w + w > max_width {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
                if lines.len() == max_lines {
                    truncated = true;
                    break 'words;
                }
            }
            line.push(c);
            line_w += w;
        }
    }
    if !truncated && !line.is_empty() {
        lines.push(line);
    }
    if truncated {
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && width(last, scale) + ellipsis > max_width {
                last.pop();
            }
            let trimmed = last.trim_end().to_string();
            *last = format!("{trimmed}…");
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_controls_and_overrides_but_keeps_rtl_letters() {
        assert_eq!(clean("a\n\tb\u{202E}c\u{0007}"), "a bc");
        assert_eq!(clean("  שלום  עולם "), "שלום עולם");
    }

    #[test]
    fn first_words_cuts_at_a_word_with_an_ellipsis() {
        assert_eq!(first_words("one two three four", 12), "one two…");
        assert_eq!(first_words("short", 12), "short");
        assert!(first_words(&"x".repeat(100), 10).chars().count() <= 10);
    }

    #[test]
    fn wrap_never_exceeds_the_width_or_the_line_count() {
        let texts = [
            "Would you like to chat with someone from our sales team today or tomorrow?",
            &"W".repeat(80),
            "日本語のテキストはとても長いのでここで折り返す必要があります。日本語のテキストはとても長い",
            &"😀".repeat(40),
        ];
        for t in texts {
            let lines = wrap(t, 150.0, 3, 1.0);
            assert!(lines.len() <= 3, "{lines:?}");
            for l in &lines {
                assert!(width(l, 1.0) <= 150.0, "{l} is too wide");
            }
            assert!(
                lines.last().unwrap().ends_with('…'),
                "{lines:?} cut without ellipsis"
            );
        }
        assert_eq!(wrap("a b", 150.0, 3, 1.0), vec!["a b"]);
        assert!(wrap("", 150.0, 3, 1.0).is_empty());
    }
}
