//! How requests reach a server: the [`HttpClient`] interface, which users and tests may
//! implement to send through their own stack, and [`HyperClient`], the default one.
//!
//! [`HyperClient`] speaks HTTP/1.1 over TCP (with TLS for `https`), keeps idle connections to
//! each host for reuse, and drives a connection from the call that is using it. hyper's pooled
//! client (`hyper_util::client::legacy`) runs each connection as a task of its
//! own: every call hands its request to that task and gets the answer back through channels,
//! waking another thread both ways. On a fast network those wake-ups cost more CPU than the rest
//! of the call. Here the call's own future polls the connection while it waits for the answer,
//! so a call on a kept-alive connection is a write and a read in one task; an idle connection is
//! a value in a list, checked for a close by the server before it is used again.
//!
//! A failed exchange says whether the whole request had been written: before that, the server
//! cannot have acted on it and another attempt is safe; after it, the operation may have been
//! carried out, which decides whether an operation that is not idempotent may be retried.

use std::convert::Infallible;
use std::fmt;
use std::future::{Future, poll_fn};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio_rustls::rustls;

/// Boxed error of a connection that failed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What [`HttpClient::send`] returns.
pub type HttpFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, HttpError>> + Send + 'a>>;

/// Sends HTTP requests and reads whole answers. The runtime hands it signed requests with an
/// absolute URI (`https://host/path?query`); it must send the request as it is (the signature
/// covers the method, path, query, `Host` and signed headers), read the answer's body in full,
/// up to `options.body_limit` bytes, and give up after `options.attempt_timeout`.
///
/// Its errors decide retries: [`HttpError::Connect`] and [`HttpError::Exchange`] promise that
/// the server cannot have acted on the request, so every operation may be sent again; an
/// implementation that cannot tell how far a request got must answer
/// [`HttpError::Interrupted`] (or `TimedOut` with `written: true`), never those two.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the answer.
    fn send(&self, request: http::Request<Bytes>, options: SendOptions) -> HttpFuture<'_>;
}

/// Limits of one exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SendOptions {
    /// Time allowed to open a new connection.
    pub connect_timeout: Duration,
    /// Time allowed for the whole exchange, connecting included.
    pub attempt_timeout: Duration,
    /// Largest answer body to read.
    pub body_limit: usize,
}

impl SendOptions {
    /// These limits.
    pub fn new(connect_timeout: Duration, attempt_timeout: Duration, body_limit: usize) -> Self {
        Self {
            connect_timeout,
            attempt_timeout,
            body_limit,
        }
    }
}

/// Why no whole answer came.
#[derive(Debug)]
#[non_exhaustive]
pub enum HttpError {
    /// No connection could be opened: nothing was sent.
    Connect(BoxError),
    /// The connection failed before the whole request was written: the server cannot have
    /// acted on it.
    Exchange(BoxError),
    /// The whole request was written, then the connection failed before the answer's head
    /// arrived: the server may have acted on it.
    Interrupted(BoxError),
    /// No whole answer came within the attempt timeout.
    TimedOut {
        /// The timeout.
        timeout: Duration,
        /// Whether the whole request had been written, so that the server may have acted on
        /// it.
        written: bool,
    },
    /// The answer's body is longer than the limit.
    BodyTooLarge {
        /// The answer's status and headers.
        head: http::response::Parts,
        /// The limit.
        limit: usize,
    },
    /// The connection broke while the answer's body was read.
    BodyBroken {
        /// The answer's status and headers.
        head: http::response::Parts,
        /// What broke.
        source: BoxError,
    },
}

impl HttpError {
    /// Whether the server may have received the whole request, and so acted on it.
    pub fn may_have_been_received(&self) -> bool {
        match self {
            Self::Connect(_) | Self::Exchange(_) => false,
            Self::TimedOut { written, .. } => *written,
            Self::Interrupted(_) | Self::BodyTooLarge { .. } | Self::BodyBroken { .. } => true,
        }
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect(_) => f.write_str("cannot connect"),
            Self::Exchange(_) => f.write_str("the connection failed before the request was sent"),
            Self::Interrupted(_) => f.write_str("the connection failed after the request was sent"),
            Self::TimedOut { timeout, .. } => write!(f, "no whole answer within {timeout:?}"),
            Self::BodyTooLarge { limit, .. } => {
                write!(f, "the answer's body is larger than {limit} bytes")
            }
            Self::BodyBroken { .. } => f.write_str("the answer's body broke off"),
        }
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Connect(e)
            | Self::Exchange(e)
            | Self::Interrupted(e)
            | Self::BodyBroken { source: e, .. } => Some(&**e),
            Self::TimedOut { .. } | Self::BodyTooLarge { .. } => None,
        }
    }
}

