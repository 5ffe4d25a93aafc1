import { useEffect, useRef } from "react";

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export type Shortcuts = {
  /** `/` outside a text field. */
  onSlash: () => void;
  /** `Escape` outside a modal dialog (a <dialog> handles its own). */
  onEscape: () => void;
};

export function useKeyboardShortcuts(shortcuts: Shortcuts): void {
  const ref = useRef(shortcuts);
  ref.current = shortcuts;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/" && !isTyping(event.target)) {
        event.preventDefault();
        ref.current.onSlash();
      } else if (event.key === "Escape" && !(event.target instanceof Element && event.target.closest("dialog"))) {
        ref.current.onEscape();
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
