// The harness is shared with the dashboard's browser suites and the benchmark: packages/test-harness.
export * from "@moien/test-harness";
