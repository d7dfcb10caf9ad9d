// One section of the account page that opens and closes (a native <details>, so keyboard and
// screen readers work without extra code). The page owns which are open, so a milestone
// action can open one and move focus to it.
import { useEffect, useRef, type ReactNode } from 'react';
import type { SectionId } from './MilestonesPanel';

type Props = {
  id: SectionId;
  title: string;
  open: boolean;
  onOpenChange: (id: SectionId, open: boolean) => void;
  /** When it names this section, the section scrolls into view and its summary takes focus. */
  focus: { id: SectionId; seq: number } | null;
  children: ReactNode;
};

export function CollapsibleSection({ id, title, open, onOpenChange, focus, children }: Props) {
  const summary = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focus?.id !== id) return;
    summary.current?.scrollIntoView({ block: 'start' });
    summary.current?.focus();
  }, [focus, id]);
  return (
    <details className="collapsible" open={open} data-testid={`section-${id}`}
      onToggle={(e) => { if (e.currentTarget.open !== open) onOpenChange(id, e.currentTarget.open); }}>
      <summary ref={summary}><h2>{title}</h2></summary>
      <div className="collapsible-body">{children}</div>
    </details>
  );
}
