//! The `qingdan` binary: the command line lives in [`cli`] (arguments, one
//! handler per command, output and exit codes); the work in the library.

#![forbid(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
