//! The `vigil` command: thin glue over the stage crates.

mod cli;
mod eval;
mod extract;
mod output;
mod serve;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, EvalCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(&args),
        Command::Eval(EvalCommand::Clean(args)) => eval::clean::run(&args),
        Command::Eval(EvalCommand::Events(args)) => eval::events::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Demo => {
            eprintln!("vigil: demo: not there yet: it arrives with the store and the web UI");
            Ok(ExitCode::FAILURE)
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("vigil: {err:#}");
            ExitCode::FAILURE
        }
    }
}
