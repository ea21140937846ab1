import { z } from "zod";
import { ROLES, roleSchema } from "@/lib/auth/roles";
import { passwordSchema, emailSchema } from "@/lib/auth/schemas";
import { type Role } from "@/lib/generated/prisma/enums";

const rolesSchema = z
  .array(roleSchema, { error: "Choose at least one role" })
  .min(1, "Choose at least one role")
  .transform((roles) => ROLES.filter((role) => roles.includes(role)));

export const createMemberSchema = z.object({
  name: z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(100, "Use at most 100 characters"),
  email: emailSchema,
  roles: rolesSchema,
  /** Optional when members sign in through an identity provider. */
  password: passwordSchema.optional(),
});
export type CreateMemberInput = z.input<typeof createMemberSchema>;

export const updateMemberSchema = z
  .object({
    roles: rolesSchema.optional(),
    active: z.boolean({ error: "active must be true or false" }).optional(),
    /** A password the member must replace at their next sign-in; their sessions end. */
    temporaryPassword: passwordSchema.optional(),
    /** The version the editor saw; a newer one means someone else changed the member. */
    version: z.number({ error: "version is required" }).int().min(0),
  })
  .refine((input) => input.roles !== undefined || input.active !== undefined || input.temporaryPassword !== undefined, {
    message: "Change roles, active or the password",
    path: ["roles"],
  });
export type UpdateMemberInput = z.input<typeof updateMemberSchema>;

export type MemberDto = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  active: boolean;
  version: number;
  createdAt: string;
};
