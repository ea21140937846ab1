// The web app manifest, served at /manifest.webmanifest and linked from every page's head by Next.
// The icons are the app's own (app/icon.svg, app/apple-icon.png); the theme colour is the brand
// colour of app/globals.css (--color-brand-500), the background the page's (slate-50).
import type { MetadataRoute } from "next";

export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Shiproom",
    short_name: "Shiproom",
    description: "Where the team ships: shared test cases, a live release board, QA sign-off and deploy approvals.",
    start_url: "/",
    display: "standalone",
    theme_color: "#3b6cf6",
    background_color: "#f8fafc",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/apple-icon.png", sizes: "180x180", type: "image/png" },
    ],
  };
}
