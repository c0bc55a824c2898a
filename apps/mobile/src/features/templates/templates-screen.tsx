import Ionicons from '@expo/vector-icons/Ionicons';
import { AppError, createTemplateRequestSchema, type Template, type UpdateTemplateRequest } from '@mana/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { useEffect, useState } from 'react';
import { ActivityIndicator, FlatList, Modal, Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useSafeAreaInsets } from 'react-native-safe-area-context';
import { useClient } from '@/features/auth/session';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette, useThemedStyles } from '@/theme/theme';
import { Banner, Button, IconButton, TextField } from '@/ui/controls';
import { Screen, ScreenHeader } from '@/ui/screen';
import { Dialog } from '@/ui/sheet';
import { templateKeys } from './template-keys';

function useTemplates() {
  const client = useClient();
  return useQuery({ queryKey: templateKeys.list(), queryFn: async () => (await client.listTemplates()).items });
}

/** Creates a template, or with `template` edits it (only the changed fields are sent). */
function TemplateForm({ visible, template, onClose }: { visible: boolean; template: Template | null; onClose: () => void }) {
  const t = useT();
  const client = useClient();
  const queryClient = useQueryClient();
  const styles = useThemedStyles(makeStyles);
  const insets = useSafeAreaInsets();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [systemPrompt, setSystemPrompt] = useState('');
  const [initialQuestion, setInitialQuestion] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!visible) return;
    setName(template?.name ?? '');
    setDescription(template?.description ?? '');
    setSystemPrompt(template?.systemPrompt ?? '');
    setInitialQuestion(template?.initialQuestion ?? '');
    setError(null);
  }, [visible, template]);

  const save = useMutation({
    mutationFn: async () => {
      const fields = createTemplateRequestSchema.parse({
        name,
        systemPrompt,
        description: description.trim() || null,
        initialQuestion: initialQuestion.trim() || null,
      });
      if (!template) return client.createTemplate(fields);
      const patch: UpdateTemplateRequest = {};
      if (fields.name !== template.name) patch.name = fields.name;
      if (fields.systemPrompt !== template.systemPrompt) patch.systemPrompt = fields.systemPrompt;
      if ((fields.description ?? null) !== template.description) patch.description = fields.description ?? null;
      if ((fields.initialQuestion ?? null) !== template.initialQuestion) patch.initialQuestion = fields.initialQuestion ?? null;
      return Object.keys(patch).length > 0 ? client.updateTemplate(template.id, patch) : template;
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: templateKeys.all });
      onClose();
    },
    onError: (failure) => setError(t('templates.saveFailed', { message: failure instanceof AppError ? failure.message : t('common.error') })),
  });
  const valid = name.trim().length > 0 && systemPrompt.trim().length > 0;
  return (
    <Modal visible={visible} animationType="slide" presentationStyle="pageSheet" onRequestClose={onClose}>
      <View style={[styles.formScreen, { paddingTop: insets.top }]}>
        <ScreenHeader
          title={template ? t('templates.edit') : t('templates.new')}
          actions={<IconButton icon="close" label={t('common.close')} onPress={onClose} tone="muted" testID="template-form-close" />}
        />
        <ScrollView contentContainerStyle={styles.form} keyboardShouldPersistTaps="handled">
          {error ? <Banner>{error}</Banner> : null}
          <TextField testID="template-name" label={t('templates.name')} value={name} onChangeText={setName} />
          <TextField testID="template-description" label={t('templates.description')} value={description} onChangeText={setDescription} />
          <TextField
            testID="template-system-prompt"
            label={t('templates.systemPrompt')}
            value={systemPrompt}
            onChangeText={setSystemPrompt}
            multiline
            style={{ minHeight: 120, textAlignVertical: 'top' }}
          />
          <TextField testID="template-initial-question" label={t('templates.initialQuestion')} value={initialQuestion} onChangeText={setInitialQuestion} multiline />
          <Button testID="template-save" label={t('common.save')} onPress={() => save.mutate()} busy={save.isPending} disabled={!valid} />
        </ScrollView>
      </View>
    </Modal>
  );
}

