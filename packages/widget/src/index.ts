export { type Box, buildWidget, gzippedSize, type WidgetBuild, widgetBuild } from "./server/build.ts";
export { type MountOptions, mountWidget } from "./server/mount.ts";
