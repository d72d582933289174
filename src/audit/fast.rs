//! A fast [`SessionSummary`] straight from the text [`Session::to_ron`] writes, without serde.
//!
//! The extractor walks the exact layout brief writes (pretty RON, one-space indent, no struct
//! names, fields in declaration order, format version 1) and checks every value on the way
//! as strictly as serde would: ids have the id's shape, times and dates are real times and
//! dates, numbers fit their types, enum variants are known, strings end and use only the
//! escapes brief writes. It keeps only what the summary needs. Anything it does not
//! recognise with certainty (another layout, a hand-edited file, comments, another version,
//! an escape inside a value the summary keeps) gives `None`, and the caller parses the file
//! in full instead: this path only ever speeds up files that the full parse reads the same.
//!
//! [`Session::to_ron`]: crate::session::Session::to_ron

use std::borrow::Cow;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::{SessionSummary, StepOutcome};
use sha2::{Digest as _, Sha256};

#[cfg(test)]
use crate::session::seal_status;
use crate::session::{Seal, SessionId, Status};

/// The summary of the session file at `path` from its text, or the path back when the text
/// is not in the exact layout brief writes (then parse it in full).
pub(crate) fn summarize(path: PathBuf, text: &str) -> Result<SessionSummary, PathBuf> {
    match extract(text) {
        Some(mut summary) => {
            summary.path = path;
            Ok(summary)
        }
        None => Err(path),
    }
}

/// The summary (with an empty path), if the text is in the layout brief writes.
fn extract(text: &str) -> Option<SessionSummary> {
    let mut p = Cursor::new(text);
    p.lit(b"(\n version: 1,\n id: ")?;
    let id = String::from(SessionId::parse(p.str_raw()?)?);
    p.lit(b",\n clinician: ")?;
    let clinician = p.string()?.into_owned();
    p.lit(b",\n patient: ")?;
    p.str_any()?;
    p.lit(b",\n profile: ")?;
    p.profile(1)?;
    p.lit(b",\n protocol: (\n  id: ")?;
    let protocol = p.string()?.into_owned();
    p.lit(b",\n  version: ")?;
    p.str_any()?;
    p.lit(b",\n ),\n created: ")?;
    let created: DateTime<FixedOffset> = p.str_raw()?.parse().ok()?;
    p.lit(b",\n closed: ")?;
    let closed = p.opt(|p| p.str_raw()?.parse::<DateTime<FixedOffset>>().ok())?;
    p.lit(b",\n status: ")?;
    let status = if p.eat(b"Open") {
        Status::Open
    } else if p.eat(b"Closed") {
        Status::Closed
    } else {
        return None;
    };
    p.lit(b",\n current_step: ")?;
    p.str_any()?;

    p.lit(b",\n steps: ")?;
    let mut steps = Vec::with_capacity(6);
    p.list(1, |p, d| {
        steps.push(p.step(d)?);
        Some(())
    })?;

    p.lit(b",\n screenings: ")?;
    let mut first: Option<(String, Option<String>)> = None;
    p.list(1, |p, d| {
        let (instrument, zone) = p.screening(d)?;
        first.get_or_insert((instrument, zone));
        Some(())
    })?;

    p.lit(b",\n coverage: ")?;
    let mut components: Vec<String> = Vec::with_capacity(6);
    p.list(1, |p, d| {
        let component = p.coverage(d)?;
        if !components.iter().any(|c| *c == *component) {
            components.push(component.into_owned());
        }
        Some(())
    })?;

    p.lit(b",\n readiness: ")?;
    let mut stage: Option<Cow<'_, str>> = None;
    p.list(1, |p, d| {
        stage = p.readiness(d)?;
        Some(())
    })?;

    p.lit(b",\n goal: ")?;
    p.goal(1)?;
    p.lit(b",\n referral: ")?;
    p.opt(|p| p.referral(1))?;
    p.lit(b",\n follow_up: ")?;
    p.opt(|p| p.date())?;
    p.lit(b",\n summary: ")?;
    p.str_any()?;
    p.lit(b",\n close_reason: ")?;
    p.opt(|p| p.str_any())?;
    p.lit(b",\n amendments: ")?;
    let mut amendments = 0usize;
    p.list(1, |p, d| {
        p.amendment(d)?;
        amendments += 1;
        Some(())
    })?;
    // The `\n` of the hash line: the only line that starts this way (no value holds a raw
    // line break), which is where `seal_status` looks.
    let hash_line = p.i + 1;
    p.lit(b",\n content_hash: ")?;
    let content_hash = p.opt(|p| p.str_any())?;
    p.lit(b",\n)")?;
    if p.i != p.b.len() {
        return None;
    }

    let tampered = status == Status::Closed && {
        let seal = seal_at(text, hash_line);
        seal == Seal::Broken || (seal == Seal::Unsealed && content_hash.is_none())
    };
    components.sort();
    let (instrument, zone) = match first {
        Some((instrument, zone)) => (Some(instrument), zone),
        None => (None, None),
    };
    Some(SessionSummary {
        path: PathBuf::new(),
        id,
        clinician,
        protocol,
        created,
        minutes: closed.map(|c| (c - created).num_minutes().max(0)),
        status,
        components,
        steps,
        stage: stage.map(Cow::into_owned),
        instrument,
        zone,
        amended: amendments > 0,
        tampered,
    })
}

