//! Note bodies: markdown rendered to HTML, then sanitized, so a note (which an agent or a
//! sync peer may have written) can never run script or restyle the app inside the preview.

use pulldown_cmark::{Options, Parser, html};
use std::{borrow::Cow, collections::HashSet};

/// Renders markdown to HTML that is safe to insert into the page.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    sanitize(&unsafe_html)
}

fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        // Task-list checkboxes are the one form control markdown produces.
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .attribute_filter(|element, attribute, value| {
            if element == "input" && attribute == "type" && value != "checkbox" {
                return None;
            }
            Some(Cow::Borrowed(value))
        })
        // The CSP forbids inline styles anyway; dropping them keeps the markup honest.
        .rm_generic_attributes(HashSet::from(["style"]))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn headings_lists_emphasis_and_code_render() {
        let html = render(
            "# Plan\n\n- one\n- **two**\n\n1. first\n\n`inline` and\n\n```rust\nfn main() {}\n```\n",
        );
        assert!(html.contains("<h1>Plan</h1>"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
        assert!(html.contains("<strong>two</strong>"), "{html}");
        assert!(html.contains("<ol>"), "{html}");
        assert!(html.contains("<code>inline</code>"), "{html}");
        assert!(html.contains("<pre><code"), "{html}");
        assert!(html.contains("fn main() {}"), "{html}");
    }

    #[test]
    fn script_tags_are_removed() {
        let html =
            render("hello <script>alert('x')</script> world\n\n<script>\nalert(1)\n</script>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert"), "{html}");
        assert!(html.contains("hello"), "{html}");
    }

    #[test]
    fn javascript_links_are_removed() {
        let html = render("[click](javascript:alert(1)) <a href=\"javascript:alert(2)\">raw</a>");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("click"), "{html}");
    }

    #[test]
    fn event_handlers_and_styles_are_removed() {
        let html =
            render("<img src=x onerror=\"alert(1)\"> <p style=\"color:red\" onclick=\"x()\">p</p>");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn safe_links_stay_and_tables_render() {
        let html = render("[site](https://example.com)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<td>1</td>"), "{html}");
    }

    #[test]
    fn task_lists_keep_checkboxes_but_not_other_inputs() {
        let html = render("- [x] done\n- [ ] open\n\n<input type=\"text\" value=\"x\">");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("checked"), "{html}");
        assert!(!html.contains("type=\"text\""), "{html}");
    }

    #[test]
    fn empty_markdown_is_empty_html() {
        assert_eq!(render(""), "");
    }
}
