//! A file the operator dropped or chose, as read by `FileReader`.

/// Largest file a slot accepts. PEM certificates, keys and chains are a few
/// kilobytes, so anything bigger is the wrong file.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A file read into memory.
#[derive(Clone, PartialEq, Eq)]
pub struct LoadedFile {
    pub name: String,
    pub size: u64,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for LoadedFile {
    /// Leaves the content out, because it may be a private key.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("LoadedFile")
            .field("name", &self.name)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// Formats a byte count the way file managers do, with decimal units.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1_000.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_use_decimal_units() {
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(2_130), "2.1 KB");
        assert_eq!(human_size(5_200_000), "5.2 MB");
    }

    #[test]
    fn debug_output_hides_content() {
        let file = LoadedFile {
            name: "key.pem".into(),
            size: 3,
            bytes: b"KEY".to_vec(),
        };
        assert!(!format!("{file:?}").contains("KEY"));
    }
}
