export function DemoBadge({ testId }: { testId?: string }) {
  return (
    <span className="badge badge-demo" data-testid={testId} title="Демонстрационные данные, не из WB">
      Демо
    </span>
  );
}