/// [`seal_status`] of a text whose hash line (if any) starts at `at`, without searching for it
/// and without copying the text: the same answer, the same hash.
fn seal_at(text: &str, at: usize) -> Seal {
    const KEY: &str = "\n content_hash: Some(\"";
    if !text.get(at..).is_some_and(|rest| rest.starts_with(KEY)) {
        return Seal::Unsealed;
    }
    let hex_start = at + KEY.len();
    let (Some(before), Some(hash), Some(rest)) = (
        text.get(..at),
        text.get(hex_start..hex_start + 64),
        text.get(hex_start + 64..),
    ) else {
        return Seal::Broken;
    };
    let Some(after) = rest.strip_prefix("\"),") else {
        return Seal::Broken;
    };
    let mut hasher = Sha256::new();
    hasher.update(before);
    hasher.update("\n content_hash: None,");
    hasher.update(after);
    let digest = hasher.finalize();
    let mut hex = [0u8; 64];
    for (pair, byte) in hex.chunks_exact_mut(2).zip(digest) {
        for (out, nibble) in pair.iter_mut().zip([byte >> 4, byte & 0xf]) {
            *out = if nibble < 10 {
                b'0' + nibble
            } else {
                b'a' + nibble - 10
            };
        }
    }
    if hex == hash.as_bytes() {
        Seal::Intact
    } else {
        Seal::Broken
    }
}

