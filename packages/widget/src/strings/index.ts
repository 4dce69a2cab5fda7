// Every catalogue the widget ships, by locale tag. The reader's page loads one of them (its own asset, built
// from this list by server/build.ts); tests check each has every key of English with the same placeholders.
import { ar } from "./ar.ts";
import type { Catalogue } from "./catalogue.ts";
import { de } from "./de.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { pt } from "./pt.ts";

export const CATALOGUES: Record<string, Catalogue> = { en, es, de, fr, pt, ar };
export const DEFAULT_LOCALE = "en";
export { type Catalogue, localize, type Plural, type Strings } from "./catalogue.ts";
