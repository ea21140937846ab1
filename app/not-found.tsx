import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] items-center justify-center">
      <EmptyState
        title="Not found"
        action={
          <Link href="/" className={buttonClass("secondary")}>
            Back to Shiproom
          </Link>
        }
      >
        There is nothing here, or it is not visible to you.
      </EmptyState>
    </main>
  );
}
