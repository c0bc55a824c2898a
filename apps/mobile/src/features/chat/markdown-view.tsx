import Ionicons from '@expo/vector-icons/Ionicons';
import Markdown, { MarkdownIt, type RenderRules } from '@ronradtke/react-native-markdown-display';
import * as Clipboard from 'expo-clipboard';
import { memo, useMemo, useState } from 'react';
import { Linking, Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useT } from '@/i18n/i18n';
import { font, radius, space, type Palette } from '@/theme/palette';
import { usePalette } from '@/theme/theme';
import { splitMarkdownBlocks } from './markdown-blocks';

// Raw HTML in model output stays text: markdown-it with html off never produces HTML tokens.
const markdownit = MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const SAFE_LINK = /^(https?:|mailto:)/i;

function openLink(url: string): boolean {
  if (SAFE_LINK.test(url)) void Linking.openURL(url).catch(() => undefined);
  // Returning false: the renderer never opens anything itself.
  return false;
}

function CodeBlock({ code, language, palette }: { code: string; language: string; palette: Palette }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <View style={[codeStyles.block, { backgroundColor: palette.codeBackground, borderColor: palette.border }]}>
      <View style={[codeStyles.bar, { borderBottomColor: palette.border }]}>
        <Text style={[codeStyles.language, { color: palette.textFaint }]}>{language || 'code'}</Text>
        <Pressable
          accessibilityRole="button"
          accessibilityLabel={t('common.copy')}
          onPress={() => {
            void Clipboard.setStringAsync(code);
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          }}
          hitSlop={8}
          style={codeStyles.copy}
        >
          <Ionicons name={copied ? 'checkmark' : 'copy-outline'} size={14} color={palette.textMuted} />
          <Text style={[codeStyles.copyLabel, { color: palette.textMuted }]}>{copied ? t('common.copied') : t('common.copy')}</Text>
        </Pressable>
      </View>
      <ScrollView horizontal showsHorizontalScrollIndicator={false} contentContainerStyle={codeStyles.scroll}>
        <Text selectable style={[codeStyles.code, { color: palette.text }]}>
          {code}
        </Text>
      </ScrollView>
    </View>
  );
}

function makeRules(palette: Palette): RenderRules {
  return {
    fence: (node) => (
      <CodeBlock key={node.key} code={node.content.replace(/\n$/, '')} language={(node.sourceInfo ?? '').trim().split(/\s+/)[0] ?? ''} palette={palette} />
    ),
    code_block: (node) => <CodeBlock key={node.key} code={node.content.replace(/\n$/, '')} language="" palette={palette} />,
    // Remote images in model output would load from anywhere; show their text instead.
    image: (node) => (
      <Text key={node.key} style={{ color: palette.accent }} onPress={() => openLink(String(node.attributes.src ?? ''))}>
        {String(node.attributes.alt || node.attributes.src || '')}
      </Text>
    ),
  };
}

function makeMarkdownStyles(palette: Palette, tone: 'assistant' | 'user') {
  const color = tone === 'user' ? palette.onUserBubble : palette.text;
  return StyleSheet.create({
    body: { color, fontSize: font.body + 1, lineHeight: 24 },
    paragraph: { marginTop: 0, marginBottom: 0 },
    heading1: { fontSize: 22, fontWeight: '700', marginBottom: 4, color },
    heading2: { fontSize: 19, fontWeight: '700', marginBottom: 4, color },
    heading3: { fontSize: 17, fontWeight: '700', marginBottom: 2, color },
    strong: { fontWeight: '700' },
    link: { color: tone === 'user' ? palette.onUserBubble : palette.accent, textDecorationLine: 'underline' },
    blockquote: { backgroundColor: palette.surfaceMuted, borderLeftColor: palette.accent, borderLeftWidth: 3, paddingHorizontal: space.md, paddingVertical: space.xs, marginLeft: 0 },
    code_inline: {
      backgroundColor: tone === 'user' ? 'rgba(255,255,255,0.18)' : palette.codeBackground,
      color,
      borderRadius: 5,
      paddingHorizontal: 4,
      fontFamily: 'monospace',
      fontSize: font.body - 1,
      borderWidth: 0,
    },
    bullet_list: { marginVertical: 2 },
    ordered_list: { marginVertical: 2 },
    list_item: { marginVertical: 2 },
    hr: { backgroundColor: palette.border, height: 1, marginVertical: space.sm },
    table: { borderColor: palette.border, borderRadius: radius.sm },
    th: { padding: 6, borderColor: palette.border },
    td: { padding: 6, borderColor: palette.border },
    tr: { borderColor: palette.border },
  });
}

const MarkdownBlock = memo(function MarkdownBlock({ source, rules, styles }: { source: string; rules: RenderRules; styles: ReturnType<typeof makeMarkdownStyles> }) {
  return (
    <Markdown markdownit={markdownit} rules={rules} style={styles} onLinkPress={openLink}>
      {source}
    </Markdown>
  );
});

/** Renders model output as markdown, one memoised block at a time. */
export function MarkdownView({ text, tone = 'assistant' }: { text: string; tone?: 'assistant' | 'user' }) {
  const palette = usePalette();
  const rules = useMemo(() => makeRules(palette), [palette]);
  const styles = useMemo(() => makeMarkdownStyles(palette, tone), [palette, tone]);
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  return (
    <View style={{ gap: space.sm + 2 }}>
      {blocks.map((block, index) => (
        <MarkdownBlock key={index} source={block} rules={rules} styles={styles} />
      ))}
    </View>
  );
}

const codeStyles = StyleSheet.create({
  block: { borderRadius: radius.md, borderWidth: StyleSheet.hairlineWidth, overflow: 'hidden' },
  bar: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center', paddingHorizontal: space.md, paddingVertical: 6, borderBottomWidth: StyleSheet.hairlineWidth },
  language: { fontSize: font.small - 1, fontWeight: '600', textTransform: 'lowercase' },
  copy: { flexDirection: 'row', alignItems: 'center', gap: 4 },
  copyLabel: { fontSize: font.small - 1 },
  scroll: { padding: space.md },
  code: { fontFamily: 'monospace', fontSize: font.small, lineHeight: 19 },
});
