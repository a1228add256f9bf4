//! `vigil user`: adding with a password from stdin, listing, refusing bad
//! names, short passwords and a missing terminal, disabling, enabling and
//! resetting; the store keeps only an argon2id hash.

use std::process::Output;

use vigil_store::{Role, Store};
use vigil_store_sqlite::SqliteStore;

mod cli_support;
use cli_support::vigil;

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn users_are_added_listed_disabled_and_reset() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = ["--db", "sqlite:users.db"];
    let add = |name: &str, role: &str, password: &str| {
        let mut args = vec!["user", "add", name, "--role", role, "--password-stdin"];
        args.extend(db);
        vigil(&args, Some(&format!("{password}\n")), dir.path())
    };
    let out = add("aida", "editor", "a long enough password");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("added aida (editor)"));

    for (name, role, password, why) in [
        ("aida", "viewer", "a long enough password", "exists already"),
        (
            "two words",
            "viewer",
            "a long enough password",
            "only letters",
        ),
        ("bakyt", "viewer", "short", "at least 10"),
        ("bakyt", "root", "a long enough password", "root"),
    ] {
        let out = add(name, role, password);
        assert!(!out.status.success(), "{name} {role}");
        assert!(text(&out).contains(why), "{name}: {}", text(&out));
    }
    // Without a terminal the password must come from stdin, never echoed.
    let mut args = vec!["user", "add", "bakyt", "--role", "viewer"];
    args.extend(db);
    let out = vigil(&args, None, dir.path());
    assert!(!out.status.success());
    assert!(text(&out).contains("--password-stdin"), "{}", text(&out));

    let store = SqliteStore::open(dir.path().join("users.db")).expect("opens");
    let login = store.user_login("aida").expect("read").expect("added");
    assert_eq!(login.user.role, Role::Editor);
    assert!(login.password_hash.starts_with("$argon2id$"));
    assert!(!login.password_hash.contains("a long enough password"));

    let mut args = vec!["user", "list"];
    args.extend(db);
    let out = vigil(&args, None, dir.path());
    let listed = text(&out);
    assert!(listed.contains("aida") && listed.contains("editor") && listed.contains("active"));
    assert!(!listed.contains("bakyt"), "{listed}");

    for (command, state) in [("disable", "disabled"), ("enable", "active")] {
        let mut args = vec!["user", command, "aida"];
        args.extend(db);
        let out = vigil(&args, None, dir.path());
        assert!(out.status.success(), "{}", text(&out));
        let mut args = vec!["user", "list"];
        args.extend(db);
        assert!(text(&vigil(&args, None, dir.path())).contains(state));
    }

    let before = login.password_hash;
    let mut args = vec!["user", "reset", "aida", "--password-stdin"];
    args.extend(db);
    let out = vigil(&args, Some("another long password\n"), dir.path());
    assert!(out.status.success(), "{}", text(&out));
    let after = store
        .user_login("aida")
        .expect("read")
        .expect("there")
        .password_hash;
    assert_ne!(before, after);
    let mut args = vec!["user", "reset", "nobody", "--password-stdin"];
    args.extend(db);
    let out = vigil(&args, Some("another long password\n"), dir.path());
    assert!(!out.status.success() && text(&out).contains("no user named"));
}
