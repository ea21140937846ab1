"use client";
import { Plus } from "lucide-react";
import { useState } from "react";
import { CreateReleaseDialog } from "@/components/releases/create-release-dialog";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Loaded } from "@/components/query/loaded";
import type { BoardDto } from "@/lib/promotions/board";
import { useBoard } from "@/lib/promotions/hooks";
import { EnvironmentColumn } from "./environment-column";

export function ReleaseBoard({ slug }: { slug: string }) {
  return <Loaded query={useBoard(slug)}>{(board) => <Board board={board} />}</Loaded>;
}

function Board({ board }: { board: BoardDto }) {
  const slug = board.project.slug;
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        eyebrow={board.project.key}
        title={board.project.name}
        description="Every environment in pipeline order: what runs there, what is on its way, and exactly what it waits for."
        actions={
          board.viewer.canCreateRelease ? (
            <Button onClick={() => setCreating(true)}>
              <Plus className="size-4" aria-hidden /> New release
            </Button>
          ) : null
        }
      />
      <div className="flex flex-col gap-4 pb-4 md:flex-row md:overflow-x-auto" aria-label="Release board">
        {board.columns.map((column, index) => (
          <EnvironmentColumn key={column.environment.id} board={board} column={column} next={board.columns[index + 1]} />
        ))}
      </div>
      {board.viewer.canCreateRelease ? <CreateReleaseDialog slug={slug} open={creating} onOpenChange={setCreating} /> : null}
    </>
  );
}
