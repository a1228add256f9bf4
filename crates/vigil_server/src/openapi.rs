//! The OpenAPI 3.1 description of `/api/v1`, written by hand to match
//! [`crate::api::routes`]; the router tests request every path it describes.
//! Every operation but `POST /login` needs the session cookie it sets; every
//! POST also needs the session's CSRF token in `X-CSRF-Token`.

use axum::Json;
use serde_json::{Value, json};

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<Value> {
    Json(description())
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    let mut param =
        json!({ "name": name, "in": "query", "required": false, "description": description });
    param["schema"] = schema;
    param
}

fn path(name: &str, description: &str, schema: Value) -> Value {
    let mut param =
        json!({ "name": name, "in": "path", "required": true, "description": description });
    param["schema"] = schema;
    param
}

fn filters() -> Vec<Value> {
    let types = json!([
        "protest",
        "dispersal",
        "detention",
        "disappearance",
        "raid",
        "abuse",
        "killing",
        "charge",
        "trial",
        "sentence",
        "fine",
        "appeal",
        "release",
        "restriction"
    ]);
    vec![
        query(
            "q",
            "Words that must all occur; \"quoted phrases\"; prefix*",
            json!({"type": "string"}),
        ),
        query(
            "type",
            "Event type (repeatable)",
            json!({"type": "string", "enum": types}),
        ),
        query(
            "country",
            "ISO 3166-1 alpha-2 (repeatable)",
            json!({"type": "string", "pattern": "^[A-Za-z]{2}$"}),
        ),
        query("place", "Place name", json!({"type": "string"})),
        query(
            "from",
            "Events ending on or after",
            json!({"type": "string", "format": "date"}),
        ),
        query(
            "to",
            "Events starting on or before",
            json!({"type": "string", "format": "date"}),
        ),
        query("person", "A person taking part", json!({"type": "string"})),
        query(
            "org",
            "An organisation taking part",
            json!({"type": "string"}),
        ),
        query(
            "review",
            "Review state (repeatable)",
            json!({"type": "string", "enum": ["proposed", "accepted", "edited", "rejected"]}),
        ),
        query(
            "sort",
            "Order",
            json!({"type": "string", "enum": ["newest", "oldest", "least_confident"]}),
        ),
        query(
            "limit",
            "Page size",
            json!({"type": "integer", "minimum": 1, "maximum": 1000}),
        ),
        query(
            "cursor",
            "The `next` of the previous page",
            json!({"type": "string"}),
        ),
    ]
}

fn ok(description: &str, content_type: &str) -> Value {
    json!({ "description": description, "content": { content_type: { "schema": { "type": "object" } } } })
}

