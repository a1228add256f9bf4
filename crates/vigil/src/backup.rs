//! `vigil backup` and `vigil restore`: a consistent copy of a store that a server may be
//! writing to, optionally encrypted with age to a passphrase or to public keys, and its
//! restoring, verified before it replaces anything.
//!
//! Every file is written beside its destination under a temporary name and renamed into
//! place when complete, so an interrupted run leaves the old file or the new one, never half
//! of one.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use age::secrecy::SecretString;
use anyhow::{Context, Result, anyhow, bail};
use tempfile::NamedTempFile;
use vigil_store_sqlite::backup::{self, StoreSummary};

use crate::cli::{BackupArgs, RestoreArgs};

/// How every age file begins.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// Backups of PostgreSQL are the server's business (`pg_dump`), not Vigil's.
fn refuse_postgres(url: &str) -> Result<()> {
    if vigil_store_postgres::is_postgres_url(url) {
        bail!(
            "vigil backup and restore copy SQLite files; back up a PostgreSQL store with \
             pg_dump and pg_restore (see docs/operations.md)"
        );
    }
    Ok(())
}

/// Runs `vigil backup`.
pub fn run_backup(args: &BackupArgs) -> Result<ExitCode> {
    refuse_postgres(&args.db)?;
    let source = vigil_store_sqlite::path_of_url(&args.db)?;
    let recipients = args
        .recipients
        .iter()
        .map(|r| {
            age::x25519::Recipient::from_str(r)
                .map_err(|e| anyhow!("--recipient {r:?} is not an age public key: {e}"))
        })
        .collect::<Result<Vec<_>>>()?;
    let passphrase = if args.passphrase_stdin {
        Some(read_passphrase()?)
    } else {
        None
    };
    let file = &args.file;
    let dir = parent(file);
    let encryptor = if let Some(passphrase) = passphrase {
        Some((
            age::Encryptor::with_user_passphrase(passphrase),
            "encrypted to a passphrase".to_owned(),
        ))
    } else if recipients.is_empty() {
        None
    } else {
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|e| anyhow!("encrypting: {e}"))?;
        Some((
            encryptor,
            format!("encrypted to {} public key(s)", recipients.len()),
        ))
    };
    let backing_up =
        |e: vigil_store::StoreError| anyhow!("backing up {}: {}", source.display(), reason(e));
    let (written, summary, how) = if let Some((encryptor, how)) = encryptor {
        // Snapshotted into memory and encrypted from there: no plain copy touches the disk.
        let mut snapshot = backup::snapshot_in_memory(&source).map_err(backing_up)?;
        let out = temp_in(dir)?;
        let mut writer = encryptor
            .wrap_output(BufWriter::new(out.as_file()))
            .context("encrypting")?;
        snapshot.write_to(&mut writer).context("encrypting")?;
        writer
            .finish()
            .and_then(|mut w| w.flush())
            .context("encrypting")?;
        (out, snapshot.summary, how)
    } else {
        let plain = temp_in(dir)?;
        backup::snapshot(&source, plain.path()).map_err(backing_up)?;
        let summary = backup::verify(plain.path())
            .with_context(|| format!("checking the copy of {}", source.display()))?;
        (plain, summary, "not encrypted".to_owned())
    };
    written
        .as_file()
        .sync_all()
        .with_context(|| format!("writing {}", file.display()))?;
    written
        .persist(file)
        .map_err(|e| anyhow!("writing {}: {}", file.display(), e.error))?;
    sync_dir(dir);
    let bytes = std::fs::metadata(file).map_or(0, |m| m.len());
    println!("wrote {} ({bytes} bytes, {how})", file.display());
    println!("{}", describe(&summary));
    Ok(ExitCode::SUCCESS)
}

