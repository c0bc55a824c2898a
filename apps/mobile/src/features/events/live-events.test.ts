import { ManaClient } from '@mana/client';
import type { ChangeEvent } from '@mana/contracts';
import { apiError, byteStream, changeEventText, createFakeApi, encode, makeConversation, splitBytes, stream } from '../../../test/fake-api';
import { LiveEvents } from './live-events';

const setup = () => {
  const api = createFakeApi();
  const client = new ManaClient({ baseUrl: api.baseUrl, fetch: api.fetch, tokens: { accessToken: 'a', refreshToken: 'r' } });
  const events: ChangeEvent[] = [];
  const reconnected = jest.fn();
  const live = new LiveEvents({ client: () => client, onEvent: (e) => events.push(e), onReconnected: reconnected, retryDelaysMs: [5, 10] });
  return { api, live, events, reconnected };
};

describe('LiveEvents', () => {
  afterEach(() => jest.useRealTimers());

  it('reads events split anywhere, skips unknown types and bad data, and reconnects when the stream ends', async () => {
    const { api, live, events, reconnected } = setup();
    const conversation = makeConversation({ title: 'Grüße' });
    const text =
      'retry: 3000\n: connected\n\n' +
      changeEventText([{ type: 'conversation.created', conversation }]) +
      'event: space.updated\ndata: {"type":"space.updated","spaceId":"x"}\n\n' +
      'event: message.created\ndata: {not json\n\n' +
      changeEventText([{ type: 'conversation.deleted', conversationId: conversation.id }]);
    api.once('GET', '/events', () => stream(byteStream(splitBytes(encode(text), [1, 7, 3]))));
    api.on('GET', '/events', () => stream(byteStream([])));

    live.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    live.stop();
    expect(events).toEqual([
      { type: 'conversation.created', conversation },
      { type: 'conversation.deleted', conversationId: conversation.id },
    ]);
    expect(api.find('GET', '/events').length).toBeGreaterThanOrEqual(2);
    expect(api.find('GET', '/events')[0]!.headers.authorization).toBe('Bearer a');
    expect(reconnected).toHaveBeenCalled();
    expect(live.state).toBe('stopped');
  });

  it('backs off after failures and stops for good on a missing route', async () => {
    const { api, live } = setup();
    api.once('GET', '/events', () => {
      throw new TypeError('Network request failed');
    });
    api.once('GET', '/events', apiError(503, 'NOT_READY'));
    api.on('GET', '/events', apiError(404, 'NOT_FOUND'));
    live.start();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(api.find('GET', '/events')).toHaveLength(3);
    expect(live.state).toBe('stopped');
  });
});
