export { finishServiceApp, type ServiceApp, type ServiceAppOptions, serviceApp } from "./service-app.ts";