/// Runs `vigil restore`.
pub fn run_restore(args: &RestoreArgs) -> Result<ExitCode> {
    let file = &args.file;
    refuse_postgres(&args.db)?;
    let target = vigil_store_sqlite::path_of_url(&args.db)?;
    let named = |e: anyhow::Error| anyhow!("{}: {e:#}", file.display());
    let mut input =
        File::open(file).map_err(|e| anyhow!("{}: cannot read it: {e}", file.display()))?;
    let mut head = [0u8; AGE_MAGIC.len()];
    let got = read_up_to(&mut input, &mut head).map_err(|e| named(e.into()))?;
    let encrypted = got == head.len() && head == AGE_MAGIC;
    let copy = temp_in(parent(&target))?;
    let mut input =
        File::open(file).map_err(|e| anyhow!("{}: cannot read it: {e}", file.display()))?;
    if encrypted {
        decrypt(&mut input, args, copy.as_file()).map_err(named)?;
    } else if args.passphrase_stdin || args.identity.is_some() {
        bail!(
            "{}: not an age-encrypted file, yet a key was given",
            file.display()
        );
    } else {
        std::io::copy(&mut input, &mut copy.as_file())
            .map_err(|e| named(anyhow!("copying it: {e}")))?;
    }
    copy.as_file()
        .sync_all()
        .map_err(|e| named(anyhow!("writing the copy: {e}")))?;
    let summary = backup::verify(copy.path()).map_err(|e| named(anyhow!(reason(e))))?;
    let (_, copy_path) = copy
        .keep()
        .map_err(|e| anyhow!("keeping the restored copy: {}", e.error))?;
    // The restored file keeps the old one's permissions (temporary files are owner-only).
    if let Ok(meta) = std::fs::metadata(&target) {
        let _ = std::fs::set_permissions(&copy_path, meta.permissions());
    }
    if let Err(e) = backup::replace(&target, &copy_path) {
        let _ = std::fs::remove_file(&copy_path);
        bail!("not restored: {}", reason(e));
    }
    sync_dir(parent(&target));
    println!("restored {} from {}", target.display(), file.display());
    println!("{}", describe(&summary));
    Ok(ExitCode::SUCCESS)
}

/// A store error as one line, without the `refused:` that every refusal here would carry.
fn reason(e: vigil_store::StoreError) -> String {
    match e {
        vigil_store::StoreError::Refused(why) => why,
        other => other.to_string(),
    }
}

fn describe(s: &StoreSummary) -> String {
    format!(
        "{} documents, {} events, {} users, schema version {}, rows {}",
        s.documents, s.events, s.users, s.schema_version, s.checksum
    )
}

/// The directory a file is written in.
fn parent(file: &Path) -> &Path {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn temp_in(dir: &Path) -> Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".vigil-backup-")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))
}

/// Makes a rename durable; not every platform can open a directory, so failure is ignored.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn decrypt(input: &mut File, args: &RestoreArgs, out: &File) -> Result<()> {
    let decryptor = age::Decryptor::new(BufReader::new(input))
        .map_err(|e| anyhow!("not a readable age file ({e})"))?;
    let identities: Vec<Box<dyn age::Identity>> = if args.passphrase_stdin {
        if !decryptor.is_scrypt() {
            bail!("encrypted to public keys, not a passphrase: give --identity FILE");
        }
        vec![Box::new(age::scrypt::Identity::new(read_passphrase()?))]
    } else if let Some(path) = &args.identity {
        read_identities(path)?
    } else {
        bail!("encrypted; give --passphrase-stdin or --identity FILE");
    };
    let mut reader = decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                anyhow!("wrong passphrase or key")
            }
            other => anyhow!("cannot decrypt: {other}"),
        })?;
    let mut writer = BufWriter::new(out);
    std::io::copy(&mut reader, &mut writer)
        .map_err(|e| anyhow!("the encrypted data is damaged or cut short ({e})"))?;
    writer.flush().context("writing the decrypted copy")?;
    Ok(())
}

/// The age secret keys in an identity file (`AGE-SECRET-KEY-1…` lines; `#` comments).
fn read_identities(path: &PathBuf) -> Result<Vec<Box<dyn age::Identity>>> {
    let file = File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut keys: Vec<Box<dyn age::Identity>> = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key = age::x25519::Identity::from_str(line)
            .map_err(|e| anyhow!("{}: not an age secret key: {e}", path.display()))?;
        keys.push(Box::new(key));
    }
    if keys.is_empty() {
        bail!("{}: no age secret key in it", path.display());
    }
    Ok(keys)
}

/// The passphrase: the first line of standard input.
fn read_passphrase() -> Result<SecretString> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the passphrase from standard input")?;
    let pass = line.trim_end_matches(['\n', '\r']);
    if pass.is_empty() {
        bail!("an empty passphrase on standard input");
    }
    Ok(SecretString::from(pass.to_owned()))
}

/// Reads until `buf` is full or the input ends; the bytes read.
fn read_up_to(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}
