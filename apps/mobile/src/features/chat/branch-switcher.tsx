import Ionicons from '@expo/vector-icons/Ionicons';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { useT } from '@/i18n/i18n';
import { font } from '@/theme/palette';
import { usePalette } from '@/theme/theme';

/**
 * ‹ 2 / 3 › between the versions of a message (regenerated replies, edited prompts). Without
 * `onSwitch` (a read-only chat: switching is a write) only the position is shown.
 */
export function BranchSwitcher({ messageId, siblingIds, onSwitch }: { messageId: string; siblingIds: string[]; onSwitch?: (siblingId: string) => void }) {
  const t = useT();
  const palette = usePalette();
  const index = siblingIds.indexOf(messageId);
  if (siblingIds.length < 2 || index === -1) return null;
  const previous = onSwitch ? siblingIds[index - 1] : undefined;
  const next = onSwitch ? siblingIds[index + 1] : undefined;
  return (
    <View style={styles.row} testID={`branch-${messageId}`}>
      <Pressable
        testID={`branch-previous-${messageId}`}
        accessibilityRole="button"
        accessibilityLabel={t('chat.previousBranch')}
        disabled={!previous}
        onPress={() => previous && onSwitch?.(previous)}
        hitSlop={8}
        style={!previous && styles.disabled}
      >
        <Ionicons name="chevron-back" size={16} color={palette.textMuted} />
      </Pressable>
      <Text style={[styles.label, { color: palette.textMuted }]} testID={`branch-label-${messageId}`}>
        {t('chat.branch', { index: index + 1, count: siblingIds.length })}
      </Text>
      <Pressable
        testID={`branch-next-${messageId}`}
        accessibilityRole="button"
        accessibilityLabel={t('chat.nextBranch')}
        disabled={!next}
        onPress={() => next && onSwitch?.(next)}
        hitSlop={8}
        style={!next && styles.disabled}
      >
        <Ionicons name="chevron-forward" size={16} color={palette.textMuted} />
      </Pressable>
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', gap: 4 },
  label: { fontSize: font.small - 1, fontVariant: ['tabular-nums'], minWidth: 34, textAlign: 'center' },
  disabled: { opacity: 0.3 },
});
