jest.mock('expo-secure-store', () => require('./mocks/secure-store'));
jest.mock('@react-native-community/netinfo', () => require('@react-native-community/netinfo/jest/netinfo-mock.js'));
jest.mock('expo-localization', () => ({ getLocales: () => [{ languageCode: 'en', languageTag: 'en-US' }] }));
jest.mock('expo-clipboard', () => ({ setStringAsync: jest.fn(async () => true) }));
// expo/fetch needs its native module; tests hand the app a fake fetch instead.
jest.mock('expo/fetch', () => ({
  fetch: () => {
    throw new Error('tests inject a fake fetch through AppProviders');
  },
}));

// Screens render through the real router; a cold transform cache on 2 cores needs more than the default 1 s.
require('@testing-library/react-native').configure({ asyncUtilTimeout: 15_000 });
