import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { message } from '../../test/fake-api';
import MessageItem from './MessageItem.svelte';

const noop = () => {};

describe('<MessageItem>', () => {
  it('shows model, tokens, cost and time of a finished reply', () => {
    const reply = { ...message({ role: 'assistant', content: 'Done.', promptTokens: 1200, completionTokens: 345, costUsd: 0.00123, durationMs: 2400 }), key: 'k' };
    render(MessageItem, { message: reply, busy: false, onregenerate: noop, onedit: noop, onswitch: noop });
    const meta = screen.getByTestId('message-meta').textContent!;
    expect(meta).toContain('1,200 in');
    expect(meta).toContain('345 out');
    expect(meta).toContain('$0.00123');
    expect(meta).toContain('2.4 s');
    expect(screen.getByRole('article').getAttribute('aria-label')).toBe('builtin/echo');
  });

  it('shows the branch switcher for a message with siblings and switches', async () => {
    const a = message({ role: 'assistant', content: 'A' });
    const reply = { ...a, siblingIds: ['x', a.id, 'y'], key: a.id };
    const onswitch = vi.fn();
    render(MessageItem, { message: reply, busy: false, onregenerate: noop, onedit: noop, onswitch });
    expect(screen.getByTestId('branch-count').textContent).toBe('2/3');
    await fireEvent.click(screen.getByTestId('branch-next'));
    await fireEvent.click(screen.getByTestId('branch-prev'));
    expect(onswitch.mock.calls).toEqual([[1], [-1]]);
  });

  it('shows a failed reply with its error and a retry', async () => {
    const failed = { ...message({ role: 'assistant', status: 'failed', content: '', error: { code: 'UPSTREAM_AUTH', message: 'bad key' } }), key: 'f' };
    const onregenerate = vi.fn();
    render(MessageItem, { message: failed, busy: false, onregenerate, onedit: noop, onswitch: noop });
    expect(screen.getByRole('alert').textContent).toContain('The provider key is missing or invalid.');
    await fireEvent.click(screen.getByTestId('retry'));
    expect(onregenerate).toHaveBeenCalledOnce();
  });

  it('renders user text as text, never as HTML', () => {
    const user = { ...message({ role: 'user', content: '<img src=x onerror=alert(1)> **not bold**' }), key: 'u' };
    const { container } = render(MessageItem, { message: user, busy: false, onregenerate: noop, onedit: noop, onswitch: noop });
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('message-text').textContent).toBe('<img src=x onerror=alert(1)> **not bold**');
  });

  it('edits a user message and sends the new text', async () => {
    const user = { ...message({ role: 'user', content: 'old' }), key: 'u' };
    const onedit = vi.fn();
    render(MessageItem, { message: user, busy: false, onregenerate: noop, onedit, onswitch: noop });
    await fireEvent.click(screen.getByTestId('edit'));
    await fireEvent.input(screen.getByTestId('edit-input'), { target: { value: 'new text' } });
    await fireEvent.click(screen.getByTestId('edit-save'));
    expect(onedit).toHaveBeenCalledWith('new text');
  });

  it('shows reasoning collapsed above the answer', () => {
    const reply = { ...message({ role: 'assistant', content: 'The answer.', reasoning: 'First I considered…' }), key: 'r' };
    render(MessageItem, { message: reply, busy: false, onregenerate: noop, onedit: noop, onswitch: noop });
    const details = screen.getByTestId('reasoning') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toContain('Reasoning');
    expect(details.textContent).toContain('First I considered…');
  });
});
