"use client";
// Who is looking, for the few client components that treat the viewer apart (the mention picker
// leaves them out). The server decides what anyone may do; this only shapes what is offered.
import { createContext, useContext, type ReactNode } from "react";

const Viewer = createContext<string | null>(null);

/** Gives the signed-in member's id to the components below (app/(app)/layout.tsx). */
export function ViewerProvider({ id, children }: { id: string; children: ReactNode }) {
  return <Viewer.Provider value={id}>{children}</Viewer.Provider>;
}

/** The signed-in member's id, or null outside the app's shell. */
export function useViewerId(): string | null {
  return useContext(Viewer);
}
