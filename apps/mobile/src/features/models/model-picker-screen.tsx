import Ionicons from '@expo/vector-icons/Ionicons';
import type { AiModel } from '@mana/contracts';
import { useLocalSearchParams, useRouter } from 'expo-router';
import { memo, useMemo, useState } from 'react';
import { ActivityIndicator, FlatList, Pressable, StyleSheet, Text, TextInput, View } from 'react-native';
import { useConversation, useUpdateConversation } from '@/features/conversations/use-conversations';
import { usePreferences } from '@/features/settings/preferences';
import { formatCompact, formatPrice } from '@/format/format';
import { useI18n } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Banner } from '@/ui/controls';
import { Screen, ScreenHeader } from '@/ui/screen';
import { useModels } from './use-models';

export function filterModels(models: AiModel[], query: string): AiModel[] {
  const q = query.trim().toLowerCase();
  if (!q) return models;
  return models.filter((m) => m.name.toLowerCase().includes(q) || m.id.toLowerCase().includes(q) || (m.description ?? '').toLowerCase().includes(q));
}

const ModelRow = memo(function ModelRow({ model, selected, onSelect }: { model: AiModel; selected: boolean; onSelect: (model: AiModel) => void }) {
  const styles = useThemedStyles(makeStyles);
  const palette = usePalette();
  const { t, language } = useI18n();
  const free = model.pricingInput === 0 && model.pricingOutput === 0;
  return (
    <Pressable
      testID={`model-${model.id}`}
      accessibilityRole="radio"
      accessibilityState={{ selected }}
      onPress={() => onSelect(model)}
      style={({ pressed }) => [styles.row, selected && styles.rowSelected, pressed && { opacity: 0.8 }]}
    >
      <View style={styles.rowTop}>
        <Text style={styles.name} numberOfLines={1}>
          {model.name}
        </Text>
        {model.provider === 'builtin' ? <Text style={[styles.badge, styles.badgeOffline]}>{t('models.offline')}</Text> : null}
        {model.isDefault ? <Text style={styles.badge}>{t('models.default')}</Text> : null}
        {selected ? <Ionicons name="checkmark-circle" size={22} color={palette.accent} accessibilityLabel={t('models.selected')} /> : null}
      </View>
      <Text style={styles.id} numberOfLines={1}>
        {model.id}
      </Text>
      {model.description ? (
        <Text style={styles.description} numberOfLines={2}>
          {model.description}
        </Text>
      ) : null}
      <View style={styles.prices} testID={`model-price-${model.id}`}>
        {free ? (
          <Text style={[styles.price, { color: palette.success }]}>{t('models.free')}</Text>
        ) : (
          <>
            <Text style={styles.price}>
              {t('models.input')} {formatPrice(model.pricingInput, language)}
            </Text>
            <Text style={styles.price}>
              {t('models.output')} {formatPrice(model.pricingOutput, language)}
            </Text>
            <Text style={styles.per}>{t('models.perMillion')}</Text>
          </>
        )}
        <Text style={styles.context}>{t('models.context', { tokens: formatCompact(model.contextLength) })}</Text>
      </View>
    </Pressable>
  );
});

export default function ModelPickerScreen() {
  const { conversationId } = useLocalSearchParams<{ conversationId?: string }>();
  const router = useRouter();
  const { t } = useI18n();
  const palette = usePalette();
  const styles = useThemedStyles(makeStyles);
  const models = useModels();
  const conversation = useConversation(conversationId ?? null);
  const update = useUpdateConversation();
  const { preferences, updatePreferences } = usePreferences();
  const [query, setQuery] = useState('');

  const selectedId = conversationId ? conversation.data?.modelId : (preferences.defaultModelId ?? models.data?.find((m) => m.isDefault)?.id);
  const visible = useMemo(() => filterModels(models.data ?? [], query), [models.data, query]);

  const close = () => (router.canGoBack() ? router.back() : router.replace('/'));
  const select = (model: AiModel) => {
    if (conversationId) update.mutate({ id: conversationId, patch: { modelId: model.id } }, { onSuccess: close });
    else {
      updatePreferences({ defaultModelId: model.id });
      close();
    }
  };

  return (
    <Screen testID="model-picker-screen">
      <ScreenHeader title={t('models.title')} onBack={close} />
      <View style={styles.searchBox}>
        <Ionicons name="search" size={17} color={palette.textFaint} />
        <TextInput
          testID="model-search"
          value={query}
          onChangeText={setQuery}
          placeholder={t('models.search')}
          placeholderTextColor={palette.textFaint}
          style={styles.searchInput}
          autoCapitalize="none"
          autoCorrect={false}
        />
      </View>
      {models.isError ? (
        <View style={{ padding: space.lg }}>
          <Banner>{t('models.loadError')}</Banner>
        </View>
      ) : null}
      <FlatList
        data={visible}
        keyExtractor={(m) => m.id}
        renderItem={({ item }) => <ModelRow model={item} selected={item.id === selectedId} onSelect={select} />}
        contentContainerStyle={{ padding: space.lg, gap: space.sm }}
        ListEmptyComponent={models.isPending ? <ActivityIndicator color={palette.accent} /> : <Text style={styles.empty}>{t('models.empty')}</Text>}
        initialNumToRender={15}
      />
    </Screen>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    searchBox: {
      flexDirection: 'row',
      alignItems: 'center',
      gap: space.sm,
      marginHorizontal: space.lg,
      backgroundColor: p.surfaceMuted,
      borderRadius: radius.md,
      paddingHorizontal: space.md,
      height: 42,
    },
    searchInput: { flex: 1, fontSize: font.body, color: p.text, height: 42 },
    row: { backgroundColor: p.surface, borderRadius: radius.lg, padding: space.lg, gap: 4, borderWidth: 1, borderColor: p.border },
    rowSelected: { borderColor: p.accent, backgroundColor: p.accentSoft },
    rowTop: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
    name: { flex: 1, fontSize: font.body + 1, fontWeight: '700', color: p.text },
    badge: {
      fontSize: 11,
      fontWeight: '700',
      color: p.accent,
      backgroundColor: p.accentSoft,
      paddingHorizontal: 7,
      paddingVertical: 2,
      borderRadius: radius.pill,
      overflow: 'hidden',
    },
    badgeOffline: { color: p.success, backgroundColor: p.surfaceMuted },
    id: { fontSize: font.small - 1, color: p.textFaint, fontFamily: 'monospace' },
    description: { fontSize: font.small, color: p.textMuted, lineHeight: 18, marginTop: 2 },
    prices: { flexDirection: 'row', flexWrap: 'wrap', alignItems: 'baseline', gap: space.sm, marginTop: space.xs },
    price: { fontSize: font.small, fontWeight: '700', color: p.text, fontVariant: ['tabular-nums'] },
    per: { fontSize: font.small - 1, color: p.textFaint },
    context: { fontSize: font.small - 1, color: p.textFaint, marginLeft: 'auto' },
    empty: { textAlign: 'center', color: p.textMuted, marginTop: space.xl },
  });
