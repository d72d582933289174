//! A fast serde deserializer for the plain RON that brief writes, so the audit can read a
//! clinic's sessions quickly through the same serde types as everything else.
//!
//! It reads structs without names, lists, `Some(…)`/`None`, enum variants (unit, newtype and
//! struct), strings with the escapes RON writes, unsigned and signed integers and booleans,
//! with any white space between tokens. Whatever else it meets — comments, raw strings,
//! characters, floats, struct names, maps, an integer out of range, a duplicate or missing
//! field, a number with a sign or a base — makes it give up, and the caller parses the text
//! with `ron` instead. So it never decides what a file means: when it succeeds, `ron` reads
//! the same values (tests compare the two on every fixture and on random sessions); when it
//! fails, `ron` has the last word, and its error messages with line and column.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

/// The fast path gave up: parse with `ron`.
#[derive(Debug)]
pub(crate) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the plain layout brief writes")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Self
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

/// Deserializes `T` from `text`, or gives up. Values `T` ignores are checked as strictly as
/// `ron` would.
pub(crate) fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T> {
    read(text, false)
}

/// [`from_str`] for text known to be as brief wrote it (its seal is intact): values `T`
/// ignores are skipped by their brackets and quotes alone, without checking their syntax.
pub(crate) fn from_sealed_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T> {
    read(text, true)
}

fn read<'de, T: de::Deserialize<'de>>(text: &'de str, trusted: bool) -> Result<T> {
    let mut d = Fast {
        text,
        b: text.as_bytes(),
        i: 0,
        trusted,
    };
    let value = T::deserialize(&mut d)?;
    d.ws();
    if d.i == d.b.len() {
        Ok(value)
    } else {
        Err(GiveUp)
    }
}

struct Fast<'de> {
    text: &'de str,
    b: &'de [u8],
    i: usize,
    /// Skip ignored values by brackets and quotes only (the text is brief's own).
    trusted: bool,
}

