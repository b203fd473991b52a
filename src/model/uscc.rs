//! 统一社会信用代码 (unified social credit code, GB 32100-2015).
//!
//! 18 characters from a 31-character set (the digits and the capital letters
//! without I, O, Z, S and V). The last one is a check character: with the
//! values of the first 17 (0–9, then A = 10 … Y = 30 in the order of
//! [`CHARSET`]) and the weights [`WEIGHTS`] (3^i mod 31),
//! `check = 31 − (Σ value × weight mod 31)`, and 31 becomes 0.

use crate::i18n::msg;

/// The characters a code may use, in value order (A = 10 … Y = 30).
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17.
pub const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Length of a code.
pub const LEN: usize = 18;

/// What is wrong with a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccError {
    /// Not 18 characters.
    Length {
        /// The code as given.
        code: String,
        /// Its length in characters.
        len: usize,
    },
    /// A character outside [`CHARSET`].
    BadChar {
        /// The code as given.
        code: String,
        /// 1-based position.
        position: usize,
        /// The character.
        ch: char,
    },
    /// The check character does not match the first 17.
    CheckDigit {
        /// The code as given.
        code: String,
        /// What the first 17 characters give.
        expected: char,
        /// The 18th character.
        got: char,
    },
}

fn lowercase_note(ch: char) -> String {
    if ch.is_ascii_lowercase() {
        msg::uscc_lowercase()
    } else if "IOZSV".contains(ch) {
        msg::uscc_never_letters()
    } else {
        String::new()
    }
}

impl std::fmt::Display for UsccError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            UsccError::Length { code, len } => msg::uscc_length(code, len),
            UsccError::BadChar { code, position, ch } => {
                msg::uscc_bad_char(code, position, ch, lowercase_note(*ch))
            }
            UsccError::CheckDigit {
                code,
                expected,
                got,
            } => msg::uscc_check_digit(code, expected, got),
        })
    }
}

impl std::error::Error for UsccError {}

impl UsccError {
    /// 1-based character position the error is about, if any.
    pub fn position(&self) -> Option<usize> {
        match self {
            UsccError::Length { .. } => None,
            UsccError::BadChar { position, .. } => Some(*position),
            UsccError::CheckDigit { .. } => Some(LEN),
        }
    }
}

/// The value of a code character (0–30), if it is one.
pub fn value(c: char) -> Option<u32> {
    CHARSET.chars().position(|x| x == c).map(|p| p as u32)
}

/// The check character for the first 17 characters of a code.
///
/// Errors if `first17` is not 17 characters of [`CHARSET`].
pub fn check_char(first17: &str) -> Result<char, UsccError> {
    let chars: Vec<char> = first17.chars().collect();
    if chars.len() != LEN - 1 {
        return Err(UsccError::Length {
            code: first17.to_string(),
            len: chars.len(),
        });
    }
    let mut sum = 0u32;
    for (i, (&c, w)) in chars.iter().zip(WEIGHTS).enumerate() {
        let v = value(c).ok_or_else(|| UsccError::BadChar {
            code: first17.to_string(),
            position: i + 1,
            ch: c,
        })?;
        sum += v * w;
    }
    let check = (31 - sum % 31) % 31;
    Ok(CHARSET.chars().nth(check as usize).unwrap_or('0'))
}

