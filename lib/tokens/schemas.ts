import { z } from "zod";
import { TOKEN_SCOPES, type TokenScope } from "@/lib/auth/scopes";

export const createTokenSchema = z.object({
  name: z.string({ error: "Name the token" }).trim().min(1, "Name the token").max(100, "Use at most 100 characters"),
  scopes: z
    .array(z.enum(TOKEN_SCOPES, { error: `Choose from ${TOKEN_SCOPES.join(", ")}` }), { error: "Choose at least one scope" })
    .min(1, "Choose at least one scope")
    .transform((scopes) => TOKEN_SCOPES.filter((scope) => scopes.includes(scope))),
  /** Days until it stops working; null: until revoked. */
  expiresInDays: z
    .number({ error: "Enter a number of days" })
    .int("Enter whole days")
    .min(1, "At least 1 day")
    .max(3650, "At most 3650 days")
    .nullable()
    .default(null),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

export type TokenDto = {
  id: string;
  name: string;
  /** The first characters of the secret, to recognise it (shr_AbCd…). */
  prefix: string;
  scopes: TokenScope[];
  state: "active" | "revoked" | "expired";
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

/** Returned once, when the token is made: the secret is never shown again. */
export type CreatedTokenDto = TokenDto & { secret: string };