export default function TemplatesScreen() {
  const t = useT();
  const router = useRouter();
  const client = useClient();
  const queryClient = useQueryClient();
  const palette = usePalette();
  const styles = useThemedStyles(makeStyles);
  const templates = useTemplates();
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<Template | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => client.deleteTemplate(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });

  const start = (template: Template) =>
    router.push({ pathname: '/chat/[id]', params: { id: 'new', templateId: template.id, ...(template.initialQuestion ? { prompt: template.initialQuestion } : {}) } });

  return (
    <Screen testID="templates-screen">
      <ScreenHeader
        title={t('templates.title')}
        onBack={() => (router.canGoBack() ? router.back() : router.replace('/'))}
        actions={<IconButton testID="template-new" icon="add" label={t('templates.new')} onPress={() => setFormOpen(true)} />}
      />
      <FlatList
        data={templates.data ?? []}
        keyExtractor={(template) => template.id}
        contentContainerStyle={{ padding: space.lg, gap: space.md }}
        renderItem={({ item }) => (
          <View style={styles.card} testID={`template-${item.id}`}>
            <View style={styles.cardTop}>
              <View style={[styles.swatch, { backgroundColor: item.color ?? palette.accent }]} />
              <Text style={styles.name} numberOfLines={1}>
                {item.name}
              </Text>
              <IconButton
                icon="create-outline"
                label={t('templates.edit')}
                tone="muted"
                size={18}
                onPress={() => {
                  setEditing(item);
                  setFormOpen(true);
                }}
                testID={`template-edit-${item.id}`}
              />
              <IconButton icon="trash-outline" label={t('common.delete')} tone="muted" size={18} onPress={() => setDeleting(item)} testID={`template-delete-${item.id}`} />
            </View>
            {item.description ? <Text style={styles.description}>{item.description}</Text> : null}
            <Text style={styles.prompt} numberOfLines={3}>
              {item.systemPrompt}
            </Text>
            <Pressable testID={`template-use-${item.id}`} accessibilityRole="button" onPress={() => start(item)} style={styles.use}>
              <Ionicons name="chatbubble-ellipses-outline" size={16} color={palette.accent} />
              <Text style={styles.useLabel}>{t('templates.use')}</Text>
            </Pressable>
          </View>
        )}
        ListEmptyComponent={
          templates.isPending ? (
            <ActivityIndicator color={palette.accent} />
          ) : (
            <View style={styles.empty}>
              <Ionicons name="albums-outline" size={40} color={palette.textFaint} />
              <Text style={styles.emptyText}>{t('templates.empty')}</Text>
              <Button label={t('templates.new')} icon="add" variant="secondary" onPress={() => setFormOpen(true)} />
            </View>
          )
        }
      />
      <TemplateForm
        visible={formOpen}
        template={editing}
        onClose={() => {
          setFormOpen(false);
          setEditing(null);
        }}
      />
      <Dialog
        testID="template-delete-dialog"
        visible={deleting !== null}
        title={t('templates.deleteTitle')}
        body={deleting?.name}
        confirmLabel={t('common.delete')}
        destructive
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting.id);
          setDeleting(null);
        }}
      />
    </Screen>
  );
}

const makeStyles = (p: Palette) =>
  StyleSheet.create({
    card: { backgroundColor: p.surface, borderRadius: radius.lg, padding: space.lg, gap: space.sm, borderWidth: 1, borderColor: p.border },
    cardTop: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
    swatch: { width: 12, height: 12, borderRadius: 6 },
    name: { flex: 1, fontSize: font.body + 1, fontWeight: '700', color: p.text },
    description: { fontSize: font.small + 1, color: p.textMuted },
    prompt: { fontSize: font.small, color: p.textFaint, lineHeight: 18 },
    use: { flexDirection: 'row', alignItems: 'center', gap: 6, alignSelf: 'flex-start', marginTop: space.xs },
    useLabel: { fontSize: font.body, fontWeight: '600', color: p.accent },
    empty: { alignItems: 'center', gap: space.md, paddingTop: 60, paddingHorizontal: space.xl },
    emptyText: { fontSize: font.body, color: p.textMuted, textAlign: 'center', lineHeight: 21 },
    formScreen: { flex: 1, backgroundColor: p.background },
    form: { padding: space.lg, gap: space.md },
  });