/// A JSON answer whose body is the named component schema.
fn body(description: &str, schema: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

/// The component schemas of the answers: their shape, not every field of an event.
fn answer_schemas() -> Value {
    let next = json!({ "type": ["string", "null"], "description": "The cursor of the next page; null on the last" });
    let objects = json!({ "type": "array", "items": { "type": "object" } });
    json!({
        "Page": { "type": "object", "required": ["items", "next"], "properties": { "items": objects, "next": next } },
        "SearchPage": { "type": "object", "required": ["facets", "items", "next"], "properties": { "facets": { "type": "object" }, "items": objects, "next": next } },
        "EventWithHistory": { "type": "object", "required": ["event", "history"], "properties": { "event": { "type": "object", "required": ["id", "version", "review", "event"] }, "history": { "type": "array", "description": "Every version, oldest first; empty for the anonymous readers of a public instance, who see no reviewers' names", "items": { "$ref": "#/components/schemas/EventVersion" } } } },
        "EventVersion": { "type": "object", "required": ["id", "version", "review", "provenance", "event"], "properties": {
            "id": { "type": "integer" }, "version": { "type": "integer", "minimum": 1 },
            "review": { "type": "string", "enum": ["proposed", "accepted", "edited", "rejected"] },
            "provenance": { "type": "object" }, "note": { "type": ["string", "null"] }, "event": { "type": "object" }
        } },
        "ReviewDone": { "anyOf": [
            { "$ref": "#/components/schemas/EventVersion" },
            { "type": "object", "required": ["versions"], "properties": { "versions": { "type": "array", "minItems": 2, "maxItems": 2, "items": { "$ref": "#/components/schemas/EventVersion" } } } }
        ] },
        "Items": { "type": "object", "required": ["items"], "properties": { "items": objects } },
        "EntityWithEvents": { "type": "object", "required": ["profile", "events", "next"], "properties": { "profile": { "type": "object" }, "events": objects, "next": next } },
        "DocumentWithAnalysis": { "type": "object", "required": ["document", "events", "entities"], "properties": { "document": { "type": "object" }, "events": objects, "entities": objects } },
        "Person": { "type": "object", "required": ["id", "name", "aliases", "mentions", "relations", "incidents", "proposals"], "properties": {
            "id": { "type": "integer" }, "name": { "type": "string" },
            "aliases": { "type": "array", "description": "Every spelling, most used first", "items": { "type": "object", "required": ["name", "reports"], "properties": { "name": { "type": "string" }, "reports": { "type": "integer", "minimum": 1 } } } },
            "mentions": { "type": "array", "description": "The reports' person entities it gathers, with the link's state, rule, score and provenance", "items": { "type": "object", "required": ["entity", "name", "document", "state", "rule"] } },
            "relations": objects,
            "incidents": { "type": "array", "description": "Every incident the person appears in, in date order", "items": { "$ref": "#/components/schemas/IncidentRow" } },
            "proposals": { "type": "array", "description": "Other people's report entities that may be this person", "items": { "type": "object" } }
        } },
        "IncidentRow": { "type": "object", "required": ["id", "type", "date", "place", "events", "sources"], "properties": {
            "id": { "type": ["integer", "null"] }, "type": { "type": "string" }, "date": { "type": ["string", "null"], "format": "date" },
            "place": { "type": "string" }, "events": { "type": "array", "items": { "type": "integer" } }, "sources": { "type": "integer", "minimum": 1 }
        } },
        "Incident": { "type": "object", "required": ["id", "events", "links", "sources"], "properties": {
            "id": { "type": "integer" }, "events": objects, "links": objects, "sources": { "type": "integer", "minimum": 1, "description": "The reports that tell of it" }
        } },
        "ClusterChanged": { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer" }, "moved_to": { "type": "integer", "description": "For a split: where the split-off part went" } } },
        "Ingested": { "type": "object", "required": ["documents", "events"], "properties": {
            "documents": { "type": "array", "items": { "type": "string" } },
            "events": { "type": "array", "items": { "type": "integer" } }
        } }
    })
}

fn errors(codes: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for code in codes {
        out.insert((*code).to_owned(), json!({ "description": "An error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }));
    }
    Value::Object(out)
}

/// The answers of an operation: its success, its own errors, and the 401
/// (no session) and 403 (a role too low, or a missing CSRF token) that any
/// route but login may give.
fn responses(success: &str, body: Value, codes: &[&str]) -> Value {
    let mut all: Vec<&str> = codes.to_vec();
    all.extend(["401", "403"]);
    let mut out = errors(&all);
    if let Value::Object(map) = &mut out {
        map.insert(success.to_owned(), body);
    }
    out
}

/// The whole description.
pub fn description() -> Value {
    let listing = |summary: &str, page: &str| json!({ "get": { "summary": summary, "parameters": filters(), "responses": responses("200", body("A page", page), &["400"]) } });
    let entities = |summary: &str| {
        json!({ "get": { "summary": summary, "parameters": [
        query("prefix", "Names starting with", json!({"type": "string"})),
        query("limit", "Page size", json!({"type": "integer", "minimum": 1, "maximum": 1000})),
        query("cursor", "The `next` of the previous page", json!({"type": "string"})),
    ], "responses": responses("200", body("A page of entities", "Page"), &["400"]) } })
    };
    let mut export_params = filters();
    export_params.push(json!({ "name": "format", "in": "query", "required": true, "schema": { "type": "string", "enum": ["jsonl", "csv", "acled", "geojson"] } }));
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Vigil API", "version": env!("CARGO_PKG_VERSION"), "description": "Events about protests and repression, with their sources and review history." },
        "servers": [{ "url": "/api/v1" }],
        "paths": {
            "/events": listing("Events matching the filters, one page", "Page"),
            "/search": listing("Events matching the filters with facet counts", "SearchPage"),
            "/events/{id}": { "get": { "summary": "An event with its history", "parameters": [path("id", "Event id", json!({"type": "integer", "examples": [1]}))], "responses": responses("200", body("The event", "EventWithHistory"), &["400", "404"]) } },
            "/events/{id}/review": { "post": {
                "summary": "Accept, edit, reject, merge or split an event (adds versions, deletes nothing)",
                "parameters": [path("id", "Event id", json!({"type": "integer", "examples": [1]}))],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Review" } } } },
                "responses": responses("201", body("The new version; both new versions for merge and split", "ReviewDone"), &["400", "404", "409", "422"])
            } },
            "/events/{id}/similar": { "get": { "summary": "Events that look like the same incident (same type, day and place): merge proposals", "parameters": [path("id", "Event id", json!({"type": "integer", "examples": [1]}))], "responses": responses("200", body("The proposals", "Items"), &["400", "404"]) } },
            "/people": entities("People across reports"),
            "/organisations": entities("Organisations across reports"),
            "/entities/{key}": { "get": { "summary": "A person's or organisation's profile and events", "parameters": [path("key", "kind:name, e.g. person:ana petrova", json!({"type": "string"}))], "responses": responses("200", body("The profile", "EntityWithEvents"), &["400", "404"]) } },
            "/people/{id}": { "get": { "summary": "A person across reports: aliases, relatives and organisations, and every incident", "parameters": [path("id", "Person id", json!({"type": "integer", "examples": [1]}))], "responses": responses("200", body("The person", "Person"), &["400", "404"]) } },
            "/incidents/{id}": { "get": { "summary": "An incident with the events of every report that tells of it", "parameters": [path("id", "Incident id", json!({"type": "integer", "examples": [1]}))], "responses": responses("200", body("The incident", "Incident"), &["400", "404"]) } },
            "/people/{id}/merge": cluster_change("Merge another person into this one (every report entity of both is confirmed here; a recompute keeps it)", "Person id", "ClusterMerge"),
            "/people/{id}/split": cluster_change("Split report entities off this person: back to the person they came from if it is empty, else a new one", "Person id", "ClusterSplit"),
            "/incidents/{id}/merge": cluster_change("Merge another incident into this one", "Incident id", "ClusterMerge"),
            "/incidents/{id}/split": cluster_change("Split events off this incident into another", "Incident id", "ClusterSplit"),
            "/documents/{id}": { "get": { "summary": "A stored report with its events and entities", "parameters": [path("id", "Content id (sha256:…)", json!({"type": "string"}))], "responses": responses("200", body("The document", "DocumentWithAnalysis"), &["404"]) } },
            "/export": { "get": { "summary": "The matching events as a file", "parameters": export_params, "responses": responses("200", json!({ "description": "The file", "headers": { "x-vigil-left-out": { "description": "Matching events left out of the file (ACLED has no row for an undated event, one in no known country, a lone picket or an event type it lacks; GeoJSON none for an event without coordinates)", "required": true, "schema": { "type": "integer", "minimum": 0 } } }, "content": { "text/csv": { "schema": { "type": "string" } }, "application/x-ndjson": { "schema": { "type": "string" } }, "application/geo+json": { "schema": { "type": "object" } } } }), &["400"]) } },
            "/reports": { "post": {
                "summary": "Submit a URL or a page for ingestion",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Submission" } } } },
                "responses": responses("201", body("What was stored", "Ingested"), &["400", "422", "501"])
            } },
            "/openapi.json": { "get": { "summary": "This description", "responses": responses("200", ok("OpenAPI 3.1", "application/json"), &[]) } },
            "/login": { "post": {
                "summary": "Log in: a new session in the `vigil_session` cookie (HttpOnly, SameSite=Strict); the answer's `csrf` goes in `X-CSRF-Token` with every POST",
                "security": [],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Login" } } } },
                "responses": {
                    "200": { "description": "Logged in", "headers": { "set-cookie": { "description": "The session cookie", "required": true, "schema": { "type": "string" } } }, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/LoggedIn" } } } },
                    "400": errors(&["400"])["400"], "401": errors(&["401"])["401"], "415": errors(&["415"])["415"], "429": errors(&["429"])["429"]
                }
            } },
            "/logout": { "post": {
                "summary": "Log out: the session ends",
                "responses": { "204": { "description": "Logged out" }, "401": errors(&["401"])["401"], "403": errors(&["403"])["403"] }
            } },
        },
        "security": [{ "session": [], "csrf": [] }],
        "components": {
            "schemas": schemas(),
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "vigil_session", "description": "Set by POST /login" },
                "csrf": { "type": "apiKey", "in": "header", "name": "X-CSRF-Token", "description": "The `csrf` of POST /login's answer; needed by every POST" }
            }
        }
    })
}

/// A reviewer's merge or split of a person or an incident.
fn cluster_change(summary: &str, id: &str, request: &str) -> Value {
    json!({ "post": {
        "summary": summary,
        "parameters": [path("id", id, json!({"type": "integer", "examples": [1]}))],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{request}") } } } },
        "responses": responses("201", body("Done", "ClusterChanged"), &["400", "404", "422"])
    } })
}

fn schemas() -> Value {
    let mut all = object(answer_schemas());
    all.extend(object(request_schemas()));
    Value::Object(all)
}

fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

fn request_schemas() -> Value {
    json!({
            "Error": { "type": "object", "required": ["code", "message"], "properties": { "code": { "type": "string" }, "message": { "type": "string" } } },
            "Login": { "type": "object", "required": ["name", "password"], "additionalProperties": false, "properties": { "name": { "type": "string" }, "password": { "type": "string" } } },
            "LoggedIn": { "type": "object", "required": ["name", "role", "csrf"], "properties": { "name": { "type": "string" }, "role": { "type": "string", "enum": ["viewer", "editor", "admin"] }, "csrf": { "type": "string" } } },
            "Review": { "type": "object", "required": ["action"], "additionalProperties": false, "description": "The version is by the logged-in user; the body names no author", "examples": [{ "action": "accept", "note": "checked against the report" }], "properties": {
                "action": { "type": "string", "enum": ["accept", "edit", "reject", "merge", "split"] },
                "event": { "type": "object", "description": "The event's new fields (vigil.analysis/1 event), for edit; the first part's for split (default: unchanged)" },
                "other": { "type": "integer", "description": "For merge: the event merged into this one (it gets a rejecting version naming this one)" },
                "second": { "type": "object", "description": "For split: the second incident's fields, stored as a new event of the same report" },
                "note": { "type": "string" },
                "expected_version": { "type": "integer", "minimum": 1 }
            } },
            "ClusterMerge": { "type": "object", "required": ["other"], "properties": { "other": { "type": "integer", "description": "The person or incident merged into the one in the path" }, "note": { "type": "string" } } },
            "ClusterSplit": { "type": "object", "required": ["subjects"], "properties": { "subjects": { "type": "array", "items": { "type": "integer" }, "description": "Entity ids (people) or event ids (incidents) to split off: some, not all, of the members" }, "note": { "type": "string" } } },
            "Submission": { "type": "object", "additionalProperties": false, "examples": [{ "url": "https://news.example/osh-students", "body": "<p>Police detained four students in Osh on 2 May 2026.</p>" }], "properties": {
                "url": { "type": "string", "format": "uri" }, "body": { "type": "string" }, "published": { "type": "string", "format": "date" }
            } }
    })
}
