// Next runs register() once when a server process starts (it only looks for this file here).
export async function register() {
  // eslint-disable-next-line no-process-env -- Next's own runtime marker, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddresses } = await import("@/lib/server/peer-address");
  stampPeerAddresses();
  const { startBackgroundWork } = await import("@/lib/server/background");
  startBackgroundWork();
}
