import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";

export const ROLES = [Role.DEVELOPER, Role.QA, Role.OPS, Role.ADMIN] as const;

export const roleLabels: Record<Role, string> = {
  DEVELOPER: "Developer",
  QA: "QA",
  OPS: "Ops",
  ADMIN: "Admin",
};

export const roleSchema = z.enum(Role, { error: "Unknown role (expected DEVELOPER, QA, OPS or ADMIN)" });
