export interface Palette {
  dark: boolean;
  background: string;
  surface: string;
  surfaceMuted: string;
  border: string;
  text: string;
  textMuted: string;
  textFaint: string;
  accent: string;
  accentSoft: string;
  onAccent: string;
  userBubble: string;
  onUserBubble: string;
  danger: string;
  dangerSoft: string;
  success: string;
  warning: string;
  codeBackground: string;
  mark: string;
  overlay: string;
}

export const lightPalette: Palette = {
  dark: false,
  background: '#f6f6fa',
  surface: '#ffffff',
  surfaceMuted: '#eeeef5',
  border: '#e3e3ec',
  text: '#15151f',
  textMuted: '#5f6075',
  textFaint: '#9394a8',
  accent: '#4f46e5',
  accentSoft: '#e9e8fd',
  onAccent: '#ffffff',
  userBubble: '#4f46e5',
  onUserBubble: '#ffffff',
  danger: '#d92d3a',
  dangerSoft: '#fde8ea',
  success: '#15803d',
  warning: '#b45309',
  codeBackground: '#f1f1f7',
  mark: '#fde68a',
  overlay: 'rgba(15, 15, 25, 0.45)',
};

export const darkPalette: Palette = {
  dark: true,
  background: '#0e0e15',
  surface: '#181821',
  surfaceMuted: '#21212d',
  border: '#2b2b3a',
  text: '#ececf4',
  textMuted: '#a2a3b8',
  textFaint: '#6d6e85',
  accent: '#8b85ff',
  accentSoft: '#2a2850',
  onAccent: '#0e0e15',
  userBubble: '#3f38c9',
  onUserBubble: '#ffffff',
  danger: '#f47983',
  dangerSoft: '#3a1c22',
  success: '#4ade80',
  warning: '#fbbf24',
  codeBackground: '#101018',
  mark: '#6b5a12',
  overlay: 'rgba(0, 0, 0, 0.6)',
};

export const radius = { sm: 8, md: 12, lg: 18, xl: 24, pill: 999 } as const;
export const space = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24, xxl: 32 } as const;
export const font = { small: 13, body: 15, large: 17, title: 22, display: 28 } as const;
