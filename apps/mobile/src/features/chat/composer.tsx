import Ionicons from '@expo/vector-icons/Ionicons';
import { Platform, Pressable, StyleSheet, Text, TextInput, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';

export function Composer({
  value,
  onChange,
  onSend,
  onStop,
  streaming,
  sending,
  editing,
  onCancelEdit,
  modelName,
}: {
  value: string;
  onChange: (text: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
  sending: boolean;
  editing: boolean;
  onCancelEdit: () => void;
  modelName: string;
}) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const insets = useSafeAreaInsets();
  const t = useT();
  const canSend = value.trim().length > 0 && !sending && !streaming;
  return (
    <View style={[styles.container, { paddingBottom: Math.max(insets.bottom, space.sm) + space.xs }]}>
      {editing ? (
        <View style={styles.editing} testID="composer-editing">
          <Ionicons name="pencil" size={14} color={palette.accent} />
          <Text style={styles.editingText}>{t('chat.editing')}</Text>
          <Pressable testID="composer-cancel-edit" accessibilityRole="button" accessibilityLabel={t('chat.cancelEdit')} onPress={onCancelEdit} hitSlop={8}>
            <Ionicons name="close" size={18} color={palette.textMuted} />
          </Pressable>
        </View>
      ) : null}
      <View style={styles.box}>
        <TextInput
          testID="composer-input"
          value={value}
          onChangeText={onChange}
          placeholder={t('chat.placeholder', { model: modelName })}
          placeholderTextColor={palette.textFaint}
          multiline
          // The web build renders a textarea (two rows by default); native inputs grow by themselves.
          {...(Platform.OS === 'web' ? { numberOfLines: 1 } : {})}
          style={styles.input}
          accessibilityLabel={t('chat.placeholder', { model: modelName })}
          onKeyPress={(event) => {
            // Web and hardware keyboards: Enter sends, Shift+Enter adds a line.
            const native = event.nativeEvent as { key: string; shiftKey?: boolean };
            if (native.key === 'Enter' && !native.shiftKey && canSend) {
              (event as unknown as { preventDefault?: () => void }).preventDefault?.();
              onSend();
            }
          }}
        />
        {streaming ? (
          <Pressable testID="composer-stop" accessibilityRole="button" accessibilityLabel={t('chat.stop')} onPress={onStop} style={[styles.action, styles.stop]}>
            <Ionicons name="stop" size={16} color={palette.text} />
          </Pressable>
        ) : (
          <Pressable
            testID="composer-send"
            accessibilityRole="button"
            accessibilityLabel={t('chat.send')}
            accessibilityState={{ disabled: !canSend }}
            disabled={!canSend}
            onPress={onSend}
            style={[styles.action, { backgroundColor: canSend ? palette.accent : palette.border }]}
          >
            <Ionicons name="arrow-up" size={20} color={canSend ? palette.onAccent : palette.textFaint} />
          </Pressable>
        )}
      </View>
    </View>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    container: { paddingHorizontal: space.md, paddingTop: space.sm, backgroundColor: p.background, gap: space.xs },
    editing: { flexDirection: 'row', alignItems: 'center', gap: 6, paddingHorizontal: space.sm },
    editingText: { flex: 1, fontSize: font.small, color: p.accent, fontWeight: '600' },
    box: {
      flexDirection: 'row',
      alignItems: 'flex-end',
      backgroundColor: p.surface,
      borderRadius: radius.xl,
      borderWidth: 1,
      borderColor: p.border,
      paddingLeft: space.lg,
      paddingRight: 6,
      paddingVertical: 6,
      gap: space.sm,
    },
    input: { flex: 1, fontSize: font.body + 1, color: p.text, maxHeight: 140, minHeight: 36, paddingTop: 8, paddingBottom: 8 },
    action: { width: 36, height: 36, borderRadius: 18, alignItems: 'center', justifyContent: 'center' },
    stop: { backgroundColor: p.surfaceMuted, borderWidth: 1, borderColor: p.border },
  });
