//! The language of messages: English or Chinese (简体中文).
//!
//! Every message a person reads on the terminal comes from one catalogue,
//! [`msg`]: each entry is a function with its English and its Chinese text side
//! by side, so the two languages always have the same keys, and `format!`
//! checks at compile time that both texts use exactly the entry's arguments.
//!
//! The language is chosen once per process ([`set`]), by the command line
//! (`--lang`), then the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, then the
//! system's UI language, e.g. Windows' display language); see [`detect`].
//! Library users that never call [`set`] get English.
//!
//! What is not translated: the input formats' field names and values (`kind`,
//! `hazards`, …), file names, and text quoted from the user's files.

use std::sync::atomic::{AtomicU8, Ordering};

/// Declares catalogue entries: `name(arg, …) { en: "…{arg}…", zh: "…{arg}…" }`
/// becomes `pub fn name(arg: impl Display, …) -> String` in the process's
/// language. The arguments are passed to `format!` by name, so the compiler
/// refuses an entry whose English or Chinese text leaves out one of them or
/// names one it does not have. Every entry is also listed in `ALL`, for tests.
macro_rules! messages {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident($($arg:ident),*) { en: $en:literal, zh: $zh:literal $(,)? }
    )*) => {
        $(
            $(#[doc = $doc])*
            #[doc = concat!("\n\nEnglish: ", $en, "\n\nChinese: ", $zh)]
            #[allow(clippy::too_many_arguments)]
            pub fn $name($($arg: impl ::std::fmt::Display),*) -> String {
                match $crate::i18n::lang() {
                    $crate::i18n::Lang::En => format!($en $(, $arg = $arg)*),
                    $crate::i18n::Lang::Zh => format!($zh $(, $arg = $arg)*),
                }
            }
        )*
        /// Every entry of this part of the catalogue: name, English, Chinese.
        #[cfg(test)]
        pub(crate) const ALL: &[(&str, &str, &str)] = &[$((stringify!($name), $en, $zh)),*];
    };
}

pub mod msg;

/// A language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English (the default).
    En,
    /// Simplified Chinese.
    Zh,
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Sets the process's language of messages.
pub fn set(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The process's language of messages.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::Zh,
        _ => Lang::En,
    }
}

impl Lang {
    /// Parses a `--lang` value: `zh`, `zh-CN`, `zh_CN.UTF-8`, `cn`, `中文` → Chinese;
    /// `en`, `en-US`, `C`, `POSIX` → English.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim();
        let base = s
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match base.as_str() {
            "zh" | "cn" | "chinese" => Some(Lang::Zh),
            "中文" | "简体中文" => Some(Lang::Zh),
            "en" | "c" | "posix" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a locale name asks for: Chinese for `zh*`, English otherwise.
    pub fn of_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// The language from the environment: the first non-empty of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` (POSIX order), else the system's preferred UI
/// language (`sys-locale`: Windows' display language, macOS' preferred
/// languages), else English. `var` reads one environment variable (a seam for
/// tests).
pub fn detect(var: impl Fn(&str) -> Option<String>) -> Lang {
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(v) = var(name).filter(|v| !v.trim().is_empty()) {
            return Lang::of_locale(&v);
        }
    }
    sys_locale::get_locale().map_or(Lang::En, |l| Lang::of_locale(&l))
}

/// Picks the text of the process's language (for the few texts that are not
/// messages with arguments, e.g. a table's column names).
pub fn pick(en: &'static str, zh: &'static str) -> &'static str {
    match lang() {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// `n` things in English (`1 file`, `2 files`) or Chinese (`2 个文件`).
pub fn count(n: usize, one: &str, many: &str, zh: &str) -> String {
    match lang() {
        Lang::En if n == 1 => format!("{n} {one}"),
        Lang::En => format!("{n} {many}"),
        Lang::Zh => format!("{n} {zh}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_values() {
        for zh in ["zh", "zh-CN", "zh_CN.UTF-8", "ZH_tw", "cn", "中文"] {
            assert_eq!(Lang::parse(zh), Some(Lang::Zh), "{zh}");
        }
        for en in ["en", "en_US.UTF-8", "C", "POSIX", "C.UTF-8"] {
            assert_eq!(Lang::parse(en), Some(Lang::En), "{en}");
        }
        for bad in ["", "fr", "zz", "de-DE"] {
            assert_eq!(Lang::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn locale_order_is_lc_all_then_lc_messages_then_lang() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(detect(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(
            detect(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            detect(env(&[("LC_MESSAGES", "zh_CN"), ("LANG", "en_US")])),
            Lang::Zh
        );
        // An empty variable is skipped, as POSIX says.
        assert_eq!(
            detect(env(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(detect(env(&[("LANG", "C.UTF-8")])), Lang::En);
    }
}
