// The security level as five pips and "n/5", with a text equivalent for screen readers.
export function SecurityLevel({ level, compact, attention }: { level: number; compact?: boolean; attention?: boolean }) {
  const label = `Security level ${level} of 5${attention ? ', needs attention' : ''}`;
  return (
    <span className={compact ? 'level compact' : 'level'} data-level={level} role="img" aria-label={label} title={label}>
      {[0, 1, 2, 3, 4].map((i) => <span key={i} className={i < level ? 'pip on' : 'pip'} />)}
      <span className="level-text" aria-hidden="true">{level}/5</span>
      {attention && <span className="attention-dot" aria-hidden="true">!</span>}
    </span>
  );
}