/// An HTTP client shared by clones of a configuration and the clients made from them.
#[derive(Clone)]
pub struct SharedHttpClient(Arc<dyn HttpClient>);

impl SharedHttpClient {
    /// Shares `client`.
    pub fn new(client: impl HttpClient + 'static) -> Self {
        Self(Arc::new(client))
    }

    /// Whether both share one client.
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedHttpClient {
    type Target = dyn HttpClient;

    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

impl fmt::Debug for SharedHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Idle connections kept open for reuse; a burst beyond this closes its extra connections
/// afterwards, so memory stays bounded however many calls ran at once.
const POOL_MAX_IDLE: usize = 64;

/// An idle connection older than this is closed rather than reused: servers and load balancers
/// close idle connections after about this long, and a request sent as they do would fail.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Connections opened at once to one host, at most. When a service slows down, every waiting
/// call would otherwise open a connection of its own (and a TLS handshake) at the same moment;
/// beyond this, calls wait for a connection to open or come back to the pool.
const MAX_CONNECTING: usize = 16;

/// Idle time of a connection before TCP keepalive probes start, and the time between probes:
/// a peer that vanished is noticed in minutes rather than after the system's two hours.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);
#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);

/// A byte stream a connection runs over: TCP, or TLS over TCP.
trait Io: hyper::rt::Read + hyper::rt::Write + Send + Unpin {}

impl<T: hyper::rt::Read + hyper::rt::Write + Send + Unpin> Io for T {}

/// How far the request a connection is sending has got, shared by the connection's stream,
/// which sees the bytes go out, and the request's body, which sees hyper take it.
#[derive(Debug, Default)]
struct Progress {
    /// The request's body has been handed to hyper (or it has none).
    body_taken: AtomicBool,
    /// The stream has accepted bytes of the request.
    wrote: AtomicBool,
    /// The stream was flushed after the body was taken: the whole request has left.
    written: AtomicBool,
}

impl Progress {
    /// Starts tracking a new request on the connection.
    fn start(&self, body_empty: bool) {
        self.body_taken.store(body_empty, Ordering::Relaxed);
        self.wrote.store(false, Ordering::Relaxed);
        self.written.store(false, Ordering::Relaxed);
    }

    fn written(&self) -> bool {
        self.written.load(Ordering::Relaxed)
    }
}

/// The stream of a connection, noting when the whole request has been written: hyper writes
/// everything it has buffered before it flushes the stream, so a successful flush after the
/// body was taken means every byte of the request is with the operating system.
struct Tracked {
    io: Box<dyn Io>,
    progress: Arc<Progress>,
}

impl hyper::rt::Read for Tracked {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl Tracked {
    fn wrote(&self, result: &Poll<std::io::Result<usize>>) {
        if matches!(result, Poll::Ready(Ok(n)) if *n > 0) {
            self.progress.wrote.store(true, Ordering::Relaxed);
        }
    }
}

impl hyper::rt::Write for Tracked {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.io).poll_write(cx, buf);
        this.wrote(&result);
        result
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.wrote(&result);
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.io).poll_flush(cx);
        let progress = &this.progress;
        if matches!(result, Poll::Ready(Ok(())))
            && progress.body_taken.load(Ordering::Relaxed)
            && progress.wrote.load(Ordering::Relaxed)
        {
            progress.written.store(true, Ordering::Relaxed);
        }
        result
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// A request body held in memory, in one frame, telling the connection's [`Progress`] when
/// hyper takes it.
struct RequestBody {
    data: Option<Bytes>,
    progress: Arc<Progress>,
}

impl http_body::Body for RequestBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        this.progress.body_taken.store(true, Ordering::Relaxed);
        Poll::Ready(
            this.data
                .take()
                .map(|data| Ok(http_body::Frame::data(data))),
        )
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.data.as_ref().map_or(0, |d| d.len() as u64))
    }
}

/// One HTTP/1.1 connection: the handle requests are sent through, the connection itself,
/// which does the reading and writing when polled (`None` once it has ended), and how far the
/// current request has got.
struct Connection {
    sender: http1::SendRequest<RequestBody>,
    driver: Option<http1::Connection<Tracked, RequestBody>>,
    progress: Arc<Progress>,
}