impl<'de> Fast<'de> {
    /// Skips white space; gives up at a comment (left to `ron`).
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8) -> Result<()> {
        if self.eat(c) { Ok(()) } else { Err(GiveUp) }
    }

    /// An identifier (`[A-Za-z_][A-Za-z0-9_]*`); a raw string or raw identifier gives up.
    fn ident(&mut self) -> Result<&'de str> {
        self.ws();
        let start = self.i;
        match self.b.get(start) {
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {}
            _ => return Err(GiveUp),
        }
        let len = self.b[start..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            .unwrap_or(self.b.len() - start);
        self.i = start + len;
        if matches!(self.b.get(self.i), Some(b'"' | b'#')) {
            return Err(GiveUp);
        }
        self.text.get(start..self.i).ok_or(GiveUp)
    }

    /// A string literal: borrowed when it has no escapes.
    fn string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'"')?;
        let start = self.i;
        let rest = self.b.get(start..).ok_or(GiveUp)?;
        let len = rest
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c == b'\n' || c == b'\r')
            .ok_or(GiveUp)?;
        match rest.get(len) {
            Some(b'"') => {
                self.i = start + len + 1;
                visitor.visit_borrowed_str(self.text.get(start..start + len).ok_or(GiveUp)?)
            }
            Some(b'\\') => {
                let owned = self.unescape(start)?;
                visitor.visit_string(owned)
            }
            // A raw line break inside a string: RON's rules for those are left to RON.
            _ => Err(GiveUp),
        }
    }

    /// The string starting at `start` (after the quote), with its escapes resolved.
    fn unescape(&mut self, start: usize) -> Result<String> {
        let mut out = String::new();
        let mut i = start;
        loop {
            let rest = self.b.get(i..).ok_or(GiveUp)?;
            let len = rest
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c == b'\n' || c == b'\r')
                .ok_or(GiveUp)?;
            out.push_str(self.text.get(i..i + len).ok_or(GiveUp)?);
            i += len;
            match self.b.get(i) {
                Some(b'"') => {
                    self.i = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let (c, used) = match self.b.get(i + 1) {
                        Some(b'"') => ('"', 2),
                        Some(b'\\') => ('\\', 2),
                        Some(b'\'') => ('\'', 2),
                        Some(b'n') => ('\n', 2),
                        Some(b'r') => ('\r', 2),
                        Some(b't') => ('\t', 2),
                        Some(b'0') => ('\0', 2),
                        Some(b'u') => self.unicode_escape(i + 2)?,
                        _ => return Err(GiveUp),
                    };
                    out.push(c);
                    i += used;
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// `{HEX}` after `\u` at `at`: the character and the length of the whole escape.
    fn unicode_escape(&self, at: usize) -> Result<(char, usize)> {
        if self.b.get(at) != Some(&b'{') {
            return Err(GiveUp);
        }
        let rest = self.b.get(at + 1..).ok_or(GiveUp)?;
        let len = rest.iter().position(|&c| c == b'}').ok_or(GiveUp)?;
        if len == 0 || len > 6 {
            return Err(GiveUp);
        }
        let hex = self.text.get(at + 1..at + 1 + len).ok_or(GiveUp)?;
        if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(GiveUp);
        }
        let code = u32::from_str_radix(hex, 16).map_err(|_e| GiveUp)?;
        let c = char::from_u32(code).ok_or(GiveUp)?;
        Ok((c, 2 + len + 2))
    }

    /// A plain decimal integer, optionally negative; anything else gives up.
    fn integer(&mut self) -> Result<i128> {
        self.ws();
        let negative = self.b.get(self.i) == Some(&b'-');
        let start = self.i + usize::from(negative);
        let digits = self.b[start.min(self.b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 || digits > 30 {
            return Err(GiveUp);
        }
        let end = start + digits;
        // `1.5`, `1e3`, `0x10`, `1_000`, `1u8`: left to RON.
        if matches!(self.b.get(end), Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_'))
        {
            return Err(GiveUp);
        }
        let value: i128 = self
            .text
            .get(start..end)
            .ok_or(GiveUp)?
            .parse()
            .map_err(|_e| GiveUp)?;
        self.i = end;
        Ok(if negative { -value } else { value })
    }

    fn unsigned<T: TryFrom<i128>>(&mut self) -> Result<T> {
        T::try_from(self.integer()?).map_err(|_e| GiveUp)
    }

    /// Skips one value by its brackets and quotes: up to the `,` or closing bracket that ends
    /// it. For trusted text only.
    fn skip_trusted(&mut self) -> Result<()> {
        let mut depth = 0usize;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'"' => {
                    self.i += 1;
                    loop {
                        let rest = self.b.get(self.i..).ok_or(GiveUp)?;
                        let at = memchr::memchr2(b'"', b'\\', rest).ok_or(GiveUp)?;
                        self.i += at + 1;
                        if rest[at] == b'"' {
                            break;
                        }
                        self.i += 1;
                    }
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' | b',' if depth == 0 => return Ok(()),
                b')' | b']' | b'}' => depth -= 1,
                _ => {}
            }
            self.i += 1;
        }
        Err(GiveUp)
    }

    /// Skips one value of any kind, checking its syntax as RON would.
    fn skip_value(&mut self) -> Result<()> {
        match self.peek().ok_or(GiveUp)? {
            b'"' => self.string(de::IgnoredAny).map(drop),
            b'[' => {
                self.i += 1;
                self.skip_items(b']', false)
            }
            b'(' => {
                self.i += 1;
                self.skip_items(b')', true)
            }
            b'-' | b'0'..=b'9' => self.integer().map(drop),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let word = self.ident()?;
                if self.peek() == Some(b'(') {
                    self.i += 1;
                    self.skip_items(b')', true)
                } else if matches!(word, "true" | "false" | "None")
                    || word.starts_with(char::is_uppercase)
                {
                    Ok(())
                } else {
                    Err(GiveUp)
                }
            }
            _ => Err(GiveUp),
        }
    }

    /// Skips comma-separated items up to `close`; with `fields`, items may be `name: value`
    /// (all of them or none, as in a struct or a tuple).
    fn skip_items(&mut self, close: u8, fields: bool) -> Result<()> {
        let mut named: Option<bool> = None;
        loop {
            if self.eat(close) {
                return Ok(());
            }
            let is_named = fields && self.is_field_name();
            if *named.get_or_insert(is_named) != is_named {
                return Err(GiveUp);
            }
            if is_named {
                self.ident()?;
                self.expect(b':')?;
            }
            self.skip_value()?;
            if !self.eat(b',') {
                return self.expect(close);
            }
        }
    }

    /// True when an identifier followed by `:` comes next.
    fn is_field_name(&mut self) -> bool {
        let at = self.i;
        let named = self.ident().is_ok() && self.peek() == Some(b':');
        self.i = at;
        named
    }
}

/// The fields of a struct (or struct variant), after its `(`.
struct Fields<'a, 'de> {
    d: &'a mut Fast<'de>,
    done: bool,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done || self.d.eat(b')') {
            self.done = true;
            return Ok(None);
        }
        let name = self.d.ident()?;
        self.d.expect(b':')?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.d)?;
        if !self.d.eat(b',') {
            self.d.expect(b')')?;
            self.done = true;
        }
        Ok(value)
    }
}

