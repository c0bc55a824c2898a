import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsService } from '../../src/modules/models/models.service';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fake-openrouter';
import { startTestApp, type TestApp } from '../support/app';
import { collect, replyOf, waitForFinal } from '../support/chat';

describe('a local OpenAI-compatible server (OPENAI_COMPATIBLE_BASE_URL)', () => {
  let local: FakeOpenRouter;
  let t: TestApp;
  beforeAll(async () => {
    // The fake speaks the OpenAI wire format, which is all a local server (Ollama, vLLM) needs to.
    local = await startFakeOpenRouter({ models: { object: 'list', data: [{ id: 'llama3.2:3b', object: 'model' }] } });
    t = await startTestApp({ OPENAI_COMPATIBLE_BASE_URL: local.baseUrl, OPENAI_COMPATIBLE_API_KEY: local.apiKey });
    await t.app.get(ModelsService).initialSync;
  });
  afterAll(async () => {
    await t.close();
    await local.close();
  });

  it('lists its models as local/* at no cost, beside the offline model', async () => {
    const { client } = await t.newUser();
    const { items } = await client.models();
    expect(items.map((m) => m.id).sort()).toEqual(['builtin/echo', 'local/llama3.2:3b']);
    expect(items.find((m) => m.id === 'local/llama3.2:3b')).toMatchObject({ provider: 'openai-compatible', pricingInput: 0 });
  });

  it('chats with a local model, asking the server for its own model name', async () => {
    const { client } = await t.newUser();
    const conversation = await client.createConversation({ modelId: 'local/llama3.2:3b', title: 'Local' });
    local.nextScenario({ stream: { deltas: 4, text: (i) => `local${i} `, model: 'llama3.2:3b' } });
    const events = await collect(client.streamMessage(conversation.id, { content: 'hello local' }));
    const reply = await waitForFinal(client, replyOf(events).messageId!);
    expect(reply).toMatchObject({ status: 'complete', content: 'local0 local1 local2 local3 ', modelId: 'local/llama3.2:3b' });
    expect(local.chatRequests()[0].body.model).toBe('llama3.2:3b');
  });
});
