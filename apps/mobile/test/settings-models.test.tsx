import { fireEvent, screen, waitFor } from 'expo-router/testing-library';
import { createFakeApi, json, makeConversation } from './fake-api';
import { secureValues } from './mocks/secure-store';
import { renderApp, signInAs, withDefaults } from './render-app';

const emptyList = json(200, { items: [], total: 0, limit: 30, offset: 0 });

describe('settings', () => {
  it('switches the whole app to German', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    api.on('GET', '/conversations', emptyList);
    renderApp(api, { initialUrl: '/settings' });
    fireEvent.press(await screen.findByTestId('settings-language-de'));
    expect(await screen.findByText('Einstellungen')).toBeOnTheScreen();
    expect(screen.getByText('Abmelden')).toBeOnTheScreen();
    await waitFor(() => expect(JSON.parse(secureValues.get('mana.preferences')!)).toMatchObject({ language: 'de' }));
  });

  it('rejects a server address that is not http(s) and checks a valid one', async () => {
    const api = withDefaults(createFakeApi('http://192.168.1.20:3002'));
    api.on('GET', '/health', json(200, { status: 'ok', version: '0.1.0', uptimeS: 1 }));
    renderApp(api, { initialUrl: '/settings' });
    const field = await screen.findByTestId('settings-backend-url');
    fireEvent.changeText(field, 'ftp://example.com');
    fireEvent.press(screen.getByTestId('settings-backend-save'));
    expect(await screen.findByText('Enter an address starting with http:// or https://.')).toBeOnTheScreen();

    fireEvent.changeText(field, 'http://192.168.1.20:3002/api/v1/');
    fireEvent.press(screen.getByTestId('settings-backend-save'));
    expect(await screen.findByTestId('settings-server-status')).toHaveTextContent(/http:\/\/192\.168\.1\.20:3002.*Server reachable\./);
    expect(JSON.parse(secureValues.get('mana.preferences')!)).toMatchObject({ backendUrl: 'http://192.168.1.20:3002' });
  });

  it('is reachable from the sign-in screen, before any account exists', async () => {
    const api = withDefaults(createFakeApi());
    renderApp(api);
    fireEvent.press(await screen.findByTestId('auth-server'));
    expect(await screen.findByTestId('settings-backend-url')).toBeOnTheScreen();
    expect(screen.queryByTestId('sign-out')).toBeNull();
  });
});

describe('the model picker', () => {
  it('lists models with their prices per million tokens', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    renderApp(api, { initialUrl: '/models' });
    expect(await screen.findByTestId('model-price-openai/gpt-4o-mini')).toHaveTextContent(/In \$0\.15.*Out \$0\.60.*per 1M tokens.*128K context/);
    expect(screen.getByTestId('model-price-builtin/echo')).toHaveTextContent(/Free/);
    fireEvent.changeText(screen.getByTestId('model-search'), 'mini');
    await waitFor(() => expect(screen.queryByTestId('model-builtin/echo')).toBeNull());
  });

  it('changes the model of a conversation', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    const conversation = makeConversation();
    api.on('GET', `/conversations/${conversation.id}`, json(200, conversation));
    api.on('PATCH', `/conversations/${conversation.id}`, (request) => json(200, { ...conversation, ...(request.body as object) }));
    api.on('GET', '/conversations', emptyList);
    renderApp(api, { initialUrl: `/models?conversationId=${conversation.id}` });
    fireEvent.press(await screen.findByTestId('model-openai/gpt-4o-mini'));
    await waitFor(() => expect(api.find('PATCH', `/conversations/${conversation.id}`)[0]?.body).toEqual({ modelId: 'openai/gpt-4o-mini' }));
  });
});

