//! How deep YAML text nests, found in one linear pass before any YAML parser
//! sees it. serde_norway stops at 128 levels too, but only after its scanner
//! has spent time quadratic in the depth (100 KB of `[`: seconds). Used for
//! every YAML input ([`crate::model::load::check_nesting`]) and for the front
//! matter of rendered documents ([`crate::doc`]).

/// Deepest nesting of YAML collections accepted (flow brackets plus block
/// indentation levels).
pub const MAX_NESTING: usize = 128;

/// Byte offset where nesting first passes [`MAX_NESTING`], if it does.
pub fn nesting_violation(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut flow = 0usize; // open `[`/`{`
    let mut indents: Vec<usize> = Vec::new(); // block levels of the lines above
    let mut scalar_block: Option<usize> = None; // `|`/`>` body: lines deeper than this
    let mut quote: Option<u8> = None; // open quote, which may run over lines
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim();
        if let Some(parent) = scalar_block {
            if content.is_empty() || indent > parent {
                continue;
            }
            scalar_block = None;
        }
        if quote.is_none() && (content.is_empty() || content.starts_with('#')) {
            continue;
        }
        if flow == 0 && quote.is_none() {
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
            // `- - - x` opens one level per dash.
            let mut rest = &line[indent..];
            let mut dashes = 0;
            while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("-\t")) {
                dashes += 1;
                rest = r.trim_start_matches([' ', '\t']);
            }
            if indents.len() + dashes > MAX_NESTING {
                return Some(start + indent);
            }
        }
        // Flow brackets and quotes, byte by byte (all the markers are ASCII).
        let base = indents.len().saturating_sub(1);
        let mut prev = b' '; // the previous non-space byte outside quotes, ' ' at line start
        let mut i = start;
        while i < offset {
            let b = bytes[i];
            match quote {
                Some(b'"') => {
                    if b == b'\\' {
                        i += 1;
                    } else if b == b'"' {
                        quote = None;
                        prev = b'"';
                    }
                }
                Some(_) => {
                    if b == b'\'' {
                        if bytes.get(i + 1) == Some(&b'\'') {
                            i += 1;
                        } else {
                            quote = None;
                            prev = b'\'';
                        }
                    }
                }
                None => {
                    let value_start =
                        matches!(prev, b' ' | b'[' | b'{' | b',' | b':' | b'-' | b'?');
                    match b {
                        b'#' if i == start || bytes[i - 1].is_ascii_whitespace() => break,
                        b'"' | b'\'' if value_start => quote = Some(b),
                        b'[' | b'{' if value_start || flow > 0 => {
                            flow += 1;
                            if base + flow > MAX_NESTING {
                                return Some(i);
                            }
                        }
                        b']' | b'}' if flow > 0 => flow -= 1,
                        // Inside a plain scalar (`x[1]`): text.
                        b'[' | b'{' => {
                            prev = b'x';
                            i += 1;
                            continue;
                        }
                        _ => {}
                    }
                    if !b.is_ascii_whitespace() {
                        prev = b;
                    }
                }
            }
            i += 1;
        }
        // A quoted scalar may run over lines; flow brackets too. A block scalar
        // header ends its line: `key: |`, `- >-`.
        if quote.is_none() && flow == 0 {
            let tail = content.split(" #").next().unwrap_or("").trim_end();
            let last = tail.rsplit([' ', '\t']).next().unwrap_or("");
            if (last.starts_with('|') || last.starts_with('>'))
                && last[1..]
                    .chars()
                    .all(|c| matches!(c, '-' | '+' | '0'..='9'))
                && tail.len() > last.len()
            {
                scalar_block = Some(indent);
            }
        }
    }
    None
}
