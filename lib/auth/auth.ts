// Auth.js (next-auth v5): email + password, plus GitHub, GitLab and a generic OIDC issuer
// when their variables are set. Sessions are JWTs (the credentials provider needs them); the
// token names a session row (lib/auth/sessions.ts) and the member, and every request checks the
// row and re-reads the member (lib/auth/session.ts), so signing out, a role change, a password
// change or deactivation takes effect at once.
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import GitLab from "next-auth/providers/gitlab";
import type { Provider } from "next-auth/providers";
import { db } from "@/lib/db/client";
import { env, type OAuthProviderConfig } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";
import { headers } from "next/headers";
import { originOf } from "./origin";
import { verifyPassword } from "./password";
import { endSession, startSession } from "./sessions";
import { signInSchema } from "./schemas";
import { resolveAuthSecret } from "./secret";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string; roles: Role[] };
    /** The server-side session row this cookie belongs to. */
    sessionId: string | null;
  }
}

function oauthProvider(config: OAuthProviderConfig): Provider {
  const common = { clientId: config.clientId, clientSecret: config.clientSecret };
  switch (config.id) {
    case "github":
      return GitHub(common);
    case "gitlab":
      return config.issuer
        ? GitLab({
            ...common,
            authorization: { url: `${config.issuer}/oauth/authorize`, params: { scope: "read_user" } },
            token: `${config.issuer}/oauth/token`,
            userinfo: `${config.issuer}/api/v4/user`,
          })
        : GitLab(common);
    case "oidc":
      return { id: "oidc", name: config.name, type: "oidc", issuer: config.issuer, ...common };
  }
}

/** The member an identity-provider sign-in belongs to: linked before, or matched by verified email. */
async function memberForAccount(provider: string, providerAccountId: string, email: string | null | undefined, emailVerified: boolean) {
  const linked = await db().account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    include: { member: true },
  });
  if (linked) return linked.member;
  if (!email || !emailVerified) return null;
  const member = await db().member.findUnique({ where: { email: email.toLowerCase() } });
  if (!member) return null;
  await db().account.create({ data: { memberId: member.id, provider, providerAccountId } });
  return member;
}

function authConfig(): NextAuthConfig {
  const e = env();
  return {
    secret: resolveAuthSecret(e),
    trustHost: true,
    session: { strategy: "jwt", maxAge: e.sessionHours * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // Auth.js logs every failed sign-in as an error with a stack; a wrong password is not one.
    logger: {
      error(error) {
        const type = (error as { type?: string }).type;
        if (type === "CredentialsSignin" || type === "AccessDenied") return;
        console.error(`[auth] ${error.name}: ${error.message}`);
      },
      warn() {},
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = signInSchema.safeParse(raw);
          if (!parsed.success) return null;
          const member = await db().member.findUnique({ where: { email: parsed.data.email } });
          const ok = await verifyPassword(member?.deactivatedAt ? null : member?.passwordHash, parsed.data.password);
          if (!member || !ok) return null;
          return { id: member.id, name: member.name, email: member.email };
        },
      }),
      ...e.oauthProviders.map(oauthProvider),
    ],
    callbacks: {
      async signIn({ account, profile, user }) {
        if (!account || account.provider === "credentials") return true;
        const verified = account.provider === "github" || account.provider === "gitlab" || profile?.email_verified === true;
        const member = await memberForAccount(account.provider, account.providerAccountId, profile?.email ?? user.email, verified);
        // Only people an admin added may enter; the sign-in page explains AccessDenied.
        return Boolean(member && !member.deactivatedAt);
      },
      async jwt({ token, user, account }) {
        if (!account) return token;
        const member =
          account.provider === "credentials"
            ? await db().member.findUnique({ where: { id: user.id! } })
            : (
                await db().account.findUnique({
                  where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
                  include: { member: true },
                })
              )?.member;
        if (!member) return null;
        const started = await startSession(
          member.id,
          account.provider === "credentials" ? "password" : account.provider,
          originOf(await headers()),
        );
        return { sub: member.id, sid: started.id, name: member.name, email: member.email, roles: member.roles };
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          id: token.sub!,
          name: token.name ?? "",
          email: token.email ?? "",
          roles: (token.roles as Role[] | undefined) ?? [],
        };
        session.sessionId = typeof token.sid === "string" ? token.sid : null;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await endSession(sid, "signed out");
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(async () => authConfig());

/** The identity providers shown on the sign-in page. */
export function oauthProviderButtons(): { id: string; name: string }[] {
  return env().oauthProviders.map(({ id, name }) => ({ id, name }));
}
