//! The loopback server of the side-by-side benchmark, as a process of its own. Prints its port
//! on the first line of stdout.

include!("serve.rs");

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("{}", listener.local_addr().unwrap().port());
    serve(listener).await;
}
