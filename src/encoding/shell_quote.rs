//! One shell word that bash, zsh and fish all read back unchanged, interactive or not.
//!
//! Salesforce access tokens contain `!` (`00D…!AQ…`), which bash and zsh expand from the history in an interactive
//! shell unless it is inside single quotes; fish has no history expansion but, unlike POSIX shells, reads `\\` and
//! `\'` as escapes *inside* single quotes. So: every character goes inside single quotes except `'` and `\`, which
//! are written outside them as `\'` and `\\` — the same in all three shells.

/// `value` as one shell word: `'…'` pieces joined with `\'` and `\\`. The empty string is `''`.
pub fn shell_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    let mut open = false;
    for c in value.chars() {
        match c {
            '\'' | '\\' => {
                if open {
                    out.push('\'');
                    open = false;
                }
                out.push('\\');
                out.push(c);
            }
            _ => {
                if !open {
                    out.push('\'');
                    open = true;
                }
                out.push(c);
            }
        }
    }
    if open || out.is_empty() {
        if !open {
            out.push('\'');
        }
        out.push('\'');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_for_bash_zsh_and_fish() {
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("abc"), "'abc'");
        assert_eq!(
            shell_quote("00D5g000000FAKE!AQ.x$y`z\"w"),
            "'00D5g000000FAKE!AQ.x$y`z\"w'"
        );
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote("a\\b"), "'a'\\\\'b'");
        assert_eq!(shell_quote("'"), "\\'");
        assert_eq!(shell_quote("\\\\"), "\\\\\\\\");
        assert_eq!(shell_quote("x'"), "'x'\\'");
        assert_eq!(shell_quote("line 1\nline 2"), "'line 1\nline 2'");
        // `!` never leaves the quotes.
        for value in ["!", "a!b", "!!", "'!'", "\\!"] {
            let quoted = shell_quote(value);
            let mut inside = false;
            let mut escaped = false;
            for c in quoted.chars() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if !inside => escaped = true,
                    '\'' => inside = !inside,
                    '!' => assert!(inside, "{quoted}"),
                    _ => {}
                }
            }
        }
    }
}
