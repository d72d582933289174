//! The `brief` binary: see `brief --help`.

fn main() -> std::process::ExitCode {
    brief::cli::main()
}