impl Connection {
    /// Whether the connection is still open, after taking in whatever the server sent since it
    /// was last used (a close, typically).
    fn is_open(&mut self) -> bool {
        let Some(driver) = &mut self.driver else {
            return false;
        };
        let mut cx = Context::from_waker(Waker::noop());
        if Pin::new(driver).poll(&mut cx).is_ready() {
            self.driver = None;
            return false;
        }
        !self.sender.is_closed()
    }

    /// Sends `request` and reads the whole answer, polling the connection meanwhile.
    async fn exchange(
        &mut self,
        head: http::request::Parts,
        body: Bytes,
        body_limit: usize,
    ) -> Result<Answer, hyper::Error> {
        self.progress.start(body.is_empty());
        let body = RequestBody {
            data: (!body.is_empty()).then_some(body),
            progress: Arc::clone(&self.progress),
        };
        let request = http::Request::from_parts(head, body);
        let Connection { sender, driver, .. } = self;
        let mut ended: Option<hyper::Error> = None;
        let call = async {
            sender.ready().await?;
            let response = sender.send_request(request).await?;
            let (parts, body) = response.into_parts();
            let body = read_body(body, body_limit).await;
            Ok(Answer { parts, body })
        };
        let mut call = pin!(call);
        let result = poll_fn(|cx| {
            // The connection first, so the call sees what it has just read.
            if let Some(connection) = driver
                && let Poll::Ready(result) = Pin::new(connection).poll(cx)
            {
                // Ended: dropping it fails whatever the call still waits for.
                *driver = None;
                ended = result.err();
            }
            call.as_mut().poll(cx)
        })
        .await;
        // The connection's own error says more than the call's "connection is gone".
        match (result, ended) {
            (Err(_), Some(error)) => Err(error),
            (result, _) => result,
        }
    }
}

/// Reads a whole body into one buffer of at most `limit` bytes. Memory is bounded by the
/// bytes received, not by how many pieces they came in: each piece is copied into the buffer
/// and dropped, and the buffer never grows beyond the limit. A body that arrives in one piece
/// (the common case) is kept as it is, without a copy.
async fn read_body(mut body: hyper::body::Incoming, limit: usize) -> Result<Bytes, BodyError> {
    use http_body::Body as _;
    let declared = body.size_hint().exact();
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let frame = match poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            None => break,
            Some(Err(e)) => return Err(BodyError::Broken(Box::new(e))),
            Some(Ok(frame)) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if data.len() > limit - buffer.len() {
            return Err(BodyError::TooLarge);
        }
        if buffer.is_empty() && body.is_end_stream() {
            return Ok(data);
        }
        if buffer.capacity() - buffer.len() < data.len() {
            // Room for what was declared, else twice what is held, never beyond the limit.
            let wanted = declared
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0)
                .max(buffer.capacity().saturating_mul(2))
                .max(buffer.len() + data.len())
                .min(limit);
            buffer.reserve_exact(wanted - buffer.len());
        }
        buffer.extend_from_slice(&data);
    }
    Ok(Bytes::from(buffer))
}

/// A whole answer: its head, and its body or why the body could not be read.
struct Answer {
    parts: http::response::Parts,
    body: Result<Bytes, BodyError>,
}

/// Why an answer's body could not be read.
enum BodyError {
    /// Longer than the limit.
    TooLarge,
    /// The connection broke while reading it.
    Broken(BoxError),
}

/// The default [`HttpClient`]: HTTP/1.1 over TCP, with TLS 1.2 or 1.3 (rustls with ring,
/// servers verified against the webpki roots) for `https`. It keeps up to 64 idle connections
/// per host, each closed after 90 seconds unused, opens at most 16 at once to one host, and
/// turns on TCP keepalive. `localhost` is 127.0.0.1, then ::1, without asking the resolver.
/// It does not refuse plain HTTP: the runtime's client allows it only to loopback addresses
/// before it sends anything.
pub struct HyperClient {
    tls: OnceLock<Result<tokio_rustls::TlsConnector, String>>,
    /// The hosts connected to, in the order first used (a program talks to a few).
    hosts: Mutex<Vec<Arc<Host>>>,
}

impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hosts = self.hosts.lock().map(|h| h.len()).unwrap_or_default();
        f.debug_struct("HyperClient")
            .field("hosts", &hosts)
            .finish_non_exhaustive()
    }
}

