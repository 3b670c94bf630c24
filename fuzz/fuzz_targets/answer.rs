// Shared by the `response` fuzz target and `tests/fuzz_regressions.rs` (through `include!`), so
// a kept input is replayed exactly as the fuzzer ran it.

/// Reads fuzz input as an HTTP answer: a first line with the status code, header lines
/// `name: value`, an empty line, then the body. What does not fit is left out: a status that
/// is not a number from 100 to 999 reads as 200, a header line that is not a valid header is
/// skipped, and without an empty line there is no body.
fn answer(data: &[u8]) -> ivs_realtime::http::Response<ivs_realtime::bytes::Bytes> {
    use ivs_realtime::http::{HeaderName, HeaderValue, StatusCode};

    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(end) => (&data[..end], &data[end + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = head.split(|&b| b == b'\n');
    let status = lines
        .next()
        .and_then(|line| std::str::from_utf8(line).ok())
        .and_then(|line| line.trim().parse::<u16>().ok())
        .and_then(|code| StatusCode::from_u16(code).ok())
        .unwrap_or(StatusCode::OK);
    let mut response =
        ivs_realtime::http::Response::new(ivs_realtime::bytes::Bytes::copy_from_slice(body));
    *response.status_mut() = status;
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(line[colon + 1..].trim_ascii()),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// Reads `data` as an answer to CreateStage, as the client reads its own, and formats
/// whatever comes out, error chains included.
fn read_as_answer(data: &[u8]) {
    match ivs_realtime::operation::create_stage::CreateStage::read_response(&answer(data)) {
        Ok(output) => {
            let _ = format!("{output:?}");
        }
        Err(error) => {
            let _ = format!("{error} {error:?}");
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                let _ = format!("{cause} {cause:?}");
                source = cause.source();
            }
        }
    }
}
