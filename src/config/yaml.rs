//! The one place that parses YAML: swap the YAML crate by editing this file alone.

use serde::de::DeserializeOwned;

/// A YAML error with its byte offset in the source, when the parser knows it.
#[derive(Debug)]
pub struct YamlError {
    /// The parser's message without its " at line X column Y" suffix.
    pub message: String,
    /// Byte offset of the problem.
    pub offset: Option<usize>,
}

/// Parse `src` into `T`; an empty document (or one of comments only) is `T::default()`.
pub fn parse<T: DeserializeOwned + Default>(src: &str) -> Result<T, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(src).map_err(convert)?;
    if value.is_null() {
        return Ok(T::default());
    }
    serde_yaml::from_str(src).map_err(convert)
}

fn convert(e: serde_yaml::Error) -> YamlError {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) if full[i..].contains(" column ") => full[..i].to_owned(),
        _ => full,
    };
    // serde_yaml prefixes nested errors with the path of the value: "severity.quotes: ...".
    let message = match message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path.chars().all(|c| {
                    c.is_alphanumeric() || matches!(c, '.' | '[' | ']' | '_' | '-' | '/')
                }) =>
        {
            rest.to_owned()
        }
        _ => message,
    };
    YamlError {
        message,
        offset: e.location().map(|l| l.index()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Default, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        #[allow(dead_code)]
        a: Option<u32>,
    }

    #[test]
    fn errors_carry_offsets() {
        let e = parse::<T>("# c\nb: 1\n").unwrap_err();
        assert!(e.message.starts_with("unknown field `b`"), "{}", e.message);
        assert_eq!(e.offset, Some(4));
        assert!(parse::<T>("# only a comment\n").is_ok());
        assert!(parse::<T>("a: [\n").is_err());
    }
}
