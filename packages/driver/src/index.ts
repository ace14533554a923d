// The only public door of @bigchaindb-ts/driver. The HTTP client arrives with the HTTP API issue;
// until then the driver re-exports the core's builders so applications have one import.
export * from '@bigchaindb-ts/core';
