import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Wire fixtures. The shipped ones are copies of `shared/fixtures/openrouter` (see PROTOCOL.md §8);
 * the variants PROTOCOL.md lists as "not shipped" were written here from its descriptions.
 */
export const FIXTURE_DIR = join(__dirname, 'fixtures');

export type StreamFixture =
  | 'stream-basic.sse'
  | 'stream-reasoning.sse'
  | 'stream-midstream-error.sse'
  | 'stream-midstream-error-empty-choices.sse'
  | 'stream-midstream-error-string-code.sse'
  | 'stream-usage-empty-choices.sse'
  | 'stream-finish-error-no-payload.sse'
  | 'stream-reasoning-details-only.sse';

export type CompletionFixture = 'completion.json' | 'completion-wire.txt';

export type ErrorFixture =
  | 'error-400.json'
  | 'error-401.json'
  | 'error-402.json'
  | 'error-403-moderation.json'
  | 'error-429.json'
  | 'error-429-upstream.json'
  | 'error-503.json';

export type FixtureName = StreamFixture | CompletionFixture | ErrorFixture | 'models.json' | 'key.json' | 'generation.json';

const cache = new Map<string, Buffer>();

export function readFixtureBytes(name: FixtureName): Buffer {
  let bytes = cache.get(name);
  if (bytes === undefined) {
    bytes = readFileSync(join(FIXTURE_DIR, name));
    cache.set(name, bytes);
  }
  return bytes;
}

export const readFixture = (name: FixtureName): string => readFixtureBytes(name).toString('utf8');

export const readFixtureJson = <T = unknown>(name: FixtureName): T => JSON.parse(readFixture(name)) as T;