/// Checks a code: length, characters, check character.
pub fn check(code: &str) -> Result<(), UsccError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != LEN {
        return Err(UsccError::Length {
            code: code.to_string(),
            len: chars.len(),
        });
    }
    for (i, &c) in chars.iter().enumerate() {
        if value(c).is_none() {
            return Err(UsccError::BadChar {
                code: code.to_string(),
                position: i + 1,
                ch: c,
            });
        }
    }
    let first17: String = chars[..LEN - 1].iter().collect();
    let expected = check_char(&first17)?;
    let got = chars[LEN - 1];
    if expected != got {
        return Err(UsccError::CheckDigit {
            code: code.to_string(),
            expected,
            got,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes published by the enterprises themselves (business licences shown on
    /// their websites and in annual reports), and the example that circulates
    /// with descriptions of the standard.
    const VALID: &[&str] = &[
        "91350100M000100Y43",
        "914403001922038216", // 华为技术有限公司
        "9144030071526726XG", // 深圳市腾讯计算机系统有限公司
        "91330100799655058B", // 浙江淘宝网络有限公司
    ];

    #[test]
    fn charset_and_weights() {
        assert_eq!(CHARSET.chars().count(), 31);
        for c in "IOZSV".chars() {
            assert!(!CHARSET.contains(c));
        }
        // The weights are 3^i mod 31.
        let mut w = 1u32;
        for expected in WEIGHTS {
            assert_eq!(w, expected);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn known_valid_codes_pass() {
        for code in VALID {
            assert_eq!(check(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn computed_codes_pass() {
        for first17 in [
            "91610100MA6T0BX1A",
            "9161013105278473X",
            "12100000400000000",
            "00000000000000000",
        ] {
            let c = check_char(first17).unwrap_or('?');
            let code = format!("{first17}{c}");
            assert_eq!(check(&code), Ok(()), "{code}");
        }
        // All zeros: sum 0 → 31 − 0 = 31 → 0.
        assert_eq!(check_char("00000000000000000"), Ok('0'));
    }

    #[test]
    fn every_single_substitution_is_caught() {
        let good = "91350100M000100Y43";
        let chars: Vec<char> = good.chars().collect();
        for i in 0..LEN {
            for c in CHARSET.chars().filter(|&c| c != chars[i]) {
                let mut bad = chars.clone();
                bad[i] = c;
                let bad: String = bad.into_iter().collect();
                assert!(
                    matches!(check(&bad), Err(UsccError::CheckDigit { .. })),
                    "{bad}"
                );
            }
        }
    }

    /// GB 32100's character set at every position, both ways: each of the 31
    /// characters is accepted at each of the 18 positions (positions 1–17 with
    /// the check character recomputed), and each character outside it (I, O,
    /// Z, S, V, lowercase, punctuation, a full-width digit) is refused as that
    /// position's bad character, the 18th included.
    #[test]
    fn charset_at_every_position_both_ways() {
        let good: Vec<char> = "91350100M000100Y43".chars().collect();
        for i in 0..LEN {
            for c in CHARSET.chars() {
                let mut code = good.clone();
                code[i] = c;
                if i < LEN - 1 {
                    let first17: String = code[..LEN - 1].iter().collect();
                    code[LEN - 1] = check_char(&first17).unwrap_or('?');
                    let code: String = code.into_iter().collect();
                    assert_eq!(check(&code), Ok(()), "{c} at {}: {code}", i + 1);
                } else {
                    let code: String = code.into_iter().collect();
                    let r = check(&code);
                    assert!(
                        r.is_ok() || matches!(r, Err(UsccError::CheckDigit { .. })),
                        "{c} at 18 is a code character: {r:?}"
                    );
                }
            }
            for c in ['I', 'O', 'Z', 'S', 'V', 'a', 'y', '-', ' ', '０'] {
                let mut code = good.clone();
                code[i] = c;
                let code: String = code.into_iter().collect();
                let e = check(&code);
                assert_eq!(
                    e,
                    Err(UsccError::BadChar {
                        code: code.clone(),
                        position: i + 1,
                        ch: c,
                    }),
                    "{c} at {}",
                    i + 1
                );
                assert_eq!(e.err().and_then(|e| e.position()), Some(i + 1));
            }
        }
        // The value of each character is its place in the set (A = 10 … Y = 30).
        assert_eq!(value('0'), Some(0));
        assert_eq!(value('A'), Some(10));
        assert_eq!(value('Y'), Some(30));
        assert_eq!(value('I'), None);
        // check_char refuses what is not 17 characters of the set.
        assert!(matches!(
            check_char("9135010"),
            Err(UsccError::Length { len: 7, .. })
        ));
        assert!(matches!(
            check_char("91350100I000100Y4"),
            Err(UsccError::BadChar { position: 9, .. })
        ));
    }

    #[test]
    fn the_check_character_can_be_every_value() {
        // Each of the 31 check characters occurs for some first 17 (the last
        // weight, 28, is invertible mod 31), Y (30) and 0 (31 → 0) included.
        let mut seen = std::collections::BTreeSet::new();
        for c in CHARSET.chars() {
            let first17 = format!("9135010000000000{c}");
            seen.insert(check_char(&first17).unwrap_or('?'));
        }
        assert_eq!(seen.len(), 31, "{seen:?}");
        // Positions are told apart in the messages and in `position()`.
        assert_eq!(
            check("9135010000000000").err().and_then(|e| e.position()),
            None
        );
        assert_eq!(
            check("91350100M000100Y44").err().and_then(|e| e.position()),
            Some(18)
        );
        let msg = |code: &str| check(code).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg("91350100I000100Y43").ends_with("(the code never uses I, O, Z, S or V)"));
        assert!(msg("91350100-000100Y43").ends_with("is not allowed"));
    }

    #[test]
    fn corrupted_codes_say_what_is_wrong() {
        assert_eq!(
            check("91350100M000100Y44"),
            Err(UsccError::CheckDigit {
                code: "91350100M000100Y44".into(),
                expected: '3',
                got: '4',
            })
        );
        // Two adjacent characters swapped.
        assert!(check("93150100M000100Y43").is_err());
        let e = check("91350100M000100Y4");
        assert!(matches!(e, Err(UsccError::Length { len: 17, .. })), "{e:?}");
        let e = check("91350100M000100Y433");
        assert!(matches!(e, Err(UsccError::Length { len: 19, .. })), "{e:?}");
        let e = check("91350100O000100Y43");
        assert!(
            matches!(
                e,
                Err(UsccError::BadChar {
                    position: 9,
                    ch: 'O',
                    ..
                })
            ),
            "{e:?}"
        );
        let e = check("91350100m000100y43");
        assert_eq!(e.as_ref().err().and_then(UsccError::position), Some(9));
        let msg = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("character 9 `m`"), "{msg}");
        assert!(msg.contains("capitals"), "{msg}");
        // Chinese characters count as one character each.
        let e = check("九1350100M000100Y43");
        assert!(matches!(e, Err(UsccError::BadChar { position: 1, .. })));
        let msg = check("91350100M000100Y44")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            msg.contains("should be `3`, got `4`"),
            "check message: {msg}"
        );
    }
}
