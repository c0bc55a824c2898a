import Ionicons from '@expo/vector-icons/Ionicons';
import type { Conversation } from '@mana/contracts';
import { memo } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { formatRelative } from '@/format/format';
import { useI18n } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import type { SnippetPart } from './snippet';

export const ConversationRow = memo(function ConversationRow({
  conversation,
  modelName,
  snippet,
  onOpen,
  onActions,
}: {
  conversation: Conversation;
  modelName: string;
  snippet?: SnippetPart[];
  onOpen: (conversation: Conversation) => void;
  /** Without it (a space the reader cannot change) the row has no menu. */
  onActions?: (conversation: Conversation) => void;
}) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const { t, language } = useI18n();
  return (
    <Pressable
      testID={`conversation-${conversation.id}`}
      accessibilityRole="button"
      accessibilityHint={onActions ? t('list.actionsFor', { title: conversation.title }) : undefined}
      onPress={() => onOpen(conversation)}
      onLongPress={onActions ? () => onActions(conversation) : undefined}
      delayLongPress={350}
      style={({ pressed }) => [styles.row, pressed && { backgroundColor: palette.surfaceMuted }]}
    >
      <View style={[styles.avatar, conversation.isPinned && styles.avatarPinned]}>
        <Ionicons name={conversation.isPinned ? 'pin' : 'chatbubble-ellipses-outline'} size={18} color={conversation.isPinned ? palette.onAccent : palette.accent} />
      </View>
      <View style={styles.body}>
        <View style={styles.topLine}>
          <Text numberOfLines={1} style={styles.title}>
            {conversation.title}
          </Text>
          <Text style={styles.time}>{formatRelative(conversation.lastMessageAt, t, language)}</Text>
        </View>
        {snippet && snippet.length > 0 ? (
          <Text numberOfLines={2} style={styles.subtitle} testID={`snippet-${conversation.id}`}>
            {snippet.map((part, index) => (
              <Text key={index} style={part.marked ? styles.mark : undefined}>
                {part.text}
              </Text>
            ))}
          </Text>
        ) : (
          <Text numberOfLines={1} style={styles.subtitle}>
            {modelName}
          </Text>
        )}
      </View>
      {onActions ? (
        <Pressable
          testID={`conversation-more-${conversation.id}`}
          accessibilityRole="button"
          accessibilityLabel={t('list.actionsFor', { title: conversation.title })}
          onPress={() => onActions(conversation)}
          hitSlop={10}
          style={styles.more}
        >
          <Ionicons name="ellipsis-horizontal" size={18} color={palette.textFaint} />
        </Pressable>
      ) : null}
    </Pressable>
  );
});

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    row: {
      flexDirection: 'row',
      alignItems: 'center',
      gap: space.md,
      paddingHorizontal: space.lg,
      paddingVertical: space.md,
      backgroundColor: p.background,
    },
    avatar: { width: 40, height: 40, borderRadius: radius.md, backgroundColor: p.accentSoft, alignItems: 'center', justifyContent: 'center' },
    avatarPinned: { backgroundColor: p.accent },
    body: { flex: 1, minWidth: 0, gap: 3 },
    topLine: { flexDirection: 'row', alignItems: 'baseline', gap: space.sm },
    title: { flex: 1, fontSize: font.body + 1, fontWeight: '600', color: p.text },
    time: { fontSize: font.small - 1, color: p.textFaint },
    subtitle: { fontSize: font.small + 1, color: p.textMuted, lineHeight: 19 },
    mark: { backgroundColor: p.mark, color: p.text, fontWeight: '600' },
    more: { padding: space.xs },
  });
