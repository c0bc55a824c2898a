import type { DeleteAccountRequest, DeletionPreview } from '@mana/contracts';

/** What the user decided for one space they own: nothing yet, delete it, or hand it to a member. */
export interface SpaceChoice {
  action: '' | 'delete' | 'transfer';
  /** The candidate's userId when `action` is 'transfer'. */
  transferTo: string;
}

/** The danger zone's form: the typed confirmation, the password and a choice per owned space. */
export interface DeletionForm {
  confirm: string;
  password: string;
  spaces: Record<string, SpaceChoice>;
}

export type DeletionProblem = 'confirm' | 'password' | 'undecided' | 'transferTo';

export interface DeletionProblems {
  confirm?: 'empty' | 'mismatch';
  password?: 'required';
  /** By space id. */
  spaces: Record<string, 'undecided' | 'transferTo'>;
}

/**
 * The form for a preview: nothing typed and no space decided. A space no one can take over can only
 * be deleted, so that one is decided already; for the others the user must choose.
 */
export function initialDeletionForm(preview: DeletionPreview): DeletionForm {
  const spaces: Record<string, SpaceChoice> = {};
  for (const space of preview.ownedSpaces) {
    spaces[space.id] = space.candidates.length === 0 ? { action: 'delete', transferTo: '' } : { action: '', transferTo: space.candidates[0].userId };
  }
  return { confirm: '', password: '', spaces };
}

/** The server compares the confirmation ignoring letter case (and we ignore surrounding spaces). */
export const confirmationMatches = (preview: DeletionPreview, typed: string) =>
  typed.trim().toLowerCase() === preview.confirmWith.trim().toLowerCase();

/** What still stops the deletion; an empty result (see `isComplete`) means it can be sent. */
export function deletionProblems(preview: DeletionPreview, form: DeletionForm): DeletionProblems {
  const problems: DeletionProblems = { spaces: {} };
  if (!form.confirm.trim()) problems.confirm = 'empty';
  else if (!confirmationMatches(preview, form.confirm)) problems.confirm = 'mismatch';
  if (preview.requiresPassword && !form.password) problems.password = 'required';
  for (const space of preview.ownedSpaces) {
    const choice = form.spaces[space.id];
    if (!choice?.action) problems.spaces[space.id] = 'undecided';
    else if (choice.action === 'transfer' && !space.candidates.some((c) => c.userId === choice.transferTo)) problems.spaces[space.id] = 'transferTo';
  }
  return problems;
}

export const isComplete = (problems: DeletionProblems) =>
  !problems.confirm && !problems.password && Object.keys(problems.spaces).length === 0;

/**
 * The body of `POST /account/delete`: one decision per owned space in the preview's order, the
 * password only when the account has one. Throws when the form is not complete.
 */
export function buildDeleteRequest(preview: DeletionPreview, form: DeletionForm): DeleteAccountRequest {
  if (!isComplete(deletionProblems(preview, form))) throw new Error('The deletion form is not complete');
  return {
    confirm: form.confirm.trim(),
    ...(preview.requiresPassword ? { password: form.password } : {}),
    ownedSpaces: preview.ownedSpaces.map((space) => {
      const choice = form.spaces[space.id];
      return choice.action === 'transfer' ? { spaceId: space.id, action: 'transfer' as const, transferTo: choice.transferTo } : { spaceId: space.id, action: 'delete' as const };
    }),
  };
}

/**
 * Which part of the form a 400 from `POST /account/delete` names: `confirm`, `password`, a space
 * (`ownedSpaces.<i>.transferTo`, by the request's order) or `stale` when the server knows of owned
 * spaces the preview did not list (reload the preview).
 */
export function serverProblem(
  preview: DeletionPreview,
  details: unknown,
): { field: 'confirm' | 'password' } | { field: 'space'; spaceId: string } | { field: 'stale' } | null {
  const d = (details ?? {}) as { fields?: { path?: string }[]; undecidedSpaceIds?: string[] };
  if (d.undecidedSpaceIds?.length) return { field: 'stale' };
  for (const { path = '' } of d.fields ?? []) {
    if (path === 'confirm' || path === 'password') return { field: path };
    const match = /^ownedSpaces\.(\d+)/.exec(path);
    if (match) {
      const space = preview.ownedSpaces[Number(match[1])];
      return space ? { field: 'space', spaceId: space.id } : { field: 'stale' };
    }
    if (path === 'ownedSpaces') return { field: 'stale' };
  }
  return null;
}
