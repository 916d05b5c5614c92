//! Integration tests of the server: one binary, modules by concern.

mod api;
mod deep;
mod fixtures;
mod metrics;
mod openapi;
mod socket;
mod store;
mod ui;
mod xss;
