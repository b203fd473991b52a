//! The `qingdan` binary: the command line lives in [`cli`] (arguments, one
//! handler per command, output and exit codes); the work in the library.

#![forbid(unsafe_code)]

mod cli;

/// Counts the bytes the process holds, for the limits watchdog (`qingdan::guard`).
#[global_allocator]
static ALLOC: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

fn main() -> std::process::ExitCode {
    match qingdan::guard::Limits::from_env() {
        Ok(limits) => {
            // The hard limit only stops one allocation too large to wait for the watchdog.
            if ALLOC.set_limit(limits.hard_memory()).is_err() {
                eprintln!(
                    "error: {} is below what qingdan already holds",
                    qingdan::guard::MEMORY_VAR
                );
                return std::process::ExitCode::from(2);
            }
            qingdan::guard::watch(|| ALLOC.allocated(), limits);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    }
    cli::main()
}
