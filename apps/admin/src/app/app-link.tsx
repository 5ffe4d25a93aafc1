import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { isPlainClick, navigate } from "./router";

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** A real link (open in a new tab works, the address is shareable) that moves inside the page on a plain click. */
export function AppLink({ href, onClick, ...rest }: Props) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || !isPlainClick(event)) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
