//! A small XML writer: elements, attributes and text, escaped once here.
//!
//! WordprocessingML is written by hand (see `docx`), so every string from a
//! document passes through [`Xml::text`] or an attribute value, which escape
//! `& < > "` and drop the characters XML 1.0 cannot hold (C0 controls other
//! than tab and line ends, U+FFFE, U+FFFF): a stray control character in data
//! can never make a file Word refuses to open.

/// An XML text being written: a part ([`Xml::part`]) or a fragment to splice
/// into one (`Xml::default()`).
#[derive(Debug, Default)]
pub(crate) struct Xml {
    out: String,
}

/// The XML declaration every part starts with.
const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

impl Xml {
    /// A new part, starting with the XML declaration.
    pub fn part() -> Xml {
        Xml {
            out: DECLARATION.to_string(),
        }
    }

    /// `<tag a="v" …>`.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start(tag, attrs);
        self.out.push('>');
        self
    }

    /// `<tag a="v" …/>`.
    pub fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start(tag, attrs);
        self.out.push_str("/>");
        self
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// `<tag>text</tag>` (attributes optional).
    pub fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag)
    }

    /// Escaped character data.
    pub fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s, false);
        self
    }

    /// Markup written as it is (from this module's callers, never from data).
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// Appends a fragment.
    pub fn append(&mut self, other: Xml) -> &mut Self {
        self.out.push_str(&other.out);
        self
    }

    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape_into(&mut self.out, v, true);
            self.out.push('"');
        }
    }
}

/// Whether XML 1.0 can hold `c`.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            // Line ends in attribute values would be normalised to blanks.
            '\n' if attr => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut x = Xml::default();
        x.open("w:p", &[("a", "x\"<&>y")])
            .text("a<b>&c\u{1}\u{b}\u{fffe}d\"")
            .close("w:p");
        assert_eq!(
            x.finish(),
            "<w:p a=\"x&quot;&lt;&amp;&gt;y\">a&lt;b&gt;&amp;cd\"</w:p>"
        );
    }

    #[test]
    fn keeps_cjk_and_astral() {
        let mut x = Xml::default();
        x.leaf("t", &[], "仿宋𠀀\t");
        assert_eq!(x.finish(), "<t>仿宋𠀀\t</t>");
        assert!(Xml::part().finish().starts_with("<?xml"));
        let mut e = Xml::default();
        assert!(e.is_empty());
        e.empty("w:b", &[]).raw("<!---->");
        assert!(!e.is_empty());
        assert_eq!(e.finish(), "<w:b/><!---->");
    }

    #[test]
    fn line_ends_survive_attributes() {
        // In text a line feed stays itself and a carriage return is a
        // reference (a parser would turn a raw one into a line feed); in an
        // attribute both are references (raw, they would become blanks).
        let mut x = Xml::default();
        x.empty("a", &[("v", "1\n2\r3")]).text("4\n5\r6");
        assert_eq!(x.finish(), "<a v=\"1&#10;2&#13;3\"/>4\n5&#13;6");
    }
}