/// The elements of a list, after its `[`.
struct Elements<'a, 'de> {
    d: &'a mut Fast<'de>,
    close: u8,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done || self.d.eat(self.close) {
            self.done = true;
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.d)?;
        if !self.d.eat(b',') {
            self.d.expect(self.close)?;
            self.done = true;
        }
        Ok(Some(value))
    }
}

impl<'de> de::EnumAccess<'de> for &mut Fast<'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.ident()?;
        let value = seed.deserialize(de::value::BorrowedStrDeserializer::new(name))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Fast<'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<()> {
        if self.peek() == Some(b'(') {
            Err(GiveUp)
        } else {
            Ok(())
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.expect(b'(')?;
        let value = seed.deserialize(&mut *self)?;
        self.eat(b',');
        self.expect(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(')?;
        visitor.visit_map(Fields {
            d: self,
            done: false,
        })
    }
}

macro_rules! unsigned {
    ($($method:ident => $visit:ident: $t:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            visitor.$visit(self.unsigned::<$t>()?)
        }
    )*};
}

macro_rules! give_up {
    ($($method:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
            Err(GiveUp)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Fast<'de> {
    type Error = GiveUp;

    unsigned! {
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
    }

    give_up! {
        deserialize_any, deserialize_f32, deserialize_f64, deserialize_char, deserialize_bytes,
        deserialize_byte_buf, deserialize_map, deserialize_unit, deserialize_identifier,
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() != Some(b'"') {
            return Err(GiveUp);
        }
        self.string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "None" => visitor.visit_none(),
            "Some" => {
                self.expect(b'(')?;
                let value = visitor.visit_some(&mut *self)?;
                self.eat(b',');
                self.expect(b')')?;
                Ok(value)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        // Serde's own newtypes (`#[serde(transparent)]`-like) read their inner value.
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        visitor.visit_seq(Elements {
            d: self,
            close: b']',
            done: false,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        visitor.visit_seq(Elements {
            d: self,
            close: b')',
            done: false,
        })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // A struct name before the `(` is left to RON.
        self.expect(b'(')?;
        visitor.visit_map(Fields {
            d: self,
            done: false,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.trusted {
            self.ws();
            self.skip_trusted()?;
        } else {
            self.skip_value()?;
        }
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::audit::scan::{Reader, summarize_with};
    use crate::audit::view::SessionView;
    use crate::session::Session;

    fn demo_session(seed: u64, i: u64) -> Session {
        let set = crate::protocol::ProtocolSet::bundled().unwrap();
        let end = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00").unwrap();
        crate::demo::session(&set, seed, i, end)
    }

    /// Both readers on one text: when the fast one reads it, `ron` reads the same.
    fn agree(text: &str) -> bool {
        let fast = summarize_with("x.ron".into(), text, Reader::Fast);
        let slow = summarize_with("x.ron".into(), text, Reader::Ron);
        match (fast, slow) {
            (Ok(a), Ok(b)) => a == b,
            (Err(a), Err(b)) => a.reason == b.reason,
            _ => false,
        }
    }

    /// Whenever the fast path reads the whole session, `ron` reads the same.
    fn reads_whole(text: &str) -> bool {
        let fast: Result<Session, _> = super::from_str(text);
        fast.is_err() || fast.ok() == ron::from_str::<Session>(text).ok()
    }

    #[test]
    fn brief_written_text_is_read_by_the_fast_path_and_read_the_same_by_ron() {
        for i in 0..60 {
            let text = demo_session(3, i).to_ron().unwrap();
            let fast: SessionView<'_> = super::from_str(&text).expect("the fast path reads it");
            let ron: SessionView<'_> = ron::from_str(&text).unwrap();
            assert_eq!(format!("{fast:?}"), format!("{ron:?}"), "session {i}");
            assert!(
                super::from_str::<Session>(&text).is_ok(),
                "the fast path reads the whole session {i}"
            );
            assert!(reads_whole(&text), "session {i}, whole");
            assert!(agree(&text), "session {i}");
        }
    }

    #[test]
    fn what_the_fast_path_does_not_know_is_left_to_ron() {
        let text = demo_session(5, 1).to_ron().unwrap();
        let edits: Vec<(&str, String)> = vec![
            ("a comment", text.replacen("(\n", "( // note\n", 1)),
            ("a block comment", text.replacen("(\n", "(/* x */\n", 1)),
            ("a struct name", format!("Session{text}")),
            (
                "a raw string",
                text.replacen(" clinician: \"", " clinician: r\"", 1),
            ),
            ("a float", text.replacen(" version: 1,", " version: 1.0,", 1)),
            (
                "a hex number",
                text.replacen(" version: 1,", " version: 0x1,", 1),
            ),
            ("a sign", text.replacen(" version: 1,", " version: +1,", 1)),
            (
                "an unknown field of every shape",
                text.replacen(
                    " clinician:",
                    " extra: (a: [1, -2], b: Some(\"x\\\"y\"), c: Variant(3), d: Unit, e: true),\n clinician:",
                    1,
                ),
            ),
            (
                "a map",
                text.replacen(" clinician:", " extra: {\"a\": 1},\n clinician:", 1),
            ),
            (
                "a char",
                text.replacen(" clinician:", " extra: 'c',\n clinician:", 1),
            ),
            (
                "a duplicate field",
                text.replacen(" clinician:", " clinician: \"a\",\n clinician:", 1),
            ),
            ("a missing field", text.replacen(" status:", " statos:", 1)),
            (
                "a raw line break",
                text.replacen(" clinician: \"", " clinician: \"\n", 1),
            ),
            (
                "unicode escapes",
                text.replacen(" clinician: \"", " clinician: \"\\u{e9}\\u{1F600}", 1),
            ),
            (
                "a bad escape",
                text.replacen(" clinician: \"", " clinician: \"\\q", 1),
            ),
            ("no trailing commas", text.replace(",\n", "\n")),
            ("one line", text.replace('\n', " ")),
            ("tabs and CRLF", text.replace('\n', "\r\n\t")),
            ("cut short", text[..text.len() / 2].to_owned()),
            ("trailing junk", format!("{text} )")),
        ];
        for (what, edited) in edits {
            assert!(agree(&edited), "{what}: the two readers disagree");
            assert!(reads_whole(&edited), "{what}: the whole session differs");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn any_text_a_clinician_types_reads_the_same_both_ways(
            clinician in "[a-z \"'\\\\\n\r\t\u{0}-\u{1f}\u{7f}é😀{}()\\[\\],:]{0,24}",
            summary in "[a-z \"'\\\\\n\r\t\u{0}-\u{1f}é😀{}()\\[\\],:]{0,24}",
            note in any::<String>(),
            i in 0u64..40,
        ) {
            let mut s = demo_session(9, i);
            s.clinician = clinician;
            s.summary = summary;
            if let Some(c) = s.coverage.first_mut() {
                c.note = Some(note);
            }
            let text = s.to_ron().unwrap();
            prop_assert!(agree(&text));
            prop_assert!(reads_whole(&text));
            let fast: Option<Session> = super::from_str(&text).ok();
            prop_assert_eq!(fast.as_ref(), Some(&s), "the fast path reads what brief wrote");
        }
    }
}
