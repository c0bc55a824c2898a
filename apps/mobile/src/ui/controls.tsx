import Ionicons from '@expo/vector-icons/Ionicons';
import { forwardRef, type ComponentProps, type ReactNode } from 'react';
import { ActivityIndicator, Pressable, StyleSheet, Text, TextInput, View, type TextInputProps, type ViewStyle } from 'react-native';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';

export type IconName = ComponentProps<typeof Ionicons>['name'];

export function Button({
  label,
  onPress,
  variant = 'primary',
  icon,
  busy,
  disabled,
  testID,
  style,
}: {
  label: string;
  onPress: () => void;
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  icon?: IconName;
  busy?: boolean;
  disabled?: boolean;
  testID?: string;
  style?: ViewStyle;
}) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const color = variant === 'primary' ? palette.onAccent : variant === 'danger' ? '#ffffff' : palette.accent;
  const inactive = disabled || busy;
  return (
    <Pressable
      testID={testID}
      accessibilityRole="button"
      accessibilityState={{ disabled: Boolean(inactive), busy: Boolean(busy) }}
      disabled={inactive}
      onPress={onPress}
      style={({ pressed }) => [styles.button, styles[variant], inactive && styles.disabled, pressed && styles.pressed, style]}
    >
      {busy ? <ActivityIndicator color={color} size="small" /> : icon ? <Ionicons name={icon} size={18} color={color} /> : null}
      <Text style={[styles.buttonLabel, { color }]}>{label}</Text>
    </Pressable>
  );
}

export function IconButton({
  icon,
  label,
  onPress,
  testID,
  tone = 'accent',
  size = 22,
  filled,
  disabled,
}: {
  icon: IconName;
  label: string;
  onPress: () => void;
  testID?: string;
  tone?: 'accent' | 'muted' | 'danger';
  size?: number;
  filled?: boolean;
  disabled?: boolean;
}) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const color = filled ? palette.onAccent : tone === 'muted' ? palette.textMuted : tone === 'danger' ? palette.danger : palette.accent;
  return (
    <Pressable
      testID={testID}
      accessibilityRole="button"
      accessibilityLabel={label}
      disabled={disabled}
      onPress={onPress}
      hitSlop={8}
      style={({ pressed }) => [styles.iconButton, filled && styles.iconButtonFilled, disabled && styles.disabled, pressed && styles.pressed]}
    >
      <Ionicons name={icon} size={size} color={color} />
    </Pressable>
  );
}

export const TextField = forwardRef<TextInput, TextInputProps & { label?: string; hint?: string; error?: string | null }>(function TextField(
  { label, hint, error, style, ...props },
  ref,
) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  return (
    <View style={styles.field}>
      {label ? <Text style={styles.fieldLabel}>{label}</Text> : null}
      <TextInput ref={ref} placeholderTextColor={palette.textFaint} style={[styles.input, error ? styles.inputError : null, style]} {...props} />
      {error ? (
        <Text style={styles.fieldError} accessibilityLiveRegion="polite">
          {error}
        </Text>
      ) : hint ? (
        <Text style={styles.fieldHint}>{hint}</Text>
      ) : null}
    </View>
  );
});

export function Banner({ tone = 'danger', children, testID }: { tone?: 'danger' | 'info'; children: ReactNode; testID?: string }) {
  const styles = useThemedStyles(makeStyles);
  return (
    <View testID={testID} accessibilityRole="alert" style={[styles.banner, tone === 'info' ? styles.bannerInfo : styles.bannerDanger]}>
      <Text style={tone === 'info' ? styles.bannerInfoText : styles.bannerDangerText}>{children}</Text>
    </View>
  );
}

/** A row of mutually exclusive options (theme, language, chats/archived). */
export function Segmented<T extends string>({
  options,
  value,
  onChange,
  testID,
}: {
  options: { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  testID?: string;
}) {
  const styles = useThemedStyles(makeStyles);
  return (
    <View style={styles.segmented} testID={testID} accessibilityRole="tablist">
      {options.map((option) => {
        const selected = option.value === value;
        return (
          <Pressable
            key={option.value}
            testID={testID ? `${testID}-${option.value}` : undefined}
            accessibilityRole="tab"
            accessibilityState={{ selected }}
            onPress={() => onChange(option.value)}
            style={[styles.segment, selected && styles.segmentSelected]}
          >
            <Text style={[styles.segmentLabel, selected && styles.segmentLabelSelected]}>{option.label}</Text>
          </Pressable>
        );
      })}
    </View>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    button: {
      flexDirection: 'row',
      alignItems: 'center',
      justifyContent: 'center',
      gap: space.sm,
      minHeight: 48,
      paddingHorizontal: space.lg,
      borderRadius: radius.md,
    },
    primary: { backgroundColor: p.accent },
    secondary: { backgroundColor: p.accentSoft },
    danger: { backgroundColor: p.danger },
    ghost: { backgroundColor: 'transparent' },
    disabled: { opacity: 0.5 },
    pressed: { opacity: 0.75 },
    buttonLabel: { fontSize: font.body, fontWeight: '600' },
    iconButton: { width: 40, height: 40, borderRadius: radius.pill, alignItems: 'center', justifyContent: 'center' },
    iconButtonFilled: { backgroundColor: p.accent },
    field: { gap: 6 },
    fieldLabel: { fontSize: font.small, fontWeight: '600', color: p.textMuted },
    input: {
      minHeight: 48,
      borderRadius: radius.md,
      borderWidth: 1,
      borderColor: p.border,
      backgroundColor: p.surface,
      paddingHorizontal: space.md,
      paddingVertical: space.sm,
      fontSize: font.body,
      color: p.text,
    },
    inputError: { borderColor: p.danger },
    fieldHint: { fontSize: font.small, color: p.textFaint },
    fieldError: { fontSize: font.small, color: p.danger },
    banner: { borderRadius: radius.md, paddingVertical: space.sm, paddingHorizontal: space.md },
    bannerDanger: { backgroundColor: p.dangerSoft },
    bannerInfo: { backgroundColor: p.accentSoft },
    bannerDangerText: { color: p.danger, fontSize: font.small, lineHeight: 19 },
    bannerInfoText: { color: p.accent, fontSize: font.small, lineHeight: 19 },
    segmented: { flexDirection: 'row', backgroundColor: p.surfaceMuted, borderRadius: radius.md, padding: 3 },
    segment: { flex: 1, alignItems: 'center', paddingVertical: 7, borderRadius: radius.sm },
    segmentSelected: { backgroundColor: p.surface, shadowColor: '#000', shadowOpacity: 0.08, shadowRadius: 4, shadowOffset: { width: 0, height: 1 }, elevation: 1 },
    segmentLabel: { fontSize: font.small, fontWeight: '600', color: p.textMuted },
    segmentLabelSelected: { color: p.text },
  });
