import type { KeyboardEvent } from 'react';

/** A clickable table row the keyboard reaches too (a tab stop; Enter or Space act like a click), still a row to a screen reader. */
export function rowActivation(action: () => void) {
  return {
    tabIndex: 0,
    onClick: action,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      action();
    },
  };
}
