// The demo team seeded into an empty embedded database (prisma/seed.ts) and listed on the
// sign-in page in demo mode. Everyone's password is "shiproom".
import type { Role } from "@/lib/generated/prisma/enums";

export const DEMO_PASSWORD = "shiproom";

export const DEMO_MEMBERS: { email: string; name: string; roles: Role[] }[] = [
  { email: "dev@shiproom.local", name: "Dana Developer", roles: ["DEVELOPER"] },
  { email: "qa@shiproom.local", name: "Quinn QA", roles: ["QA"] },
  { email: "ops@shiproom.local", name: "Olive Ops", roles: ["OPS"] },
  { email: "admin@shiproom.local", name: "Ari Admin", roles: ["OPS", "ADMIN"] },
];
