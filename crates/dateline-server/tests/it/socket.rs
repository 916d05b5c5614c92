//! One test over a real socket on 127.0.0.1:0.

use dateline_server::{AppState, Store, serve_on};
use dateline_store::Archive;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn serves_over_tcp_and_shuts_down() {
    let mut archive = Archive::in_memory().unwrap();
    crate::fixtures::store(&mut archive, &crate::fixtures::releases());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_on(
        listener,
        AppState::new(Store::single(archive)),
        async {
            let _ = stopped.await;
        },
    ));
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /api/search?q=country:KG HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("\"total\":2"));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
