//! The admins' page of users: who may log in, with which role, and whether
//! they are disabled or locked out; a disable or enable button for each.
//! Adding users and resetting passwords stay on the command line (`vigil
//! user`), where no password crosses the web.

use axum::extract::{Path, State};
use axum::response::Redirect;
use chrono::Utc;
use maud::{Markup, html};
use vigil_store::UserChange;

use super::layout::page;
use crate::auth::{CSRF_FIELD, Viewer};
use crate::{AppError, AppState};

/// `GET /admin/users`.
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Markup, AppError> {
    let users = state.call(|store| store.list_users()).await?;
    let now = Utc::now();
    let me = viewer.user().map(|u| u.id);
    Ok(page(
        &viewer,
        "Users",
        html! {
            h1 { "Users" }
            p.muted { "Add users and reset passwords with " code { "vigil user" } " on the server." }
            table.events.users {
                thead { tr { th { "Name" } th { "Role" } th { "State" } th { "Added" } th {} } }
                tbody {
                    @for user in &users {
                        tr {
                            td { (user.name) }
                            td { (user.role.as_str()) }
                            td {
                                @if user.disabled { "disabled" } @else { "active" }
                                @if let Some(until) = user.locked_until.filter(|u| *u > now) {
                                    ", locked until " (until.format("%Y-%m-%d %H:%M UTC"))
                                }
                            }
                            td { (user.created_at.format("%Y-%m-%d")) }
                            td {
                                @if Some(user.id) != me {
                                    @let action = if user.disabled { "enable" } else { "disable" };
                                    form.inline method="post" action={ "/admin/users/" (super::layout::segment(&user.name)) "/" (action) } {
                                        input type="hidden" name=(CSRF_FIELD) value=(viewer.csrf());
                                        button type="submit" { (action) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// `POST /admin/users/{name}/{action}`: `disable` (which ends the user's
/// sessions at once) or `enable`. An admin cannot disable themselves.
pub async fn change(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((name, action)): Path<(String, String)>,
) -> Result<Redirect, AppError> {
    let change = match action.as_str() {
        "disable" => UserChange::Disable,
        "enable" => UserChange::Enable,
        _ => {
            return Err(AppError::bad_parameter(
                "action",
                "expected disable or enable",
            ));
        }
    };
    if viewer
        .user()
        .is_some_and(|u| u.name.eq_ignore_ascii_case(&name))
    {
        return Err(AppError::bad_parameter(
            "user",
            "you cannot disable or enable yourself",
        ));
    }
    let who = viewer.author()?;
    let changed = state
        .call(move |store| store.change_user(&name, &change, Utc::now()))
        .await?;
    tracing::info!(by = %who, user = %changed.name, %action, "user changed");
    Ok(Redirect::to("/admin/users"))
}
