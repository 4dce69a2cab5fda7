// The moderators' console of both services, one typed bundle: the page says which one it is
// (`<body data-console="comments|newsletter">`, see src/server/console.ts).
import { whenReady } from "../browser/dom.ts";
import { commentsConsole } from "./comments/comments-console.ts";
import { startShell } from "./kit/shell.ts";
import { newsletterConsole } from "./newsletter/newsletter-console.ts";

whenReady(() => {
  if (document.body.dataset.console === "comments") startShell("parlor.comments.adminToken", commentsConsole);
  else if (document.body.dataset.console === "newsletter") startShell("parlor-newsletter-token", newsletterConsole);
});
