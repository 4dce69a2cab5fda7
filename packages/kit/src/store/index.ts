// @parlor/kit/store: open a store (SQLite or PostgreSQL), migrate it, write transactions and group commit,
// SQLite backups, and the per-service settings table. Repositories, migrations and services use it; routes never.
export * from "./backup.ts";
export * from "./database.ts";
export * from "./group-commit.ts";
export * from "./like.ts";
export * from "./prepared.ts";
export * from "./settings.ts";
export * from "./store-lock.ts";
export * from "./transaction.ts";
