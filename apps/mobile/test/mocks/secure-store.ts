/** expo-secure-store in memory: what the app wrote is inspectable by tests. */
export const secureValues = new Map<string, string>();

export const getItemAsync = jest.fn(async (key: string) => secureValues.get(key) ?? null);
export const setItemAsync = jest.fn(async (key: string, value: string) => {
  secureValues.set(key, value);
});
export const deleteItemAsync = jest.fn(async (key: string) => {
  secureValues.delete(key);
});
