import { useState } from 'react';
import { useAppStore } from '../../stores/app-store';
import { ErrorNotice } from '../common/ErrorNotice';

/** First run: there is no shop yet. Connecting a real token ships with the next release. */
export function Onboarding() {
  const seeding = useAppStore((state) => state.seeding);
  const seedError = useAppStore((state) => state.seedError);
  const skipOnboarding = useAppStore((state) => state.skipOnboarding);
  // Kept only in this field: nothing can store or send a token yet, so it never leaves the form.
  const [token, setToken] = useState('');

  return (
    <div className="onboarding" data-testid="onboarding">
      <div className="onboarding-card">
        <div className="brand brand-large">
          <span className="brand-mark">A</span>
          <span className="brand-name">AgentIQ</span>
        </div>
        <h1>Все отзывы, вопросы и чаты Wildberries в одном окне</h1>
        <p className="pitch">
          AgentIQ хранит всю историю обращений покупателей на вашем компьютере: список открывается мгновенно и работает без
          интернета, а срочное — негативные отзывы, вопросы перед покупкой, чаты без ответа — поднимается наверх.
        </p>

        <form className="connect-form" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor="wb-token">API-токен WB</label>
          <input
            id="wb-token"
            data-testid="token-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="Токен из личного кабинета продавца"
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
          <button type="submit" className="btn btn-primary" data-testid="connect-wb" disabled>
            Подключить WB
          </button>
          <p className="note">
            Подключение токена WB и синхронизация появятся в следующем обновлении. Пока можно посмотреть демо-магазин.
          </p>
        </form>

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
          <ErrorNotice title="Не удалось создать демо-магазин" error={seedError} onRetry={() => void skipOnboarding()} />
        )}
      </div>
    </div>
  );
}
