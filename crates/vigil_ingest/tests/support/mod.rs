//! A tiny HTTP/1.1 server on 127.0.0.1 for the tests: one thread per connection, one request
//! per connection, answers chosen by a closure, every request recorded.

#![allow(dead_code, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
pub enum Reply {
    /// A whole answer.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Waits this long, then closes without answering.
    Stall(Duration),
    /// A 200 whose body of `total` spaces is written 64 KiB at a time, never held whole;
    /// with or without a `Content-Length` header.
    Stream { total: u64, content_length: bool },
    /// Waits, then answers 200 with this HTML.
    Slow(Duration, String),
}

impl Reply {
    pub fn html(body: &str) -> Self {
        Self::with_type(200, "text/html; charset=utf-8", body)
    }

    pub fn with_type(status: u16, content_type: &str, body: &str) -> Self {
        Self::Full {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn status(status: u16) -> Self {
        Self::with_type(status, "text/plain", "")
    }

    pub fn redirect(to: &str) -> Self {
        Self::Full {
            status: 302,
            headers: vec![("Location".into(), to.into())],
            body: Vec::new(),
        }
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A running server; it lives until the test process ends.
pub struct Server {
    pub base: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
    /// Body bytes written by `Reply::Stream` answers.
    pub streamed: Arc<AtomicU64>,
    /// The most requests handled at the same time.
    pub max_in_flight: Arc<AtomicUsize>,
}

impl Server {
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let handler: Arc<Handler> = Arc::new(handler);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let streamed = Arc::new(AtomicU64::new(0));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let shared = (
            Arc::clone(&requests),
            Arc::clone(&streamed),
            Arc::clone(&in_flight),
            Arc::clone(&max_in_flight),
        );
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let handler = Arc::clone(&handler);
                let (requests, streamed, in_flight, max_in_flight) = (
                    Arc::clone(&shared.0),
                    Arc::clone(&shared.1),
                    Arc::clone(&shared.2),
                    Arc::clone(&shared.3),
                );
                thread::spawn(move || {
                    let Some(request) = read_request(&stream) else {
                        return;
                    };
                    requests.lock().unwrap().push(request.clone());
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    max_in_flight.fetch_max(now, Ordering::SeqCst);
                    let reply = handler(&request);
                    let _ = answer(stream, reply, &streamed);
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Self {
            base,
            requests,
            streamed,
            max_in_flight,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn read_request(mut stream: &TcpStream) -> Option<Request> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while !raw.windows(4).any(|w| w == b"\r\n\r\n") && raw.len() < 65536 {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&raw);
    let mut lines = text.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Request { path, headers })
}

fn answer(mut stream: TcpStream, reply: Reply, streamed: &AtomicU64) -> std::io::Result<()> {
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes())?;
            stream.write_all(&body)
        }
        Reply::Stall(wait) => {
            thread::sleep(wait);
            Ok(())
        }
        Reply::Slow(wait, html) => {
            thread::sleep(wait);
            answer(stream, Reply::html(&html), streamed)
        }
        Reply::Stream {
            total,
            content_length,
        } => {
            let mut head =
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n".to_owned();
            if content_length {
                head.push_str(&format!("Content-Length: {total}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes())?;
            let chunk = vec![b' '; 64 * 1024];
            let mut left = total;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                stream.write_all(&chunk[..n])?;
                streamed.fetch_add(n as u64, Ordering::SeqCst);
                left -= n as u64;
            }
            Ok(())
        }
    }
}

/// The clock the tests give the ingester.
pub fn fixed_clock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
}
