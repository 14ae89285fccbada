//! Search snippets: the backend wraps matched words in `[` and `]`; the UI shows them highlighted.

/// A piece of a snippet, highlighted when it matched the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub matched: bool,
}

/// Splits a snippet at its `[` … `]` markers. An unclosed `[` is kept as plain text.
pub fn segments(snippet: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |text: &str, matched: bool| {
        if !text.is_empty() {
            out.push(Segment {
                text: text.to_owned(),
                matched,
            });
        }
    };
    let mut rest = snippet;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open + 1..].find(']') else {
            break;
        };
        push(&rest[..open], false);
        push(&rest[open + 1..open + 1 + len], true);
        rest = &rest[open + 1 + len + 1..];
    }
    push(rest, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str, matched: bool) -> Segment {
        Segment {
            text: text.into(),
            matched,
        }
    }

    #[test]
    fn markers_become_highlights() {
        assert_eq!(
            segments("…the [quarterly] [report] is due"),
            vec![
                seg("…the ", false),
                seg("quarterly", true),
                seg(" ", false),
                seg("report", true),
                seg(" is due", false),
            ]
        );
    }

    #[test]
    fn plain_and_unbalanced_text_is_kept() {
        assert_eq!(segments("no match"), vec![seg("no match", false)]);
        assert_eq!(segments("a [b"), vec![seg("a [b", false)]);
        assert_eq!(segments(""), vec![]);
        assert_eq!(segments("[ü]"), vec![seg("ü", true)]);
    }
}
