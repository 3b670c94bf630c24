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

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
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
/// covers the method, path, query, `Host` and signed headers) and read the answer's body in
/// full, up to `options.body_limit` bytes.
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
    /// Largest answer body to read.
    pub body_limit: usize,
}

impl SendOptions {
    /// These limits.
    pub fn new(connect_timeout: Duration, body_limit: usize) -> Self {
        Self {
            connect_timeout,
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
    /// The connection failed during the exchange, before the answer's head arrived; the server
    /// may have received the request.
    Exchange(BoxError),
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

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect(_) => f.write_str("cannot connect"),
            Self::Exchange(_) => f.write_str("the connection failed"),
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
            Self::Connect(e) | Self::Exchange(e) | Self::BodyBroken { source: e, .. } => Some(&**e),
            Self::BodyTooLarge { .. } => None,
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

/// A byte stream a connection runs over: TCP, or TLS over TCP.
trait Io: hyper::rt::Read + hyper::rt::Write + Send + Unpin {}

impl<T: hyper::rt::Read + hyper::rt::Write + Send + Unpin> Io for T {}

/// One HTTP/1.1 connection: the handle requests are sent through, and the connection itself,
/// which does the reading and writing when polled (`None` once it has ended).
struct Connection {
    sender: http1::SendRequest<Full<Bytes>>,
    driver: Option<http1::Connection<Box<dyn Io>, Full<Bytes>>>,
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
        request: http::Request<Full<Bytes>>,
        body_limit: usize,
    ) -> Result<Answer, hyper::Error> {
        let Connection { sender, driver } = self;
        let mut ended: Option<hyper::Error> = None;
        let call = async {
            sender.ready().await?;
            let response = sender.send_request(request).await?;
            let (parts, body) = response.into_parts();
            let body = match Limited::new(body, body_limit).collect().await {
                Ok(collected) => Ok(collected.to_bytes()),
                Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(BodyError::TooLarge),
                Err(e) => Err(BodyError::Broken(e)),
            };
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
/// per host, each closed after 90 seconds unused. It does not refuse plain HTTP: the runtime's
/// client allows it only to loopback addresses before it sends anything.
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
        let request = http::Request::from_parts(head, Full::new(body));
        let answer = host.send(request, options).await?;
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
}

impl Host {
    /// Sends `request` (its URI in origin form) on an idle connection or a new one, and reads
    /// the answer.
    async fn send(
        &self,
        request: http::Request<Full<Bytes>>,
        options: SendOptions,
    ) -> Result<Answer, HttpError> {
        let mut connection = match self.checkout() {
            Some(connection) => connection,
            None => self
                .connect(options.connect_timeout)
                .await
                .map_err(HttpError::Connect)?,
        };
        let answer = connection
            .exchange(request, options.body_limit)
            .await
            .map_err(|e| HttpError::Exchange(Box::new(e)))?;
        if answer.body.is_ok() {
            self.checkin(connection);
        }
        Ok(answer)
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
        let (sender, driver) = http1::handshake(io).await?;
        Ok(Connection {
            sender,
            driver: Some(driver),
        })
    }

    /// A TCP connection to the host, with TLS on top for `https`.
    async fn open(&self, connect_timeout: Duration) -> std::io::Result<Box<dyn Io>> {
        let addresses: Vec<std::net::SocketAddr> =
            tokio::net::lookup_host((self.host.as_str(), self.port))
                .await?
                .collect();
        if addresses.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("`{}` has no address", self.host),
            ));
        }
        let stream = connect_any(&addresses, connect_timeout).await?;
        stream.set_nodelay(true)?;
        Ok(match &self.tls {
            Some((connector, name)) => {
                Box::new(TokioIo::new(connector.connect(name.clone(), stream).await?))
            }
            None => Box::new(TokioIo::new(stream)),
        })
    }
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
}
