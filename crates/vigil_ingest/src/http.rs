//! One HTTP GET: conditional on the validators given, with timeouts, a redirect limit that
//! also catches loops, and a size cap enforced while the body streams in.

use reqwest::header::{
    CONTENT_TYPE, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};
use reqwest::{Client, StatusCode, redirect};

use crate::{IngestError, IngestSettings, Validators};

/// What the server sent back, when it was not an error.
#[derive(Debug)]
pub(crate) enum Answer {
    Body(Body),
    NotModified,
}

/// A successful answer, body read whole (under the cap).
#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) final_url: String,
    pub(crate) validators: Validators,
    pub(crate) bytes: Vec<u8>,
}

/// The client for one run. Environment proxies are not read: a proxy is a setting.
pub(crate) fn client(settings: &IngestSettings) -> Result<Client, IngestError> {
    let limit = settings.max_redirects;
    let builder = Client::builder()
        .user_agent(settings.user_agent.as_str())
        .connect_timeout(settings.connect_timeout)
        .timeout(settings.timeout)
        .redirect(redirect::Policy::custom(move |attempt| {
            let seen = attempt.previous().contains(attempt.url());
            if seen || attempt.previous().len() > limit {
                attempt.error("redirect loop or too many redirects")
            } else {
                attempt.follow()
            }
        }))
        .gzip(true);
    let builder = match &settings.proxy {
        Some(proxy) => builder.proxy(reqwest::Proxy::all(proxy).map_err(|e| client_error(&e))?),
        None => builder.no_proxy(),
    };
    builder.build().map_err(|e| client_error(&e))
}

fn client_error(e: &reqwest::Error) -> IngestError {
    IngestError::Client {
        reason: e.to_string(),
    }
}

/// GETs `url`, sending `known` as `If-None-Match` / `If-Modified-Since`.
pub(crate) async fn get(
    client: &Client,
    url: &str,
    known: &Validators,
    settings: &IngestSettings,
) -> Result<Answer, IngestError> {
    let mut request = client.get(url);
    if let Some(etag) = &known.etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(date) = &known.last_modified {
        request = request.header(IF_MODIFIED_SINCE, date);
    }
    let mut response = request
        .send()
        .await
        .map_err(|e| classify(url, e, settings))?;
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Answer::NotModified);
    }
    if !status.is_success() {
        return Err(IngestError::Status {
            url: url.to_owned(),
            status: status.as_u16(),
        });
    }
    let too_large = || IngestError::TooLarge {
        what: url.to_owned(),
        limit: settings.max_bytes,
    };
    if response
        .content_length()
        .is_some_and(|len| len > settings.max_bytes)
    {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| classify(url, e, settings))?
    {
        if (bytes.len() + chunk.len()) as u64 > settings.max_bytes {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    let headers = response.headers();
    Ok(Answer::Body(Body {
        status: status.as_u16(),
        content_type: header(headers, CONTENT_TYPE.as_str()),
        final_url: response.url().to_string(),
        validators: Validators {
            etag: header(headers, ETAG.as_str()),
            last_modified: header(headers, LAST_MODIFIED.as_str()),
        },
        bytes,
    }))
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn classify(url: &str, error: reqwest::Error, settings: &IngestSettings) -> IngestError {
    let url = url.to_owned();
    if error.is_timeout() {
        let after = if error.is_connect() {
            settings.connect_timeout
        } else {
            settings.timeout
        };
        IngestError::Timeout { url, after }
    } else if error.is_redirect() {
        IngestError::RedirectLoop {
            url,
            limit: settings.max_redirects,
        }
    } else {
        IngestError::Fetch { url, source: error }
    }
}
