//! The `vigil` command: thin glue over the stage crates.

mod backup;
mod cli;
mod demo;
mod eval;
mod export;
mod extract;
mod filter;
mod ingest;
mod migrate;
mod output;
mod resolve;
mod search;
mod serve;
mod show;
mod store;
mod user;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, EvalCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(&args),
        Command::Eval(EvalCommand::Clean(args)) => eval::clean::run(&args),
        Command::Eval(EvalCommand::Events(args)) => eval::events::run(&args),
        Command::Eval(EvalCommand::Notes(args)) => eval::notes::run(&args),
        Command::Eval(EvalCommand::Names(args)) => eval::names::run(&args),
        Command::Eval(EvalCommand::Resolve(args)) => eval::resolve::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Ingest(args) => ingest::run(&args),
        Command::Resolve(args) => resolve::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Show(command) => show::run(&command),
        Command::Export(args) => export::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::User(command) => user::run(&command),
        Command::Backup(args) => backup::run_backup(&args),
        Command::Restore(args) => backup::run_restore(&args),
        Command::Migrate(args) => migrate::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("vigil: {err:#}");
            ExitCode::FAILURE
        }
    }
}
