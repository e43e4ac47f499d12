//! A cheap, linear pass over a case file's text before the YAML parser sees
//! it: it refuses nesting deeper than [`MAX_NESTING`] (the parser's time
//! grows with the square of the depth: 100,000 nested `[` took 24 s) and
//! tags outside YAML's core schema (`!evil x`, which the parser would pass
//! on and the case reader silently drop), naming the line and column.
//!
//! It follows just enough of YAML to know where a node starts: quoted
//! scalars (across lines), comments, block scalars, flow collections and
//! block indentation. It counts nesting generously (every deeper indent and
//! every `- ` is a level), so it never lets a deep file through; real case
//! files nest five levels at most.

/// Deepest nesting a case file may have: far beyond any case (five levels),
/// far below what makes the parser slow.
pub const MAX_NESTING: usize = 128;

/// Tags a case file may use: the core schema's, and the non-specific `!`.
const CORE_TAGS: &[&str] = &[
    "!", "!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StructureProblem {
    TooDeep {
        line: usize,
        column: usize,
    },
    Tag {
        line: usize,
        column: usize,
        tag: String,
    },
}

impl StructureProblem {
    pub(crate) fn position(&self) -> (usize, usize) {
        match self {
            StructureProblem::TooDeep { line, column }
            | StructureProblem::Tag { line, column, .. } => (*line, *column),
        }
    }

    pub(crate) fn message(&self) -> String {
        match self {
            StructureProblem::TooDeep { .. } => format!(
                "the file nests lists or maps more than {MAX_NESTING} levels deep; no case does"
            ),
            StructureProblem::Tag { tag, .. } => format!(
                "the tag `{tag}` is not one a case file may use (only YAML's core tags like !!str are read; others would be dropped)"
            ),
        }
    }
}

#[derive(Default)]
struct Scanner {
    flow_depth: usize,
    /// Indents of the enclosing block nodes.
    indents: Vec<usize>,
    /// Inside a quoted scalar that goes on past the line.
    quote: Option<char>,
    /// Inside a block scalar (`|`, `>`) started on a line of this indent.
    block_scalar: Option<usize>,
}

pub(crate) fn check_structure(text: &str) -> Result<(), StructureProblem> {
    let mut scanner = Scanner::default();
    for (index, line) in text.split('\n').enumerate() {
        scanner.line(index + 1, line.strip_suffix('\r').unwrap_or(line))?;
    }
    Ok(())
}

impl Scanner {
    fn line(&mut self, number: usize, line: &str) -> Result<(), StructureProblem> {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|c| **c == ' ').count();
        let blank = chars[indent..].iter().all(|c| c.is_whitespace());
        if let Some(parent) = self.block_scalar {
            if blank || indent > parent {
                return Ok(());
            }
            self.block_scalar = None;
        }
        let mut position = 0;
        let mut block_depth = self.indents.len();
        if self.quote.is_none() && self.flow_depth == 0 {
            if blank || chars.get(indent) == Some(&'#') {
                return Ok(());
            }
            if chars.get(indent) == Some(&'%') {
                return directive(number, &chars);
            }
            while self.indents.last().is_some_and(|last| *last >= indent) {
                self.indents.pop();
            }
            self.indents.push(indent);
            position = indent;
            block_depth = self.indents.len();
            // Compact nesting: `- - - x` opens a list per dash.
            while matches!(chars.get(position), Some('-' | '?'))
                && chars.get(position + 1).is_none_or(|c| *c == ' ')
            {
                block_depth += 1;
                position += 1;
                while chars.get(position) == Some(&' ') {
                    position += 1;
                }
            }
            if block_depth > MAX_NESTING {
                return Err(StructureProblem::TooDeep {
                    line: number,
                    column: position + 1,
                });
            }
        }
        self.rest(number, &chars, position, indent, block_depth)
    }

    /// Scans `chars` from `position`, knowing where nodes start.
    fn rest(
        &mut self,
        number: usize,
        chars: &[char],
        mut position: usize,
        indent: usize,
        block_depth: usize,
    ) -> Result<(), StructureProblem> {
        let mut node_start = self.quote.is_none();
        while position < chars.len() {
            let c = chars[position];
            if let Some(quote) = self.quote {
                position = end_of_quote(chars, position, quote).map_or(chars.len(), |end| {
                    self.quote = None;
                    end
                });
                node_start = false;
                continue;
            }
            let after_space = position == 0 || chars[position - 1].is_whitespace();
            match c {
                ' ' | '\t' => {}
                '#' if after_space => return Ok(()),
                '"' | '\'' if node_start => {
                    self.quote = Some(c);
                    position += 1;
                    continue;
                }
                '!' if node_start => {
                    position = checked_tag(number, chars, position)?;
                    continue;
                }
                '&' | '*' if node_start => {
                    position = token_end(chars, position);
                    continue;
                }
                '[' | '{' if node_start || self.flow_depth > 0 => {
                    self.flow_depth += 1;
                    if block_depth + self.flow_depth > MAX_NESTING {
                        return Err(StructureProblem::TooDeep {
                            line: number,
                            column: position + 1,
                        });
                    }
                    node_start = true;
                    position += 1;
                    continue;
                }
                ']' | '}' if self.flow_depth > 0 => {
                    self.flow_depth -= 1;
                    node_start = false;
                }
                ',' if self.flow_depth > 0 => {
                    node_start = true;
                    position += 1;
                    continue;
                }
                '|' | '>' if node_start && self.flow_depth == 0 => {
                    self.block_scalar = Some(indent);
                    return Ok(());
                }
                ':' if chars
                    .get(position + 1)
                    .is_none_or(|next| next.is_whitespace())
                    || self.flow_depth > 0 =>
                {
                    node_start = true;
                    position += 1;
                    continue;
                }
                '-' | '?' if node_start && chars.get(position + 1).is_none_or(|n| *n == ' ') => {}
                _ => node_start = false,
            }
            position += 1;
        }
        Ok(())
    }
}

