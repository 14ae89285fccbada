//! The server on a loopback port in a thread of its own, for programs that embed it (tests
//! of the server and of devices); it stops when dropped.

use std::{net::SocketAddr, path::Path, time::Duration};

use crate::{ServerConfig, ServerError};

pub struct Background {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Background {
    /// Binds `127.0.0.1:0`, serves `data_dir`, and returns once the port is open.
    pub fn start(data_dir: &Path, config: ServerConfig) -> Result<Self, ServerError> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let dir = data_dir.to_path_buf();
        let thread = std::thread::spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(err) => return drop(ready_tx.send(Err(ServerError::Io(err)))),
            };
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
                    Ok(listener) => listener,
                    Err(err) => return drop(ready_tx.send(Err(ServerError::Io(err)))),
                };
                let _ = ready_tx.send(listener.local_addr().map_err(ServerError::Io));
                let stopped = async {
                    let _ = stop_rx.await;
                };
                if let Err(err) = crate::serve(listener, &dir, config, stopped).await {
                    eprintln!("the embedded server stopped: {err}");
                }
            });
        });
        let addr = ready_rx
            .recv_timeout(Duration::from_secs(20))
            .map_err(|_| ServerError::Io(std::io::Error::other("the server did not start")))??;
        Ok(Self {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
