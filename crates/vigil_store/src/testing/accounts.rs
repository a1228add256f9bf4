//! The accounts chapter: users, roles, lockout and sessions.

use chrono::Duration;

use super::corpus::at;
use crate::{Lockout, NewSession, NewUser, Role, Store, StoreError, UserChange};

fn new_user(name: &str, role: Role) -> NewUser {
    NewUser {
        name: name.to_owned(),
        role,
        password_hash: format!("$argon2id$test${name}"),
        at: at(0),
    }
}

fn session(token: &str, user: crate::UserId, minute: i64, replaces: Option<&str>) -> NewSession {
    NewSession {
        token_hash: token.to_owned(),
        user,
        csrf: format!("csrf-{token}"),
        at: at(minute),
        expires: at(minute + 60),
        replaces: replaces.map(str::to_owned),
    }
}

/// Users are added once by name in any case, listed, changed; a lockout
/// follows repeated failures; sessions expire, end on logout and on any
/// change to their user, and a new one replaces the old.
pub fn accounts(store: &dyn Store) {
    let aida = store
        .add_user(&new_user("aida", Role::Editor))
        .expect("added");
    assert_eq!(
        (aida.name.as_str(), aida.role, aida.disabled),
        ("aida", Role::Editor, false)
    );
    store
        .add_user(&new_user("Bakyt", Role::Viewer))
        .expect("added");
    assert!(matches!(
        store.add_user(&new_user("AIDA", Role::Admin)),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store.add_user(&new_user("extractor@9", Role::Admin)),
        Err(StoreError::Refused(_))
    ));
    let names: Vec<_> = store
        .list_users()
        .expect("list")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, ["aida", "Bakyt"]);
    let login = store
        .user_login("AIDA")
        .expect("read")
        .expect("found in any case");
    assert_eq!(login.user, aida);
    assert_eq!(login.password_hash, "$argon2id$test$aida");
    assert!(store.user_login("nobody").expect("read").is_none());

    // Sessions: live until they expire; a login replaces the session it came with.
    store
        .start_session(&session("t1", aida.id, 1, None))
        .expect("started");
    let live = store.session("t1", at(2)).expect("read").expect("live");
    assert_eq!(
        (live.user.name.as_str(), live.csrf.as_str()),
        ("aida", "csrf-t1")
    );
    assert!(
        store.session("t1", at(61)).expect("read").is_none(),
        "expired"
    );
    assert!(
        store.session("t2", at(2)).expect("read").is_none(),
        "unknown"
    );
    store
        .start_session(&session("t2", aida.id, 3, Some("t1")))
        .expect("started");
    assert!(
        store.session("t1", at(4)).expect("read").is_none(),
        "replaced"
    );
    assert!(store.session("t2", at(4)).expect("read").is_some());
    store.end_session("t2").expect("ended");
    assert!(
        store.session("t2", at(4)).expect("read").is_none(),
        "logged out"
    );
    store.end_session("t2").expect("ending twice is fine");

    // Disabling ends sessions and keeps new ones from counting; enabling lets them.
    store
        .start_session(&session("t3", aida.id, 5, None))
        .expect("started");
    let off = store
        .change_user("aida", &UserChange::Disable, at(6))
        .expect("disabled");
    assert!(off.disabled);
    assert!(store.session("t3", at(6)).expect("read").is_none());
    store
        .start_session(&session("t4", aida.id, 7, None))
        .expect("started");
    assert!(
        store.session("t4", at(7)).expect("read").is_none(),
        "a disabled user has none"
    );
    store
        .change_user("aida", &UserChange::Enable, at(8))
        .expect("enabled");
    assert!(
        store.session("t4", at(8)).expect("read").is_none(),
        "any change ends sessions: none made while disabled comes back"
    );
    store
        .start_session(&session("t4b", aida.id, 8, None))
        .expect("started");
    assert!(store.session("t4b", at(8)).expect("read").is_some());
    let promoted = store
        .change_user("aida", &UserChange::Role(Role::Admin), at(9))
        .expect("role");
    assert_eq!(promoted.role, Role::Admin);
    assert!(
        store.session("t4b", at(9)).expect("read").is_none(),
        "a role change ends sessions"
    );
    assert!(matches!(
        store.change_user("nobody", &UserChange::Disable, at(9)),
        Err(StoreError::NotFound { .. })
    ));

    // Lockout: the third failure in a row locks; a success clears the count.
    let policy = Lockout {
        max_failures: 3,
        duration: Duration::minutes(15),
    };
    assert_eq!(
        store
            .login_failed(aida.id, at(10), &policy)
            .expect("counted"),
        None
    );
    store
        .start_session(&session("t5", aida.id, 11, None))
        .expect("success clears");
    assert_eq!(
        store
            .login_failed(aida.id, at(12), &policy)
            .expect("counted"),
        None
    );
    assert_eq!(
        store
            .login_failed(aida.id, at(13), &policy)
            .expect("counted"),
        None
    );
    assert!(store.session("t5", at(13)).expect("read").is_some());
    let until = store
        .login_failed(aida.id, at(14), &policy)
        .expect("counted");
    assert_eq!(until, Some(at(14) + Duration::minutes(15)));
    assert!(
        store.session("t5", at(14)).expect("read").is_none(),
        "a lockout ends sessions"
    );
    let locked = store.user_login("aida").expect("read").expect("found");
    assert_eq!(locked.user.locked_until, until);
    // A new password lifts the lockout and ends sessions.
    store
        .start_session(&session("t6", aida.id, 15, None))
        .expect("started");
    let reset = store
        .change_user(
            "aida",
            &UserChange::Password("$argon2id$new".to_owned()),
            at(16),
        )
        .expect("reset");
    assert_eq!(reset.locked_until, None);
    assert!(store.session("t6", at(16)).expect("read").is_none());
    assert_eq!(
        store
            .user_login("aida")
            .expect("read")
            .expect("found")
            .password_hash,
        "$argon2id$new"
    );
}
