import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { boardKeys } from "@/lib/promotions/keys";
import { getPortfolioBoard } from "@/lib/promotions/portfolio";
import { PortfolioBoard } from "./_components/portfolio-board";

export const metadata: Metadata = { title: "Release board · all projects" };

/** What runs where in every project, live; `?q=` filters projects by name, key or slug. */
export default async function PortfolioBoardPage() {
  await requireActor();
  const board = await getPortfolioBoard("all");
  return (
    <Hydrate entries={[[boardKeys.portfolio, board]]}>
      <PortfolioBoard />
    </Hydrate>
  );
}
