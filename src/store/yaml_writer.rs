//! Writes a YAML value as block-style text. It exists because the YAML
//! library leaves `yes`, `no`, `on`, `off`, `y`, `n` unquoted (they are
//! strings in YAML 1.2), while YAML 1.1 readers — the ones other tools and
//! people's scripts use — would read them as booleans. Here every string a
//! YAML 1.1 or 1.2 reader could take for a null, boolean or number is quoted.

use std::fmt::Write as _;

use serde_yaml::{Mapping, Number, Value};

/// Keys longer than this would need YAML's explicit-key syntax.
const MAX_KEY_CHARS: usize = 1000;

const INDENT: usize = 2;

pub(crate) fn to_yaml_text(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    write_node(&mut out, value, 0, Position::TopLevel)?;
    Ok(out)
}

#[derive(Clone, Copy, PartialEq)]
enum Position {
    TopLevel,
    /// After `key:` on a line indented by the given mapping indent.
    MappingValue,
    /// After `- ` of a sequence item at the given indent.
    SequenceItem,
}

fn write_node(
    out: &mut String,
    value: &Value,
    indent: usize,
    position: Position,
) -> Result<(), String> {
    match value {
        Value::Mapping(mapping) if !mapping.is_empty() => {
            let (entries_indent, first_inline) = match position {
                Position::TopLevel => (0, true),
                Position::MappingValue => {
                    out.push('\n');
                    (indent + INDENT, false)
                }
                Position::SequenceItem => {
                    out.push(' ');
                    (indent + INDENT, true)
                }
            };
            write_mapping(out, mapping, entries_indent, first_inline)
        }
        Value::Sequence(items) if !items.is_empty() => {
            let (items_indent, first_inline) = match position {
                Position::TopLevel => (0, true),
                // Same indent as the key, as most YAML in the wild is written.
                Position::MappingValue => {
                    out.push('\n');
                    (indent, false)
                }
                Position::SequenceItem => {
                    out.push(' ');
                    (indent + INDENT, true)
                }
            };
            for (index, item) in items.iter().enumerate() {
                if index > 0 || !first_inline {
                    push_indent(out, items_indent);
                }
                out.push('-');
                write_node(out, item, items_indent, Position::SequenceItem)?;
            }
            Ok(())
        }
        Value::String(text) if position != Position::TopLevel && literal_block_fits(text) => {
            out.push(' ');
            write_literal_block(out, text, indent + INDENT);
            Ok(())
        }
        scalar => {
            if position != Position::TopLevel {
                out.push(' ');
            }
            out.push_str(&inline_scalar(scalar)?);
            out.push('\n');
            Ok(())
        }
    }
}

