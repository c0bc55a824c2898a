import Ionicons from '@expo/vector-icons/Ionicons';
import { isFinalStatus, type Message } from '@mana/contracts';
import * as Clipboard from 'expo-clipboard';
import { memo, useEffect, useRef, useState } from 'react';
import { Animated, Pressable, StyleSheet, Text, View } from 'react-native';
import { formatCost, formatNumber } from '@/format/format';
import { useI18n } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { BranchSwitcher } from './branch-switcher';
import { MarkdownView } from './markdown-view';
import { useLiveReply } from './reply-streams-provider';

/** What a reply shows: the live stream while it runs, the stored message once it is final. */
export function useDisplayedReply(message: Message) {
  const live = useLiveReply(message.id);
  const useLive = live !== undefined && live.lastSeq >= 0 && !(isFinalStatus(message.status) && live.status === 'streaming');
  if (!useLive) {
    return {
      text: message.content,
      reasoning: message.reasoning ?? '',
      status: message.status,
      error: message.error,
      usage: isFinalStatus(message.status)
        ? { costUsd: message.costUsd, promptTokens: message.promptTokens, completionTokens: message.completionTokens }
        : null,
      reconnecting: live?.connection === 'reconnecting' && !isFinalStatus(message.status),
    };
  }
  return {
    text: live.text,
    reasoning: live.reasoning,
    status: live.status,
    error: live.error,
    usage: live.usage ?? (isFinalStatus(message.status) ? { costUsd: message.costUsd, promptTokens: message.promptTokens, completionTokens: message.completionTokens } : null),
    reconnecting: live.connection === 'reconnecting' && live.status === 'streaming',
  };
}

function TypingDots({ color }: { color: string }) {
  const opacity = useRef(new Animated.Value(0.3)).current;
  useEffect(() => {
    const loop = Animated.loop(
      Animated.sequence([
        Animated.timing(opacity, { toValue: 1, duration: 500, useNativeDriver: false }),
        Animated.timing(opacity, { toValue: 0.3, duration: 500, useNativeDriver: false }),
      ]),
    );
    loop.start();
    return () => loop.stop();
  }, [opacity]);
  return (
    <Animated.View style={{ flexDirection: 'row', gap: 5, opacity, paddingVertical: 6 }}>
      {[0, 1, 2].map((i) => (
        <View key={i} style={{ width: 7, height: 7, borderRadius: 4, backgroundColor: color }} />
      ))}
    </Animated.View>
  );
}

export const AssistantMessage = memo(function AssistantMessage({
  message,
  modelName,
  onRegenerate,
  onSwitchBranch,
}: {
  message: Message;
  modelName: string;
  /** Left out in a read-only chat (a space's viewer), like every other write. */
  onRegenerate?: (message: Message) => void;
  onSwitchBranch?: (siblingId: string) => void;
}) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const { t, language } = useI18n();
  const reply = useDisplayedReply(message);
  const [showReasoning, setShowReasoning] = useState(false);
  const [copied, setCopied] = useState(false);
  const running = reply.status === 'pending' || reply.status === 'streaming';

  return (
    <View style={styles.assistant} testID={`assistant-message-${message.id}`}>
      <View style={styles.assistantHeader}>
        <View style={styles.modelDot}>
          <Ionicons name="sparkles" size={12} color={palette.onAccent} />
        </View>
        <Text style={styles.modelName} numberOfLines={1}>
          {modelName}
        </Text>
      </View>

      {reply.reasoning ? (
        <Pressable onPress={() => setShowReasoning((v) => !v)} style={styles.reasoning} accessibilityRole="button">
          <View style={styles.reasoningHeader}>
            <Ionicons name="bulb-outline" size={14} color={palette.textMuted} />
            <Text style={styles.reasoningLabel}>{t('chat.reasoning')}</Text>
            <Ionicons name={showReasoning ? 'chevron-up' : 'chevron-down'} size={14} color={palette.textMuted} />
          </View>
          {showReasoning ? <Text style={styles.reasoningText}>{reply.reasoning}</Text> : null}
        </Pressable>
      ) : null}

      <View testID={`assistant-text-${message.id}`}>
        {reply.text ? <MarkdownView text={reply.text} /> : running ? <TypingDots color={palette.textFaint} /> : null}
      </View>

      {reply.reconnecting ? (
        <View style={styles.notice} testID={`reconnecting-${message.id}`}>
          <Ionicons name="cloud-offline-outline" size={14} color={palette.warning} />
          <Text style={[styles.noticeText, { color: palette.warning }]}>{t('chat.reconnecting')}</Text>
        </View>
      ) : null}
      {reply.status === 'failed' ? (
        <View style={[styles.notice, styles.failed]} testID={`failed-${message.id}`}>
          <Ionicons name="alert-circle-outline" size={15} color={palette.danger} />
          <Text style={[styles.noticeText, { color: palette.danger, flex: 1 }]}>{t('chat.failed', { message: reply.error?.message ?? '' })}</Text>
        </View>
      ) : null}
      {reply.status === 'cancelled' ? (
        <View style={styles.notice}>
          <Ionicons name="stop-circle-outline" size={14} color={palette.textFaint} />
          <Text style={styles.noticeText}>{t('chat.stopped')}</Text>
        </View>
      ) : null}

      {!running ? (
        <View style={styles.footer}>
          <BranchSwitcher messageId={message.id} siblingIds={message.siblingIds} onSwitch={onSwitchBranch} />
          {reply.usage ? (
            <Text style={styles.meta} testID={`message-cost-${message.id}`}>
              {formatCost(reply.usage.costUsd, language)}
              {reply.usage.promptTokens || reply.usage.completionTokens
                ? ` · ${t('chat.tokens', { prompt: formatNumber(reply.usage.promptTokens, language), completion: formatNumber(reply.usage.completionTokens, language) })}`
                : ''}
            </Text>
          ) : null}
          <View style={styles.footerActions}>
            <Pressable
              testID={`copy-${message.id}`}
              accessibilityRole="button"
              accessibilityLabel={t('common.copy')}
              hitSlop={8}
              onPress={() => {
                void Clipboard.setStringAsync(reply.text);
                setCopied(true);
                setTimeout(() => setCopied(false), 1500);
              }}
            >
              <Ionicons name={copied ? 'checkmark' : 'copy-outline'} size={17} color={palette.textMuted} />
            </Pressable>
            {onRegenerate ? (
              <Pressable testID={`regenerate-${message.id}`} accessibilityRole="button" accessibilityLabel={t('chat.regenerate')} hitSlop={8} onPress={() => onRegenerate(message)}>
                <Ionicons name="refresh" size={18} color={palette.textMuted} />
              </Pressable>
            ) : null}
          </View>
        </View>
      ) : null}
    </View>
  );
});

