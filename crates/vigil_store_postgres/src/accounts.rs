//! Users, lockout and sessions. Names are unique and found without regard to
//! ASCII case (`lower` under the "C" collation), as SQLite's NOCASE does.

use chrono::{DateTime, Utc};
use postgres::Row;
use vigil_store::{
    Lockout, NewSession, NewUser, Role, Session, StoreError, User, UserChange, UserId, UserLogin,
    check_user_name,
};

use crate::convert::{Context, Result};
use crate::pool::Db;

const USER_COLUMNS: &str = "u.id, u.name, u.role, u.disabled, u.locked_until, u.created_at";

/// The condition that finds a user by name in any ASCII case.
const BY_NAME: &str = "lower(u.name COLLATE \"C\") = lower($1 COLLATE \"C\")";

fn user(r: &Row) -> Result<User> {
    let read = || -> std::result::Result<_, postgres::Error> {
        Ok((
            r.try_get::<_, i64>(0)?,
            r.try_get::<_, String>(1)?,
            r.try_get::<_, String>(2)?,
            r.try_get::<_, bool>(3)?,
            r.try_get::<_, Option<DateTime<Utc>>>(4)?,
            r.try_get::<_, DateTime<Utc>>(5)?,
        ))
    };
    let (id, name, role, disabled, locked_until, created_at) = read().ctx("reading a user")?;
    let role = Role::parse(&role)
        .ok_or_else(|| StoreError::Corrupt(format!("user {name:?} has role {role:?}")))?;
    Ok(User {
        id: UserId(id),
        name,
        role,
        disabled,
        locked_until,
        created_at,
    })
}

pub(crate) fn add(db: &mut Db<'_>, new: &NewUser) -> Result<User> {
    check_user_name(&new.name)?;
    if find(db, &new.name)?.is_some() {
        return Err(StoreError::Refused(format!(
            "a user named {:?} exists already",
            new.name
        )));
    }
    db.exec(
        "INSERT INTO users (name, role, password, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4)",
        &[&new.name, &new.role.as_str(), &new.password_hash, &new.at],
        "adding a user",
    )?;
    find(db, &new.name)?.ok_or_else(|| StoreError::Corrupt("an added user is missing".into()))
}

fn find(db: &mut Db<'_>, name: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE {BY_NAME}");
    db.query_opt(&sql, &[&name], "reading a user")?
        .as_ref()
        .map(user)
        .transpose()
}

pub(crate) fn list(db: &mut Db<'_>) -> Result<Vec<User>> {
    let sql =
        format!("SELECT {USER_COLUMNS} FROM users u ORDER BY lower(u.name COLLATE \"C\"), u.id");
    db.query(&sql, &[], "listing users")?
        .iter()
        .map(user)
        .collect()
}

pub(crate) fn login(db: &mut Db<'_>, name: &str) -> Result<Option<UserLogin>> {
    let sql = format!("SELECT {USER_COLUMNS}, u.password FROM users u WHERE {BY_NAME}");
    let Some(r) = db.query_opt(&sql, &[&name], "reading a user")? else {
        return Ok(None);
    };
    Ok(Some(UserLogin {
        user: user(&r)?,
        password_hash: r.try_get(6).ctx("reading a user")?,
    }))
}

pub(crate) fn change(
    db: &mut Db<'_>,
    name: &str,
    change: &UserChange,
    at: DateTime<Utc>,
) -> Result<User> {
    let found = find(db, name)?.ok_or_else(|| StoreError::NotFound {
        what: "user",
        id: name.to_owned(),
    })?;
    let id = found.id.0;
    let context = "changing a user";
    match change {
        UserChange::Disable => db.exec(
            "UPDATE users SET disabled = true, updated_at = $2 WHERE id = $1",
            &[&id, &at],
            context,
        ),
        UserChange::Enable => db.exec(
            "UPDATE users SET disabled = false, updated_at = $2 WHERE id = $1",
            &[&id, &at],
            context,
        ),
        UserChange::Password(hash) => db.exec(
            "UPDATE users SET password = $2, failed_logins = 0, locked_until = NULL,
                 updated_at = $3 WHERE id = $1",
            &[&id, hash, &at],
            context,
        ),
        UserChange::Role(role) => db.exec(
            "UPDATE users SET role = $2, updated_at = $3 WHERE id = $1",
            &[&id, &role.as_str(), &at],
            context,
        ),
    }?;
    db.exec(
        "DELETE FROM sessions WHERE user_id = $1",
        &[&id],
        "ending a user's sessions",
    )?;
    find(db, name)?.ok_or_else(|| StoreError::Corrupt("a changed user is missing".into()))
}

pub(crate) fn failed(
    db: &mut Db<'_>,
    user: UserId,
    at: DateTime<Utc>,
    policy: &Lockout,
) -> Result<Option<DateTime<Utc>>> {
    let row = db.query_opt(
        "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1
         RETURNING failed_logins",
        &[&user.0],
        "counting a failed login",
    )?;
    let Some(row) = row else {
        return Err(StoreError::NotFound {
            what: "user",
            id: user.0.to_string(),
        });
    };
    let failures: i64 = row.try_get(0).ctx("counting a failed login")?;
    if failures < i64::from(policy.max_failures.max(1)) {
        return Ok(None);
    }
    let until = at + policy.duration;
    // The count starts again, so that the next failure after the lockout
    // does not lock at once.
    db.exec(
        "UPDATE users SET failed_logins = 0, locked_until = $2 WHERE id = $1",
        &[&user.0, &until],
        "locking an account",
    )?;
    db.exec(
        "DELETE FROM sessions WHERE user_id = $1",
        &[&user.0],
        "ending a locked user's sessions",
    )?;
    Ok(Some(until))
}

pub(crate) fn start(db: &mut Db<'_>, session: &NewSession) -> Result<()> {
    db.exec(
        "DELETE FROM sessions WHERE expires_at <= $1",
        &[&session.at],
        "dropping expired sessions",
    )?;
    if let Some(old) = &session.replaces {
        db.exec(
            "DELETE FROM sessions WHERE token_hash = $1",
            &[old],
            "ending the replaced session",
        )?;
    }
    db.exec(
        "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1",
        &[&session.user.0],
        "clearing failed logins",
    )?;
    db.exec(
        "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &session.token_hash,
            &session.user.0,
            &session.csrf,
            &session.at,
            &session.expires,
        ],
        "starting a session",
    )?;
    Ok(())
}

pub(crate) fn get(
    db: &mut Db<'_>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, s.csrf, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled"
    );
    let Some(r) = db.query_opt(&sql, &[&token_hash, &now], "reading a session")? else {
        return Ok(None);
    };
    Ok(Some(Session {
        user: user(&r)?,
        csrf: r.try_get(6).ctx("reading a session")?,
        expires: r.try_get(7).ctx("reading a session")?,
    }))
}

pub(crate) fn end(db: &mut Db<'_>, token_hash: &str) -> Result<()> {
    db.exec(
        "DELETE FROM sessions WHERE token_hash = $1",
        &[&token_hash],
        "ending a session",
    )?;
    Ok(())
}
