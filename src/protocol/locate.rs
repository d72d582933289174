//! Finds where a value sits in a RON file, by its path (`items[2].answer`).
//!
//! RON reports positions for syntax and type errors only. The semantic checks (a zone gap, an
//! unknown component id) know *which* value is wrong; this module turns that path into the
//! line and column a clinic's editor can jump to. It is a small tokenizer that tracks struct
//! fields and list indexes; it never fails — an unknown path falls back to its nearest parent.

use std::collections::HashMap;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub col: usize,
}

impl Position {
    /// The start of the file.
    pub const START: Self = Self { line: 1, col: 1 };
}

/// Positions of every field and list element in one file.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<String, Position>,
}

#[derive(Debug)]
struct Frame {
    path: String,
    kind: FrameKind,
    index: usize,
    key: Option<String>,
    expect_key: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FrameKind {
    Paren,
    List,
    Map,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Ident(String),
    Str(String),
    Other,
    Open(char),
    Close,
    Comma,
    Colon,
}

impl Locator {
    /// Indexes `src`.
    pub fn new(src: &str) -> Self {
        let tokens = tokenize(src);
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut i = 0;
        while let Some((token, pos)) = tokens.get(i) {
            let next = tokens.get(i + 1).map(|(t, _)| t);
            // A field name: `ident:` directly inside parentheses, or a string key in a map.
            if let Some(frame) = stack.last_mut()
                && next == Some(&Token::Colon)
                && (frame.kind == FrameKind::Paren
                    || (frame.kind == FrameKind::Map && frame.expect_key))
                && let Token::Ident(name) | Token::Str(name) = token
            {
                let path = join_field(&frame.path, name);
                positions.entry(path).or_insert(*pos);
                frame.key = Some(name.clone());
                frame.expect_key = false;
                i += 2;
                continue;
            }
            match token {
                Token::Open(c) => {
                    let path = value_path(&mut stack, &mut positions, *pos);
                    let kind = match c {
                        '[' => FrameKind::List,
                        '{' => FrameKind::Map,
                        _ => FrameKind::Paren,
                    };
                    stack.push(Frame {
                        path,
                        kind,
                        index: 0,
                        key: None,
                        expect_key: true,
                    });
                }
                Token::Close => {
                    stack.pop();
                }
                Token::Comma => {
                    if let Some(frame) = stack.last_mut() {
                        frame.index += 1;
                        frame.key = None;
                        frame.expect_key = true;
                    }
                }
                Token::Ident(_) if next.is_some_and(|t| matches!(t, Token::Open('('))) => {
                    // An enum variant or struct name: the parenthesis that follows opens the
                    // value, so the name itself is transparent.
                }
                Token::Ident(_) | Token::Str(_) | Token::Other => {
                    value_path(&mut stack, &mut positions, *pos);
                }
                Token::Colon => {}
            }
            i += 1;
        }
        Self { positions }
    }

