import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { useMemo } from 'react';
import { ActivityIndicator, RefreshControl, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useClient } from '@/features/auth/session';
import { useModelNames } from '@/features/models/use-models';
import { formatCompact, formatCost, formatNumber } from '@/format/format';
import { useI18n } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Banner } from '@/ui/controls';
import { Screen, ScreenHeader } from '@/ui/screen';
import { usageKeys } from './usage-keys';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Every day of the period, days without usage as zero, so the chart has one bar per day. */
export function fillDays<T extends { day: string }>(from: string, to: string, days: T[], empty: (day: string) => T): T[] {
  const byDay = new Map(days.map((d) => [d.day.slice(0, 10), d]));
  const filled: T[] = [];
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= Date.parse(`${to}T00:00:00Z`); time += 86_400_000) {
    const day = isoDay(new Date(time));
    filled.push(byDay.get(day) ?? empty(day));
  }
  return filled;
}

/** The last 30 days, today included. */
export function usagePeriod(now = new Date()): { from: string; to: string } {
  const from = new Date(now.getTime() - 29 * 86_400_000);
  return { from: isoDay(from), to: isoDay(now) };
}

export default function UsageScreen() {
  const { t, language } = useI18n();
  const router = useRouter();
  const client = useClient();
  const palette = usePalette();
  const styles = useThemedStyles(makeStyles);
  const modelName = useModelNames();
  const period = useMemo(() => usagePeriod(), []);
  const usage = useQuery({ queryKey: usageKeys.period(period.from, period.to), queryFn: () => client.usage(period) });
  const data = usage.data;

  const byModel = useMemo(() => [...(data?.byModel ?? [])].sort((a, b) => b.costUsd - a.costUsd || b.generations - a.generations), [data]);
  const maxModel = Math.max(1e-12, ...byModel.map((m) => (data?.totals.costUsd ? m.costUsd : m.generations)));
  const days = useMemo(
    () => (data ? fillDays(period.from, period.to, data.byDay, (day) => ({ day, promptTokens: 0, completionTokens: 0, costUsd: 0, generations: 0 })) : []),
    [data, period],
  );
  const maxDay = Math.max(1e-12, ...days.map((d) => (data?.totals.costUsd ? d.costUsd : d.generations)));

  return (
    <Screen testID="usage-screen">
      <ScreenHeader title={t('usage.title')} subtitle={t('usage.period')} onBack={() => (router.canGoBack() ? router.back() : router.replace('/'))} />
      <ScrollView
        contentContainerStyle={styles.content}
        refreshControl={<RefreshControl refreshing={usage.isRefetching} onRefresh={() => void usage.refetch()} tintColor={palette.accent} />}
      >
        {usage.isError ? <Banner>{t('usage.loadError')}</Banner> : null}
        {usage.isPending ? <ActivityIndicator color={palette.accent} /> : null}
        {data ? (
          <>
            <View style={styles.totals}>
              <View style={[styles.total, styles.totalMain]}>
                <Text style={styles.totalLabelMain}>{t('usage.cost')}</Text>
                <Text style={styles.totalValueMain} testID="usage-total-cost">
                  {formatCost(data.totals.costUsd, language)}
                </Text>
              </View>
              <View style={styles.totalRow}>
                <View style={styles.total}>
                  <Text style={styles.totalLabel}>{t('usage.generations')}</Text>
                  <Text style={styles.totalValue} testID="usage-total-generations">
                    {formatNumber(data.totals.generations, language)}
                  </Text>
                </View>
                <View style={styles.total}>
                  <Text style={styles.totalLabel}>{t('usage.tokens')}</Text>
                  <Text style={styles.totalValue}>{formatCompact(data.totals.promptTokens + data.totals.completionTokens)}</Text>
                </View>
              </View>
            </View>

            {data.totals.generations === 0 ? <Text style={styles.empty}>{t('usage.empty')}</Text> : null}

            {data.totals.generations > 0 ? (
              <View style={styles.card}>
                <Text style={styles.cardTitle}>{t('usage.byDay')}</Text>
                <View style={styles.chart}>
                  {days.map((day) => {
                    const value = data.totals.costUsd ? day.costUsd : day.generations;
                    return (
                      <View key={day.day} style={styles.barSlot} accessibilityLabel={`${day.day}: ${formatCost(day.costUsd, language)}`}>
                        <View style={[styles.bar, value === 0 && styles.barEmpty, { height: value === 0 ? 3 : `${Math.max(4, (value / maxDay) * 100)}%` }]} />
                      </View>
                    );
                  })}
                </View>
              </View>
            ) : null}

            {byModel.length > 0 ? (
              <View style={styles.card}>
                <Text style={styles.cardTitle}>{t('usage.byModel')}</Text>
                {byModel.map((model) => {
                  const value = data.totals.costUsd ? model.costUsd : model.generations;
                  return (
                    <View key={model.modelId} style={styles.modelRow}>
                      <View style={styles.modelTop}>
                        <Text style={styles.modelName} numberOfLines={1}>
                          {modelName(model.modelId)}
                        </Text>
                        <Text style={styles.modelCost}>{formatCost(model.costUsd, language)}</Text>
                      </View>
                      <View style={styles.track}>
                        <View style={[styles.fill, { width: `${Math.max(2, (value / maxModel) * 100)}%` }]} />
                      </View>
                      <Text style={styles.modelMeta}>
                        {t('usage.modelMeta', { replies: formatNumber(model.generations, language), tokens: formatCompact(model.promptTokens + model.completionTokens) })}
                      </Text>
                    </View>
                  );
                })}
              </View>
            ) : null}
          </>
        ) : null}
      </ScrollView>
    </Screen>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    content: { padding: space.lg, gap: space.lg },
    totals: { gap: space.md },
    totalRow: { flexDirection: 'row', gap: space.md },
    total: { flex: 1, backgroundColor: p.surface, borderRadius: radius.lg, padding: space.lg, gap: 4, borderWidth: StyleSheet.hairlineWidth, borderColor: p.border },
    totalMain: { backgroundColor: p.accent, borderWidth: 0 },
    totalLabelMain: { fontSize: font.small, color: p.onAccent, opacity: 0.85, fontWeight: '600' },
    totalValueMain: { fontSize: 34, color: p.onAccent, fontWeight: '800', letterSpacing: -0.8, fontVariant: ['tabular-nums'] },
    totalLabel: { fontSize: font.small, color: p.textMuted, fontWeight: '600' },
    totalValue: { fontSize: font.title, color: p.text, fontWeight: '700', fontVariant: ['tabular-nums'] },
    empty: { textAlign: 'center', color: p.textMuted, fontSize: font.body },
    card: { backgroundColor: p.surface, borderRadius: radius.lg, padding: space.lg, gap: space.md, borderWidth: StyleSheet.hairlineWidth, borderColor: p.border },
    cardTitle: { fontSize: font.body, fontWeight: '700', color: p.text },
    chart: { flexDirection: 'row', alignItems: 'flex-end', height: 120, gap: 3 },
    barSlot: { flex: 1, height: '100%', justifyContent: 'flex-end' },
    bar: { backgroundColor: p.accent, borderRadius: 3, minHeight: 3 },
    barEmpty: { backgroundColor: p.surfaceMuted },
    modelRow: { gap: 6 },
    modelTop: { flexDirection: 'row', alignItems: 'baseline', gap: space.sm },
    modelName: { flex: 1, fontSize: font.body, fontWeight: '600', color: p.text },
    modelCost: { fontSize: font.small, fontWeight: '700', color: p.text, fontVariant: ['tabular-nums'] },
    track: { height: 6, backgroundColor: p.surfaceMuted, borderRadius: 3, overflow: 'hidden' },
    fill: { height: 6, backgroundColor: p.accent, borderRadius: 3 },
    modelMeta: { fontSize: font.small - 1, color: p.textFaint },
  });
