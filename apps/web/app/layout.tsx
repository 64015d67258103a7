import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

// Inter from @fontsource (OFL), served by this site: no font CDN, works offline.
const inter = localFont({
  src: [
    { path: "./fonts/inter-latin-400-normal.woff2", weight: "400", style: "normal" },
    { path: "./fonts/inter-latin-700-normal.woff2", weight: "700", style: "normal" },
  ],
  display: "swap",
  variable: "--font-inter",
});

export const metadata: Metadata = {
  title: { default: "Podium — open computer-vision leaderboards", template: "%s · Podium" },
  description: "Reproducible image classification, segmentation and detection leaderboards with confidence intervals and costs.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

const NAV = [
  { href: "/leaderboards", label: "Leaderboards" },
  { href: "/history", label: "ILSVRC history" },
  { href: "/demo", label: "Mini-ILSVRC demo" },
  { href: "/zoo", label: "Architecture zoo" },
  { href: "/upload", label: "Submit a model" },
];

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            Podium
          </Link>
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li key={item.href}>
                  <Link href={item.href}>{item.label}</Link>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <p>Numbers are computed by the Podium runner and checked against the reference tools; every historical figure links to its source.</p>
        </footer>
      </body>
    </html>
  );
}
