import { backendUrlSchema, DEFAULT_BACKEND_URL } from '@/env';
import { parsePreferences } from './preferences';

describe('preferences and the backend URL', () => {
  it('defaults to the build-time backend URL', () => {
    expect(parsePreferences(null).backendUrl).toBe(DEFAULT_BACKEND_URL);
  });

  it('normalises what people type', () => {
    expect(backendUrlSchema.parse(' http://192.168.1.20:3002/api/v1/ ')).toBe('http://192.168.1.20:3002');
    expect(backendUrlSchema.safeParse('ftp://x').success).toBe(false);
    expect(backendUrlSchema.safeParse('localhost:3002').success).toBe(false);
  });

  it('falls back field by field when stored values are broken', () => {
    expect(parsePreferences(JSON.stringify({ backendUrl: 'nope', theme: 'dark', language: 'xx' }))).toEqual({
      backendUrl: DEFAULT_BACKEND_URL,
      theme: 'dark',
      language: 'system',
      defaultModelId: null,
    });
    expect(parsePreferences('{not json').theme).toBe('system');
  });
});
