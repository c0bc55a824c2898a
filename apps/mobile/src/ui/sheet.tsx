import Ionicons from '@expo/vector-icons/Ionicons';
import { useEffect, useState, type ReactNode } from 'react';
import { KeyboardAvoidingView, Modal, Platform, Pressable, StyleSheet, Text, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Button, TextField, type IconName } from './controls';

export interface SheetAction {
  key: string;
  label: string;
  icon: IconName;
  destructive?: boolean;
  onPress: () => void;
}

/** A bottom sheet of actions (long-press menus). Works the same on iOS, Android and the web build. */
export function ActionSheet({ title, actions, visible, onClose }: { title: string; actions: SheetAction[]; visible: boolean; onClose: () => void }) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const insets = useSafeAreaInsets();
  const t = useT();
  return (
    <Modal visible={visible} transparent animationType="fade" onRequestClose={onClose}>
      <Pressable style={styles.backdrop} onPress={onClose} accessibilityLabel={t('common.close')} testID="sheet-backdrop" />
      <View style={[styles.sheet, { paddingBottom: insets.bottom + space.md }]} testID="action-sheet">
        <View style={styles.grabber} />
        <Text numberOfLines={1} style={styles.sheetTitle}>
          {title}
        </Text>
        {actions.map((action) => (
          <Pressable
            key={action.key}
            testID={`action-${action.key}`}
            accessibilityRole="button"
            onPress={() => {
              onClose();
              action.onPress();
            }}
            style={({ pressed }) => [styles.action, pressed && { backgroundColor: palette.surfaceMuted }]}
          >
            <Ionicons name={action.icon} size={20} color={action.destructive ? palette.danger : palette.textMuted} />
            <Text style={[styles.actionLabel, action.destructive && { color: palette.danger }]}>{action.label}</Text>
          </Pressable>
        ))}
      </View>
    </Modal>
  );
}

/** A centred dialog: a confirmation, or with `input` a one-line prompt (rename). */
export function Dialog({
  visible,
  title,
  body,
  confirmLabel,
  destructive,
  input,
  onConfirm,
  onClose,
  children,
  testID = 'dialog',
}: {
  visible: boolean;
  title: string;
  body?: string;
  confirmLabel: string;
  destructive?: boolean;
  input?: { initial: string; label?: string };
  onConfirm: (value: string) => void;
  onClose: () => void;
  children?: ReactNode;
  testID?: string;
}) {
  const styles = useThemedStyles(makeStyles);
  const t = useT();
  const [value, setValue] = useState(input?.initial ?? '');
  useEffect(() => {
    if (visible) setValue(input?.initial ?? '');
  }, [visible, input?.initial]);
  const canConfirm = !input || value.trim().length > 0;
  return (
    <Modal visible={visible} transparent animationType="fade" onRequestClose={onClose}>
      <KeyboardAvoidingView behavior={Platform.OS === 'web' ? undefined : 'padding'} style={styles.center}>
        <Pressable style={StyleSheet.absoluteFill} onPress={onClose} />
        <View style={styles.dialog} testID={testID} accessibilityViewIsModal>
          <Text style={styles.dialogTitle}>{title}</Text>
          {body ? <Text style={styles.dialogBody}>{body}</Text> : null}
          {input ? (
            <TextField
              testID={`${testID}-input`}
              autoFocus
              value={value}
              onChangeText={setValue}
              onSubmitEditing={() => canConfirm && onConfirm(value.trim())}
              accessibilityLabel={input.label ?? title}
              returnKeyType="done"
            />
          ) : null}
          {children}
          <View style={styles.dialogActions}>
            <Button label={t('common.cancel')} variant="ghost" onPress={onClose} testID={`${testID}-cancel`} />
            <Button
              label={confirmLabel}
              variant={destructive ? 'danger' : 'primary'}
              disabled={!canConfirm}
              onPress={() => onConfirm(value.trim())}
              testID={`${testID}-confirm`}
            />
          </View>
        </View>
      </KeyboardAvoidingView>
    </Modal>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    backdrop: { flex: 1, backgroundColor: p.overlay },
    sheet: {
      position: 'absolute',
      left: 0,
      right: 0,
      bottom: 0,
      backgroundColor: p.surface,
      borderTopLeftRadius: radius.xl,
      borderTopRightRadius: radius.xl,
      paddingTop: space.sm,
      paddingHorizontal: space.sm,
    },
    grabber: { alignSelf: 'center', width: 36, height: 5, borderRadius: 3, backgroundColor: p.border, marginBottom: space.sm },
    sheetTitle: { fontSize: font.small, color: p.textMuted, fontWeight: '600', paddingHorizontal: space.md, paddingBottom: space.sm },
    action: { flexDirection: 'row', alignItems: 'center', gap: space.md, paddingHorizontal: space.md, paddingVertical: 14, borderRadius: radius.md },
    actionLabel: { fontSize: font.large, color: p.text },
    center: { flex: 1, justifyContent: 'center', alignItems: 'center', padding: space.xl, backgroundColor: p.overlay },
    dialog: { width: '100%', maxWidth: 420, backgroundColor: p.surface, borderRadius: radius.lg, padding: space.xl, gap: space.md },
    dialogTitle: { fontSize: font.large, fontWeight: '700', color: p.text },
    dialogBody: { fontSize: font.body, color: p.textMuted, lineHeight: 21 },
    dialogActions: { flexDirection: 'row', justifyContent: 'flex-end', gap: space.sm, marginTop: space.xs },
  });
