//! Where each key path starts in a YAML text.
//!
//! serde reports positions for syntax and type errors but keeps none once a value
//! is deserialised, so semantic errors (a duplicate id, an unknown source) would
//! have no place to point at. [`SourceMap::build`] makes one light pass over the
//! same text with saphyr-parser's event stream and records, for every node, its
//! key path (`sections[0].items[3].id`) and byte span. Aliases are not expanded,
//! so the pass is linear in the size of the text.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScanError};

/// Deepest nesting of mappings and sequences accepted. Real inputs nest fewer
/// than ten levels; the limit keeps a hostile file (`[[[[…`) from costing
/// quadratic time in path strings. serde_norway stops at 128 too.
pub const MAX_NESTING: usize = 128;

/// Byte spans of every node in a YAML document, by key path.
#[derive(Debug, Default)]
pub struct SourceMap {
    nodes: HashMap<String, Node>,
}

/// The places of one node.
#[derive(Debug, Clone)]
pub struct Node {
    /// Span of the key, for mapping entries.
    pub key: Option<Range<usize>>,
    /// Span of the value (for a mapping or sequence, its first token).
    pub value: Range<usize>,
}

enum Frame {
    Map {
        prefix: String,
        key: Option<(String, Range<usize>)>,
    },
    Seq {
        prefix: String,
        index: usize,
    },
}

/// A syntax error found while mapping positions.
#[derive(Debug)]
pub struct SyntaxError {
    /// Byte offset of the error.
    pub offset: usize,
    /// The parser's message.
    pub message: String,
    /// A control character (NUL, ESC, BEL …) in a value, written raw or as an
    /// escape: not a syntax error, but text that must never reach a document.
    pub control: bool,
}

/// The first control character in `s` other than tab, line feed and carriage return.
fn control_char(s: &str) -> Option<char> {
    s.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

impl SourceMap {
    /// Records the span of every node of the first document in `text`.
    pub fn build(text: &str) -> Result<SourceMap, SyntaxError> {
        let mut chars = CharIndex::new(text);
        let mut map = SourceMap::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e: ScanError| SyntaxError {
                offset: chars.byte(e.marker().index()),
                message: e.info().to_string(),
                control: false,
            })?;
            let range = chars.byte(span.start.index())..chars.byte(span.end.index());
            match event {
                Event::Scalar(value, ..) if control_char(&value).is_some() => {
                    let c = control_char(&value).unwrap_or_default();
                    // Point at the raw character when it is there, else at the value.
                    let at = text
                        .get(range.clone())
                        .and_then(|t| t.find(c))
                        .map_or(range.start, |i| range.start + i);
                    return Err(SyntaxError {
                        offset: at,
                        message: format!("control character U+{:04X} in text", u32::from(c)),
                        control: true,
                    });
                }
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                        if key.is_none() {
                            *key = Some((value.to_string(), range));
                            continue;
                        }
                    }
                    map.insert_node(&mut stack, range);
                }
                Event::Alias(_) => {
                    map.insert_node(&mut stack, range);
                }
                Event::MappingStart(..) | Event::SequenceStart(..)
                    if stack.len() >= MAX_NESTING =>
                {
                    return Err(SyntaxError {
                        offset: range.start,
                        message: format!("nesting deeper than {MAX_NESTING} levels"),
                        control: false,
                    });
                }
                Event::MappingStart(..) => {
                    let path = map.insert_node(&mut stack, range);
                    stack.push(Frame::Map {
                        prefix: path,
                        key: None,
                    });
                }
                Event::SequenceStart(..) => {
                    let path = map.insert_node(&mut stack, range);
                    stack.push(Frame::Seq {
                        prefix: path,
                        index: 0,
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                Event::DocumentEnd => break,
                _ => {}
            }
        }
        Ok(map)
    }

    /// Records a value node at the current place; returns its path.
    fn insert_node(&mut self, stack: &mut [Frame], value: Range<usize>) -> String {
        let (path, key) = match stack.last_mut() {
            None => (String::new(), None),
            Some(Frame::Map { prefix, key }) => match key.take() {
                Some((k, kspan)) => (join(prefix, &k), Some(kspan)),
                // A complex key (mapping as key): give it no path.
                None => (format!("{prefix}.?"), None),
            },
            Some(Frame::Seq { prefix, index }) => {
                let p = format!("{prefix}[{index}]");
                *index += 1;
                (p, None)
            }
        };
        self.nodes
            .entry(path.clone())
            .or_insert(Node { key, value });
        path
    }

    /// Key paths whose value is a plain YAML null (`~`, `null`), with its span.
    pub fn nulls<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (&'a str, Range<usize>)> + 'a {
        self.nodes.iter().filter_map(move |(p, n)| {
            let v = text.get(n.value.clone())?.trim();
            matches!(v, "~" | "null" | "Null" | "NULL").then(|| (p.as_str(), n.value.clone()))
        })
    }

    /// The node at a key path such as `sections[0].items[2].text`.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// The best span for a path: the value, else the nearest ancestor that exists.
    pub fn value_span(&self, path: &str) -> Option<Range<usize>> {
        let mut p = path;
        loop {
            if let Some(n) = self.nodes.get(p) {
                return Some(n.value.clone());
            }
            p = parent(p)?;
        }
    }

    /// The span of a mapping key at `path`, else of its value or nearest ancestor.
    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        match self.nodes.get(path) {
            Some(Node { key: Some(k), .. }) => Some(k.clone()),
            _ => self.value_span(path),
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// Maps saphyr's character indexes to byte offsets.
///
/// Events arrive in text order, so a cursor that walks forward keeps the whole
/// pass linear; a request behind the cursor restarts from the beginning.
struct CharIndex<'a> {
    text: &'a str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        CharIndex {
            text,
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        let text = self.text;
        let mut it = text[self.bytes..].char_indices();
        while self.chars < char_index {
            match it.next() {
                Some((_, c)) => {
                    self.bytes += c.len_utf8();
                    self.chars += 1;
                }
                None => break,
            }
        }
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_nested_paths() {
        let t = "id: a\nsections:\n  - id: s\n    items:\n      - id: 安全\n        text: x\n";
        let m = SourceMap::build(t).unwrap_or_default();
        let n = m.get("sections[0].items[0].id").map(|n| n.value.clone());
        assert_eq!(n.map(|r| &t[r]), Some("安全"));
        let k = m.key_span("sections[0].items[0].text");
        assert_eq!(k.map(|r| &t[r]), Some("text"));
        // A path that does not exist falls back to its nearest ancestor.
        assert!(m.value_span("sections[0].items[0].basis.source").is_some());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let text = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = SourceMap::build(&text).err().map(|e| e.message);
        assert!(e.is_some_and(|m| m.contains("nesting deeper") || m.contains("recursion limit")));
    }

    #[test]
    fn syntax_error_has_offset() {
        let e = SourceMap::build("a: [1, 2\nb: c\n").err();
        assert!(e.is_some());
    }
}
