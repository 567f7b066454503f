import { useState } from 'react';
import { aiBaseUrlProblem, type AccountSettings, type AiKeyReason } from '../../../src-shared/domain/settings';
import { messageText } from '../../lib/message-text';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { SaveRow } from './SaveRow';

type Ai = AccountSettings['ai'];

function validate(ai: Ai): string | null {
  if (ai.provider === 'offline') return null;
  const addressProblem = aiBaseUrlProblem(ai.baseUrl?.trim() ?? '');
  if (addressProblem) return messageText(addressProblem);
  if (!ai.model?.trim()) return 'Укажите модель, например gpt-4o-mini';
  return null;
}

const originOf = (value: string | undefined): string | null => {
  try {
    return value ? new URL(value.trim()).origin : null;
  } catch {
    return null;
  }
};

/** Saving this address would move the stored key's server: core removes the key then (it is bound to its server). */
function keyWillDrop(ai: Ai, settings: SettingsView): boolean {
  const saved = originOf(settings.ai.baseUrl);
  const typed = originOf(ai.baseUrl);
  return settings.aiKeyStored && saved !== null && typed !== null && typed !== saved;
}

/** Why no key is shown although the seller entered one (core removed it). */
const KEY_REASON_TEXT: Record<AiKeyReason, string> = {
  origin_changed:
    'Адрес API сменился на другой сервер, поэтому сохранённый ключ удалён: ключ отправляется только на тот сервер, для которого его ввели. Введите ключ заново.',
};

/** Where drafts come from: the offline templates, or an OpenAI-compatible API with the seller's key. */
export function AiForm({ settings }: { settings: SettingsView }) {
  const [ai, setAi] = useState<Ai>(settings.ai);
  const { update, saving, saveError, savedAt } = useSettingsStore();
  const invalid = validate(ai);
  const online = ai.provider === 'openai_compatible';
  return (
    <form
      className="settings-card"
      onSubmit={(event) => {
        event.preventDefault();
        if (invalid) return;
        void update(
          'ai',
          online
            ? { ...ai, baseUrl: ai.baseUrl?.trim(), model: ai.model?.trim() }
            : { provider: 'offline', timeoutMs: ai.timeoutMs, intentFallback: ai.intentFallback },
        );
      }}
    >
      <h3>Черновики</h3>
      <label className="radio">
        <input
          type="radio"
          name="provider"
          data-testid="settings-ai-offline"
          checked={!online}
          onChange={() => setAi({ ...ai, provider: 'offline' })}
        />
        Шаблоны без ИИ — работает без интернета, ничего не уходит наружу
      </label>
      <label className="radio">
        <input
          type="radio"
          name="provider"
          data-testid="settings-ai-openai"
          checked={online}
          onChange={() => setAi({ ...ai, provider: 'openai_compatible' })}
        />
        ИИ через OpenAI-совместимый API (OpenAI, DeepSeek, локальный сервер)
      </label>
      {online && (
        <div className="field-grid">
          <label className="field">
            <span>Адрес API</span>
            <input
              type="url"
              data-testid="settings-ai-base-url"
              placeholder="https://api.openai.com/v1"
              value={ai.baseUrl ?? ''}
              onChange={(event) => setAi({ ...ai, baseUrl: event.target.value })}
            />
          </label>
          <label className="field">
            <span>Модель</span>
            <input
              type="text"
              data-testid="settings-ai-model"
              placeholder="gpt-4o-mini"
              value={ai.model ?? ''}
              onChange={(event) => setAi({ ...ai, model: event.target.value })}
            />
          </label>
        </div>
      )}
      <div className="muted">Если ИИ не ответит, черновик всё равно будет — из шаблонов.</div>
      {online && (
        <label className="switch">
          <input
            type="checkbox"
            data-testid="settings-ai-intent-fallback"
            checked={ai.intentFallback}
            onChange={(event) => setAi({ ...ai, intentFallback: event.target.checked })}
          />
          Уточнять тему вопроса у ИИ, когда правила не уверены (после синхронизации, в фоне; текст вопроса уходит на
          сервер ИИ)
        </label>
      )}
      {online && keyWillDrop(ai, settings) && (
        <div className="muted" data-testid="settings-ai-key-will-drop">
          Это другой сервер: когда вы сохраните адрес, прежний ключ будет удалён — его нужно будет ввести заново.
        </div>
      )}
      <SaveRow testId="settings-save-ai" saving={saving} invalid={invalid} error={saveError.ai} savedAt={savedAt.ai} />
      {online && <ApiKeyField stored={settings.aiKeyStored} reason={settings.aiKeyReason} />}
    </form>
  );
}

/** The key goes to the OS keychain and is never shown back; only whether one is stored. */
function ApiKeyField({ stored, reason }: { stored: boolean; reason: AiKeyReason | null }) {
  const [key, setKey] = useState('');
  const { setApiKey, saving, saveError } = useSettingsStore();
  const invalid = key.trim().length > 0 && key.trim().length < 8 ? 'Ключ слишком короткий' : null;
  return (
    <div className="field">
      <span>API-ключ</span>
      <div className="field-inline">
        <input
          type="password"
          autoComplete="off"
          data-testid="settings-ai-key"
          placeholder={stored ? 'Ключ сохранён — введите новый, чтобы заменить' : 'sk-…'}
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
        <button
          type="button"
          className="btn btn-small"
          data-testid="settings-ai-key-save"
          disabled={saving || invalid !== null || key.trim() === ''}
          onClick={() => void setApiKey(key.trim()).then((done) => done && setKey(''))}
        >
          Сохранить ключ
        </button>
        {stored && (
          <button type="button" className="btn btn-small" disabled={saving} onClick={() => void setApiKey(null)}>
            Удалить ключ
          </button>
        )}
      </div>
      {stored && (
        <span className="form-ok" data-testid="settings-ai-key-stored">
          Ключ сохранён в системном хранилище паролей
        </span>
      )}
      {!stored && reason && (
        <span className="form-error" data-testid="settings-ai-key-dropped">
          {KEY_REASON_TEXT[reason]}
        </span>
      )}
      {invalid && <span className="form-error">{invalid}</span>}
      {saveError.apiKey && <span className="form-error">{saveError.apiKey.message}</span>}
    </div>
  );
}
