import { useAppStore } from '../../stores/app-store';
import { ErrorNotice } from '../common/ErrorNotice';
import { ConnectForm } from '../connect/ConnectForm';

/** First run: there is no shop yet. Connect a WB token, or look around the demo shop first. */
export function Onboarding() {
  const seeding = useAppStore((state) => state.seeding);
  const seedError = useAppStore((state) => state.seedError);
  const skipOnboarding = useAppStore((state) => state.skipOnboarding);

  return (
    <div className="onboarding" data-testid="onboarding">
      <div className="onboarding-card">
        <div className="brand brand-large">
          <span className="brand-mark">A</span>
          <span className="brand-name">AgentIQ</span>
        </div>
        <h1>Все отзывы, вопросы и чаты Wildberries в одном окне</h1>
        <p className="pitch">
          AgentIQ хранит всю историю обращений покупателей на вашем компьютере: список открывается мгновенно и работает
          без интернета, а срочное — негативные отзывы, вопросы перед покупкой, чаты без ответа — поднимается наверх.
        </p>

        <ConnectForm />

        <div className="onboarding-skip">
          <button
            type="button"
            className="btn"
            data-testid="skip-onboarding"
            disabled={seeding}
            onClick={() => void skipOnboarding()}
          >
            {seeding ? 'Готовим демо-магазин…' : 'Пропустить, посмотрю сначала'}
          </button>
          <span className="muted">Откроется демо-магазин с примерами отзывов, вопросов и чатов.</span>
        </div>
        {seedError && (
          <ErrorNotice
            title="Не удалось создать демо-магазин"
            error={seedError}
            onRetry={() => void skipOnboarding()}
          />
        )}
      </div>
    </div>
  );
}
