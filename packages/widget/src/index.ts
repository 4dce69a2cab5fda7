export {
  type Box,
  brotliSize,
  buildWidget,
  gzippedSize,
  readerAssets,
  type WidgetBuild,
  widgetBuild,
} from "./server/build.ts";
export { CONSOLE_CSP, mountConsole, NEWSLETTER_CONSOLE_CSP } from "./server/console.ts";
export { type MountOptions, mountWidget } from "./server/mount.ts";
