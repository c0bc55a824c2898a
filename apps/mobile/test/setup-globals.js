// The React Native test environment leaves out some web globals Node has; the stream reader needs them.
const { ReadableStream } = require('node:stream/web');
const { TextDecoder, TextEncoder } = require('node:util');

globalThis.ReadableStream ??= ReadableStream;
globalThis.TextDecoder ??= TextDecoder;
globalThis.TextEncoder ??= TextEncoder;
