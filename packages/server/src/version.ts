/** The server's version and the BigchainDB API it speaks. */
export const version = '0.1.0';
export const apiVersion = 'v1';