export const UserMessage = memo(function UserMessage({
  message,
  pending,
  onEdit,
  onSwitchBranch,
}: {
  message: Pick<Message, 'id' | 'content' | 'siblingIds'>;
  pending?: boolean;
  onEdit?: (messageId: string, content: string) => void;
  onSwitchBranch?: (siblingId: string) => void;
}) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const { t } = useI18n();
  return (
    <View style={styles.userRow} testID={`user-message-${message.id}`}>
      <View style={[styles.userBubble, pending && { opacity: 0.7 }]}>
        <Text selectable style={styles.userText}>
          {message.content}
        </Text>
      </View>
      {!pending ? (
        <View style={styles.userFooter}>
          <BranchSwitcher messageId={message.id} siblingIds={message.siblingIds} onSwitch={onSwitchBranch} />
          {onEdit ? (
            <Pressable
              testID={`edit-${message.id}`}
              accessibilityRole="button"
              accessibilityLabel={t('common.edit')}
              hitSlop={8}
              onPress={() => onEdit(message.id, message.content)}
            >
              <Ionicons name="pencil" size={14} color={palette.textFaint} />
            </Pressable>
          ) : null}
        </View>
      ) : null}
    </View>
  );
});

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    assistant: { paddingHorizontal: space.lg, paddingVertical: space.md, gap: space.sm },
    assistantHeader: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
    modelDot: { width: 22, height: 22, borderRadius: 11, backgroundColor: p.accent, alignItems: 'center', justifyContent: 'center' },
    modelName: { fontSize: font.small, fontWeight: '600', color: p.textMuted, flexShrink: 1 },
    reasoning: { backgroundColor: p.surfaceMuted, borderRadius: radius.md, padding: space.sm, gap: space.xs },
    reasoningHeader: { flexDirection: 'row', alignItems: 'center', gap: 6 },
    reasoningLabel: { fontSize: font.small, color: p.textMuted, fontWeight: '600', flex: 1 },
    reasoningText: { fontSize: font.small, color: p.textMuted, lineHeight: 19 },
    notice: { flexDirection: 'row', alignItems: 'center', gap: 6 },
    noticeText: { fontSize: font.small, color: p.textFaint },
    failed: { backgroundColor: p.dangerSoft, borderRadius: radius.sm, padding: space.sm },
    footer: { flexDirection: 'row', alignItems: 'center', gap: space.md, marginTop: 2 },
    meta: { fontSize: font.small - 1, color: p.textFaint, fontVariant: ['tabular-nums'], flexShrink: 1 },
    footerActions: { flexDirection: 'row', alignItems: 'center', gap: space.lg, marginLeft: 'auto' },
    userRow: { alignItems: 'flex-end', paddingHorizontal: space.lg, paddingVertical: space.sm, gap: 4 },
    userBubble: {
      maxWidth: '86%',
      backgroundColor: p.userBubble,
      borderRadius: radius.lg,
      borderBottomRightRadius: 6,
      paddingHorizontal: space.md + 2,
      paddingVertical: space.sm + 2,
    },
    userText: { color: p.onUserBubble, fontSize: font.body + 1, lineHeight: 22 },
    userFooter: { flexDirection: 'row', alignItems: 'center', gap: space.md, paddingRight: 4 },
  });
