// Zod-free, so the full schemas (text.ts) and the widget's twins (mini.ts) share it.
// Spaces, control and format characters, marks with nothing to sit on, and the code points Unicode says to
// ignore when rendering (zero-width spaces and joiners, fillers, variation selectors), plus the blank Braille
// pattern, which fonts draw empty: a text made only of these shows nothing.
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Z}\p{M}\p{Default_Ignorable_Code_Point}\u2800]/u;

export const VISIBLE_MESSAGE = "must contain a visible character";

/** True when `text` holds at least one character a reader can see (a name or a body of only zero-width ones does not). */
export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}