impl Default for HyperClient {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpClient for HyperClient {
    fn send(&self, request: http::Request<Bytes>, options: SendOptions) -> HttpFuture<'_> {
        Box::pin(self.exchange(request, options))
    }
}

impl HyperClient {
    /// A client with no connections yet.
    pub fn new() -> Self {
        Self {
            tls: OnceLock::new(),
            hosts: Mutex::new(Vec::new()),
        }
    }

    /// How many hosts the client has connected to (each with its own idle connections).
    pub fn hosts(&self) -> usize {
        self.hosts.lock().map(|h| h.len()).unwrap_or_default()
    }

    async fn exchange(
        &self,
        request: http::Request<Bytes>,
        options: SendOptions,
    ) -> Result<http::Response<Bytes>, HttpError> {
        let host = self.host(request.uri()).map_err(HttpError::Connect)?;
        let (mut head, body) = request.into_parts();
        // On a connection to the host itself the request names its target in origin form.
        let mut target = http::uri::Parts::default();
        target.path_and_query = head.uri.path_and_query().cloned();
        head.uri = http::Uri::from_parts(target).map_err(|e| HttpError::Connect(Box::new(e)))?;
        let answer = host.send(head, body, options).await?;
        match answer.body {
            Ok(body) => Ok(http::Response::from_parts(answer.parts, body)),
            Err(BodyError::TooLarge) => Err(HttpError::BodyTooLarge {
                head: answer.parts,
                limit: options.body_limit,
            }),
            Err(BodyError::Broken(source)) => Err(HttpError::BodyBroken {
                head: answer.parts,
                source,
            }),
        }
    }

    /// The connections to the host of `uri`, made on first use.
    fn host(&self, uri: &http::Uri) -> Result<Arc<Host>, BoxError> {
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            other => return Err(format!("scheme {other:?} is not supported").into()),
        };
        let authority = uri.authority().ok_or("the URI has no host")?;
        let port = authority.port_u16().unwrap_or(if https { 443 } else { 80 });
        let name = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(host) = hosts
            .iter()
            .find(|h| h.port == port && h.tls.is_some() == https && h.host == name)
        {
            return Ok(Arc::clone(host));
        }
        let tls = if https {
            let connector = self
                .tls
                .get_or_init(|| tls_config().map(|c| tokio_rustls::TlsConnector::from(Arc::new(c))))
                .clone()?;
            let server_name = rustls::pki_types::ServerName::try_from(name.to_owned())
                .map_err(|e| format!("`{name}` is not a name TLS can verify: {e}"))?;
            Some((connector, server_name))
        } else {
            None
        };
        let host = Arc::new(Host {
            host: name.to_owned(),
            port,
            tls,
            idle: Mutex::new(Vec::new()),
            connecting: tokio::sync::Semaphore::new(MAX_CONNECTING),
        });
        hosts.push(Arc::clone(&host));
        Ok(host)
    }
}

/// How to reach one host, and its idle connections.
struct Host {
    /// Host to resolve and connect to (an IPv6 address without brackets).
    host: String,
    port: u16,
    /// TLS configuration and the name to verify, for `https`.
    tls: Option<(
        tokio_rustls::TlsConnector,
        rustls::pki_types::ServerName<'static>,
    )>,
    idle: Mutex<Vec<(Connection, Instant)>>,
    /// Permits to open a connection, [`MAX_CONNECTING`] in all.
    connecting: tokio::sync::Semaphore,
}

impl Host {
    /// Sends a request (its URI in origin form) on an idle connection or a new one, and reads
    /// the answer, all within the attempt timeout.
    async fn send(
        &self,
        head: http::request::Parts,
        body: Bytes,
        options: SendOptions,
    ) -> Result<Answer, HttpError> {
        let timeout = options.attempt_timeout;
        let deadline = tokio::time::Instant::now() + timeout;
        let mut connection =
            match tokio::time::timeout_at(deadline, self.connection(options.connect_timeout)).await
            {
                Ok(connection) => connection.map_err(HttpError::Connect)?,
                Err(_) => {
                    return Err(HttpError::TimedOut {
                        timeout,
                        written: false,
                    });
                }
            };
        let progress = Arc::clone(&connection.progress);
        let exchange = connection.exchange(head, body, options.body_limit);
        match tokio::time::timeout_at(deadline, exchange).await {
            // A connection that hung is dropped: the next attempt gets another one.
            Err(_) => Err(HttpError::TimedOut {
                timeout,
                written: progress.written(),
            }),
            Ok(Err(e)) if progress.written() => Err(HttpError::Interrupted(Box::new(e))),
            Ok(Err(e)) => Err(HttpError::Exchange(Box::new(e))),
            Ok(Ok(answer)) => {
                if answer.body.is_ok() {
                    self.checkin(connection);
                }
                Ok(answer)
            }
        }
    }

