//! Source text to syntax tree: the tokenizer and the recursive-descent parser
//! of the condition language. Syntax only: whether names and functions exist
//! and whether types fit is decided by `eval`.

use super::ExprError;

/// Longest source accepted, in characters.
pub const MAX_SOURCE_CHARS: usize = 4096;
/// Deepest nesting of parentheses, `not` and function calls accepted; it also
/// bounds the recursion of the parser, the checker and the evaluator.
pub const MAX_NESTING: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Expression {
    pub kind: Kind,
    /// 1-based column of the token errors about this expression point at.
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    Bool(bool),
    Number(f64),
    Text(String),
    Name(String),
    Not(Box<Expression>),
    // `and` and `or` are associative, so a chain stays flat instead of
    // becoming a tree as deep as the chain is long.
    And(Vec<Expression>),
    Or(Vec<Expression>),
    Compare {
        operator: Comparison,
        left: Box<Expression>,
        right: Box<Expression>,
    },
    Call {
        function: String,
        arguments: Vec<Expression>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Comparison {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Equal => "==",
            Comparison::NotEqual => "!=",
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => ">=",
        }
    }

    pub fn is_ordering(self) -> bool {
        !matches!(self, Comparison::Equal | Comparison::NotEqual)
    }
}

impl Expression {
    /// Pushes every name read, in source order, skipping ones already present.
    pub fn collect_names<'a>(&'a self, names: &mut Vec<&'a str>) {
        match &self.kind {
            Kind::Name(name) => {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
            Kind::Not(operand) => operand.collect_names(names),
            Kind::And(operands) | Kind::Or(operands) => {
                operands
                    .iter()
                    .for_each(|operand| operand.collect_names(names));
            }
            Kind::Compare { left, right, .. } => {
                left.collect_names(names);
                right.collect_names(names);
            }
            Kind::Call { arguments, .. } => {
                arguments
                    .iter()
                    .for_each(|argument| argument.collect_names(names));
            }
            Kind::Bool(_) | Kind::Number(_) | Kind::Text(_) => {}
        }
    }
}

impl Expression {
    /// Pushes every call of `same_vat` / `same_name` whose two arguments
    /// are fact names, as (function, left name, right name).
    pub fn collect_fiscal_calls<'a>(&'a self, calls: &mut Vec<(&'a str, &'a str, &'a str)>) {
        match &self.kind {
            Kind::Call {
                function,
                arguments,
            } => {
                if let [left, right] = arguments.as_slice()
                    && let (Kind::Name(left), Kind::Name(right)) = (&left.kind, &right.kind)
                    && (function == "same_vat" || function == "same_name")
                {
                    calls.push((function, left, right));
                }
                arguments
                    .iter()
                    .for_each(|argument| argument.collect_fiscal_calls(calls));
            }
            Kind::Not(operand) => operand.collect_fiscal_calls(calls),
            Kind::And(operands) | Kind::Or(operands) => operands
                .iter()
                .for_each(|operand| operand.collect_fiscal_calls(calls)),
            Kind::Compare { left, right, .. } => {
                left.collect_fiscal_calls(calls);
                right.collect_fiscal_calls(calls);
            }
            Kind::Bool(_) | Kind::Number(_) | Kind::Text(_) | Kind::Name(_) => {}
        }
    }
}

pub(super) fn parse(source: &str) -> Result<Expression, ExprError> {
    if source.chars().nth(MAX_SOURCE_CHARS).is_some() {
        return Err(error(
            MAX_SOURCE_CHARS + 1,
            format!("a condition is at most {MAX_SOURCE_CHARS} characters long"),
        ));
    }
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        position: 0,
        depth: 0,
    };
    if parser.peek().kind == TokenKind::End {
        return Err(error(1, "the condition is empty"));
    }
    let expression = parser.parse_or()?;
    let next = parser.peek();
    if next.kind != TokenKind::End {
        return Err(error(
            next.column,
            format!(
                "expected `and`, `or` or the end, found {}",
                next.kind.describe()
            ),
        ));
    }
    Ok(expression)
}

