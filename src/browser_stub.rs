//! On the server the islands' browser helpers do nothing.

pub fn call_window_function(_name: &str) {}
