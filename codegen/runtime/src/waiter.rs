//! Waiters: an operation called again and again until its answers reach the state one of the
//! model's waiters (`smithy.waiters#waitable`) describes, with the delays of the Smithy
//! specification: exponential from the waiter's minimum to its maximum delay, each drawn at
//! random from the minimum up, within a maximum wait the caller sets.
//!
//! A generated crate has a `wait_until_…` method per waiter on the operation's fluent builder;
//! the acceptors are compiled into it, and it calls [`wait`].

use std::fmt;
use std::future::Future;
use std::time::Duration;

use crate::error::SdkError;

/// Where an answer takes a wait, as the first acceptor that matches it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The wait is over: the resource is in the state waited for.
    Success,
    /// The wait is over: the resource can no longer reach the state waited for.
    Failure,
    /// Not yet: call again after a delay.
    Retry,
}

/// A waiter of the model: its name and its delays between calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiter {
    /// The waiter's name in the model (`FunctionActive`).
    pub name: &'static str,
    /// The shortest delay between two calls.
    pub min_delay: Duration,
    /// The longest delay between two calls.
    pub max_delay: Duration,
}

impl Waiter {
    /// The delay before call `attempt + 1` (the first call is attempt 1), `random` in `[0, 1)`:
    /// doubling from the minimum delay up to the maximum, then drawn between the minimum and
    /// that, and shortened so that the last call can still be made within `remaining`.
    fn delay(&self, attempt: u32, random: f64, remaining: Duration) -> Duration {
        let (min, max) = (self.min_delay, self.max_delay.max(self.min_delay));
        let ceiling = min
            .checked_mul(
                1u32.checked_shl(attempt.saturating_sub(1))
                    .unwrap_or(u32::MAX),
            )
            .map_or(max, |d| d.min(max));
        let mut delay = min + (ceiling - min).mul_f64(random.clamp(0.0, 1.0));
        if remaining.saturating_sub(delay) <= min {
            delay = remaining.saturating_sub(min);
        }
        delay
    }
}

/// The answer that ended a wait, with how many calls it took and how long.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    answer: Result<O, SdkError<E>>,
    attempts: u32,
    elapsed: Duration,
}

impl<O, E> FinalPoll<O, E> {
    /// The last answer: an output, or an error (a waiter can succeed on an error, e.g. "not
    /// found" when waiting for a deletion).
    pub fn answer(&self) -> &Result<O, SdkError<E>> {
        &self.answer
    }

    /// The last answer, owned.
    pub fn into_answer(self) -> Result<O, SdkError<E>> {
        self.answer
    }

    /// The output of the last call, if it succeeded.
    pub fn output(&self) -> Option<&O> {
        self.answer.as_ref().ok()
    }

    /// How many calls were made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// How long the wait took.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}

/// Why a wait ended without reaching the state waited for.
#[derive(Debug)]
pub enum WaitError<O, E> {
    /// An acceptor matched the last answer with the failure state.
    Failure(Box<FinalPoll<O, E>>),
    /// The last call failed with an error that no acceptor expects.
    Call(Box<FinalPoll<O, E>>),
    /// The maximum wait ran out before an acceptor matched success or failure.
    TimedOut(Box<FinalPoll<O, E>>),
    /// The maximum wait is not longer than the waiter's minimum delay; nothing was sent.
    MaxWait {
        /// The maximum wait asked for.
        max_wait: Duration,
        /// The waiter's minimum delay.
        min_delay: Duration,
    },
}

impl<O, E> WaitError<O, E> {
    /// The last answer, if a call was made.
    pub fn last_poll(&self) -> Option<&FinalPoll<O, E>> {
        match self {
            Self::Failure(poll) | Self::Call(poll) | Self::TimedOut(poll) => Some(poll),
            Self::MaxWait { .. } => None,
        }
    }
}

impl<O, E: fmt::Display> fmt::Display for WaitError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failure(poll) => write!(
                f,
                "the wait reached a failure state after {} calls",
                poll.attempts
            ),
            Self::Call(poll) => match &poll.answer {
                Err(error) => write!(f, "a call of the wait failed: {error}"),
                Ok(_) => f.write_str("a call of the wait failed"),
            },
            Self::TimedOut(poll) => write!(
                f,
                "the wait ran out of time after {} calls in {:?}",
                poll.attempts, poll.elapsed
            ),
            Self::MaxWait {
                max_wait,
                min_delay,
            } => write!(
                f,
                "a maximum wait of {max_wait:?} is not longer than the waiter's minimum delay \
                 of {min_delay:?}"
            ),
        }
    }
}

impl<O: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaitError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Call(poll) => poll.answer.as_ref().err().map(|e| e as _),
            _ => None,
        }
    }
}

