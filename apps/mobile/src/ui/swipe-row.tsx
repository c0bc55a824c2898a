import Ionicons from '@expo/vector-icons/Ionicons';
import { useMemo, useRef, type ReactNode } from 'react';
import { Animated, PanResponder, Pressable, StyleSheet, Text, View } from 'react-native';
import { font } from '@/theme/palette';
import type { IconName } from './controls';

export interface SwipeAction {
  key: string;
  label: string;
  icon: IconName;
  color: string;
  onPress: () => void;
}

const ACTION_WIDTH = 76;

/**
 * A row that slides left to reveal quick actions. Built on PanResponder and Animated (no native
 * gesture module), so it behaves the same in Expo Go, dev builds and the web build.
 */
export function SwipeRow({ actions, children, testID }: { actions: SwipeAction[]; children: ReactNode; testID?: string }) {
  const width = actions.length * ACTION_WIDTH;
  const offset = useRef(new Animated.Value(0)).current;
  const open = useRef(false);

  const settle = (toOpen: boolean) => {
    open.current = toOpen;
    Animated.spring(offset, { toValue: toOpen ? -width : 0, useNativeDriver: false, bounciness: 0, speed: 20 }).start();
  };

  const responder = useMemo(
    () =>
      PanResponder.create({
        onMoveShouldSetPanResponder: (_, g) => Math.abs(g.dx) > 12 && Math.abs(g.dx) > Math.abs(g.dy) * 2,
        onPanResponderMove: (_, g) => {
          const base = open.current ? -width : 0;
          offset.setValue(Math.max(-width - 24, Math.min(0, base + g.dx)));
        },
        onPanResponderRelease: (_, g) => {
          const base = open.current ? -width : 0;
          settle(base + g.dx < -width / 2 || g.vx < -0.5);
        },
        onPanResponderTerminate: () => settle(open.current),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [width],
  );

  return (
    <View style={styles.container} testID={testID}>
      <View style={[styles.actions, { width }]}>
        {actions.map((action) => (
          <Pressable
            key={action.key}
            testID={testID ? `${testID}-swipe-${action.key}` : undefined}
            accessibilityRole="button"
            accessibilityLabel={action.label}
            onPress={() => {
              settle(false);
              action.onPress();
            }}
            style={[styles.action, { backgroundColor: action.color }]}
          >
            <Ionicons name={action.icon} size={20} color="#ffffff" />
            <Text style={styles.actionLabel} numberOfLines={1}>
              {action.label}
            </Text>
          </Pressable>
        ))}
      </View>
      <Animated.View style={{ transform: [{ translateX: offset }] }} {...responder.panHandlers}>
        {children}
      </Animated.View>
    </View>
  );
}

const styles = StyleSheet.create({
  container: { overflow: 'hidden' },
  actions: { position: 'absolute', right: 0, top: 0, bottom: 0, flexDirection: 'row' },
  action: { width: ACTION_WIDTH, alignItems: 'center', justifyContent: 'center', gap: 4 },
  actionLabel: { color: '#ffffff', fontSize: font.small - 1, fontWeight: '600' },
});