/// A position in the text; every method consumes what it recognises or gives `None`.
struct Cursor<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            b: text.as_bytes(),
            i: 0,
        }
    }

    /// Consumes `s` if the text continues with it.
    fn eat(&mut self, s: &[u8]) -> bool {
        let end = self.i + s.len();
        if self.b.get(self.i..end) == Some(s) {
            self.i = end;
            true
        } else {
            false
        }
    }

    /// Consumes `s` or fails.
    fn lit(&mut self, s: &[u8]) -> Option<()> {
        self.eat(s).then_some(())
    }

    /// Consumes a newline, `depth` spaces, the field name and `": "`.
    fn field(&mut self, depth: usize, name: &[u8]) -> Option<()> {
        self.lit(b",\n")?;
        self.spaces(depth)?;
        self.lit(name)?;
        self.lit(b": ")
    }

    /// Consumes the first field of a struct: `(`, newline, indent, name, `": "`.
    fn first_field(&mut self, depth: usize, name: &[u8]) -> Option<()> {
        self.lit(b"(\n")?;
        self.spaces(depth)?;
        self.lit(name)?;
        self.lit(b": ")
    }

    /// Consumes the end of a struct whose own line is indented by `depth`.
    fn end_struct(&mut self, depth: usize) -> Option<()> {
        self.lit(b",\n")?;
        self.spaces(depth)?;
        self.lit(b")")
    }

    fn spaces(&mut self, n: usize) -> Option<()> {
        let end = self.i + n;
        let run = self.b.get(self.i..end)?;
        if run.iter().all(|&c| c == b' ') {
            self.i = end;
            Some(())
        } else {
            None
        }
    }

    /// A string without escapes, as written: the value is the text between the quotes.
    fn str_raw(&mut self) -> Option<&'a str> {
        self.lit(b"\"")?;
        let start = self.i;
        let rest = self.b.get(start..)?;
        let len = rest
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c == b'\n')?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        self.i = start + len + 1;
        self.text.get(start..start + len)
    }

    /// A string value: as written when it has no escapes, else unescaped (only the escapes
    /// [`Self::str_any`] accepts).
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.i;
        if let Some(raw) = self.str_raw() {
            return Some(Cow::Borrowed(raw));
        }
        self.i = start;
        self.str_any()?;
        let inner = self.text.get(start + 1..self.i - 1)?;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            out.push(match chars.next()? {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '0' => '\0',
                other => other,
            });
        }
        Some(Cow::Owned(out))
    }

    /// Any string using only the escapes brief writes (`char::escape_debug` of ordinary
    /// text); the value is not needed.
    fn str_any(&mut self) -> Option<()> {
        self.lit(b"\"")?;
        loop {
            let rest = self.b.get(self.i..)?;
            let at = rest
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c == b'\n')?;
            self.i += at + 1;
            match rest.get(at) {
                Some(b'"') => return Some(()),
                Some(b'\\') => {}
                // A raw line break (brief writes `\n`): only the full parse reads such a file.
                _ => return None,
            }
            match self.b.get(self.i)? {
                b'\'' | b'"' | b'\\' | b'n' | b'r' | b't' | b'0' => self.i += 1,
                _ => return None,
            }
        }
    }

    /// An unsigned integer no larger than `max`, written without sign, underscores or leading
    /// zeros.
    fn uint(&mut self, max: u64) -> Option<u64> {
        let start = self.i;
        let rest = self.b.get(start..)?;
        let len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 || len > 19 || (len > 1 && rest.first() == Some(&b'0')) {
            return None;
        }
        let mut n = 0u64;
        for &c in rest.get(..len)? {
            n = n * 10 + u64::from(c - b'0');
        }
        self.i = start + len;
        (n <= max).then_some(n)
    }

    fn boolean(&mut self) -> Option<bool> {
        if self.eat(b"true") {
            Some(true)
        } else if self.eat(b"false") {
            Some(false)
        } else {
            None
        }
    }

    /// `None` or `Some(` value `)`.
    #[expect(
        clippy::option_option,
        reason = "the outer option says whether the text is in the layout, the inner is the value"
    )]
    fn opt<T>(&mut self, value: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.eat(b"None") {
            return Some(None);
        }
        self.lit(b"Some(")?;
        let v = value(self)?;
        self.lit(b")")?;
        Some(Some(v))
    }

    /// `[]`, or `[` then one item per line at `depth + 1`, each followed by `,`, then `]` at
    /// `depth`.
    fn list(
        &mut self,
        depth: usize,
        mut item: impl FnMut(&mut Self, usize) -> Option<()>,
    ) -> Option<()> {
        if self.eat(b"[]") {
            return Some(());
        }
        self.lit(b"[\n")?;
        loop {
            self.spaces(depth)?;
            if self.eat(b"]") {
                return Some(());
            }
            self.lit(b" ")?;
            item(self, depth + 1)?;
            self.lit(b",\n")?;
        }
    }

    /// A time as chrono writes it; anything else that chrono reads is accepted too.
    fn timestamp(&mut self) -> Option<()> {
        let s = self.str_raw()?;
        (timestamp_ok(s.as_bytes()) || s.parse::<DateTime<FixedOffset>>().is_ok()).then_some(())
    }

    /// A date as chrono writes it; anything else that chrono reads is accepted too.
    fn date(&mut self) -> Option<()> {
        let s = self.str_raw()?;
        (date_ok(s.as_bytes()) || s.parse::<NaiveDate>().is_ok()).then_some(())
    }

    /// A [`Profile`](crate::scoring::Profile) struct at `depth`.
    fn profile(&mut self, depth: usize) -> Option<()> {
        self.first_field(depth + 1, b"sex")?;
        self.opt(|p| (p.eat(b"Female") || p.eat(b"Male")).then_some(()))?;
        self.field(depth + 1, b"age")?;
        self.opt(|p| p.uint(u32::MAX.into()))?;
        self.end_struct(depth)
    }

    /// A step record: its id and how it ended.
    fn step(&mut self, depth: usize) -> Option<(String, StepOutcome)> {
        let f = depth + 1;
        self.first_field(f, b"step")?;
        let step = self.string()?.into_owned();
        self.field(f, b"state")?;
        let outcome = if self.eat(b"Done") {
            StepOutcome::Done
        } else if self.eat(b"NotStarted") || self.eat(b"InProgress") {
            StepOutcome::NotDone
        } else if self.eat(b"Skipped(\n") {
            self.spaces(f + 1)?;
            self.lit(b"reason: ")?;
            self.str_any()?;
            self.end_struct(f)?;
            StepOutcome::SkippedWithReason
        } else {
            return None;
        };
        self.field(f, b"entered")?;
        self.opt(|p| p.timestamp())?;
        self.field(f, b"left")?;
        self.opt(|p| p.timestamp())?;
        self.end_struct(depth)?;
        Some((step, outcome))
    }

    /// A screening: its instrument (with `:substance`) and its zone.
    fn screening(&mut self, depth: usize) -> Option<(String, Option<String>)> {
        let f = depth + 1;
        self.first_field(f, b"instrument")?;
        let instrument = self.string()?;
        self.field(f, b"substance")?;
        let substance = self.opt(|p| p.string())?;
        self.field(f, b"profile")?;
        self.profile(f)?;
        self.field(f, b"answers")?;
        self.list(f, |p, _| p.opt(|p| p.uint(u32::MAX.into())).map(drop))?;
        self.field(f, b"result")?;
        let zone = self.opt(|p| p.screening_result(f))?;
        self.field(f, b"time")?;
        self.timestamp()?;
        self.end_struct(depth)?;
        let instrument = match substance {
            Some(sub) => format!("{instrument}:{sub}"),
            None => instrument.into_owned(),
        };
        Some((instrument, zone.map(Cow::into_owned)))
    }

    /// A screening result: its zone.
    fn screening_result(&mut self, depth: usize) -> Option<Cow<'a, str>> {
        let f = depth + 1;
        self.first_field(f, b"total")?;
        self.uint(u32::MAX.into())?;
        self.field(f, b"max_total")?;
        self.opt(|p| p.uint(u32::MAX.into()))?;
        self.field(f, b"zone")?;
        let zone = self.string()?;
        self.field(f, b"level")?;
        self.str_any()?;
        self.field(f, b"action")?;
        self.str_any()?;
        self.field(f, b"flags")?;
        self.list(f, |p, _| p.str_any())?;
        self.field(f, b"complete")?;
        self.boolean()?;
        self.end_struct(depth)?;
        Some(zone)
    }

    /// A coverage event: its component.
    fn coverage(&mut self, depth: usize) -> Option<Cow<'a, str>> {
        let f = depth + 1;
        self.first_field(f, b"component")?;
        let component = self.string()?;
        self.field(f, b"step")?;
        self.str_any()?;
        self.field(f, b"time")?;
        self.timestamp()?;
        self.field(f, b"source")?;
        if self.eat(b"Prompt(") {
            self.str_any()?;
            self.lit(b")")?;
        } else {
            self.lit(b"ByHand")?;
        }
        self.field(f, b"note")?;
        self.opt(|p| p.str_any())?;
        self.end_struct(depth)?;
        Some(component)
    }

    /// A readiness entry: its stage.
    #[expect(
        clippy::option_option,
        reason = "the outer option says whether the text is in the layout, the inner is the value"
    )]
    fn readiness(&mut self, depth: usize) -> Option<Option<Cow<'a, str>>> {
        let f = depth + 1;
        self.first_field(f, b"stage")?;
        let stage = self.opt(|p| p.string())?;
        for name in [&b"importance"[..], b"confidence", b"readiness"] {
            self.field(f, name)?;
            self.opt(|p| p.uint(u8::MAX.into()))?;
        }
        self.field(f, b"why_not_lower")?;
        self.str_any()?;
        self.field(f, b"note")?;
        self.str_any()?;
        self.field(f, b"time")?;
        self.opt(|p| p.timestamp())?;
        self.end_struct(depth)?;
        Some(stage)
    }

    fn goal(&mut self, depth: usize) -> Option<()> {
        let f = depth + 1;
        self.first_field(f, b"options")?;
        self.list(f, |p, _| p.str_any())?;
        self.field(f, b"own_words")?;
        self.str_any()?;
        self.field(f, b"target_date")?;
        self.opt(|p| p.date())?;
        self.end_struct(depth)
    }

    fn referral(&mut self, depth: usize) -> Option<()> {
        let f = depth + 1;
        self.first_field(f, b"to")?;
        self.str_any()?;
        self.field(f, b"level")?;
        self.opt(|p| p.str_any())?;
        self.field(f, b"response")?;
        if !(self.eat(b"Offered") || self.eat(b"Accepted") || self.eat(b"Declined")) {
            return None;
        }
        self.end_struct(depth)
    }

    fn amendment(&mut self, depth: usize) -> Option<()> {
        let f = depth + 1;
        self.first_field(f, b"time")?;
        self.timestamp()?;
        for name in [&b"by"[..], b"reason", b"change"] {
            self.field(f, name)?;
            self.str_any()?;
        }
        self.end_struct(depth)
    }
}

