import { html } from "hono/html";

/** The public form where a reader asks for their data or its erasure, by address. */
export function requestFormPage(site: string) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Your comments data</title>
<style>body{font:17px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.5rem 0}input[type=email]{font:inherit;width:100%;padding:.4rem}
button{font:inherit;padding:.6rem 1.4rem;border-radius:.4rem;border:1px solid #333;background:#1d4ed8;color:#fff;cursor:pointer}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}}</style></head>
<body><main><h1>Your comments data</h1>
<p>Enter the address you gave with your comments on ${site}. We email that address a link; nothing happens
until you open it and press its button.</p>
<form method="post" action="/v1/comments/me/requests">
<label for="email">Email address</label><input id="email" name="email" type="email" required maxlength="254" autocomplete="email">
<fieldset><legend>What do you want?</legend>
<label><input type="radio" name="action" value="export" checked> A copy of everything held about me (JSON)</label>
<label><input type="radio" name="action" value="erase"> Erase my comments and my address</label>
</fieldset>
<p><button type="submit">Send me the link</button></p>
</form></main></body></html>`;
}