fn error(column: usize, message: impl Into<String>) -> ExprError {
    ExprError {
        column,
        message: message.into(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Name(String),
    Number(f64),
    Text(String),
    And,
    Or,
    Not,
    True,
    False,
    Compare(Comparison),
    OpenParen,
    CloseParen,
    Comma,
    End,
}

impl TokenKind {
    fn describe(&self) -> String {
        match self {
            TokenKind::Name(name) => format!("`{name}`"),
            TokenKind::Number(number) => format!("`{number}`"),
            TokenKind::Text(_) => "a text".to_string(),
            TokenKind::And => "`and`".to_string(),
            TokenKind::Or => "`or`".to_string(),
            TokenKind::Not => "`not`".to_string(),
            TokenKind::True => "`true`".to_string(),
            TokenKind::False => "`false`".to_string(),
            TokenKind::Compare(operator) => format!("`{}`", operator.symbol()),
            TokenKind::OpenParen => "`(`".to_string(),
            TokenKind::CloseParen => "`)`".to_string(),
            TokenKind::Comma => "`,`".to_string(),
            TokenKind::End => "the end".to_string(),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    column: usize,
}

fn is_name_start(character: char) -> bool {
    character.is_ascii_lowercase() || character == '_'
}

fn is_name_continue(character: char) -> bool {
    is_name_start(character) || character.is_ascii_digit()
}

/// Splits `source` into tokens; the last one is always `End`.
fn tokenize(source: &str) -> Result<Vec<Token>, ExprError> {
    let characters: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut index = 0;
    while index < characters.len() {
        let character = characters[index];
        let column = index + 1;
        let next = characters.get(index + 1).copied();
        let start = index;
        if character.is_whitespace() {
            index += 1;
            continue;
        }
        let kind = if is_name_start(character) {
            while characters.get(index).copied().is_some_and(is_name_continue) {
                index += 1;
            }
            let word: String = characters[start..index].iter().collect();
            match word.as_str() {
                "and" => TokenKind::And,
                "or" => TokenKind::Or,
                "not" => TokenKind::Not,
                "true" => TokenKind::True,
                "false" => TokenKind::False,
                _ => TokenKind::Name(word),
            }
        } else if character.is_ascii_digit() {
            let digits_from = |mut position: usize| {
                while characters.get(position).is_some_and(char::is_ascii_digit) {
                    position += 1;
                }
                position
            };
            index = digits_from(index);
            let has_fraction = characters.get(index) == Some(&'.')
                && characters.get(index + 1).is_some_and(char::is_ascii_digit);
            if has_fraction {
                index = digits_from(index + 1);
            }
            let literal: String = characters[start..index].iter().collect();
            let number = literal
                .parse::<f64>()
                .map_err(|_| error(column, format!("`{literal}` is not a number")))?;
            TokenKind::Number(number)
        } else if character == '\'' || character == '"' {
            let Some(length) = characters[index + 1..].iter().position(|c| *c == character) else {
                return Err(error(
                    column,
                    format!("text not closed: a `{character}` is missing"),
                ));
            };
            let text = characters[index + 1..index + 1 + length].iter().collect();
            index += length + 2;
            TokenKind::Text(text)
        } else {
            let (kind, width) = match (character, next) {
                ('(', _) => (TokenKind::OpenParen, 1),
                (')', _) => (TokenKind::CloseParen, 1),
                (',', _) => (TokenKind::Comma, 1),
                ('=', Some('=')) => (TokenKind::Compare(Comparison::Equal), 2),
                ('!', Some('=')) => (TokenKind::Compare(Comparison::NotEqual), 2),
                ('<', Some('=')) => (TokenKind::Compare(Comparison::LessOrEqual), 2),
                ('>', Some('=')) => (TokenKind::Compare(Comparison::GreaterOrEqual), 2),
                ('<', _) => (TokenKind::Compare(Comparison::Less), 1),
                ('>', _) => (TokenKind::Compare(Comparison::Greater), 1),
                ('=', _) => return Err(error(column, "`=` is not an operator: compare with `==`")),
                ('!', _) => return Err(error(column, "`!` is not an operator: negate with `not`")),
                _ if character.is_ascii_uppercase() => {
                    return Err(error(
                        column,
                        format!("unexpected `{character}`: names are lower case"),
                    ));
                }
                _ => {
                    return Err(error(
                        column,
                        format!("unexpected character `{}`", character.escape_debug()),
                    ));
                }
            };
            index += width;
            kind
        };
        tokens.push(Token { kind, column });
    }
    tokens.push(Token {
        kind: TokenKind::End,
        column: characters.len() + 1,
    });
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        // `tokenize` ends every list with `End` and `advance` never moves past it.
        &self.tokens[self.position]
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if token.kind != TokenKind::End {
            self.position += 1;
        }
        token
    }

    fn enter(&mut self, column: usize) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(error(
                column,
                format!("nested more than {MAX_NESTING} levels deep"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn parse_or(&mut self) -> Result<Expression, ExprError> {
        let first = self.parse_and()?;
        if self.peek().kind != TokenKind::Or {
            return Ok(first);
        }
        let column = first.column;
        let mut operands = vec![first];
        while self.peek().kind == TokenKind::Or {
            self.advance();
            operands.push(self.parse_and()?);
        }
        Ok(Expression {
            kind: Kind::Or(operands),
            column,
        })
    }

    fn parse_and(&mut self) -> Result<Expression, ExprError> {
        let first = self.parse_not()?;
        if self.peek().kind != TokenKind::And {
            return Ok(first);
        }
        let column = first.column;
        let mut operands = vec![first];
        while self.peek().kind == TokenKind::And {
            self.advance();
            operands.push(self.parse_not()?);
        }
        Ok(Expression {
            kind: Kind::And(operands),
            column,
        })
    }

    fn parse_not(&mut self) -> Result<Expression, ExprError> {
        if self.peek().kind != TokenKind::Not {
            return self.parse_comparison();
        }
        let column = self.advance().column;
        self.enter(column)?;
        let operand = self.parse_not()?;
        self.leave();
        Ok(Expression {
            kind: Kind::Not(Box::new(operand)),
            column,
        })
    }

    fn parse_comparison(&mut self) -> Result<Expression, ExprError> {
        let left = self.parse_primary()?;
        let TokenKind::Compare(operator) = self.peek().kind else {
            return Ok(left);
        };
        let column = self.advance().column;
        let right = self.parse_primary()?;
        let next = self.peek();
        if let TokenKind::Compare(_) = next.kind {
            return Err(error(
                next.column,
                "comparisons cannot be chained: join them with `and`",
            ));
        }
        Ok(Expression {
            kind: Kind::Compare {
                operator,
                left: Box::new(left),
                right: Box::new(right),
            },
            column,
        })
    }

    fn parse_primary(&mut self) -> Result<Expression, ExprError> {
        let token = self.advance();
        let column = token.column;
        let kind = match token.kind {
            TokenKind::True => Kind::Bool(true),
            TokenKind::False => Kind::Bool(false),
            TokenKind::Number(number) => Kind::Number(number),
            TokenKind::Text(text) => Kind::Text(text),
            TokenKind::Name(name) if self.peek().kind == TokenKind::OpenParen => {
                self.advance();
                self.enter(column)?;
                let arguments = self.parse_arguments()?;
                self.leave();
                Kind::Call {
                    function: name,
                    arguments,
                }
            }
            TokenKind::Name(name) => Kind::Name(name),
            TokenKind::OpenParen => {
                self.enter(column)?;
                let inner = self.parse_or()?;
                let close = self.advance();
                if close.kind != TokenKind::CloseParen {
                    return Err(error(
                        close.column,
                        format!(
                            "expected `)` to close the `(` at column {column}, found {}",
                            close.kind.describe()
                        ),
                    ));
                }
                self.leave();
                return Ok(inner);
            }
            other => {
                return Err(error(
                    column,
                    format!("expected a value, found {}", other.describe()),
                ));
            }
        };
        Ok(Expression { kind, column })
    }

    /// The arguments of a call, after its `(` up to and including its `)`.
    fn parse_arguments(&mut self) -> Result<Vec<Expression>, ExprError> {
        let mut arguments = Vec::new();
        if self.peek().kind == TokenKind::CloseParen {
            self.advance();
            return Ok(arguments);
        }
        loop {
            arguments.push(self.parse_or()?);
            let separator = self.advance();
            match separator.kind {
                TokenKind::Comma => {}
                TokenKind::CloseParen => return Ok(arguments),
                other => {
                    return Err(error(
                        separator.column,
                        format!("expected `,` or `)`, found {}", other.describe()),
                    ));
                }
            }
        }
    }
}
