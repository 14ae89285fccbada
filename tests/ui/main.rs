//! UI tests
