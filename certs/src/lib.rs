//! Certificate material checks.
