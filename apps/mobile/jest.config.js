/** jest-expo (iOS flavour) for screens and the stream reader; the web build is covered by e2e/smoke.mjs. */
module.exports = {
  preset: 'jest-expo',
  setupFiles: ['<rootDir>/test/setup-globals.js'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // The first render of a file transforms expo-router and React Native; on a busy 2-core CI box with
  // a cold cache that alone can take longer than jest's default 5 s.
  testTimeout: 60_000,
  testMatch: ['<rootDir>/src/**/*.test.ts?(x)', '<rootDir>/test/**/*.test.ts?(x)'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  // Besides Expo/RN: the markdown renderer ships JSX, and @mana/* (linked from ../../packages) ship ESM.
  transformIgnorePatterns: [
    '/node_modules/(?!(.pnpm|react-native|@react-native|@react-native-community|expo|@expo|@expo-google-fonts|react-navigation|@react-navigation|@ronradtke|@mana|@tanstack))',
  ],
  watchPathIgnorePatterns: ['<rootDir>/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
