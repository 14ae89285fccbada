//! The real sync server on a loopback port, on its own runtime, for tests of devices that
//! sign in and sync. It stops when dropped.

use std::{path::Path, time::Duration};

use adiuva_server::ServerConfig;

pub struct LocalServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LocalServer {
    pub fn start(data_dir: &Path) -> Self {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let dir = data_dir.to_path_buf();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime for the server");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("a loopback port");
                let _ = ready_tx.send(listener.local_addr().expect("bound"));
                let stopped = async {
                    let _ = stop_rx.await;
                };
                if let Err(err) =
                    adiuva_server::serve(listener, &dir, ServerConfig::default(), stopped).await
                {
                    eprintln!("the test server stopped: {err}");
                }
            });
        });
        let addr = ready_rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the server starts");
        Self {
            url: format!("http://{addr}"),
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
