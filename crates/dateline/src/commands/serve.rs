//! `dateline serve`: the HTTP API and web UI over an archive.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use dateline_ingest::{ReadOptions, read_reader};
use dateline_server::{IngestFailure, Ingestor, ServeOptions, Upload};
use dateline_store::{Archive, IngestSummary};

use crate::UserError;
use crate::cli::ServeArgs;
use crate::commands::archive::store_outcome;
use crate::pipeline::{Pipeline, PipelineOptions};

/// Runs the server until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let addr: SocketAddr = args.addr.parse().map_err(|_| {
        UserError::new(
            format!("`{}` is not an address to listen on", args.addr),
            "write it as IP:PORT, e.g. `127.0.0.1:8080`",
        )
    })?;
    let mut options = ServeOptions::new(&args.archive.archive, addr);
    options.admin_token = args.admin_token.filter(|t| !t.is_empty());
    if let Some(n) = args.max_in_flight {
        options.max_in_flight = n;
    }
    if options.admin_token.is_some() {
        options.ingestor = Some(Arc::new(UploadIngestor::new(
            options.limits.upload_bytes as u64,
        )));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    eprintln!(
        "serving `{}` on http://{addr}/ ({})",
        args.archive.archive.display(),
        if options.admin_token.is_some() {
            "uploads allowed with the admin token"
        } else {
            "read-only"
        }
    );
    runtime
        .block_on(dateline_server::serve(options))
        .context("running the server")?;
    Ok(())
}

/// Uploads through the same pipeline as `dateline ingest`.
struct UploadIngestor {
    pipeline: Pipeline,
    read: ReadOptions,
}

impl UploadIngestor {
    fn new(max_page_bytes: u64) -> Self {
        let read = ReadOptions { max_page_bytes };
        UploadIngestor {
            pipeline: Pipeline::new(PipelineOptions {
                jobs: 1,
                read: read.clone(),
                hash_raw: true,
            }),
            read,
        }
    }
}

impl Ingestor for UploadIngestor {
    fn ingest(
        &self,
        upload: Upload,
        archive: &mut Archive,
    ) -> Result<IngestSummary, IngestFailure> {
        // The client's file name is a label only, never a path.
        let label: String = upload
            .filename
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
            .take(100)
            .collect();
        let label = format!("upload:{}", if label.is_empty() { "page" } else { &label });
        let inputs = read_reader(label, std::io::Cursor::new(upload.bytes), self.read.clone());
        let mut stored = IngestSummary::default();
        self.pipeline
            .run_inputs(inputs, |outcome| {
                store_outcome(archive, outcome, &mut stored).map(|_| ())
            })
            .map_err(|e| IngestFailure::Internal(format!("{e:#}")))?;
        Ok(stored)
    }
}
