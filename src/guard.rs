//! Limits one run of qingdan keeps to, whatever its input: the memory it may
//! hold and the time one template render may take.
//!
//! Tera has no step or size limit: a shared template with `set s = s ~ s` in a
//! loop, a chain of `replace` filters or nested `range` loops would fill memory
//! or run for hours. A watchdog thread samples the memory the process holds (the
//! binary passes a counter, see `main.rs`) and the renders in progress
//! ([`crate::render::running`]); past a limit it prints a clear error naming the
//! template and ends the process with exit code 1. Files are only ever written
//! atomically, so nothing is left half-written; temporary files are cleaned up by
//! the next run.

use std::time::Duration;

/// The limits, with their defaults and the environment variables that change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most bytes the process may hold (soft: checked by the watchdog).
    pub memory: usize,
    /// Longest one template render may take.
    pub render: Duration,
}

/// Environment variable for [`Limits::memory`], in MiB.
pub const MEMORY_VAR: &str = "QINGDAN_MAX_MEMORY_MB";
/// Environment variable for [`Limits::render`], in seconds.
pub const RENDER_VAR: &str = "QINGDAN_MAX_RENDER_SECONDS";

/// Default memory limit: 512 MiB, about fifteen times what a build of the whole
/// catalogue or 500 letters needs.
pub const DEFAULT_MEMORY: usize = 512 * 1024 * 1024;
/// Default render limit: the largest built-in document renders in milliseconds.
pub const DEFAULT_RENDER: Duration = Duration::from_secs(60);

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory: DEFAULT_MEMORY,
            render: DEFAULT_RENDER,
        }
    }
}

impl Limits {
    /// The defaults, changed by [`MEMORY_VAR`] and [`RENDER_VAR`] where set.
    /// A value that is not a whole number ≥ 1 is an error naming the variable.
    pub fn from_env() -> Result<Limits, String> {
        Self::from_vars(
            std::env::var(MEMORY_VAR).ok().as_deref(),
            std::env::var(RENDER_VAR).ok().as_deref(),
        )
    }

    /// [`Limits::from_env`] with the variables' values given.
    pub fn from_vars(memory_mb: Option<&str>, seconds: Option<&str>) -> Result<Limits, String> {
        let mut l = Limits::default();
        if let Some(v) = memory_mb {
            l.memory = whole(MEMORY_VAR, v, 1 << 20)?
                .checked_mul(1024 * 1024)
                .ok_or_else(|| format!("{MEMORY_VAR}={v}: too large"))?;
        }
        if let Some(v) = seconds {
            l.render = Duration::from_secs(whole(RENDER_VAR, v, 1 << 30)? as u64);
        }
        Ok(l)
    }

    /// The hard limit for the allocator: twice the soft one. The watchdog acts
    /// first; this only stops a single allocation too large to wait for it.
    pub fn hard_memory(&self) -> usize {
        self.memory.saturating_mul(2)
    }
}

fn whole(var: &str, v: &str, max: usize) -> Result<usize, String> {
    match v.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "{var}={v}: write a whole number from 1 to {max}, or unset the variable"
        )),
    }
}

/// What the watchdog found, as the message it prints.
pub fn check(allocated: usize, running: &[(String, Duration)], limits: &Limits) -> Option<String> {
    let names = || {
        let mut n: Vec<&str> = running.iter().map(|(n, _)| n.as_str()).collect();
        n.sort_unstable();
        n.dedup();
        n.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mib = limits.memory / (1024 * 1024);
    if allocated > limits.memory {
        return Some(if running.is_empty() {
            format!(
                "qingdan needed more than {mib} MiB of memory and stopped; if the inputs are \
                 really that large, raise the limit with {MEMORY_VAR}"
            )
        } else {
            format!(
                "template {} needed more than {mib} MiB of memory and was stopped: a value that \
                 grows from itself (`set s = s ~ s` in a loop, a chain of `replace`) cannot finish; \
                 fix the template (the limit is {MEMORY_VAR})",
                names()
            )
        });
    }
    if let Some((name, _)) = running.iter().find(|(_, t)| *t > limits.render) {
        return Some(format!(
            "template `{name}` was still rendering after {} s and was stopped: a loop without \
             end or nested loops with too many steps; fix the template (the limit is {RENDER_VAR})",
            limits.render.as_secs()
        ));
    }
    None
}

/// Starts the watchdog thread. `allocated` tells how many bytes the process
/// holds. On a breach it prints `error: …` and exits with code 1.
pub fn watch(allocated: fn() -> usize, limits: Limits) {
    let spawned = std::thread::Builder::new()
        .name("qingdan-limits".into())
        .spawn(move || loop {
            std::thread::sleep(Duration::from_millis(5));
            let running = crate::render::running();
            if let Some(msg) = check(allocated(), &running, &limits) {
                eprintln!("error: {msg}");
                std::process::exit(1);
            }
        });
    // Without the thread the limits are not watched; qingdan still works.
    if let Err(e) = spawned {
        eprintln!("warning: cannot start the limits watchdog: {e}");
    }
}

// `from_env` and `watch` are covered by tests/corpus.rs (templates that would
// take the process down, with QINGDAN_MAX_MEMORY_MB=64 and
// QINGDAN_MAX_RENDER_SECONDS=1), which drive the binary.
#[cfg(test)]
mod tests {
    use super::*;

    const MIB: usize = 1024 * 1024;

    #[test]
    fn limits_from_the_environment() {
        // The defaults the README promises: 512 MiB and 60 s.
        let d = Limits::from_vars(None, None).unwrap();
        assert_eq!((d.memory, d.render.as_secs()), (536_870_912, 60));
        assert_eq!(Limits::from_vars(None, None), Ok(Limits::default()));
        let l = Limits::from_vars(Some("64"), Some("2")).unwrap();
        assert_eq!(l.memory, 64 * MIB);
        assert_eq!(l.render, Duration::from_secs(2));
        assert_eq!(l.hard_memory(), 128 * MIB);
        for bad in ["0", "-1", "1.5", "lots", ""] {
            let e = Limits::from_vars(Some(bad), None).unwrap_err();
            assert!(e.starts_with(&format!("{MEMORY_VAR}={bad}:")), "{e}");
            assert!(Limits::from_vars(None, Some(bad)).is_err());
        }
        assert!(Limits::from_vars(Some(&(1usize << 20).to_string()), None).is_ok());
        assert!(Limits::from_vars(Some(&((1usize << 20) + 1).to_string()), None).is_err());
    }

    #[test]
    fn breaches_on_both_sides_of_each_limit() {
        let l = Limits::from_vars(Some("10"), Some("3")).unwrap();
        let r = |s: u64| vec![("form".to_string(), Duration::from_secs(s))];
        assert_eq!(check(10 * MIB, &[], &l), None);
        assert_eq!(check(10 * MIB, &r(3), &l), None);
        let m = check(10 * MIB + 1, &r(0), &l).unwrap();
        assert!(
            m.starts_with("template `form` needed more than 10 MiB"),
            "{m}"
        );
        let m = check(10 * MIB + 1, &[], &l).unwrap();
        assert!(m.starts_with("qingdan needed more than 10 MiB"), "{m}");
        let m = check(0, &r(4), &l).unwrap();
        assert!(
            m.starts_with("template `form` was still rendering after 3 s"),
            "{m}"
        );
        // Two renders of one template are named once.
        let two = [r(0), r(1)].concat();
        let m = check(11 * MIB, &two, &l).unwrap();
        assert!(m.starts_with("template `form` needed"), "{m}");
    }
}