/// Two ASCII digits at `i` as a number.
fn two(b: &[u8], i: usize) -> Option<u32> {
    match (b.get(i), b.get(i + 1)) {
        (Some(h @ b'0'..=b'9'), Some(l @ b'0'..=b'9')) => {
            Some(u32::from(h - b'0') * 10 + u32::from(l - b'0'))
        }
        _ => None,
    }
}

/// `YYYY-MM-DD`, a real date in years 1 to 9999.
fn date_ok(b: &[u8]) -> bool {
    b.len() == 10 && date_prefix_ok(b)
}

fn date_prefix_ok(b: &[u8]) -> bool {
    let (Some(hi), Some(lo), Some(month), Some(day)) = (two(b, 0), two(b, 2), two(b, 5), two(b, 8))
    else {
        return false;
    };
    let year = hi * 100 + lo;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') && (1..=days).contains(&day)
}

/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction of 1 to 9 digits, then `Z` or `±HH:MM`: the
/// form chrono writes, with every part in range (no leap second).
fn timestamp_ok(b: &[u8]) -> bool {
    if !date_prefix_ok(b) || b.get(10) != Some(&b'T') {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (two(b, 11), two(b, 14), two(b, 17)) else {
        return false;
    };
    if hour > 23
        || minute > 59
        || second > 59
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return false;
    }
    let mut at = 19;
    if b.get(at) == Some(&b'.') {
        let digits = b
            .get(at + 1..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
        if !(1..=9).contains(&digits) {
            return false;
        }
        at += 1 + digits;
    }
    match b.get(at) {
        Some(b'Z') => b.len() == at + 1,
        Some(b'+' | b'-') => {
            let (Some(off_hours), Some(off_minutes)) = (two(b, at + 1), two(b, at + 4)) else {
                return false;
            };
            b.len() == at + 6
                && b.get(at + 3) == Some(&b':')
                && off_hours <= 15
                && off_minutes <= 59
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::ProtocolSet;
    use crate::session::Session;

    fn full(text: &str) -> SessionSummary {
        let path = std::path::Path::new("x.ron");
        let session = crate::store::parse_session(path, text).unwrap();
        SessionSummary::from_session(PathBuf::new(), &session, seal_status(text))
    }

    fn demo(seed: u64, index: u64) -> Session {
        let set = ProtocolSet::bundled().unwrap();
        let end = DateTime::parse_from_rfc3339("2026-11-25T17:30:00-05:00").unwrap();
        crate::demo::session(&set, seed, index, end)
    }

    #[test]
    fn files_as_brief_writes_them_take_the_fast_path_and_agree_with_the_full_parse() {
        for i in 0..200 {
            let text = demo(3, i).to_ron();
            let fast = extract(&text);
            assert!(fast.is_some(), "session {i} is in the written layout");
            assert_eq!(fast, Some(full(&text)), "session {i}: same summary");
        }
        // Escapes in kept and skipped values, sealed as brief seals.
        let mut s = demo(4, 1);
        s.clinician = "c-o'neil \"k\" \\ ü".to_owned();
        s.summary = "line\nbreak\ttab \"quoted\"".to_owned();
        if s.status == Status::Closed {
            s.content_hash = Some(s.compute_hash());
        }
        let text = s.to_ron();
        assert!(
            text.contains("o\\'neil"),
            "the quote is escaped in the file"
        );
        assert_eq!(extract(&text), Some(full(&text)), "escaped values");
        assert_eq!(
            extract(&text).map(|x| x.clinician),
            Some(s.clinician.clone()),
            "the clinician is unescaped"
        );
    }

    #[test]
    fn the_seal_is_checked_as_seal_status_checks_it() {
        let mut s = demo(3, 2);
        s.status = Status::Closed;
        s.content_hash = Some(s.compute_hash());
        let text = s.to_ron();
        let at = text.find("\n content_hash: ").unwrap();
        let line = text[at + 1..].lines().next().unwrap().to_owned();
        for (what, changed) in [
            ("as written", text.clone()),
            ("edited", text.replacen("P-", "Q-", 1)),
            ("no hash", text.replace(&line, " content_hash: None,")),
            (
                "short hash",
                text.replace(&line, " content_hash: Some(\"abc\"),"),
            ),
            (
                "long hash",
                text.replace(&line, &line.replace("\")", "0\")")),
            ),
            (
                "upper case",
                text.replace(
                    &line,
                    &line
                        .to_uppercase()
                        .replace("CONTENT_HASH: SOME", "content_hash: Some"),
                ),
            ),
            (
                "non-ASCII",
                text.replace(
                    &line,
                    &format!(" content_hash: Some(\"{}é\"),", "0".repeat(63)),
                ),
            ),
        ] {
            let at = changed.find("\n content_hash: ").unwrap();
            assert_eq!(seal_at(&changed, at), seal_status(&changed), "{what}");
        }
        assert_eq!(
            seal_at(&text, at),
            Seal::Intact,
            "the file as written is intact"
        );
    }

    #[test]
    fn anything_else_goes_to_the_full_parse() {
        let text = demo(3, 1).to_ron();
        for (what, changed) in [
            ("reindented", text.replace("\n ", "\n  ")),
            ("a comment", text.replacen("(\n", "( // hi\n", 1)),
            ("version 2", text.replacen("version: 1,", "version: 2,", 1)),
            ("trailing newline", format!("{text}\n")),
            ("unicode escape", text.replacen("c-", "c-\\u{e9}", 1)),
            (
                "a field missing",
                text.replacen(" current_step: ", " current_stop: ", 1),
            ),
            ("a bad time", text.replacen('T', "X", 1)),
            ("a raw line break", text.replacen("P-", "P\n-", 1)),
        ] {
            assert_ne!(changed, text, "{what}: the text changed");
            assert!(extract(&changed).is_none(), "{what}: not the fast path");
        }
    }

    #[test]
    fn times_in_the_written_form_are_checked_field_by_field() {
        for ok in [
            "2026-03-21T12:08:00Z",
            "2024-02-29T23:59:59.123+01:00",
            "2026-11-25T10:00:00.123456789-05:30",
        ] {
            assert!(timestamp_ok(ok.as_bytes()), "{ok} is a time");
            assert!(
                ok.parse::<DateTime<FixedOffset>>().is_ok(),
                "chrono agrees on {ok}"
            );
        }
        for bad in [
            "2025-02-29T12:00:00Z",
            "2026-13-01T12:00:00Z",
            "2026-04-31T12:00:00Z",
            "2026-03-21T24:00:00Z",
            "2026-03-21T12:60:00Z",
            "2026-03-21T12:00:60Z",
            "2026-03-21T12:00:00.Z",
            "2026-03-21T12:00:00.1234567890Z",
            "2026-03-21T12:00:00+1:00",
            "2026-03-21T12:00:00",
            "2026-03-21 12:00:00Z",
            "0000-01-01T00:00:00Z",
            "2026-03-21T12:00:00ZZ",
        ] {
            assert!(
                !timestamp_ok(bad.as_bytes()),
                "{bad} is not in the written form"
            );
        }
        assert!(date_ok(b"2024-02-29"), "a leap day");
        assert!(!date_ok(b"1900-02-29"), "1900 was not a leap year");
        assert!(!date_ok(b"2026-05-30T"), "a date is ten characters");
    }

    #[test]
    fn numbers_and_strings_are_read_as_serde_would() {
        let mut p = Cursor::new(r#"256,007,0,"a\'b\"c","x\u{301}""#);
        assert_eq!(p.uint(255), None, "256 does not fit a u8");
        p.i = 4;
        assert_eq!(p.uint(255), None, "leading zeros are not the written form");
        p.i = 8;
        assert_eq!(p.uint(255), Some(0), "zero");
        p.i = 10;
        assert_eq!(p.str_any(), Some(()), "simple escapes are understood");
        p.i += 1;
        assert_eq!(p.str_any(), None, "unicode escapes go to the full parse");
    }
}
