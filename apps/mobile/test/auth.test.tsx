import { fireEvent, screen, waitFor } from 'expo-router/testing-library';
import { apiError, createFakeApi, json, makeConversation, makeTokens } from './fake-api';
import { secureValues } from './mocks/secure-store';
import { renderApp, signInAs, withDefaults } from './render-app';

const emptyPage = json(200, { items: [], total: 0, limit: 30, offset: 0 });

describe('signing in and out', () => {
  it('signs in, keeps the tokens in secure storage and shows the conversation list', async () => {
    const api = withDefaults(createFakeApi());
    api.on('POST', '/auth/login', json(200, makeTokens()));
    api.on('GET', '/conversations', emptyPage);
    renderApp(api);

    fireEvent.changeText(await screen.findByTestId('sign-in-email'), 'mia@example.com');
    fireEvent.changeText(screen.getByTestId('sign-in-password'), 'correct horse');
    fireEvent.press(screen.getByTestId('sign-in-submit'));

    expect(await screen.findByTestId('conversation-list-screen')).toBeOnTheScreen();
    expect(api.find('POST', '/auth/login')[0]!.body).toEqual({ email: 'mia@example.com', password: 'correct horse' });
    expect(JSON.parse(secureValues.get('mana.session')!)).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  });

  it('says so when the password is wrong', async () => {
    const api = withDefaults(createFakeApi());
    api.on('POST', '/auth/login', apiError(401, 'UNAUTHORIZED', 'Invalid credentials'));
    renderApp(api);
    fireEvent.changeText(await screen.findByTestId('sign-in-email'), 'mia@example.com');
    fireEvent.changeText(screen.getByTestId('sign-in-password'), 'wrong');
    fireEvent.press(screen.getByTestId('sign-in-submit'));
    expect(await screen.findByText('Email or password is wrong.')).toBeOnTheScreen();
    expect(secureValues.has('mana.session')).toBe(false);
  });

  it('validates the sign-up form before calling the server, then creates the account', async () => {
    const api = withDefaults(createFakeApi());
    api.on('POST', '/auth/register', json(201, makeTokens()));
    api.on('GET', '/conversations', emptyPage);
    renderApp(api, { initialUrl: '/sign-up' });

    fireEvent.press(await screen.findByTestId('sign-up-submit'));
    expect(await screen.findByText('Enter your name.')).toBeOnTheScreen();
    expect(screen.getByText('The password needs at least 8 characters.')).toBeOnTheScreen();
    expect(api.find('POST', '/auth/register')).toHaveLength(0);

    fireEvent.changeText(screen.getByTestId('sign-up-name'), 'Mia');
    fireEvent.changeText(screen.getByTestId('sign-up-email'), 'mia@example.com');
    fireEvent.changeText(screen.getByTestId('sign-up-password'), 'correct horse');
    fireEvent.press(screen.getByTestId('sign-up-submit'));
    expect(await screen.findByTestId('conversation-list-screen')).toBeOnTheScreen();
  });

  it('refreshes an expired access token once and retries, storing the rotated tokens', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    api.on('GET', '/conversations', (request) =>
      request.headers.authorization === 'Bearer access-2'
        ? json(200, { items: [makeConversation({ title: 'After refresh' })], total: 1, limit: 30, offset: 0 })
        : apiError(401, 'UNAUTHORIZED', 'Token expired'),
    );
    api.on('POST', '/auth/refresh', json(200, makeTokens(2)));
    renderApp(api);

    expect(await screen.findByText('After refresh')).toBeOnTheScreen();
    expect(api.find('POST', '/auth/refresh')).toHaveLength(1);
    expect(api.find('POST', '/auth/refresh')[0]!.body).toEqual({ refreshToken: 'refresh-1' });
    await waitFor(() => expect(JSON.parse(secureValues.get('mana.session')!)).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' }));
  });

  it('returns to sign-in with a notice when the session cannot be refreshed', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    api.on('GET', '/conversations', apiError(401, 'UNAUTHORIZED'));
    api.on('POST', '/auth/refresh', apiError(401, 'UNAUTHORIZED', 'Refresh token revoked'));
    renderApp(api);
    expect(await screen.findByText('Your session has ended. Please sign in again.')).toBeOnTheScreen();
    expect(secureValues.has('mana.session')).toBe(false);
  });

  it('signs out from settings: the server forgets the refresh token and the device forgets the session', async () => {
    signInAs();
    const api = withDefaults(createFakeApi());
    api.on('GET', '/conversations', emptyPage);
    api.on('POST', '/auth/logout', json(204, null));
    renderApp(api, { initialUrl: '/settings' });
    fireEvent.press(await screen.findByTestId('sign-out'));
    expect(await screen.findByTestId('sign-in-submit')).toBeOnTheScreen();
    expect(api.find('POST', '/auth/logout')[0]!.body).toEqual({ refreshToken: 'refresh-1' });
    expect(secureValues.has('mana.session')).toBe(false);
  });
});
