export * from './sse.js';
export * from './reply-stream.js';
export * from './client.js';