fn write_mapping(
    out: &mut String,
    mapping: &Mapping,
    indent: usize,
    first_inline: bool,
) -> Result<(), String> {
    for (index, (key, value)) in mapping.iter().enumerate() {
        if index > 0 || !first_inline {
            push_indent(out, indent);
        }
        let key_text = match key {
            Value::Mapping(_) | Value::Sequence(_) => {
                return Err("a map key is itself a list or map".to_string());
            }
            scalar => inline_scalar(scalar)?,
        };
        if key_text.chars().count() > MAX_KEY_CHARS {
            return Err(format!("a key is longer than {MAX_KEY_CHARS} characters"));
        }
        out.push_str(&key_text);
        out.push(':');
        write_node(out, value, indent, Position::MappingValue)?;
    }
    Ok(())
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn inline_scalar(value: &Value) -> Result<String, String> {
    Ok(match value {
        Value::Null => "null".to_string(),
        Value::Bool(true) => "true".to_string(),
        Value::Bool(false) => "false".to_string(),
        Value::Number(number) => number_text(number),
        Value::String(text) => quoted_if_needed(text),
        Value::Tagged(tagged) => {
            return Err(format!(
                "a value is tagged `{}`, which case files never use",
                tagged.tag
            ));
        }
        Value::Mapping(mapping) if mapping.is_empty() => "{}".to_string(),
        Value::Sequence(items) if items.is_empty() => "[]".to_string(),
        Value::Mapping(_) | Value::Sequence(_) => {
            return Err("a list or map appeared where a single value belongs".to_string());
        }
    })
}

fn number_text(number: &Number) -> String {
    if number.is_f64() {
        return number
            .as_f64()
            .map_or_else(|| number.to_string(), float_text);
    }
    number.to_string()
}

/// YAML 1.1 readers only take `1.0e+3` as a float: a dot and a signed exponent.
fn float_text(value: f64) -> String {
    if value.is_nan() {
        return ".nan".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf" } else { "-.inf" }.to_string();
    }
    let shortest = format!("{value:?}");
    let (mantissa, exponent) = match shortest.split_once('e') {
        Some((mantissa, exponent)) => (mantissa.to_string(), Some(exponent.to_string())),
        None => (shortest, None),
    };
    let mantissa = if mantissa.contains('.') {
        mantissa
    } else {
        format!("{mantissa}.0")
    };
    match exponent {
        Some(exponent) if exponent.starts_with('-') => format!("{mantissa}e{exponent}"),
        Some(exponent) => format!("{mantissa}e+{exponent}"),
        None => mantissa,
    }
}

/// The text as a plain scalar when that reads back as the same string in
/// every YAML version, else single-quoted, else double-quoted with escapes.
pub(crate) fn quoted_if_needed(text: &str) -> String {
    if plain_is_safe(text) {
        return text.to_string();
    }
    if text.chars().all(|c| c != '\t' && is_safe_printable(c)) {
        return format!("'{}'", text.replace('\'', "''"));
    }
    double_quoted(text)
}

/// Printable and never a line break in any YAML version (NEL, LS and PS
/// are line breaks in YAML 1.1; a BOM may be dropped by readers).
fn is_safe_printable(c: char) -> bool {
    let code = c as u32;
    (c == '\t' || code >= 0x20)
        && code != 0x7F
        && !(0x80..=0x9F).contains(&code)
        && !matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

fn plain_is_safe(text: &str) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
        return false;
    };
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !first.is_whitespace()
        && !last.is_whitespace()
        && last != ':'
        && text.chars().all(|c| c != '\t' && is_safe_printable(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !could_be_read_as_non_string(text)
}

/// Whether some YAML 1.1 or 1.2 reader resolves this plain scalar to a null,
/// boolean, number or merge key. Deliberately broad: anything that starts like
/// a number and uses only number-ish characters (`0x1F`, `1_000`, `1:20`,
/// `2024-05-01`, `2001-12-14 21:59:43`) is quoted, as quoting a string is
/// never wrong.
pub(crate) fn could_be_read_as_non_string(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "null", "~", "y", "n", "yes", "no", "true", "false", "on", "off", "<<", "=", ".inf",
        "-.inf", "+.inf", ".nan",
    ];
    let lower = text.to_ascii_lowercase();
    if WORDS.contains(&lower.as_str()) {
        return true;
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut chars = unsigned.chars();
    let starts_like_number = match chars.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some('.') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    (starts_like_number
        && unsigned
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '+' | '-')))
        || looks_like_timestamp(text)
}

/// YAML 1.1 timestamps may separate the date and the time with spaces or
/// tabs (`2001-12-14 21:59:43.10 -5`): a year, a dash, and only the
/// characters a timestamp uses.
fn looks_like_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 5
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes.iter().all(|b| {
            b.is_ascii_digit()
                || matches!(
                    b,
                    b'-' | b':' | b'.' | b'+' | b' ' | b'\t' | b'T' | b't' | b'Z' | b'z'
                )
        })
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if is_safe_printable(c) => out.push(c),
            c if (c as u32) <= 0xFF => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Multi-line notes read best as a `|` block. Only used when the text needs
/// no indentation indicator and at most one trailing newline, the cases
/// where the block form is unambiguous.
fn literal_block_fits(text: &str) -> bool {
    text.contains('\n')
        && text.chars().next().is_some_and(|c| !c.is_whitespace())
        && !text.ends_with("\n\n")
        && text.chars().all(|c| c == '\n' || is_safe_printable(c))
}

fn write_literal_block(out: &mut String, text: &str, indent: usize) {
    let (body, header) = match text.strip_suffix('\n') {
        Some(body) => (body, "|"),
        None => (text, "|-"),
    };
    out.push_str(header);
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            push_indent(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
}
