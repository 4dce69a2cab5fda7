// @parlor/kit/cli: the operators' subcommand runner and the commands every service has (config, backup,
// restore, migrate, token).
export * from "./cli.ts";
export { type ServiceRuntime as CliRuntime, serviceCommands } from "./service-cli.ts";
