//! `vigil eval clean`: the article-extraction benchmark's own metric.
//! (Skeleton: owned by the clean-html work.)

use std::process::ExitCode;

use crate::cli::EvalCleanArgs;

pub fn run(args: &EvalCleanArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("eval clean: not written yet ({})", args.bench.display())
}
