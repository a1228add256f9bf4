//! `vigil user`: adding, listing, disabling and resetting the users of the
//! web UI and the API. Passwords are read from a prompt without echo, or
//! from standard input, and stored only as argon2id hashes.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use vigil_server::auth::{check_password, hash_password};
use vigil_store::{NewUser, Role, Store, User, UserChange};

use crate::cli::UserCommand;

/// Runs one `vigil user` command.
pub fn run(command: &UserCommand) -> Result<ExitCode> {
    match command {
        UserCommand::Add {
            name,
            role,
            password_stdin,
            db,
        } => {
            let role = Role::parse(role).with_context(|| format!("unknown role {role:?}"))?;
            let password = password(*password_stdin)?;
            let store = open(db)?;
            let user = add(&*store, name, role, &password)?;
            println!("added {} ({})", user.name, user.role);
        }
        UserCommand::List { db } => {
            let store = open(db)?;
            let users = store.list_users()?;
            if users.is_empty() {
                println!("no users; add one with `vigil user add NAME --role admin`");
            }
            for user in users {
                println!("{}", line(&user));
            }
        }
        UserCommand::Disable { name, db } => {
            let user = open(db)?.change_user(name, &UserChange::Disable, Utc::now())?;
            println!("disabled {}; their sessions have ended", user.name);
        }
        UserCommand::Enable { name, db } => {
            let user = open(db)?.change_user(name, &UserChange::Enable, Utc::now())?;
            println!("enabled {}", user.name);
        }
        UserCommand::Reset {
            name,
            password_stdin,
            db,
        } => {
            let store = open(db)?;
            if store.user_login(name)?.is_none() {
                bail!("no user named {name:?}");
            }
            let password = password(*password_stdin)?;
            let hash = hash_password(&password).map_err(anyhow::Error::msg)?;
            let user = store.change_user(name, &UserChange::Password(hash), Utc::now())?;
            println!(
                "new password set for {}; their sessions have ended",
                user.name
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn open(db: &str) -> Result<std::sync::Arc<dyn Store>> {
    crate::store::open_store(db)
}

/// Adds a user with `password`, hashed.
pub fn add(store: &dyn Store, name: &str, role: Role, password: &str) -> Result<User> {
    check_password(password).map_err(anyhow::Error::msg)?;
    let password_hash = hash_password(password).map_err(anyhow::Error::msg)?;
    let user = store.add_user(&NewUser {
        name: name.to_owned(),
        role,
        password_hash,
        at: Utc::now(),
    })?;
    Ok(user)
}

fn line(user: &User) -> String {
    let mut state = if user.disabled { "disabled" } else { "active" }.to_owned();
    if let Some(until) = user.locked_until.filter(|u| *u > Utc::now()) {
        state.push_str(&format!(
            ", locked until {}",
            until.format("%Y-%m-%d %H:%M UTC")
        ));
    }
    format!(
        "{:<24} {:<7} {:<10} added {}",
        user.name,
        user.role.as_str(),
        state,
        user.created_at.format("%Y-%m-%d")
    )
}

/// The new password: the first line of stdin, or asked twice without echo.
fn password(from_stdin: bool) -> Result<String> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    } else {
        if !std::io::stdin().is_terminal() {
            bail!("no terminal to ask for the password on; pass it with --password-stdin");
        }
        let first = rpassword::prompt_password("Password: ").context("reading the password")?;
        let again = rpassword::prompt_password("Again: ").context("reading the password")?;
        if first != again {
            bail!("the two passwords differ");
        }
        first
    };
    check_password(&password).map_err(anyhow::Error::msg)?;
    Ok(password)
}
