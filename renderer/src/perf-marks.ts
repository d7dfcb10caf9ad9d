// Performance marks for the UI bench (bench/ui-list.bench.ts reads them in Chromium):
// the list's first render and each search keystroke until its results are on screen.
// Marks cost microseconds and carry no account data.

export const LIST_FIRST_RENDER = 'tessera:list-first-render';
/** Until the whole list (not only the first screenful) is on screen. */
export const LIST_COMPLETE = 'tessera:list-complete';
export const SEARCH_KEYSTROKE = 'tessera:search-keystroke';
/** The part of the above spent waiting for the main process (call, search, transfer). */
export const LIST_ANSWERED = 'tessera:list-answered';
export const SEARCH_ANSWERED = 'tessera:search-answered';

let listStarted = false;
let listMeasured = false;

/** Called once when the accounts screen asks for the list. */
export function markListRequested(): void {
  if (listStarted) return;
  listStarted = true;
  performance.mark(`${LIST_FIRST_RENDER}:start`);
}

/** Called when the first list answer arrives: splits the first render into call and render. */
export function markListAnswered(): void {
  if (!listStarted || listMeasured || performance.getEntriesByName(LIST_ANSWERED, 'measure').length > 0) return;
  performance.measure(LIST_ANSWERED, `${LIST_FIRST_RENDER}:start`);
}

/** Called after a commit that shows rows; only the first one counts. */
export function markListRendered(rowCount: number): void {
  if (!listStarted || listMeasured || rowCount === 0) return;
  listMeasured = true;
  performance.measure(LIST_FIRST_RENDER, `${LIST_FIRST_RENDER}:start`);
}

/** Called after a commit that shows the whole list; only the first one counts. */
export function markListComplete(): void {
  if (!listStarted || performance.getEntriesByName(LIST_COMPLETE, 'measure').length > 0) return;
  performance.measure(LIST_COMPLETE, `${LIST_FIRST_RENDER}:start`);
}

/** Called when the search text changes; returns the keystroke's id. */
export function markKeystroke(seq: number): void {
  performance.mark(`${SEARCH_KEYSTROKE}:${seq}`);
}

/** Called when the answer to keystroke `seq` arrives, before React renders it. */
export function markKeystrokeAnswered(seq: number): void {
  const start = `${SEARCH_KEYSTROKE}:${seq}`;
  if (performance.getEntriesByName(start, 'mark').length > 0) performance.measure(SEARCH_ANSWERED, start);
}

/** Called after the results of keystroke `seq` are committed to the DOM. */
export function markKeystrokeRendered(seq: number): void {
  const start = `${SEARCH_KEYSTROKE}:${seq}`;
  if (performance.getEntriesByName(start, 'mark').length === 0) return;
  performance.measure(SEARCH_KEYSTROKE, start);
  performance.clearMarks(start);
}