    /// An idle connection, else a new one once fewer than [`MAX_CONNECTING`] are being opened.
    async fn connection(&self, connect_timeout: Duration) -> Result<Connection, BoxError> {
        if let Some(connection) = self.checkout() {
            return Ok(connection);
        }
        let _permit = self.connecting.acquire().await?;
        // A connection may have come back while this call waited for its turn.
        if let Some(connection) = self.checkout() {
            return Ok(connection);
        }
        self.connect(connect_timeout).await
    }

    /// The most recently used idle connection that is still open, if any.
    fn checkout(&self) -> Option<Connection> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        while let Some((mut connection, since)) = idle.pop() {
            if since.elapsed() < POOL_IDLE_TIMEOUT && connection.is_open() {
                return Some(connection);
            }
        }
        None
    }

    /// Keeps `connection` for the next call, unless it has ended or enough are kept; closes
    /// the kept ones that have been idle too long.
    fn checkin(&self, connection: Connection) {
        if connection.driver.is_none() || connection.sender.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.retain(|(_, since)| since.elapsed() < POOL_IDLE_TIMEOUT);
        if idle.len() < POOL_MAX_IDLE {
            idle.push((connection, Instant::now()));
        }
    }

    /// A new connection, within the connect timeout.
    async fn connect(&self, connect_timeout: Duration) -> Result<Connection, BoxError> {
        let io = tokio::time::timeout(connect_timeout, self.open(connect_timeout))
            .await
            .map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!(
                        "no connection to {}:{} within {connect_timeout:?}",
                        self.host, self.port
                    ),
                )
            })??;
        let progress = Arc::new(Progress::default());
        let io = Tracked {
            io,
            progress: Arc::clone(&progress),
        };
        let (sender, driver) = http1::handshake(io).await?;
        Ok(Connection {
            sender,
            driver: Some(driver),
            progress,
        })
    }

    /// A TCP connection to the host, with TLS on top for `https`.
    async fn open(&self, connect_timeout: Duration) -> std::io::Result<Box<dyn Io>> {
        let addresses = match literal_addresses(&self.host, self.port) {
            Some(addresses) => addresses,
            None => tokio::net::lookup_host((self.host.as_str(), self.port))
                .await?
                .collect(),
        };
        if addresses.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("`{}` has no address", self.host),
            ));
        }
        let stream = connect_any(&addresses, connect_timeout).await?;
        configure(&stream)?;
        Ok(match &self.tls {
            Some((connector, name)) => {
                Box::new(TokioIo::new(connector.connect(name.clone(), stream).await?))
            }
            None => Box::new(TokioIo::new(stream)),
        })
    }
}

/// The addresses of a host that needs no resolver: an IP address, or `localhost`, which is
/// the loopback addresses whatever the resolver would say (RFC 6761), so that plain HTTP
/// allowed to it cannot reach another machine.
fn literal_addresses(host: &str, port: u16) -> Option<Vec<SocketAddr>> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Some(vec![SocketAddr::new(ip, port)]);
    }
    host.eq_ignore_ascii_case("localhost").then(|| {
        vec![
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
            SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), port),
        ]
    })
}

/// Socket options of a new connection: no Nagle delay (a request is written at once), and
/// TCP keepalive, so that a kept connection to a peer that vanished is found dead.
fn configure(stream: &TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let keepalive = socket2::TcpKeepalive::new().with_time(KEEPALIVE_IDLE);
    #[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
    let keepalive = keepalive.with_interval(KEEPALIVE_INTERVAL);
    socket2::SockRef::from(stream).set_tcp_keepalive(&keepalive)
}

/// A TCP connection to the first of `addresses` that accepts one. Each address gets an equal
/// share of `timeout`, so one that does not answer leaves time to try the next.
async fn connect_any(
    addresses: &[std::net::SocketAddr],
    timeout: Duration,
) -> std::io::Result<TcpStream> {
    let share = timeout / u32::try_from(addresses.len().max(1)).unwrap_or(u32::MAX);
    let mut failure = None;
    for &address in addresses {
        match tokio::time::timeout(share, TcpStream::connect(address)).await {
            Ok(Ok(stream)) => return Ok(stream),
            Ok(Err(e)) => failure = Some(e),
            Err(_) => {
                failure = Some(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("{address} did not answer within {share:?}"),
                ));
            }
        }
    }
    Err(failure.unwrap_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::NotFound, "no address to connect to")
    }))
}

