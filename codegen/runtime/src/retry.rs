//! Which failed attempts are worth retrying, as the AWS SDKs' standard retry mode decides.

/// Error codes of throttling answers.
const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient server-side failures.
const TRANSIENT: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// True for an error answer worth another attempt: throttling, a transient error, or HTTP 500,
/// 502, 503 or 504. Other 4xx answers, such as a `ValidationException`, are final.
pub(crate) fn is_retryable(status: u16, code: Option<&str>) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
        || code.is_some_and(|code| THROTTLING.contains(&code) || TRANSIENT.contains(&code))
}

#[cfg(test)]
mod tests {
    use super::is_retryable;

    #[test]
    fn classifies_answers() {
        assert!(is_retryable(503, None));
        assert!(is_retryable(500, Some("InternalServerException")));
        assert!(is_retryable(429, None));
        assert!(is_retryable(400, Some("ThrottlingException")));
        assert!(!is_retryable(400, Some("ValidationException")));
        assert!(!is_retryable(403, Some("AccessDeniedException")));
        assert!(!is_retryable(402, Some("ServiceQuotaExceededException")));
        assert!(!is_retryable(404, None));
        assert!(!is_retryable(501, None));
    }
}
