import Ionicons from '@expo/vector-icons/Ionicons';
import type { ReactNode } from 'react';
import { Pressable, StyleSheet, Text, View, type ViewStyle } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { useT } from '@/i18n/i18n';
import { font, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';

/** A full screen with the app background and safe-area padding at the top. */
export function Screen({ children, style, testID }: { children: ReactNode; style?: ViewStyle; testID?: string }) {
  const styles = useThemedStyles(makeStyles);
  const insets = useSafeAreaInsets();
  return (
    <View testID={testID} style={[styles.screen, { paddingTop: insets.top }, style]}>
      {children}
    </View>
  );
}

/** The bar at the top of a screen: optional back button, a title (or custom middle) and actions. */
export function ScreenHeader({
  title,
  subtitle,
  onBack,
  middle,
  actions,
  large,
}: {
  title?: string;
  subtitle?: string;
  onBack?: () => void;
  middle?: ReactNode;
  actions?: ReactNode;
  large?: boolean;
}) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const t = useT();
  return (
    <View style={styles.header}>
      {onBack ? (
        <Pressable testID="header-back" accessibilityRole="button" accessibilityLabel={t('common.back')} onPress={onBack} hitSlop={12} style={styles.back}>
          <Ionicons name="chevron-back" size={26} color={palette.accent} />
        </Pressable>
      ) : null}
      <View style={styles.headerMiddle}>
        {middle ?? (
          <>
            {title ? (
              <Text accessibilityRole="header" numberOfLines={1} style={large ? styles.largeTitle : styles.title}>
                {title}
              </Text>
            ) : null}
            {subtitle ? (
              <Text numberOfLines={1} style={styles.subtitle}>
                {subtitle}
              </Text>
            ) : null}
          </>
        )}
      </View>
      {actions ? <View style={styles.actions}>{actions}</View> : null}
    </View>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    screen: { flex: 1, backgroundColor: p.background },
    header: {
      flexDirection: 'row',
      alignItems: 'center',
      minHeight: 52,
      paddingHorizontal: space.md,
      gap: space.sm,
    },
    back: { marginLeft: -space.xs, paddingVertical: space.xs },
    headerMiddle: { flex: 1, minWidth: 0 },
    title: { fontSize: font.large, fontWeight: '600', color: p.text },
    largeTitle: { fontSize: font.display, fontWeight: '700', color: p.text, letterSpacing: -0.5 },
    subtitle: { fontSize: font.small, color: p.textMuted, marginTop: 1 },
    actions: { flexDirection: 'row', alignItems: 'center', gap: space.xs },
  });
