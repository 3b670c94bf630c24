// A loopback HTTP/1.1 server for the side-by-side benchmark: keep-alive, answers every request
// with CreateStage's full documented response. Shared, through `include!`, by the server
// program and by the client programs, which run it in their own process to count
// instructions.

const BODY: &str = r#"{"stage": {"arn": "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234", "name": "my-stage", "activeSessionId": "st-a1b2c3d4e5f6g", "tags": {"team": "video"}, "autoParticipantRecordingConfiguration": {"storageConfigurationArn": "arn:aws:ivs:us-west-2:123456789012:storage-configuration/abc", "mediaTypes": ["AUDIO_VIDEO"], "thumbnailConfiguration": {"targetIntervalSeconds": 30, "storage": ["SEQUENTIAL", "LATEST"], "recordingMode": "INTERVAL"}, "recordingReconnectWindowSeconds": 60, "hlsConfiguration": {"targetSegmentDurationSeconds": 4}, "recordParticipantReplicas": false}, "endpoints": {"events": "wss://global.events.live-video.net", "whip": "https://f99084460c35.global-bm.whip.live-video.net", "rtmp": "rtmp://f99084460c35.global-contribute-staging.live-video.net/app/", "rtmps": "rtmps://f99084460c35.global-contribute-staging.live-video.net:443/app/"}}, "participantTokens": [{"participantId": "p-1", "token": "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.eyJleHAiOjE3MTQ1NzAyMDB9.signature", "userId": "user-1", "attributes": {"role": "host"}, "duration": 60, "capabilities": ["PUBLISH", "SUBSCRIBE"], "expirationTime": "2024-05-01T13:30:00Z"}]}"#;

/// Serves every connection `listener` accepts, on the current runtime.
async fn serve(listener: tokio::net::TcpListener) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-amzn-RequestId: bench\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let answer: &'static [u8] = Box::leak(answer.into_bytes().into_boxed_slice());
    loop {
        let (mut stream, _) = listener.accept().await.unwrap();
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let mut buffer = Vec::new();
            let mut chunk = [0u8; 8192];
            loop {
                // One request: headers, then Content-Length bytes of body.
                let end = loop {
                    if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                };
                let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                while buffer.len() < end + length {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                }
                buffer.drain(..end + length);
                if stream.write_all(answer).await.is_err() {
                    return;
                }
            }
        });
    }
}
