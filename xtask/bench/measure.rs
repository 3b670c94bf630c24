/// CPU time of this process (user + system) in microseconds, from /proc (ticks of 10 ms).
fn cpu_micros() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks * 10_000
}

/// Runs `calls` calls in sequence, then `calls` calls 64 at a time, and prints one line per phase:
/// `PHASE cpu_us_per_call=… wall_us_per_call=… p50_us=… p99_us=…`.
async fn measure<F, Fut>(calls: usize, make: F)
where
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    if calls <= 1 {
        make().await;
        return;
    }
    // Warm up the connection pool and the allocator.
    for _ in 0..100 {
        make().await;
    }
    let (cpu, wall) = (cpu_micros(), std::time::Instant::now());
    let mut latencies = Vec::with_capacity(calls);
    for _ in 0..calls {
        let start = std::time::Instant::now();
        make().await;
        latencies.push(start.elapsed().as_micros() as u64);
    }
    report("sequential", calls, cpu, wall, &mut latencies);

    let (cpu, wall) = (cpu_micros(), std::time::Instant::now());
    let workers: Vec<_> = (0..64)
        .map(|_| {
            let make = make.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                for _ in 0..calls / 64 {
                    let start = std::time::Instant::now();
                    make().await;
                    latencies.push(start.elapsed().as_micros() as u64);
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(calls);
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    report("concurrent64", latencies.len(), cpu, wall, &mut latencies);
}

fn report(phase: &str, calls: usize, cpu: u64, wall: std::time::Instant, latencies: &mut [u64]) {
    let cpu = cpu_micros() - cpu;
    let wall = wall.elapsed().as_micros() as u64;
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize];
    println!(
        "{phase} cpu_us_per_call={:.2} wall_us_per_call={:.2} p50_us={} p99_us={}",
        cpu as f64 / calls as f64,
        wall as f64 / calls as f64,
        at(0.5),
        at(0.99)
    );
}

/// Instruction-count mode: the client and the loopback server on one current-thread runtime
/// in this process; 20 calls to warm up, then `calls` calls in sequence. Run under callgrind
/// with two call counts, the difference divided by the difference of calls is what one call
/// costs, the start-up and the warm-up cancelling out.
fn in_process<M, Made, F, Fut>(calls: usize, make: M)
where
    M: FnOnce(String) -> Made,
    Made: std::future::Future<Output = F>,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(serve(listener));
        let call = make(endpoint).await;
        for _ in 0..20 + calls {
            call().await;
        }
    });
}
