//! Users, their roles, login lockout and sessions: who may read and change
//! the record. The store keeps only password hashes and hashes of session
//! tokens; hashing, cookies and the policy of who may do what live in the
//! server.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::StoreError;

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads everything.
    Viewer,
    /// Reads everything; reviews, edits, merges, splits and submits reports.
    Editor,
    /// An editor who also sees the server's metrics and administers users.
    Admin,
}

impl Role {
    /// Every role, least powerful first.
    pub const ALL: [Role; 3] = [Self::Viewer, Self::Editor, Self::Admin];

    /// The name used on the command line, in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }

    /// The role named `name`, if any.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

/// A user as listed: never the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The row id.
    pub id: UserId,
    /// The login name, also the author of the versions the user makes.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// A disabled user cannot log in and has no sessions.
    pub disabled: bool,
    /// Until when logins are refused after repeated failures.
    pub locked_until: Option<DateTime<Utc>>,
    /// When the user was added.
    pub created_at: DateTime<Utc>,
}

/// What a login attempt needs: the user and the stored password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserLogin {
    /// The user.
    pub user: User,
    /// The password hash (a PHC string, e.g. `$argon2id$…`).
    pub password_hash: String,
}

/// A user to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// The login name; see [`check_user_name`].
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// The password hash (a PHC string).
    pub password_hash: String,
    /// When the user is added.
    pub at: DateTime<Utc>,
}

/// A change to a user. Every change ends the user's sessions, so that no
/// browser keeps rights the user no longer has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserChange {
    /// No more logins; sessions end.
    Disable,
    /// Logins allowed again.
    Enable,
    /// A new password hash; sessions end and any lockout is lifted.
    Password(String),
    /// Another role; sessions end so that no page keeps the old rights.
    Role(Role),
}

/// When repeated failed logins lock an account, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Consecutive failures that lock the account.
    pub max_failures: u32,
    /// How long it stays locked.
    pub duration: Duration,
}

/// A session to start for a user who has just logged in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The hash of the token the browser holds (lower-case hex SHA-256).
    pub token_hash: String,
    /// Whose session it is.
    pub user: UserId,
    /// The session's anti-forgery token, sent back with every change.
    pub csrf: String,
    /// When it starts.
    pub at: DateTime<Utc>,
    /// When it ends.
    pub expires: DateTime<Utc>,
    /// The hash of the session the browser held before, ended now: a login
    /// always gets a new session id.
    pub replaces: Option<String>,
}

/// A live session of an enabled user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The user, as stored now (a role change shows at once).
    pub user: User,
    /// The session's anti-forgery token.
    pub csrf: String,
    /// When it ends.
    pub expires: DateTime<Utc>,
}

/// The longest user name.
pub const MAX_USER_NAME: usize = 64;

/// Refuses a user name that is empty, too long, has characters other than
/// letters, digits and `.`, `_`, `-`, `@`, or could pass for the extractor
/// (`extractor@…`), whose name marks machine proposals.
pub fn check_user_name(name: &str) -> Result<(), StoreError> {
    let refuse = |why: &str| Err(StoreError::Refused(format!("user name {name:?}: {why}")));
    if name.is_empty() || name.chars().count() > MAX_USER_NAME {
        return refuse(&format!("expected 1 to {MAX_USER_NAME} characters"));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return refuse("only letters, digits, '.', '_', '-' and '@' are allowed");
    }
    if name.to_lowercase().starts_with("extractor@") {
        return refuse("extractor@… names the machine's proposals");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_order_by_power() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Viewer < Role::Editor && Role::Editor < Role::Admin);
    }

    #[test]
    fn user_names_are_checked() {
        for good in ["aida", "nurlan.t", "e2e-admin", "dana@osh", "Даниияр"] {
            assert!(check_user_name(good).is_ok(), "{good}");
        }
        let long = "a".repeat(MAX_USER_NAME + 1);
        for bad in ["", "two words", "<script>", "Extractor@1.0", long.as_str()] {
            assert!(check_user_name(bad).is_err(), "{bad}");
        }
    }
}
