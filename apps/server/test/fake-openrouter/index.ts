export { FAKE_OPENROUTER_KEY, startFakeOpenRouter } from './fake-openrouter';
export type { FakeGeneration, FakeOpenRouter, FakeOpenRouterOptions, RecordedRequest } from './fake-openrouter';
export { FIXTURE_DIR, readFixture, readFixtureBytes, readFixtureJson } from './fixtures';
export type { CompletionFixture, ErrorFixture, FixtureName, StreamFixture } from './fixtures';
export { defaultDeltaText } from './generated-stream';
export type { GeneratedStream } from './generated-stream';
export type { ReplyEnd } from './reply-writer';
export type { Delivery, Scenario } from './scenarios';
export { refusingBaseUrl } from './refusing-base-url';
