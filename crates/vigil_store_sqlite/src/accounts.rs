//! Users, lockout and sessions in SQLite (tables of migration 5).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use vigil_store::{
    Lockout, NewSession, NewUser, Role, Session, StoreError, User, UserChange, UserId, UserLogin,
    check_user_name,
};

use crate::convert::{Context, Result, time_from_sql, time_to_sql};

const USER_COLUMNS: &str = "id, name, role, disabled, locked_until, created_at";

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<UserRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

type UserRow = (i64, String, String, bool, Option<String>, String);

fn user(row: UserRow) -> Result<User> {
    let (id, name, role, disabled, locked_until, created_at) = row;
    let role = Role::parse(&role)
        .ok_or_else(|| StoreError::Corrupt(format!("user {name:?} has role {role:?}")))?;
    Ok(User {
        id: UserId(id),
        name,
        role,
        disabled,
        locked_until: locked_until.as_deref().map(time_from_sql).transpose()?,
        created_at: time_from_sql(&created_at)?,
    })
}

pub(crate) fn add(conn: &Connection, new: &NewUser) -> Result<User> {
    check_user_name(&new.name)?;
    if find(conn, &new.name)?.is_some() {
        return Err(StoreError::Refused(format!(
            "a user named {:?} exists already",
            new.name
        )));
    }
    let at = time_to_sql(&new.at);
    conn.execute(
        "INSERT INTO users (name, role, password, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![new.name, new.role.as_str(), new.password_hash, at],
    )
    .ctx("adding a user")?;
    find(conn, &new.name)?.ok_or_else(|| StoreError::Corrupt("an added user is missing".into()))
}

fn find(conn: &Connection, name: &str) -> Result<Option<User>> {
    conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"),
        [name],
        user_from_row,
    )
    .optional()
    .ctx("reading a user")?
    .map(user)
    .transpose()
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY name COLLATE NOCASE"
        ))
        .ctx("listing users")?;
    let rows = stmt
        .query_map([], user_from_row)
        .ctx("listing users")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("listing users")?;
    rows.into_iter().map(user).collect()
}

pub(crate) fn login(conn: &Connection, name: &str) -> Result<Option<UserLogin>> {
    let found = conn
        .query_row(
            &format!("SELECT {USER_COLUMNS}, password FROM users WHERE name = ?1"),
            [name],
            |row| Ok((user_from_row(row)?, row.get::<_, String>(6)?)),
        )
        .optional()
        .ctx("reading a user")?;
    found
        .map(|(row, password_hash)| {
            Ok(UserLogin {
                user: user(row)?,
                password_hash,
            })
        })
        .transpose()
}

pub(crate) fn change(
    conn: &Connection,
    name: &str,
    change: &UserChange,
    at: DateTime<Utc>,
) -> Result<User> {
    let found = find(conn, name)?.ok_or_else(|| StoreError::NotFound {
        what: "user",
        id: name.to_owned(),
    })?;
    let at = time_to_sql(&at);
    let id = found.id.0;
    match change {
        UserChange::Disable => conn.execute(
            "UPDATE users SET disabled = 1, updated_at = ?2 WHERE id = ?1",
            params![id, at],
        ),
        UserChange::Enable => conn.execute(
            "UPDATE users SET disabled = 0, updated_at = ?2 WHERE id = ?1",
            params![id, at],
        ),
        UserChange::Password(hash) => conn.execute(
            "UPDATE users SET password = ?2, failed_logins = 0, locked_until = NULL,
                 updated_at = ?3 WHERE id = ?1",
            params![id, hash, at],
        ),
        UserChange::Role(role) => conn.execute(
            "UPDATE users SET role = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, role.as_str(), at],
        ),
    }
    .ctx("changing a user")?;
    conn.execute("DELETE FROM sessions WHERE user_id = ?1", [id])
        .ctx("ending a user's sessions")?;
    find(conn, name)?.ok_or_else(|| StoreError::Corrupt("a changed user is missing".into()))
}

pub(crate) fn failed(
    conn: &Connection,
    user: UserId,
    at: DateTime<Utc>,
    policy: &Lockout,
) -> Result<Option<DateTime<Utc>>> {
    let failures: Option<i64> = conn
        .query_row(
            "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?1
             RETURNING failed_logins",
            [user.0],
            |row| row.get(0),
        )
        .optional()
        .ctx("counting a failed login")?;
    let Some(failures) = failures else {
        return Err(StoreError::NotFound {
            what: "user",
            id: user.0.to_string(),
        });
    };
    if failures < i64::from(policy.max_failures.max(1)) {
        return Ok(None);
    }
    let until = at + policy.duration;
    // The count starts again, so that the next failure after the lockout
    // does not lock at once.
    conn.execute(
        "UPDATE users SET failed_logins = 0, locked_until = ?2 WHERE id = ?1",
        params![user.0, time_to_sql(&until)],
    )
    .ctx("locking an account")?;
    conn.execute("DELETE FROM sessions WHERE user_id = ?1", [user.0])
        .ctx("ending a locked user's sessions")?;
    Ok(Some(until))
}

pub(crate) fn start(conn: &Connection, session: &NewSession) -> Result<()> {
    let at = time_to_sql(&session.at);
    conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [&at])
        .ctx("dropping expired sessions")?;
    if let Some(old) = &session.replaces {
        conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [old])
            .ctx("ending the replaced session")?;
    }
    conn.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
        [session.user.0],
    )
    .ctx("clearing failed logins")?;
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            session.token_hash,
            session.user.0,
            session.csrf,
            at,
            time_to_sql(&session.expires)
        ],
    )
    .ctx("starting a session")?;
    Ok(())
}

pub(crate) fn get(
    conn: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>> {
    let found = conn
        .query_row(
            "SELECT u.id, u.name, u.role, u.disabled, u.locked_until, u.created_at,
                    s.csrf, s.expires_at
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0",
            params![token_hash, time_to_sql(&now)],
            |row| {
                Ok((
                    user_from_row(row)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                ))
            },
        )
        .optional()
        .ctx("reading a session")?;
    found
        .map(|(row, csrf, expires)| {
            Ok(Session {
                user: user(row)?,
                csrf,
                expires: time_from_sql(&expires)?,
            })
        })
        .transpose()
}

pub(crate) fn end(conn: &Connection, token_hash: &str) -> Result<()> {
    conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])
        .ctx("ending a session")?;
    Ok(())
}
