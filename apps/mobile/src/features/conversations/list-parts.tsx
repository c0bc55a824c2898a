import Ionicons from '@expo/vector-icons/Ionicons';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import type { IconName } from '@/ui/controls';

/** The pieces every list of conversations shares: the home screen's and a space's. */

/** The floating "New chat" button over the bottom right of a conversation list. */
export function NewChatButton({ label, onPress, testID }: { label: string; onPress: () => void; testID: string }) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const insets = useSafeAreaInsets();
  return (
    <Pressable
      testID={testID}
      accessibilityRole="button"
      onPress={onPress}
      style={({ pressed }) => [styles.fab, { bottom: insets.bottom + space.xl }, pressed && { transform: [{ scale: 0.97 }] }]}
    >
      <Ionicons name="create-outline" size={20} color={palette.onAccent} />
      <Text style={styles.fabLabel}>{label}</Text>
    </Pressable>
  );
}

/** What an empty list says, under a large faint icon. */
export function ListEmptyState({ icon, text, testID }: { icon: IconName; text: string; testID: string }) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  return (
    <View style={styles.empty} testID={testID}>
      <Ionicons name={icon} size={40} color={palette.textFaint} />
      <Text style={styles.emptyText}>{text}</Text>
    </View>
  );
}

/** The hairline between two conversation rows, indented past the row's icon. */
export function RowSeparator() {
  const styles = useThemedStyles(makeStyles);
  return <View style={styles.separator} />;
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    separator: { height: StyleSheet.hairlineWidth, backgroundColor: p.border, marginLeft: space.lg + 40 + space.md },
    empty: { alignItems: 'center', gap: space.md, paddingTop: 72, paddingHorizontal: space.xl },
    emptyText: { fontSize: font.body, color: p.textMuted, textAlign: 'center', lineHeight: 21 },
    fab: {
      position: 'absolute',
      right: space.xl,
      flexDirection: 'row',
      alignItems: 'center',
      gap: space.sm,
      backgroundColor: p.accent,
      paddingHorizontal: space.xl - 4,
      height: 52,
      borderRadius: radius.pill,
      shadowColor: p.accent,
      shadowOpacity: 0.35,
      shadowRadius: 14,
      shadowOffset: { width: 0, height: 6 },
      elevation: 6,
    },
    fabLabel: { color: p.onAccent, fontSize: font.body, fontWeight: '700' },
  });
