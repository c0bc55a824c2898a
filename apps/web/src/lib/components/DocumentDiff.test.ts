import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DocumentDiff from './DocumentDiff.svelte';

describe('<DocumentDiff>', () => {
  it('renders added, removed and unchanged lines with their own colours, signs and numbers', () => {
    render(DocumentDiff, {
      diff: {
        from: 1,
        to: 2,
        patch: '',
        changes: [
          { kind: 'same', text: '# Plan' },
          { kind: 'removed', text: 'Old goal' },
          { kind: 'added', text: 'New goal' },
          { kind: 'added', text: 'A second line' },
        ],
      },
    });
    const lines = screen.getAllByTestId('diff-line');
    expect(lines.map((l) => l.dataset.kind)).toEqual(['same', 'removed', 'added', 'added']);
    expect(lines.map((l) => l.className.split(' ').filter((c) => ['same', 'added', 'removed'].includes(c))[0])).toEqual(['same', 'removed', 'added', 'added']);
    expect(lines[1].querySelector('.sign')?.textContent).toBe('−');
    expect(lines[2].querySelector('.sign')?.textContent).toBe('+');
    expect(lines[2].querySelector('.text')?.textContent).toBe('New goal');
    // Screen readers hear what changed, not a bare sign.
    expect(lines[2].textContent).toContain('Added:');
    expect(lines[1].textContent).toContain('Removed:');
    expect([...lines[3].querySelectorAll('.num')].map((n) => n.textContent)).toEqual(['', '3']);
    expect(screen.getByTestId('diff-added').textContent).toBe('+2');
    expect(screen.getByTestId('diff-removed').textContent).toBe('−1');
  });

  it('shows document text as text, never as HTML', () => {
    const { container } = render(DocumentDiff, {
      diff: { from: 1, to: 2, patch: '', changes: [{ kind: 'added', text: '<img src=x onerror=alert(1)><script>alert(2)</script>' }] },
    });
    expect(container.querySelector('img, script')).toBeNull();
    expect(screen.getByTestId('diff-line').querySelector('.text')?.textContent).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>');
  });

  it('folds unchanged stretches and unfolds them on request', async () => {
    const changes = [
      ...Array.from({ length: 12 }, (_, i) => ({ kind: 'same' as const, text: `same ${i + 1}` })),
      { kind: 'added' as const, text: 'the change' },
    ];
    render(DocumentDiff, { diff: { from: 2, to: 3, patch: '', changes } });
    expect(screen.getAllByTestId('diff-line')).toHaveLength(4);
    const unfold = screen.getByTestId('diff-unfold');
    expect(unfold.textContent).toBe('Show 9 unchanged lines');
    await fireEvent.click(unfold);
    expect(screen.getAllByTestId('diff-line')).toHaveLength(13);
    expect(screen.queryByTestId('diff-unfold')).toBeNull();
  });

  it('says so when two versions are the same', () => {
    render(DocumentDiff, { diff: { from: 1, to: 3, patch: '', changes: [{ kind: 'same', text: 'only line' }] } });
    expect(screen.getByText('The two versions are the same.')).toBeTruthy();
  });
});
