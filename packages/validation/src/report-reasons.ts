/**
 * Why a reader may report a comment, in the order a picker offers them. Plain data with no zod, so the widget
 * (through `mini.ts`) and the server's `ReportReason` share one list.
 */
export const REPORT_REASONS = ["spam", "abuse", "misinformation", "personal_info", "other"] as const;
