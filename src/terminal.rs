//! Text from session files shown on a terminal: control characters escaped, so that a value
//! or a file name cannot move the cursor, recolour the screen or fake a line of output.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// `text` with every control character (line breaks included) written as an escape (`\n`,
/// `\u{1b}`).
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            write!(out, "{}", c.escape_default()).ok();
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path as [`shown`].
pub fn shown_path(path: &Path) -> String {
    shown(&path.display().to_string()).into_owned()
}

/// The line a listing prints on its error stream for a file it did not read.
pub fn unreadable_line(path: &Path, reason: &str) -> String {
    format!(
        "unreadable: {}: {} (left untouched)",
        shown_path(path),
        shown(reason)
    )
}

/// A writer that escapes control characters other than line breaks and tabs, for reports
/// whose layout uses those but whose values come from files.
pub struct NoControls<W>(pub W);

impl<W: io::Write> io::Write for NoControls<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        let mut i = 0;
        while i < buf.len() {
            let b = buf[i];
            // C0 controls but line feed and tab, DEL, and the C1 controls (U+0080–U+009F,
            // `C2 80`–`C2 9F` in UTF-8), which some terminals obey as escape sequences.
            let c1 = b == 0xC2 && buf.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n));
            if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F || c1 {
                self.0.write_all(&buf[start..i])?;
                let code = if c1 {
                    u32::from(buf[i + 1])
                } else {
                    u32::from(b)
                };
                write!(self.0, "\\u{{{code:x}}}")?;
                i += if c1 { 2 } else { 1 };
                start = i;
            } else {
                i += 1;
            }
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    #[test]
    fn escape_sequences_and_line_breaks_in_values_are_shown_not_obeyed() {
        assert_eq!(shown("c-lee"), "c-lee", "plain text is left alone");
        assert_eq!(
            shown("\u{1b}[31mRED\nfake"),
            "\\u{1b}[31mRED\\nfake",
            "ESC and a line break are escaped"
        );
        let mut out = NoControls(Vec::new());
        write!(out, "a\u{1b}[2J\tb\u{9b}c\né\n").unwrap();
        assert_eq!(
            String::from_utf8(out.0).unwrap(),
            "a\\u{1b}[2J\tb\\u{9b}c\né\n",
            "the report's own layout stays, control characters from values do not"
        );
    }
}
