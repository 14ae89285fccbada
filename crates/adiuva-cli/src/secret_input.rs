//! Reading secrets: from the terminal without echo, or line by line from standard input (or
//! a `--secrets-file`, e.g. `/dev/fd/3`) for scripts. Never from arguments or the environment.

use std::{
    fs::File,
    io::{BufRead, BufReader, IsTerminal, Read},
    path::Path,
};
use zeroize::Zeroizing;

use crate::CliError;

/// Where the secrets of one invocation come from, in the order they are asked for.
pub enum SecretSource {
    Terminal,
    Lines(Box<dyn BufRead>),
}

impl SecretSource {
    /// A file of secrets, one per line, when given; otherwise the terminal when standard
    /// input is one; otherwise standard input's lines.
    pub fn open(file: Option<&Path>) -> Result<Self, CliError> {
        if let Some(path) = file {
            let file = File::open(path).map_err(|source| CliError::Secret {
                what: "secrets file",
                source,
            })?;
            return Ok(Self::Lines(Box::new(BufReader::new(file))));
        }
        if std::io::stdin().is_terminal() {
            Ok(Self::Terminal)
        } else {
            Ok(Self::Lines(Box::new(BufReader::new(std::io::stdin()))))
        }
    }

    /// Reads one secret; `what` names it in the prompt and in errors.
    pub fn read(&mut self, what: &'static str) -> Result<Zeroizing<String>, CliError> {
        let failed = |source| CliError::Secret { what, source };
        match self {
            Self::Terminal => rpassword::prompt_password(format!("{}: ", capitalized(what)))
                .map(Zeroizing::new)
                .map_err(failed),
            Self::Lines(lines) => {
                let mut line = Zeroizing::new(String::new());
                // Bounded so a stray binary file cannot exhaust memory.
                lines.take(64 * 1024).read_line(&mut line).map_err(failed)?;
                if line.is_empty() {
                    return Err(failed(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "no more input",
                    )));
                }
                let trimmed = Zeroizing::new(line.trim_end_matches(['\n', '\r']).to_owned());
                Ok(trimmed)
            }
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
