import { z } from 'zod';
import { emailSchema } from './auth.js';

export const SPACE_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export const spaceRoleSchema = z.enum(SPACE_ROLES);
export type SpaceRole = z.infer<typeof spaceRoleSchema>;
/** Roles an invitation or a role change may give: ownership is never handed out this way. */
export const assignableRoleSchema = z.enum(['admin', 'member', 'viewer']);

export const spaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  ownerId: z.string(),
  /** The caller's role in it. */
  role: spaceRoleSchema,
  memberCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Space = z.infer<typeof spaceSchema>;

export const spaceMemberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: spaceRoleSchema,
  status: z.enum(['pending', 'accepted', 'declined']),
  invitedAt: z.string(),
});
export type SpaceMember = z.infer<typeof spaceMemberSchema>;

export const spaceInvitationSchema = z.object({
  spaceId: z.string(),
  spaceName: z.string(),
  role: spaceRoleSchema,
  invitedBy: z.string().nullable(),
  invitedAt: z.string(),
});
export type SpaceInvitation = z.infer<typeof spaceInvitationSchema>;

export const createSpaceRequestSchema = z
  .object({ name: z.string().trim().min(1).max(100), description: z.string().max(1000).nullable().optional() })
  .strict();
export type CreateSpaceRequest = z.infer<typeof createSpaceRequestSchema>;

export const updateSpaceRequestSchema = createSpaceRequestSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field must be given' });
export type UpdateSpaceRequest = z.infer<typeof updateSpaceRequestSchema>;

export const inviteRequestSchema = z.object({ email: emailSchema, role: assignableRoleSchema }).strict();
export type InviteRequest = z.infer<typeof inviteRequestSchema>;

export const respondRequestSchema = z.object({ accept: z.boolean() }).strict();
export const changeRoleRequestSchema = z.object({ role: assignableRoleSchema }).strict();
export const memberParamSchema = z.object({ id: z.uuid(), userId: z.string().min(1).max(200) }).strict();
