import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useColorScheme } from 'react-native';
import { darkPalette, lightPalette, type Palette } from './palette';

export type ThemePreference = 'system' | 'light' | 'dark';

const ThemeContext = createContext<Palette>(lightPalette);

export function ThemeProvider({ preference, children }: { preference: ThemePreference; children: ReactNode }) {
  const system = useColorScheme();
  const dark = preference === 'dark' || (preference === 'system' && system === 'dark');
  return <ThemeContext.Provider value={dark ? darkPalette : lightPalette}>{children}</ThemeContext.Provider>;
}

export const usePalette = () => useContext(ThemeContext);

/** Builds a screen's styles from the palette once per theme, not once per render. */
export function useThemedStyles<T>(factory: (palette: Palette) => T): T {
  const palette = usePalette();
  return useMemo(() => factory(palette), [factory, palette]);
}