/// TLS 1.2 and 1.3 with ring, verifying servers against the webpki roots (Mozilla's).
fn tls_config() -> Result<rustls::ClientConfig, String> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| format!("cannot set up TLS: {e}"))?
    .with_root_certificates(roots)
    .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A loopback address that accepts no connection: a listener whose backlog is full makes
    /// the kernel drop further connection requests, so connecting waits.
    async fn unanswering() -> (tokio::net::TcpListener, Vec<TcpStream>) {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(0).unwrap();
        let address = listener.local_addr().unwrap();
        let mut filling = Vec::new();
        // Fill the backlog until a connection request is no longer answered at once.
        while let Ok(Ok(stream)) =
            tokio::time::timeout(Duration::from_millis(50), TcpStream::connect(address)).await
        {
            filling.push(stream);
        }
        (listener, filling)
    }

    #[tokio::test]
    async fn an_address_that_does_not_answer_leaves_time_for_the_next() {
        let (stalled, _filling) = unanswering().await;
        let good = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addresses = [stalled.local_addr().unwrap(), good.local_addr().unwrap()];
        let started = std::time::Instant::now();
        let stream = connect_any(&addresses, Duration::from_millis(600))
            .await
            .unwrap();
        assert_eq!(stream.peer_addr().unwrap(), addresses[1]);
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(600), "{elapsed:?}");
    }

    #[tokio::test]
    async fn a_refused_address_is_skipped_and_the_last_failure_reported() {
        let refused = {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            listener.local_addr().unwrap()
        };
        let good = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let stream = connect_any(
            &[refused, good.local_addr().unwrap()],
            Duration::from_secs(2),
        )
        .await
        .unwrap();
        assert_eq!(stream.peer_addr().unwrap(), good.local_addr().unwrap());
        let error = connect_any(&[refused], Duration::from_secs(2))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::ConnectionRefused);
    }

    #[test]
    fn localhost_is_the_loopback_addresses_without_the_resolver() {
        let both = |port| {
            vec![
                SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                SocketAddr::from((Ipv6Addr::LOCALHOST, port)),
            ]
        };
        assert_eq!(literal_addresses("localhost", 8080), Some(both(8080)));
        assert_eq!(literal_addresses("LocalHost", 1), Some(both(1)));
        assert_eq!(
            literal_addresses("10.0.0.1", 80),
            Some(vec![SocketAddr::from(([10, 0, 0, 1], 80))])
        );
        assert_eq!(
            literal_addresses("::1", 443),
            Some(vec![SocketAddr::from((Ipv6Addr::LOCALHOST, 443))])
        );
        for name in ["localhost.example.com", "example.com", "localhost."] {
            assert_eq!(literal_addresses(name, 80), None, "{name}");
        }
    }

    #[tokio::test]
    async fn new_connections_keep_alive_and_send_at_once() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let stream = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        configure(&stream).unwrap();
        assert!(socket2::SockRef::from(&stream).keepalive().unwrap());
        assert!(stream.nodelay().unwrap());
    }

    #[tokio::test]
    async fn at_most_sixteen_connections_are_opened_at_once_to_a_host() {
        // Every connection request to this address waits until its timeout: with at most 16
        // opened at once, 32 calls take two rounds of the timeout, not one.
        let (stalled, _filling) = unanswering().await;
        let client = Arc::new(HyperClient::new());
        let url = format!("http://{}/", stalled.local_addr().unwrap());
        let timeout = Duration::from_millis(300);
        let started = std::time::Instant::now();
        let calls: Vec<_> = (0..2 * MAX_CONNECTING)
            .map(|_| {
                let (client, url) = (Arc::clone(&client), url.clone());
                tokio::spawn(async move {
                    let request = http::Request::get(url).body(Bytes::new()).unwrap();
                    client
                        .send(
                            request,
                            SendOptions::new(timeout, Duration::from_secs(10), 1024),
                        )
                        .await
                })
            })
            .collect();
        for call in calls {
            let error = call.await.unwrap().unwrap_err();
            assert!(matches!(error, HttpError::Connect(_)), "{error:?}");
        }
        let elapsed = started.elapsed();
        assert!(elapsed >= 2 * timeout, "{elapsed:?}");
    }
}