/// Calls `call` until `classify` finds success or failure in an answer, or `max_wait` runs out.
/// An answer no acceptor matches is retried if it is an output and ends the wait if it is an
/// error, as the Smithy specification says.
///
/// # Errors
///
/// [`WaitError`]: a failure state, an error no acceptor expects, the maximum wait run out, or a
/// maximum wait too short to wait at all.
pub async fn wait<O, E, F, Fut>(
    waiter: &Waiter,
    max_wait: Duration,
    mut call: F,
    classify: impl Fn(&Result<O, SdkError<E>>) -> Option<State>,
) -> Result<FinalPoll<O, E>, WaitError<O, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    if max_wait <= waiter.min_delay {
        return Err(WaitError::MaxWait {
            max_wait,
            min_delay: waiter.min_delay,
        });
    }
    let start = tokio::time::Instant::now();
    let mut attempts = 0;
    loop {
        let answer = call().await;
        attempts += 1;
        let state = classify(&answer);
        let failed = answer.is_err();
        let poll = FinalPoll {
            answer,
            attempts,
            elapsed: start.elapsed(),
        };
        match state {
            Some(State::Success) => return Ok(poll),
            Some(State::Failure) => return Err(WaitError::Failure(Box::new(poll))),
            None if failed => return Err(WaitError::Call(Box::new(poll))),
            Some(State::Retry) | None => {
                let remaining = max_wait.saturating_sub(poll.elapsed);
                if remaining <= waiter.min_delay {
                    return Err(WaitError::TimedOut(Box::new(poll)));
                }
                let delay = waiter.delay(attempts, fastrand::f64(), remaining);
                tokio::time::sleep(delay).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    const WAITER: Waiter = Waiter {
        name: "Ready",
        min_delay: Duration::from_secs(2),
        max_delay: Duration::from_secs(20),
    };

    #[test]
    fn delays_double_from_the_minimum_to_the_maximum() {
        let long = Duration::from_secs(3600);
        // The top of the draw doubles: 2, 4, 8, 16, then 20 for ever.
        let tops: Vec<u64> = (1..=7)
            .map(|a| WAITER.delay(a, 1.0, long).as_secs())
            .collect();
        assert_eq!(tops, [2, 4, 8, 16, 20, 20, 20]);
        // The bottom is always the minimum, and a draw falls between.
        assert_eq!(WAITER.delay(5, 0.0, long), Duration::from_secs(2));
        assert_eq!(WAITER.delay(3, 0.5, long), Duration::from_secs(5));
        // No overflow however long the wait goes on.
        assert_eq!(WAITER.delay(u32::MAX, 1.0, long), Duration::from_secs(20));
    }

    #[test]
    fn the_last_delay_leaves_time_for_one_more_call() {
        // 12 s left: a 16 s delay becomes 10 s, so the next call comes 2 s before the end.
        assert_eq!(
            WAITER.delay(4, 1.0, Duration::from_secs(12)),
            Duration::from_secs(10)
        );
    }

    type Answer = Result<u32, SdkError<std::io::Error>>;

    /// A call whose answers are `1, 2, 3, …`, and a classifier: success at `done`, failure at 0.
    fn counting() -> (impl FnMut() -> std::future::Ready<Answer>, Mutex<Vec<u32>>) {
        let mut n = 0;
        let call = move || {
            n += 1;
            std::future::ready(Ok(n))
        };
        (call, Mutex::new(Vec::new()))
    }

    #[tokio::test(start_paused = true)]
    async fn retries_until_an_acceptor_matches_success() {
        let (call, seen) = counting();
        let poll = wait(&WAITER, Duration::from_secs(600), call, |answer| {
            let n = *answer.as_ref().unwrap();
            seen.lock().unwrap().push(n);
            (n == 4).then_some(State::Success)
        })
        .await
        .unwrap();
        assert_eq!(poll.attempts(), 4);
        assert_eq!(poll.output(), Some(&4));
        assert_eq!(*seen.lock().unwrap(), [1, 2, 3, 4]);
        // Three delays of at least 2 s each, at most 2 + 4 + 8.
        assert!(
            poll.elapsed() >= Duration::from_secs(6),
            "{:?}",
            poll.elapsed()
        );
        assert!(
            poll.elapsed() <= Duration::from_secs(14),
            "{:?}",
            poll.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_failure_state_ends_the_wait() {
        let (call, _) = counting();
        let error = wait(&WAITER, Duration::from_secs(600), call, |answer| {
            (answer.as_ref().ok() == Some(&2)).then_some(State::Failure)
        })
        .await
        .unwrap_err();
        assert!(matches!(&error, WaitError::Failure(poll) if poll.attempts() == 2));
        assert_eq!(
            error.to_string(),
            "the wait reached a failure state after 2 calls"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_error_no_acceptor_expects_ends_the_wait_and_a_matched_one_can_succeed() {
        let failing = || {
            std::future::ready(Err::<u32, SdkError<std::io::Error>>(SdkError::Response(
                crate::error::ResponseError {
                    status: 200,
                    request_id: None,
                    message: "unreadable".to_owned(),
                    source: None,
                },
            )))
        };
        let error = wait(&WAITER, Duration::from_secs(600), failing, |_| None)
            .await
            .unwrap_err();
        assert!(matches!(&error, WaitError::Call(poll) if poll.attempts() == 1));
        assert!(std::error::Error::source(&error).is_some());
        let poll = wait(&WAITER, Duration::from_secs(600), failing, |answer| {
            answer.is_err().then_some(State::Success)
        })
        .await
        .unwrap();
        assert!(poll.answer().is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn the_maximum_wait_bounds_the_calls() {
        let (call, _) = counting();
        let max_wait = Duration::from_secs(60);
        let error = wait(&WAITER, max_wait, call, |_| Some(State::Retry))
            .await
            .unwrap_err();
        let WaitError::TimedOut(poll) = &error else {
            panic!("{error:?}")
        };
        // The last call comes with at most the minimum delay left, never after the end.
        assert!(poll.elapsed() <= max_wait, "{:?}", poll.elapsed());
        assert!(
            poll.elapsed() + WAITER.min_delay >= max_wait,
            "{:?}",
            poll.elapsed()
        );
        assert!(poll.attempts() >= 4, "{}", poll.attempts());
        let error = wait(&WAITER, Duration::from_secs(2), counting().0, |_| None)
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "a maximum wait of 2s is not longer than the waiter's minimum delay of 2s"
        );
        assert!(error.last_poll().is_none());
    }
}
