/** The «Avito» marker: an Avito account, or an item of one (issue 12), beside WB's unmarked ones. */
export function AvitoBadge({ testId }: { testId?: string }) {
  return (
    <span className="badge badge-avito" data-testid={testId} title="Avito">
      Avito
    </span>
  );
}