/// Where the quoted scalar that `quote` opened ends (after its closing
/// quote), scanning from `position`; `None` if it goes on past the line.
fn end_of_quote(chars: &[char], mut position: usize, quote: char) -> Option<usize> {
    while position < chars.len() {
        let c = chars[position];
        if quote == '"' && c == '\\' {
            position += 2;
            continue;
        }
        if c == quote {
            if quote == '\'' && chars.get(position + 1) == Some(&'\'') {
                position += 2;
                continue;
            }
            return Some(position + 1);
        }
        position += 1;
    }
    None
}

/// The end of the tag starting at `start`, if it is a core one.
fn checked_tag(number: usize, chars: &[char], start: usize) -> Result<usize, StructureProblem> {
    let end = token_end(chars, start);
    let tag: String = chars[start..end].iter().collect();
    if !is_core_tag(&tag) {
        return Err(StructureProblem::Tag {
            line: number,
            column: start + 1,
            tag,
        });
    }
    Ok(end)
}

fn token_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !",[]{}".contains(chars[end]) {
        end += 1;
    }
    end
}

fn is_core_tag(tag: &str) -> bool {
    CORE_TAGS.contains(&tag)
        || tag
            .strip_prefix("!<tag:yaml.org,2002:")
            .is_some_and(|rest| {
                ["str>", "int>", "float>", "bool>", "null>", "map>", "seq>"].contains(&rest)
            })
}

/// `%YAML` is harmless; `%TAG` could make `!!str` mean any tag.
fn directive(number: usize, chars: &[char]) -> Result<(), StructureProblem> {
    let text: String = chars.iter().collect();
    if text.starts_with("%TAG") {
        return Err(StructureProblem::Tag {
            line: number,
            column: 1,
            tag: text
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_and_block_nesting_is_refused_where_it_gets_too_deep() {
        let flow = "a: ".to_string() + &"[".repeat(200);
        assert_eq!(
            check_structure(&flow),
            Err(StructureProblem::TooDeep {
                line: 1,
                column: 4 + MAX_NESTING - 1
            })
        );
        let dashes = "- ".repeat(200) + "x";
        assert!(matches!(
            check_structure(&dashes),
            Err(StructureProblem::TooDeep { line: 1, .. })
        ));
        let mut indented = String::new();
        for depth in 0..200 {
            indented.push_str(&" ".repeat(depth));
            indented.push_str("k:\n");
        }
        assert!(matches!(
            check_structure(&indented),
            Err(StructureProblem::TooDeep { line: 129, .. })
        ));
    }

    #[test]
    fn brackets_in_text_quotes_comments_and_block_scalars_are_not_nesting() {
        let many = "[".repeat(300);
        let text = format!(
            "title: see {many}\nnote: '{many}'\nother: \"{many}\\\"{many}\"\n# {many}\nblock: |\n  {many}\n  {{{{\nlast: [a, [b], {{c: d}}]\nmultiline: \"one\n  {many} two\"\n"
        );
        assert_eq!(check_structure(&text), Ok(()));
    }

    #[test]
    fn only_core_tags_pass() {
        assert_eq!(
            check_structure("a: !!str 1\nb: ! x\nc: [!!int 3]\n"),
            Ok(())
        );
        assert_eq!(
            check_structure("a: 1\nb: !evil x\n"),
            Err(StructureProblem::Tag {
                line: 2,
                column: 4,
                tag: "!evil".to_string()
            })
        );
        assert!(matches!(
            check_structure("a: [1, !x 2]"),
            Err(StructureProblem::Tag { column: 8, .. })
        ));
        assert!(matches!(
            check_structure("%TAG !! tag:evil.example,2000:\n---\na: !!str x\n"),
            Err(StructureProblem::Tag { line: 1, .. })
        ));
        assert_eq!(check_structure("title: wow! great\nx: 'a !b'\n"), Ok(()));
    }
}
