//! `hookcli inspect`: the web inspector over the store alone, for captures already taken.

use crate::cli::InspectArgs;
use crate::pipeline::Config;
use anyhow::Context as _;
use std::process::ExitCode;

pub fn run(args: InspectArgs) -> anyhow::Result<ExitCode> {
    let store = super::setup::open_store(false, args.store.store.as_deref())?;
    let config = Config {
        secrets: super::setup::secrets(&args.secret)?,
        ..Config::default()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async move {
        // Replays go to each capture's own targets (or the one the page names).
        let pipeline = super::setup::sender_pipeline(config, None, false, store)?;
        let Some(listener) = crate::web::bind(args.addr.as_deref()).await? else {
            return Ok(ExitCode::FAILURE);
        };
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        crate::web::announce(&listener)?;
        crate::web::spawn(listener, pipeline, None, async move {
            let _ = stop_rx.await;
        });
        super::listen::interrupted().await;
        let _ = stop_tx.send(());
        Ok(ExitCode::SUCCESS)
    })
}
