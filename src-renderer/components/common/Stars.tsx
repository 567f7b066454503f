/** Review rating as five stars; the number is kept for screen readers and tooltips. */
export function Stars({ rating, large }: { rating: number; large?: boolean }) {
  const filled = Math.max(0, Math.min(5, Math.round(rating)));
  return (
    <span
      className={large ? 'stars stars-large' : 'stars'}
      title={`Оценка ${rating} из 5`}
      aria-label={`Оценка ${rating} из 5`}
    >
      <span className="stars-on">{'★'.repeat(filled)}</span>
      <span className="stars-off">{'★'.repeat(5 - filled)}</span>
    </span>
  );
}