describe('templates and usage', () => {
  it('creates a template and starts a chat from it with its first message', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    const template = {
      id: 't0000000-0000-4000-8000-000000000001',
      name: 'Translator',
      description: 'German ↔ English',
      systemPrompt: 'Translate everything.',
      initialQuestion: 'Translate: good morning',
      modelId: null,
      color: null,
      isDefault: false,
      createdAt: '2026-11-24T09:00:00.000Z',
      updatedAt: '2026-11-24T09:00:00.000Z',
    };
    const templates: (typeof template)[] = [];
    api.on('GET', '/templates', () => json(200, { items: templates }));
    api.on('POST', '/templates', () => {
      templates.push(template);
      return json(201, template);
    });
    const app = renderApp(api, { initialUrl: '/templates' });
    fireEvent.press(await screen.findByTestId('template-new'));
    fireEvent.changeText(await screen.findByTestId('template-name'), 'Translator');
    fireEvent.changeText(screen.getByTestId('template-system-prompt'), 'Translate everything.');
    fireEvent.changeText(screen.getByTestId('template-initial-question'), 'Translate: good morning');
    fireEvent.press(screen.getByTestId('template-save'));
    await waitFor(() =>
      expect(api.find('POST', '/templates')[0]?.body).toEqual({ name: 'Translator', systemPrompt: 'Translate everything.', description: null, initialQuestion: 'Translate: good morning' }),
    );
    fireEvent.press(await screen.findByTestId(`template-use-${template.id}`));
    await waitFor(() => expect(app.getPathname()).toBe('/chat/new'));
    expect((await screen.findByTestId('composer-input')).props.value).toBe('Translate: good morning');
  });

  it('edits a template (only the changed fields are sent) and deletes one after confirming', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    let template = {
      id: 't0000000-0000-4000-8000-000000000002',
      name: 'Reviewer',
      description: null as string | null,
      systemPrompt: 'Review my code.',
      initialQuestion: null as string | null,
      modelId: null,
      color: null,
      isDefault: false,
      createdAt: '2026-11-24T09:00:00.000Z',
      updatedAt: '2026-11-24T09:00:00.000Z',
    };
    let templates = [template];
    api.on('GET', '/templates', () => json(200, { items: templates }));
    api.on('PATCH', `/templates/${template.id}`, (request) => {
      template = { ...template, ...(request.body as object) };
      templates = [template];
      return json(200, template);
    });
    api.on('DELETE', `/templates/${template.id}`, () => {
      templates = [];
      return json(204, null);
    });
    renderApp(api, { initialUrl: '/templates' });
    fireEvent.press(await screen.findByTestId(`template-edit-${template.id}`));
    expect(await screen.findByText('Edit template')).toBeOnTheScreen();
    expect(screen.getByTestId('template-name').props.value).toBe('Reviewer');
    fireEvent.changeText(screen.getByTestId('template-system-prompt'), 'Review my code. Be kind.');
    fireEvent.changeText(screen.getByTestId('template-description'), 'Gentle reviews');
    fireEvent.press(screen.getByTestId('template-save'));
    await waitFor(() =>
      expect(api.find('PATCH', `/templates/${template.id}`)[0]?.body).toEqual({ systemPrompt: 'Review my code. Be kind.', description: 'Gentle reviews' }),
    );
    expect(await screen.findByText('Gentle reviews')).toBeOnTheScreen();

    fireEvent.press(screen.getByTestId(`template-delete-${template.id}`));
    fireEvent.press(await screen.findByTestId('template-delete-dialog-confirm'));
    await waitFor(() => expect(screen.queryByTestId(`template-${template.id}`)).toBeNull());
    expect(api.find('DELETE', `/templates/${template.id}`)).toHaveLength(1);
  });

  it('summarises the last 30 days of usage', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    const totals = { promptTokens: 1200, completionTokens: 3400, costUsd: 0.0123, generations: 7 };
    api.on('GET', '/usage', json(200, { from: '2026-10-26', to: '2026-11-24', totals, byModel: [{ modelId: 'openai/gpt-4o-mini', ...totals }], byDay: [{ day: '2026-11-24', ...totals }] }));
    renderApp(api, { initialUrl: '/usage' });
    expect(await screen.findByTestId('usage-total-cost')).toHaveTextContent('$0.012');
    expect(screen.getByTestId('usage-total-generations')).toHaveTextContent('7');
    expect(screen.getByText('GPT-4o mini')).toBeOnTheScreen();
    const request = api.find('GET', '/usage')[0]!;
    expect(request.query.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
