import type { Conversation } from '@mana/contracts';
import { useEffect, useState } from 'react';
import { useT } from '@/i18n/i18n';
import { ActionSheet, Dialog } from '@/ui/sheet';
import { useDeleteConversation, useUpdateConversation } from './use-conversations';

type Step = 'menu' | 'rename' | 'delete' | null;

/** Long-press menu of a conversation: rename, pin, archive, delete (with confirmation). */
export function ConversationActions({ conversation, onClose }: { conversation: Conversation | null; onClose: () => void }) {
  const t = useT();
  const update = useUpdateConversation();
  const remove = useDeleteConversation();
  const [step, setStep] = useState<Step>(null);
  const [target, setTarget] = useState<Conversation | null>(null);

  useEffect(() => {
    if (conversation) {
      setTarget(conversation);
      setStep('menu');
    }
  }, [conversation]);

  const close = () => {
    setStep(null);
    onClose();
  };

  if (!target) return null;
  return (
    <>
      <ActionSheet
        visible={step === 'menu'}
        title={target.title}
        onClose={() => {
          // Choosing rename/delete moves to the next step; only a plain dismissal closes everything.
          setStep((current) => (current === 'menu' ? null : current));
          onClose();
        }}
        actions={[
          { key: 'rename', label: t('list.rename'), icon: 'create-outline', onPress: () => setStep('rename') },
          {
            key: 'pin',
            label: target.isPinned ? t('list.unpin') : t('list.pin'),
            icon: target.isPinned ? 'pin-outline' : 'pin',
            onPress: () => update.mutate({ id: target.id, patch: { isPinned: !target.isPinned } }),
          },
          {
            key: 'archive',
            label: target.isArchived ? t('list.unarchive') : t('list.archive'),
            icon: target.isArchived ? 'arrow-undo-outline' : 'archive-outline',
            onPress: () => update.mutate({ id: target.id, patch: { isArchived: !target.isArchived } }),
          },
          { key: 'delete', label: t('common.delete'), icon: 'trash-outline', destructive: true, onPress: () => setStep('delete') },
        ]}
      />
      <Dialog
        testID="rename-dialog"
        visible={step === 'rename'}
        title={t('list.renameTitle')}
        confirmLabel={t('common.save')}
        input={{ initial: target.title, label: t('list.renameTitle') }}
        onClose={close}
        onConfirm={(title) => {
          update.mutate({ id: target.id, patch: { title } });
          close();
        }}
      />
      <Dialog
        testID="delete-dialog"
        visible={step === 'delete'}
        title={t('list.deleteTitle')}
        body={t('list.deleteBody', { title: target.title })}
        confirmLabel={t('common.delete')}
        destructive
        onClose={close}
        onConfirm={() => {
          remove.mutate(target.id);
          close();
        }}
      />
    </>
  );
}