    /// Where the value at `path` starts, or its nearest parent, or the start of the file.
    pub fn find(&self, path: &str) -> Position {
        let mut path = path;
        loop {
            if let Some(pos) = self.positions.get(path) {
                return *pos;
            }
            let cut = path.rfind(['.', '[']);
            match cut {
                Some(cut) if cut > 0 => path = &path[..cut],
                _ => return Position::START,
            }
        }
    }
}

/// The path of the value starting now in the innermost frame; records its position.
fn value_path(
    stack: &mut [Frame],
    positions: &mut HashMap<String, Position>,
    pos: Position,
) -> String {
    let Some(frame) = stack.last_mut() else {
        return String::new();
    };
    let path = match (&frame.key, frame.kind) {
        (Some(key), _) => join_field(&frame.path, key),
        (None, FrameKind::Paren) if frame.index == 0 => {
            // `Some(x)` and newtype variants: the single element is the value itself.
            frame.path.clone()
        }
        (None, _) => format!("{}[{}]", frame.path, frame.index),
    };
    positions.entry(path.clone()).or_insert(pos);
    path
}

fn join_field(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

fn tokenize(src: &str) -> Vec<(Token, Position)> {
    let chars: Vec<char> = src.chars().collect();
    let mut tokens = Vec::new();
    let (mut line, mut col) = (1, 1);
    let mut i = 0;
    // Advances over `n` characters, keeping line and column.
    let advance = |i: &mut usize, n: usize, line: &mut usize, col: &mut usize| {
        for _ in 0..n {
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
            *i += 1;
        }
    };
    while let Some(&c) = chars.get(i) {
        let pos = Position { line, col };
        let peek = chars.get(i + 1).copied();
        let len = if c.is_whitespace() {
            1
        } else if c == '/' && peek == Some('/') {
            chars[i..]
                .iter()
                .position(|&c| c == '\n')
                .unwrap_or(chars.len() - i)
        } else if c == '/' && peek == Some('*') {
            block_comment_len(&chars[i..])
        } else if c == '#' {
            // `#![enable(..)]`: skip the whole attribute.
            chars[i..]
                .iter()
                .position(|&c| c == ']')
                .map_or(chars.len() - i, |p| p + 1)
        } else if c == '"' {
            let (len, text) = string_len(&chars[i..]);
            tokens.push((Token::Str(text), pos));
            len
        } else if c == 'r' && matches!(peek, Some('"' | '#')) {
            let len = raw_string_len(&chars[i..]);
            tokens.push((Token::Str(chars[i..i + len].iter().collect()), pos));
            len
        } else if c == '\'' {
            let (len, _) = string_len(&chars[i..]);
            tokens.push((Token::Other, pos));
            len
        } else if c.is_alphanumeric() || c == '_' || c == '-' || c == '+' {
            let len = chars[i..]
                .iter()
                .position(|&c| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.')))
                .unwrap_or(chars.len() - i);
            let word: String = chars[i..i + len].iter().collect();
            let token = if c.is_alphabetic() || c == '_' {
                Token::Ident(word)
            } else {
                Token::Other
            };
            tokens.push((token, pos));
            len
        } else {
            let token = match c {
                '(' | '[' | '{' => Token::Open(c),
                ')' | ']' | '}' => Token::Close,
                ',' => Token::Comma,
                ':' => Token::Colon,
                _ => Token::Other,
            };
            tokens.push((token, pos));
            1
        };
        advance(&mut i, len.max(1), &mut line, &mut col);
    }
    tokens
}

fn block_comment_len(chars: &[char]) -> usize {
    let mut depth = 0;
    let mut i = 0;
    while i < chars.len() {
        match (chars.get(i), chars.get(i + 1)) {
            (Some('/'), Some('*')) => {
                depth += 1;
                i += 2;
            }
            (Some('*'), Some('/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    chars.len()
}

/// Length of a quoted string starting at `chars[0]`, and its unescaped-enough text.
fn string_len(chars: &[char]) -> (usize, String) {
    let quote = chars.first().copied().unwrap_or('"');
    let mut text = String::new();
    let mut i = 1;
    while let Some(&c) = chars.get(i) {
        if c == '\\' {
            if let Some(&next) = chars.get(i + 1) {
                text.push(next);
            }
            i += 2;
            continue;
        }
        if c == quote {
            return (i + 1, text);
        }
        text.push(c);
        i += 1;
    }
    (chars.len(), text)
}

fn raw_string_len(chars: &[char]) -> usize {
    let hashes = chars.iter().skip(1).take_while(|&&c| c == '#').count();
    let start = 2 + hashes;
    let mut i = start;
    while i < chars.len() {
        if chars[i] == '"'
            && chars[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"// comment
#![enable(implicit_some)]
Instrument(
    id: "audit",
    items: [
        Item(id: "q1", answer: Options([(label: "Never", points: 0), (label: "Daily", points: 4)])),
        Item(
            id: "q2", /* nested /* block */ comment */
            max: Some(3),
        ),
    ],
    map: { "a": 1, "b": [2, 3] },
)"#;

    #[test]
    fn fields_and_indexes_have_their_positions() {
        let loc = Locator::new(SRC);
        assert_eq!(
            loc.find("id"),
            Position { line: 4, col: 5 },
            "top-level field"
        );
        assert_eq!(
            loc.find("items[0].id"),
            Position { line: 6, col: 14 },
            "field in list element"
        );
        assert_eq!(
            loc.find("items[1]"),
            Position { line: 7, col: 13 },
            "second element starts at its '('"
        );
        assert_eq!(
            loc.find("items[1].id"),
            Position { line: 8, col: 13 },
            "field after a newline"
        );
        assert_eq!(
            loc.find("items[1].max"),
            Position { line: 9, col: 13 },
            "field after a block comment"
        );
        assert_eq!(
            loc.find("items[0].answer[1].points"),
            Position { line: 6, col: 87 },
            "inside a newtype variant"
        );
        assert_eq!(
            loc.find("map.b[1]"),
            Position { line: 12, col: 29 },
            "map keys are fields"
        );
    }

    #[test]
    fn unknown_paths_fall_back_to_their_parent() {
        let loc = Locator::new(SRC);
        assert_eq!(
            loc.find("items[1].nothing"),
            Position { line: 7, col: 13 },
            "falls back to the element"
        );
        assert_eq!(
            loc.find("nowhere"),
            Position::START,
            "falls back to the file start"
        );
    }
}
